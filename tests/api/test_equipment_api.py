"""Equipment as a record of its own in API v1 (/api/v1/equipment/), and the fields the instrument
standards ask for in an entry's nested equipment list."""

from urllib.parse import parse_qs, urlsplit

import pytest

from infrastructures.models import Equipment, Tombstone
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/equipment/"
FIELDS = {
    "id", "url", "infrastructure", "name_en", "name_nl", "description_en", "description_nl", "manufacturer",
    "model_number", "identifier", "identifier_type", "landing_page", "updated_at",
}  # fmt: skip


@pytest.fixture
def items(cast):
    """An item in each of the cast's entries (drafts included), named after it."""
    made = {}
    for name in ("published_a", "draft_a", "published_b", "draft_b"):
        entry = getattr(cast, name)
        made[name] = entry.equipment.create(name_en=f"Tool of {entry.slug}", manufacturer="EVG")
    made["published_a"].identifier, made["published_a"].identifier_type = "10.5880/GFZ.1", "doi"
    made["published_a"].landing_page = "https://example.org/instruments/1"
    made["published_a"].save()
    return made


def listed(client, params=None):
    return {
        row["infrastructure"]
        for row in client.get(URL, {**(params or {}), "page_size": 100}).json()["results"]
    }


@pytest.mark.parametrize(
    "who, visible",
    [
        ("anonymous", {"published-a", "published-b"}),
        ("manager_a", {"published-a", "draft-a", "published-b"}),
        ("superuser", {"published-a", "draft-a", "published-b", "draft-b"}),
    ],
)
def test_each_account_sees_the_equipment_of_the_entries_it_may_see(items, api_as, who, visible):
    client = api_as(who)
    assert listed(client) == visible
    for name, item in items.items():
        expected = 200 if item.infrastructure.slug in visible else 404
        assert client.get(f"{URL}{item.pk}/").status_code == expected, (who, name)


def test_an_item_shows_the_fields_of_the_instrument_standards(items, api_as):
    item = items["published_a"]
    body = api_as("anonymous").get(f"{URL}{item.pk}/").json()
    assert set(body) == FIELDS
    assert body["id"] == item.pk and body["url"].endswith(f"{URL}{item.pk}/")
    assert (body["infrastructure"], body["identifier"], body["identifier_type"]) == (
        "published-a", "10.5880/GFZ.1", "doi",
    )  # fmt: skip
    assert body["landing_page"] == "https://example.org/instruments/1" and body["updated_at"]
    assert api_as("anonymous").get(f"{URL}not-a-number/").status_code == 404


def test_filters_by_entry_and_identifier_type_or_ing_repeated_values(items, api_as):
    client = api_as("anonymous")
    assert listed(client, {"infrastructure": "published-b"}) == {"published-b"}
    assert listed(client, {"infrastructure": ["published-a", "published-b"]}) == {
        "published-a",
        "published-b",
    }
    assert listed(client, {"identifier_type": "doi"}) == {"published-a"}
    assert listed(client, {"identifier_type": ["doi", "handle"], "infrastructure": "published-b"}) == set()
    response = client.get(URL, {"identifier_type": "isbn"})
    assert response.status_code == 400 and "identifier_type" in response.json()


def test_a_drafts_slug_is_no_valid_filter_for_those_who_may_not_see_it(items, api_as):
    response = api_as("anonymous").get(URL, {"infrastructure": "draft-a"})
    assert response.status_code == 400 and "infrastructure" in response.json()
    assert listed(api_as("manager_a"), {"infrastructure": "draft-a"}) == {"draft-a"}


def test_equipment_is_harvested_with_its_tombstones(items, api_as, cast):
    Equipment.objects.update(updated_at="2025-01-01T00:00:00Z")
    kept, removed = items["published_a"], cast.published_a.equipment.create(name_en="Old laser")
    manager = api_as("manager_a")
    entry = manager.get(f"/api/v1/infrastructures/{cast.published_a.slug}/").json()
    nested = [{key: value for key, value in item.items() if key != "id"} for item in entry["equipment"]]
    nested = [item for item in nested if item["name_en"] != "Old laser"]
    nested[0]["model_number"] = "NIL-200"
    response = manager.patch(
        f"/api/v1/infrastructures/{cast.published_a.slug}/", {"equipment": nested}, format="json"
    )
    assert response.status_code == 200, response.content

    body = api_as("anonymous").get(URL, {"updated_since": "2025-06-01"}).json()
    assert [(row["id"], row["model_number"]) for row in body["results"]] == [(kept.pk, "NIL-200")]
    assert parse_qs(urlsplit(body["tombstones"]).query)["type"] == ["equipment"]
    tombstones = api_as("anonymous").get(body["tombstones"]).json()["results"]
    assert [(row["identifier"], row["reason"]) for row in tombstones] == [(str(removed.pk), "deleted")]
    assert Tombstone.objects.filter(record_type="equipment").count() == 1


# The nested list of an entry


def test_the_nested_list_shows_the_items_ids_and_writes_identifiers(cast, api_as):
    client = api_as("manager_a")
    equipment = [
        {"name_en": "Nanoimprint tool", "manufacturer": "EVG", "model_number": "EVG 7200",
         "identifier": "21.T11998/0000-001A-3905-F", "identifier_type": "handle",
         "landing_page": "https://example.org/nil"},
        {"name_en": "Profilometer"},
    ]  # fmt: skip
    response = client.patch("/api/v1/infrastructures/draft-a/", {"equipment": equipment}, format="json")
    assert response.status_code == 200, response.content
    nested = response.json()["equipment"]
    stored = {item.name_en: item for item in cast.draft_a.equipment.all()}
    assert {item["id"] for item in nested} == {item.pk for item in stored.values()}
    tool = stored["Nanoimprint tool"]
    assert (tool.identifier_type, tool.landing_page) == ("handle", "https://example.org/nil")
    item = client.get(f"{URL}{tool.pk}/").json()
    assert {key: item[key] for key in equipment[0]} == equipment[0]


@pytest.mark.parametrize(
    "item, field",
    [
        ({"name_en": "Tool", "identifier": "10.1/abc"}, "identifier_type"),
        ({"name_en": "Tool", "identifier_type": "doi"}, "identifier"),
        ({"name_en": "Tool", "identifier": "x", "identifier_type": "isbn"}, "identifier_type"),
        ({"name_en": "Tool", "landing_page": "not a page"}, "landing_page"),
        ({"name_en": "Tool", "id": 1}, "id"),  # read-only: items are matched by identifier, else name
    ],
)
def test_a_bad_nested_item_is_a_400_naming_the_item_and_field(cast, api_as, item, field):
    response = api_as("manager_a").patch(
        "/api/v1/infrastructures/draft-a/", {"equipment": [{"name_en": "Fine"}, item]}, format="json"
    )
    assert response.status_code == 400
    errors = response.json()["equipment"]  # by the item's position in the list
    assert set(errors) == {"1"} and field in errors["1"], errors
    assert not cast.draft_a.equipment.exists()


@pytest.mark.parametrize("entries", [5, 40])
def test_the_equipment_list_costs_the_same_queries_whatever_its_size(
    cast, api_as, django_assert_max_num_queries, entries
):
    owner = cast.published_a.owner
    for _ in range(entries):
        entry = factories.infrastructure(owner=owner)
        for name in ("Laser", "Microscope", "Spectrometer"):
            entry.equipment.create(name_en=name)
    client = api_as("manager_a")
    # Authentication (2), the manager's regions, the count, the page's ids, its rows with their entry.
    with django_assert_max_num_queries(6):
        assert len(client.get(URL, {"page_size": 100}).json()["results"]) == min(100, 3 * entries)
    with django_assert_max_num_queries(5):  # a harvest page reads its rows after the cursor at once
        assert client.get(URL, {"updated_since": "2025-01-01", "page_size": 50}).status_code == 200
