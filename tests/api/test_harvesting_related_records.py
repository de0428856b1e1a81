"""A harvester keeping a copy in step with `updated_since` gets again every record whose representation
changed with a related row: a parent, a programme or an axis renamed or added, a theme or member
deleted, an entry published or renamed."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from infrastructures import services
from infrastructures.models import Cluster, FundingRecord, Infrastructure, Organisation
from infrastructures.services import reference
from tests import factories
from tests.rights import make_cast

pytestmark = pytest.mark.django_db
LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


def age(*rows):
    for row in rows:
        type(row).objects.filter(pk=row.pk).update(updated_at=LONG_AGO)


def changed_since(endpoint, since, key="slug"):
    body = APIClient().get(f"/api/v1/{endpoint}/", {"updated_since": since.isoformat(), "page_size": 100})
    assert body.status_code == 200, body.content
    return {row[key]: row for row in body.json()["results"]}


def test_child_organisation_fetched_again_when_parent_renamed():
    cast = make_cast()
    parent = Organisation.objects.get(slug="owner-a")
    child = factories.organisation(slug="child", region=cast.region_a, parent=parent)
    age(parent, child)
    since = timezone.now()
    services.organisation_update(
        user=cast.users["superuser"], organisation=parent, data={"slug": "owner-a-renamed"}, origin="api"
    )
    changed = changed_since("organisations", since)
    assert "owner-a-renamed" in changed
    # The child shows its parent by slug: without it, the harvester's copy still names "owner-a".
    assert "child" in changed


def test_entries_fetched_again_when_programme_renamed():
    cast = make_cast()
    programme = factories.programme(slug="erdf-old")
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.published_a,
        data={"funding_records": [{"programme": programme, "amount": 1000}]},
        origin="api",
    )
    age(cast.published_a, *FundingRecord.objects.all())
    since = timezone.now()
    programme.slug = "erdf-new"
    reference.reference_save(user=cast.users["superuser"], obj=programme, origin="admin")
    assert "erdf-new" in changed_since("funding-programmes", since)
    entries = changed_since("infrastructures", since)
    # published-a's funding_records name the programme by slug; the copy still says "erdf-old".
    assert "published-a" in entries
    assert changed_since("funding-records", since, key="recipient")


def test_cluster_fetched_again_when_its_theme_is_deleted():
    cast = make_cast()
    theme = factories.theme(slug="photonics")
    cluster = Cluster.objects.create(slug="flux", name="Flux", region=cast.region_a)
    cluster.themes.set([theme])
    age(cluster)
    since = timezone.now()
    services.theme_delete(user=cast.users["superuser"], themes=[theme])
    assert "photonics" in changed_since("tombstones", since, key="identifier")
    # The cluster's `themes` lost "photonics": the harvester fetches it again.
    assert "flux" in changed_since("clusters", since)


def test_cluster_fetched_again_when_a_member_organisation_is_deleted():
    cast = make_cast()
    member = factories.organisation(slug="member", region=cast.region_a)
    cluster = Cluster.objects.create(slug="flux", name="Flux", region=cast.region_a)
    cluster.members.set([member])
    age(cluster)
    since = timezone.now()
    services.curated_delete(user=cast.users["superuser"], obj=member, origin="admin")
    assert "flux" in changed_since("clusters", since)


def test_funding_rows_fetched_when_their_entry_is_published():
    cast = make_cast()
    programme = factories.programme(slug="erdf")
    FundingRecord.objects.create(infrastructure=cast.draft_a, programme=programme, amount=1000)
    age(*FundingRecord.objects.all())
    since = timezone.now()
    services.infrastructure_transition(
        user=cast.users["superuser"],
        infrastructure=cast.draft_a,
        to_state=Infrastructure.PublicationState.PUBLISHED,
        origin="api",
    )
    assert "draft-a" in changed_since("infrastructures", since)
    # The anonymous funded list now holds the draft's row, but a harvest since then never shows it.
    assert "draft-a" in changed_since("funding-records", since, key="recipient")


def test_funding_rows_fetched_again_when_their_entry_is_renamed():
    cast = make_cast()
    programme = factories.programme(slug="erdf")
    FundingRecord.objects.create(infrastructure=cast.published_a, programme=programme, amount=1000)
    age(*FundingRecord.objects.all())
    since = timezone.now()
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.published_a,
        data={"slug": "renamed-a"},
        origin="api",
    )
    assert "renamed-a" in changed_since("funding-records", since, key="recipient")


def test_programme_fetched_again_when_a_priority_axis_is_added():
    from infrastructures.models import PriorityAxis

    cast = make_cast()
    programme = factories.programme(slug="erdf")
    age(programme)
    since = timezone.now()
    axis = PriorityAxis(programme=programme, code="1", name_en="Research")
    reference.reference_save(user=cast.users["superuser"], obj=axis, origin="admin")
    # The programme nests its priority_axes: the harvester's copy never gets axis 1.
    assert "erdf" in changed_since("funding-programmes", since)
