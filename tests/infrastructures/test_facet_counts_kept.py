"""The whole catalogue's facet counts are kept between requests, and a publication shows at once."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from infrastructures import services
from infrastructures.facets import COUNTERS
from infrastructures.models import Infrastructure
from tests import factories
from tests.rights import make_user

pytestmark = pytest.mark.django_db

State = Infrastructure.PublicationState


def _count(response, facet_name, value):
    """The count a facet shows next to one of its values (0 when it is not listed)."""
    facet = next(facet for facet in response.context["facets"] if facet.name == facet_name)
    return next((option.count for option in facet.options if option.value == value), 0)


def test_a_publication_shows_in_the_kept_counts_at_once(client, django_capture_on_commit_callbacks):
    region = factories.region()
    factories.infrastructure(region=region)
    draft = factories.infrastructure(region=region, publication_state=State.DRAFT)
    assert _count(client.get("/search/"), "region", region.slug) == 1

    with django_capture_on_commit_callbacks(execute=True):
        services.infrastructure_transition(
            user=make_user("root", superuser=True),
            infrastructure=draft,
            to_state=State.PUBLISHED,
            origin="test",
        )

    assert _count(client.get("/search/"), "region", region.slug) == 2


def test_the_second_visit_reads_the_kept_counts_instead_of_counting_every_entry(client):
    factories.infrastructure(themes=[factories.theme()])
    with CaptureQueriesContext(connection) as first:
        client.get("/search/")
    with CaptureQueriesContext(connection) as second:
        client.get("/search/")
    assert len(second.captured_queries) <= len(first.captured_queries) - len(COUNTERS) + 1


def test_counts_under_a_filter_are_those_of_the_filtered_entries(client):
    region = factories.region()
    factories.infrastructure(region=region, kind=Infrastructure.Kind.LAB)
    factories.infrastructure(region=region, kind=Infrastructure.Kind.PILOT_LINE)
    client.get("/search/")  # the whole catalogue's counts are kept

    response = client.get("/search/", {"kind": "lab"})

    assert _count(response, "region", region.slug) == 1  # counted among labs only
    assert _count(response, "kind", "pilot_line") == 1  # a kind's own facet counts every kind


def test_facets_not_counted_in_time_still_offer_their_values_without_numbers(client, settings):
    region = factories.region(name_en="Counted region")
    factories.infrastructure(region=region, name_en="Laser lab")
    settings.FACET_COUNTING_SECONDS = 0

    response = client.get("/search/", {"q": "laser"})

    assert response.status_code == 200
    region_facet = next(facet for facet in response.context["facets"] if facet.name == "region")
    assert not region_facet.counted
    assert [(option.label, option.count) for option in region_facet.options] == [("Counted region", None)]
    page = response.content.decode()
    assert "Too many results to count in time" in page
    assert "Counted region</label>" in page  # the value, without a number
    assert [entry.name for entry in response.context["results"]] == ["Laser lab"]
