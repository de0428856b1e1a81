"""`priority_axis` reads every axis it names in one query: a client repeating the parameter does not
multiply the queries of a request (API and search page alike)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from infrastructures.models import PriorityAxis
from tests import factories
from tests.rights import make_cast

pytestmark = pytest.mark.django_db


def queries(client, url, params):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, params)
    assert response.status_code == 200, response.content[:300]
    return len(context)


@pytest.mark.parametrize("url", ["/api/v1/infrastructures/", "/api/v1/funding-records/", "/search/"])
def test_repeating_priority_axis_does_not_multiply_the_queries(client, url):
    make_cast()
    PriorityAxis.objects.create(programme=factories.programme(slug="erdf"), code="1", name_en="Research")
    client = APIClient() if "/api/" in url else client
    one = queries(client, url, {"priority_axis": ["1"]})
    many = queries(client, url, {"priority_axis": ["1"] * 200})
    assert many <= one + 2, (one, many)
