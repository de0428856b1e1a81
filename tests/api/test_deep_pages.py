"""Page numbers read a page's ids first, then its rows: every page holds the right entries in order,
at the same cost however deep."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/infrastructures/"


def test_the_pages_together_hold_every_entry_once_in_name_order(client):
    names = [f"Lab {letter}" for letter in "QWERTYUIO"]
    for name in names:
        factories.infrastructure(name_en=name)
    read = []
    for number in range(1, 6):
        response = client.get(URL, {"page_size": 2, "page": number})
        assert response.status_code == 200
        read += [row["name_en"] for row in response.json()["results"]]
    assert read == sorted(names)


def test_a_deep_page_costs_the_queries_of_the_first(client):
    for number in range(30):
        factories.infrastructure(name_en=f"Lab {number:02}", themes=[factories.theme()])
    with CaptureQueriesContext(connection) as first:
        assert client.get(URL, {"page_size": 5, "page": 1}).status_code == 200
    with CaptureQueriesContext(connection) as deep:
        response = client.get(URL, {"page_size": 5, "page": 6})
    assert [row["name_en"] for row in response.json()["results"]] == [f"Lab {n}" for n in range(25, 30)]
    assert len(deep.captured_queries) == len(first.captured_queries)


def test_the_search_page_reads_a_deep_page_of_results_in_order(client):
    for number in range(25):
        factories.infrastructure(name_en=f"Lab {number:02}")
    response = client.get("/search/", {"page": 2})
    assert [entry.name for entry in response.context["results"]] == [f"Lab {n}" for n in range(20, 25)]
