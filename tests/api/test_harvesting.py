"""Harvesting API v1: `updated_since` on every list, update order with a cursor that loses no row
edited during the harvest, tombstones of what the public no longer sees, unknown parameters
refused, and the funding filters of infrastructures."""

import datetime
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from access.models import AccessCondition, AccessRequest
from infrastructures import services
from infrastructures.models import (
    Cluster,
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    Theme,
    Tombstone,
)
from infrastructures.search import refresh_search_index
from regions import services as region_services
from regions.models import Region
from rii_catalogue.api_urls import router
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/infrastructures/"
State = Infrastructure.PublicationState
UTC = datetime.UTC


def moment(minute, second=0, microsecond=0, day=1):
    return datetime.datetime(2025, 5, day, 10, minute, second, microsecond, tzinfo=UTC)


def stamp(rows, when):
    """Set when rows last changed, as if written then (a queryset update: no save, no new time)."""
    type(rows[0]).objects.filter(pk__in=[row.pk for row in rows]).update(updated_at=when)


def harvest(client, params, page_size=2):
    """Follow the next links to the end: the rows in the order received, and the last page."""
    body = client.get(URL, {**params, "page_size": page_size}).json()
    rows = list(body["results"])
    while body["next"]:
        body = client.get(body["next"]).json()
        rows += body["results"]
    return rows, body


# updated_since: what it accepts and what it keeps


@pytest.fixture
def three_changes(cast):
    """published-a just before 10:00 UTC, published-b at 10:00:00 exactly, a third one later; and one
    changed late on 30 April in UTC (already 1 May in Brussels)."""
    late = factories.infrastructure(slug="late", owner=cast.published_a.owner)
    evening = factories.infrastructure(slug="evening", owner=cast.published_a.owner)
    stamp([cast.published_a], moment(0) - datetime.timedelta(microseconds=1))
    stamp([cast.published_b], moment(0))
    stamp([late], moment(0, 1))
    stamp([evening], datetime.datetime(2025, 4, 30, 23, 30, tzinfo=UTC))
    return cast


@pytest.mark.parametrize(
    "since, expected",
    [
        ("2025-05-01T10:00:00Z", ["published-b", "late"]),  # inclusive: the row of that very instant
        ("2025-05-01T12:00:00+02:00", ["published-b", "late"]),  # the same instant, with an offset
        ("2025-05-01T10:00:00", ["published-b", "late"]),  # no offset: UTC
        ("2025-05-01T10:00:00.000001Z", ["late"]),
        ("2025-05-01", ["published-a", "published-b", "late"]),  # a date: its midnight UTC
        ("2025-04-30", ["evening", "published-a", "published-b", "late"]),
    ],
)
def test_updated_since_keeps_what_changed_at_or_after_the_time(three_changes, api_as, since, expected):
    rows, _ = harvest(api_as("anonymous"), {"updated_since": since}, page_size=100)
    assert [row["slug"] for row in rows] == expected


@pytest.mark.parametrize(
    "since",
    ["yesterday", "2025-13-01", "2025-05-01T25:00:00Z", "1 May 2025", "", "0001-01-01T00:00:00+05:00",
     "2025-05-01T10:00:00 02:00"],
)  # fmt: skip
def test_an_invalid_updated_since_is_a_400_naming_it_and_the_format(cast, api_as, since):
    response = api_as("anonymous").get(URL, {"updated_since": since})
    assert response.status_code == 400
    (message,) = response.json()["updated_since"]
    assert "ISO 8601" in message and "2025-05-01T09:30:00Z" in message


def test_updated_since_is_given_once(cast, api_as):
    response = api_as("anonymous").get(URL, {"updated_since": ["2025-05-01", "2025-06-01"]})
    assert response.status_code == 400 and "updated_since" in response.json()


# Every list endpoint


@pytest.fixture
def every_record(cast):
    """Two rows of every kind a list endpoint of API v1 shows."""
    region = cast.region_a
    for entry in (cast.published_a, cast.published_b):
        entry.equipment.create(name_en="Microscope")
    factories.theme(), factories.theme()
    programmes = [factories.programme(), factories.programme()]
    for programme, entry in zip(programmes, (cast.published_a, cast.published_b), strict=True):
        FundingRecord.objects.create(programme=programme, infrastructure=entry, amount="10.00")
    for n in (1, 2):
        Cluster.objects.create(slug=f"cluster-{n}", name=f"Cluster {n}", kind="spearhead", region=region)
        factories.access_request(cast.published_a, company_name=f"Acme {n}")
        Tombstone.objects.create(record_type="infrastructures", identifier=f"gone-{n}", reason="deleted")
    return cast


LISTS = {
    "infrastructures": (Infrastructure, "updated_at"),
    "equipment": (Equipment, "updated_at"),
    "organisations": (Organisation, "updated_at"),
    "regions": (Region, "updated_at"),
    "themes": (Theme, "updated_at"),
    "funding-programmes": (FundingProgramme, "updated_at"),
    "funding-records": (FundingRecord, "updated_at"),
    "clusters": (Cluster, "updated_at"),
    "access-requests": (AccessRequest, "updated_at"),
    "tombstones": (Tombstone, "at"),
}


def test_every_list_endpoint_is_harvestable():
    assert {prefix for prefix, _, _ in router.registry} == set(LISTS)


@pytest.mark.parametrize("endpoint", LISTS)
def test_every_list_takes_updated_since_and_shows_when_each_row_changed(every_record, api_as, endpoint):
    model, field = LISTS[endpoint]
    model.objects.update(**{field: moment(0)})
    changed = model.objects.order_by("pk").last()
    model.objects.filter(pk=changed.pk).update(**{field: moment(30)})
    client = api_as("superuser")  # access requests are the curators'

    body = client.get(f"/api/v1/{endpoint}/", {"updated_since": "2025-05-01T10:15:00Z"}).json()

    assert body["count"] == 1 and len(body["results"]) == 1
    assert parse_datetime(body["results"][0][field]) == moment(30)
    assert "tombstones" in body
    everything = client.get(f"/api/v1/{endpoint}/", {"updated_since": "2025-05-01"}).json()
    assert everything["count"] == model.objects.count() >= 2
    bad = client.get(f"/api/v1/{endpoint}/", {"updated_since": "soon"})
    assert bad.status_code == 400 and "updated_since" in bad.json()


@pytest.mark.parametrize("renamed", ["organisation", "theme", "region"])
def test_records_that_show_a_renamed_slug_come_again_in_a_harvest(every_record, api_as, renamed):
    """A cluster, a funding row or an entry names its owner, themes and region by slug: when one is
    renamed, a harvester fetching what changed since gets them again with the new slug."""
    cast, root = every_record, every_record.users["superuser"]
    owner, theme, cluster = cast.published_a.owner, Theme.objects.first(), Cluster.objects.first()
    cluster.members.add(owner)
    cluster.themes.add(theme)
    cast.published_a.themes.add(theme)
    for model in (Infrastructure, Organisation, Cluster, FundingRecord, FundingProgramme):
        model.objects.update(updated_at=moment(0))
    if renamed == "organisation":
        services.organisation_update(user=root, organisation=owner, data={"slug": "new-slug"}, origin="api")
    elif renamed == "theme":
        theme.slug = "new-slug"
        services.theme_save(user=root, theme=theme, origin="admin")
    else:
        region_services.region_save(
            user=root, region=cast.region_a, data={"slug": "new-slug"}, origin="admin"
        )
    client = api_as("superuser")

    def harvested(endpoint):
        body = client.get(f"/api/v1/{endpoint}/", {"updated_since": "2025-05-02"}).json()
        return json.dumps(body["results"])

    assert "new-slug" in harvested("clusters")
    assert "new-slug" in harvested("funding-records")
    assert "new-slug" in harvested("infrastructures")


def test_a_curator_harvests_the_access_requests_moved_since(cast, api_as):
    moved = factories.access_request(cast.published_a, company_name="Moved")
    factories.access_request(cast.published_a, company_name="Waiting")
    AccessRequest.objects.update(updated_at=moment(0))
    before = timezone.now()
    client = api_as("manager_a")
    response = client.patch(f"/api/v1/access-requests/{moved.pk}/", {"status": "forwarded"}, format="json")
    assert response.status_code == 200
    body = client.get("/api/v1/access-requests/", {"updated_since": before.isoformat()}).json()
    assert [row["company_name"] for row in body["results"]] == ["Moved"]
    assert body["tombstones"] is None  # requests are never public: nothing to remove from a public copy
    assert (
        api_as("anonymous").get("/api/v1/access-requests/", {"updated_since": "2025-01-01"}).status_code
        == 401
    )


# Update order and the cursor


@pytest.fixture
def six_entries(cast):
    """Six published entries changed one after the other, oldest first; the cast's others older."""
    Infrastructure.objects.update(updated_at=moment(0, day=2))
    owner = cast.published_a.owner
    entries = [factories.infrastructure(slug=f"entry-{n}", owner=owner) for n in range(6)]
    for n, entry in enumerate(entries):
        stamp([entry], moment(n, day=3))
    return entries


def test_a_harvest_comes_oldest_change_first_and_follows_next_to_the_end(six_entries, api_as):
    client = api_as("anonymous")
    rows, last = harvest(client, {"updated_since": "2025-05-03"})
    assert [row["slug"] for row in rows] == [f"entry-{n}" for n in range(6)]
    assert last["next"] is None and last["previous"] is None and last["count"] == 6


def test_rows_changed_in_the_same_instant_come_by_id_and_no_page_boundary_loses_one(cast, api_as):
    owner = cast.published_a.owner
    entries = [factories.infrastructure(slug=f"same-{n}", owner=owner, name_en=f"Z {n}") for n in range(5)]
    Infrastructure.objects.update(updated_at=moment(0))  # one bulk write: one instant for all
    rows, _ = harvest(api_as("anonymous"), {"updated_since": moment(0).isoformat()})
    expected = sorted([cast.published_a, cast.published_b, *entries], key=lambda entry: entry.pk)
    assert [row["slug"] for row in rows] == [entry.slug for entry in expected]


def test_a_harvest_misses_no_row_edited_while_it_reads(six_entries, cast, api_as):
    """After the first page, one row already read and one not yet read are edited: both move to the
    end. Every unchanged row still comes exactly once, and so does each edited row's new version."""
    client = api_as("anonymous")
    first = client.get(URL, {"updated_since": "2025-05-03", "page_size": 2}).json()
    assert [row["slug"] for row in first["results"]] == ["entry-0", "entry-1"]
    root = cast.users["superuser"]
    for slug in ("entry-0", "entry-2"):
        entry = Infrastructure.objects.get(slug=slug)
        services.infrastructure_update(
            user=root, infrastructure=entry, data={"summary_en": "New"}, origin="api"
        )

    seen = [row["slug"] for row in first["results"]]
    body = first
    while body["next"]:
        body = client.get(body["next"]).json()
        seen += [row["slug"] for row in body["results"]]

    # (Page numbers over the same order would now start page 2 at entry-4: entry-2 and entry-3, not
    # yet read, moved up onto page 1.)
    assert seen == ["entry-0", "entry-1", "entry-3", "entry-4", "entry-5", "entry-0", "entry-2"]


def test_the_next_link_keeps_the_filters_and_the_page_size(six_entries, api_as):
    client = api_as("anonymous")
    body = client.get(URL, {"updated_since": "2025-05-03", "page_size": 2, "kind": "lab"}).json()
    query = parse_qs(urlsplit(body["next"]).query)
    assert (
        query["kind"] == ["lab"] and query["page_size"] == ["2"] and query["updated_since"] == ["2025-05-03"]
    )
    assert "cursor" in query and "page" not in query
    renamed = Infrastructure.objects.filter(slug="entry-4")
    renamed.update(name_en="Cryogenic wind tunnel")
    refresh_search_index([renamed.get().pk])
    rows, _ = harvest(
        client, {"updated_since": "2025-05-03", "q": "infrastructure"}
    )  # update order, not rank
    assert [row["slug"] for row in rows] == ["entry-0", "entry-1", "entry-2", "entry-3", "entry-5"]


@pytest.mark.parametrize(
    "params, name",
    [
        ({"cursor": "MjAyNS0wNS0wMVQxMDowMDowMCswMDowMHw1"}, "cursor"),  # a cursor without its harvest
        ({"updated_since": "2025-05-01", "cursor": "not-a-cursor"}, "cursor"),
        ({"updated_since": "2025-05-01", "cursor": "bm90aGluZw=="}, "cursor"),
        ({"updated_since": "2025-05-01", "page": "2"}, "page"),
        ({"updated_since": "2025-05-01", "sort": "name"}, "sort"),
    ],
)
def test_paging_parameters_that_do_not_belong_together_are_a_400(cast, api_as, params, name):
    response = api_as("anonymous").get(URL, params)
    assert response.status_code == 400
    assert name in response.json()


def test_without_updated_since_lists_keep_name_order_and_page_numbers(six_entries, api_as):
    body = api_as("anonymous").get(URL, {"page_size": 3}).json()
    assert "tombstones" not in body and parse_qs(urlsplit(body["next"]).query)["page"] == ["2"]
    names = [row["name_en"] for row in body["results"]]
    assert names == sorted(names) and body["count"] == 8


@pytest.mark.parametrize("size", [5, 40])
def test_a_harvest_page_costs_the_same_queries_whatever_the_catalogue_size(
    cast, api_as, django_assert_max_num_queries, size
):
    owner, programme = cast.published_a.owner, factories.programme()
    for _ in range(size):
        entry = factories.infrastructure(owner=owner)
        entry.equipment.create(name_en="Tool")
        condition = AccessCondition.objects.create(infrastructure=entry, open_to_smes=True)
        condition.prices.create(tier="sme", unit="hour", amount_from="90.00")
        FundingRecord.objects.create(infrastructure=entry, programme=programme, amount="5.00")
    client = api_as("anonymous")
    first = client.get(URL, {"updated_since": "2025-01-01", "page_size": 4}).json()
    # The count, the page, and one query per nested list (themes, operators, equipment, access
    # conditions with their business models, forms and prices, funding with programmes and axes).
    with django_assert_max_num_queries(11):
        assert client.get(first["next"]).status_code == 200


# Tombstones, through the services


@pytest.fixture
def history(cast):
    """Published entries edited, withdrawn, archived, deleted, renamed, withdrawn and published
    again; drafts deleted and renamed. Returns the time before all of it."""
    owner, root = cast.published_a.owner, cast.users["superuser"]
    names = ["edited", "unpublished", "archived", "deleted", "renamed", "republished"]
    entry = {name: factories.infrastructure(slug=name, owner=owner) for name in names}
    secret = factories.infrastructure(slug="secret-plan", owner=owner, publication_state=State.DRAFT)
    hidden = factories.infrastructure(slug="hidden-draft", owner=owner, publication_state=State.DRAFT)
    Infrastructure.objects.update(updated_at=moment(0))
    before = timezone.now()

    def update(row, **data):
        services.infrastructure_update(user=root, infrastructure=row, data=data, origin="api")

    def move(row, state):
        services.infrastructure_transition(user=root, infrastructure=row, to_state=state, origin="api")

    update(entry["edited"], summary_en="Now with a cleanroom")
    move(entry["unpublished"], State.DRAFT)
    move(entry["archived"], State.ARCHIVED)
    services.curated_delete(user=root, obj=entry["deleted"], origin="api")
    update(entry["renamed"], slug="renamed-lab")
    move(entry["republished"], State.DRAFT)
    move(entry["republished"], State.PUBLISHED)
    services.curated_delete(user=root, obj=secret, origin="api")
    update(hidden, slug="hidden-draft-2")
    return before


def test_a_harvest_gets_the_changes_and_the_tombstones_of_what_disappeared(history, api_as):
    client = api_as("anonymous")
    rows, last = harvest(client, {"updated_since": history.isoformat()})

    assert {row["slug"] for row in rows} == {"edited", "renamed-lab", "republished"}
    link = urlsplit(last["tombstones"])
    assert link.path == "/api/v1/tombstones/"
    assert parse_qs(link.query) == {"type": ["infrastructures"], "updated_since": [history.isoformat()]}
    tombstones = client.get(last["tombstones"]).json()["results"]
    assert {(row["identifier"], row["reason"]) for row in tombstones} == {
        ("unpublished", "withdrawn"),
        ("archived", "withdrawn"),
        ("deleted", "deleted"),
        ("renamed", "renamed"),
    }
    assert all(set(row) == {"type", "identifier", "reason", "at"} for row in tombstones)


def test_no_tombstone_names_a_draft_that_was_never_published(history, api_as):
    body = api_as("anonymous").get("/api/v1/tombstones/", {"page_size": 100}).content.decode()
    assert "secret-plan" not in body and "hidden-draft" not in body
    assert "republished" not in body  # published again: nothing for a harvester to remove


def test_tombstones_come_in_order_and_since_a_time_by_type(cast, api_as):
    rows = [
        Tombstone.objects.create(record_type=kind, identifier=name, reason="deleted", at=moment(minute))
        for kind, name, minute in [
            ("themes", "lasers", 5), ("infrastructures", "old-lab", 1), ("infrastructures", "older-lab", 1),
            ("organisations", "gone-inc", 3),
        ]
    ]  # fmt: skip
    client = api_as("anonymous")
    everything = client.get("/api/v1/tombstones/").json()["results"]
    assert [row["identifier"] for row in everything] == ["old-lab", "older-lab", "gone-inc", "lasers"]
    since = client.get("/api/v1/tombstones/", {"updated_since": "2025-05-01T10:03:00Z"}).json()
    assert [row["identifier"] for row in since["results"]] == ["gone-inc", "lasers"]
    both = client.get("/api/v1/tombstones/", {"type": ["themes", "organisations"]}).json()["results"]
    assert [row["type"] for row in both] == ["organisations", "themes"]
    bad = client.get("/api/v1/tombstones/", {"type": "infrastructure"})
    assert bad.status_code == 400 and "type" in bad.json()
    assert len(rows) == 4


def test_each_list_points_at_the_tombstones_of_its_own_record_type(cast, api_as):
    client = api_as("superuser")
    # Tombstone types are named as the endpoints.
    for endpoint in Tombstone.RecordType.values:
        body = client.get(f"/api/v1/{endpoint}/", {"updated_since": "2025-05-01"}).json()
        assert parse_qs(urlsplit(body["tombstones"]).query)["type"] == [endpoint]
        assert client.get(body["tombstones"]).status_code == 200
    # Funding rows and access requests have no tombstones: the link says so rather than point anywhere.
    for endpoint in ("funding-records", "access-requests"):
        assert (
            client.get(f"/api/v1/{endpoint}/", {"updated_since": "2025-05-01"}).json()["tombstones"] is None
        )


# Unknown parameters


@pytest.mark.parametrize(
    "url, params",
    [
        (URL, {"regoin": "flanders"}),
        (URL, {"region": "flanders", "updatedsince": "2025-01-01"}),
        (f"{URL}published-a/", {"region": "flanders"}),
        (f"{URL}published-a/", {"updated_since": "2025-01-01"}),
        ("/api/v1/tombstones/", {"record_type": "themes"}),
        ("/api/v1/regions/flanders/", {"lang": "nl"}),
    ],
)
def test_an_unknown_query_parameter_is_a_400_naming_it(cast, api_as, url, params):
    response = api_as("anonymous").get(url, params)
    assert response.status_code == 400
    known = {"region", "updated_since"} if url == URL else set()
    unknown = set(params) - known
    assert set(response.json()) == unknown
    for name in unknown:
        assert "Unknown query parameter" in response.json()[name][0]


def test_writes_refuse_unknown_query_parameters_too(cast, api_as):
    response = api_as("manager_a").patch(f"{URL}draft-a/?dry_run=1", {"summary_en": "x"}, format="json")
    assert response.status_code == 400 and "dry_run" in response.json()
    cast.draft_a.refresh_from_db()
    assert cast.draft_a.summary_en != "x"


def test_every_parameter_the_schema_documents_is_accepted_and_no_other(cast, api_as):
    """The schema and the check read the same filters and pagination: walk every operation."""
    schema = api_as("anonymous").get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    client = api_as("superuser")
    for path, operations in schema["paths"].items():
        if "get" not in operations:
            continue
        url = path.replace("{slug}", "published-a").replace("{id}", "1")
        documented = {p["name"] for p in operations["get"].get("parameters", []) if p["in"] == "query"}
        assert "format" in documented
        for name in documented:
            answer = client.get(url, {name: "x"})
            unknown = answer.status_code == 400 and "Unknown query parameter" in str(answer.json().get(name))
            assert not unknown, (path, name)
        assert "not_a_parameter" in client.get(url, {"not_a_parameter": "1"}).json(), path


# Funding filters of infrastructures


@pytest.fixture
def funded(cast):
    """Entries with funding records: which programme, axis and years each has."""
    erdf = factories.programme(slug="erdf-flanders")
    interreg = factories.programme(slug="interreg")
    research = erdf.priority_axes.create(code="1", name_en="Research")
    other_axis_1 = interreg.priority_axes.create(code="1", name_en="Innovation")
    erdf.priority_axes.create(code="2", name_en="SMEs")
    owner = cast.published_a.owner
    made = {}
    for slug, records in {
        "axis-1-2016": [(erdf, research, 2016, 2019)],
        "interreg-2021": [(interreg, other_axis_1, 2021, None)],
        "early-and-late": [(erdf, None, 2000, 2001), (erdf, None, 2030, 2031)],
        "unknown-years": [(erdf, research, None, None)],
        "unfunded": [],
    }.items():
        entry = factories.infrastructure(slug=slug, owner=owner)
        for programme, axis, first, last in records:
            FundingRecord.objects.create(
                infrastructure=entry, programme=programme, priority_axis=axis, start_year=first,
                end_year=last, amount="1000.00",
            )  # fmt: skip
        made[slug] = entry
    return made


def slugs(client, params):
    return sorted(row["slug"] for row in client.get(URL, {**params, "page_size": 100}).json()["results"])


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"programme": "interreg"}, ["interreg-2021"]),
        ({"programme": ["interreg", "erdf-flanders"]},
         ["axis-1-2016", "early-and-late", "interreg-2021", "unknown-years"]),
        ({"priority_axis": "1"}, ["axis-1-2016", "interreg-2021", "unknown-years"]),  # axis 1 of any
        ({"priority_axis": "erdf-flanders:1"}, ["axis-1-2016", "unknown-years"]),
        ({"priority_axis": "1", "programme": "interreg"}, ["interreg-2021"]),
        ({"priority_axis": ["erdf-flanders:2", "interreg:1"]}, ["interreg-2021"]),
        ({"year_from": 2019}, ["early-and-late", "interreg-2021", "axis-1-2016"]),
        ({"year_to": 2016}, ["axis-1-2016", "early-and-late"]),
        ({"year_from": 2010, "year_to": 2020}, ["axis-1-2016"]),  # not the record of 2000 with that of 2030
        ({"year_from": 2022, "year_to": 2025}, []),  # without an end year, a record runs in its first year
        ({"year_from": 2021, "year_to": 2021}, ["interreg-2021"]),
        ({"programme": "erdf-flanders", "year_from": 2021}, ["early-and-late"]),
    ],
)  # fmt: skip
def test_funding_filters_find_the_entries_funded_so(funded, api_as, params, expected):
    assert slugs(api_as("anonymous"), params) == sorted(expected)


def test_funding_filters_read_years_as_the_funded_list_does(funded, api_as):
    client = api_as("anonymous")
    for period in ({"year_from": 2019}, {"year_to": 2016}, {"year_from": 2010, "year_to": 2020}):
        rows = client.get("/api/v1/funding-records/", {**period, "page_size": 100}).json()["results"]
        assert sorted({row["recipient"] for row in rows}) == slugs(client, period), period


@pytest.mark.parametrize(
    "params, name",
    [
        ({"priority_axis": "9"}, "priority_axis"),
        ({"priority_axis": "interreg:2"}, "priority_axis"),
        ({"programme": "nope"}, "programme"),
        ({"year_from": "soon"}, "year_from"),
        ({"year_to": 3000}, "year_to"),
        ({"year_from": 2020, "year_to": 2010}, "year_to"),
    ],
)
def test_bad_funding_filters_are_a_400_naming_the_filter(funded, api_as, params, name):
    response = api_as("anonymous").get(URL, params)
    assert response.status_code == 400 and name in response.json()


def test_the_schema_documents_harvesting_and_funding_parameters(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    for path in ("/api/v1/infrastructures/", "/api/v1/regions/", "/api/v1/tombstones/", "/api/v1/equipment/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert {"updated_since", "cursor", "page", "page_size", "format"} <= names, path
    names = {p["name"] for p in schema["paths"]["/api/v1/infrastructures/"]["get"]["parameters"]}
    assert {"programme", "priority_axis", "year_from", "year_to"} <= names
    page = schema["components"]["schemas"]["PaginatedInfrastructureList"]["properties"]
    assert "tombstones" in page and "updated_at" in schema["components"]["schemas"]["Region"]["properties"]
