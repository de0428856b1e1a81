"""API v1 for infrastructures: who reads and writes what, validation, pagination, caching, queries."""

from decimal import Decimal

import pytest
from django.utils.http import http_date

from access.models import AccessCondition
from infrastructures import services
from infrastructures.models import Infrastructure, PublicationEvent
from tests import factories
from tests.uploads import run_after_commit

pytestmark = pytest.mark.django_db

URL = "/api/v1/infrastructures/"
ENTRIES = ["published_a", "draft_a", "published_b", "draft_b"]

# Who sees which entry: 200 or 404 (a hidden draft's existence is not revealed).
READ = {
    "anonymous": {"published_a": 200, "draft_a": 404, "published_b": 200, "draft_b": 404},
    "manager_a": {"published_a": 200, "draft_a": 200, "published_b": 200, "draft_b": 404},
    "manager_b": {"published_a": 200, "draft_a": 404, "published_b": 200, "draft_b": 200},
    "authority": {"published_a": 200, "draft_a": 200, "published_b": 200, "draft_b": 200},
    "superuser": {"published_a": 200, "draft_a": 200, "published_b": 200, "draft_b": 200},
}
# Who changes which entry.
WRITE = {
    "anonymous": {"published_a": 401, "draft_a": 401, "published_b": 401, "draft_b": 401},
    "manager_a": {"published_a": 200, "draft_a": 200, "published_b": 403, "draft_b": 404},
    "manager_b": {"published_a": 403, "draft_a": 404, "published_b": 200, "draft_b": 200},
    "authority": {"published_a": 403, "draft_a": 403, "published_b": 403, "draft_b": 403},
    "superuser": {"published_a": 200, "draft_a": 200, "published_b": 200, "draft_b": 200},
}


@pytest.mark.parametrize("who", READ)
def test_read_matrix(cast, api_as, who):
    client = api_as(who)
    listed = {row["slug"] for row in client.get(URL, {"page_size": 100}).json()["results"]}
    for name in ENTRIES:
        entry = getattr(cast, name)
        assert client.get(f"{URL}{entry.slug}/").status_code == READ[who][name], (who, name)
        assert (entry.slug in listed) == (READ[who][name] == 200), (who, name)


@pytest.mark.parametrize("who", WRITE)
def test_write_matrix(cast, api_as, who):
    client = api_as(who)
    for name in ENTRIES:
        entry = getattr(cast, name)
        response = client.patch(f"{URL}{entry.slug}/", {"summary_en": f"Changed by {who}"}, format="json")
        assert response.status_code == WRITE[who][name], (who, name, response.content)
        entry.refresh_from_db()
        assert (entry.summary_en == f"Changed by {who}") == (WRITE[who][name] == 200)


def new_entry(**overrides):
    return {
        "slug": "new-pilot-line",
        "name_en": "New pilot line",
        "name_nl": "Nieuwe pilootlijn",
        "kind": "pilot_line",
        "owner": "owner-a",
        "region": "flanders",
        "trl_min": 4,
        "trl_max": 7,
    } | overrides


def test_manager_creates_in_own_region_as_draft_and_the_change_is_recorded(cast, api_as):
    response = api_as("manager_a").post(URL, new_entry(), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["publication_state"] == "draft"
    entry = Infrastructure.objects.get(slug="new-pilot-line")
    event = PublicationEvent.objects.get(infrastructure=entry)
    assert (event.to_state, event.user, event.origin) == ("draft", cast.users["manager_a"], "api")


@pytest.mark.parametrize("who, status", [("manager_b", 400), ("authority", 403), ("anonymous", 401)])
def test_nobody_creates_outside_their_regions(cast, api_as, who, status):
    response = api_as(who).post(URL, new_entry(), format="json")
    assert response.status_code == status
    if status == 400:
        assert "region" in response.json()
    assert not Infrastructure.objects.filter(slug="new-pilot-line").exists()


def test_manager_cannot_move_an_entry_into_a_region_they_do_not_manage(cast, api_as):
    response = api_as("manager_a").patch(f"{URL}draft-a/", {"region": "south-netherlands"}, format="json")
    assert response.status_code == 400
    assert "region" in response.json()
    cast.draft_a.refresh_from_db()
    assert cast.draft_a.region == cast.region_a


def test_manager_publishes_through_the_workflow(cast, api_as):
    client = api_as("manager_a")
    response = client.patch(f"{URL}draft-a/", {"publication_state": "published"}, format="json")
    assert response.status_code == 200
    assert api_as("anonymous").get(f"{URL}draft-a/").status_code == 200
    client.patch(f"{URL}draft-a/", {"publication_state": "archived"}, format="json")
    response = client.patch(f"{URL}draft-a/", {"publication_state": "published"}, format="json")
    assert response.status_code == 400
    assert "publication_state" in response.json()
    states = list(
        PublicationEvent.objects.filter(infrastructure=cast.draft_a).values_list("to_state", flat=True)
    )
    assert states == ["archived", "published"]


def test_nested_access_conditions_prices_and_funding_are_written_and_read_back(cast, api_as):
    programme = factories.programme(slug="erdf-flanders")
    programme.priority_axes.create(code="1", name_en="Research and innovation")
    payload = new_entry(
        themes=[factories.theme(slug="photonics").slug],
        equipment=[{"name_en": "Nanoimprint tool", "manufacturer": "EVG"}],
        access_conditions=[{
            "access_mode": "market_driven", "open_to_smes": True, "business_models": ["pay_per_use"],
            "forms_of_access": ["assisted", "mail_in"], "lead_time_days": 10,
            "prices": [{"tier": "sme", "unit": "hour", "amount_from": "95.00"},
                       {"tier": "large_company", "unit": "hour", "on_quote": True}],
        }],
        funding_records=[{"programme": "erdf-flanders", "priority_axis": "1", "project": "FAMILIAR",
                          "amount": "1250000.50", "start_year": 2016, "end_year": 2019}],
    )  # fmt: skip
    response = api_as("manager_a").post(URL, payload, format="json")
    assert response.status_code == 201, response.content
    body = api_as("manager_a").get(f"{URL}new-pilot-line/").json()
    condition = body["access_conditions"][0]
    assert condition["business_models"] == ["pay_per_use"]
    assert sorted(condition["forms_of_access"]) == ["assisted", "mail_in"]
    assert {(p["tier"], p["amount_from"], p["on_quote"]) for p in condition["prices"]} == {
        ("sme", "95.00", False),
        ("large_company", None, True),
    }
    assert body["funding_records"][0]["priority_axis"] == "1"
    assert Decimal(body["funding_records"][0]["amount"]) == Decimal("1250000.50")
    assert body["equipment"][0]["name_en"] == "Nanoimprint tool"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"trl_min": 8, "trl_max": 3}, "trl_min"),
        ({"trl_max": 12}, "trl_max"),
        ({"latitude": "95.0", "longitude": "4.0"}, "latitude"),
        ({"colour": "blue"}, "colour"),
        ({"created_at": "2020-01-01T00:00:00Z"}, "created_at"),
        ({"owner": "nobody"}, "owner"),
        ({"kind": "spaceship"}, "kind"),
        (
            {"access_conditions": [{"prices": [{"tier": "sme", "unit": "hour"}]}]},
            "access_conditions[0].prices",
        ),
        ({"access_conditions": [{"business_models": ["barter"]}]}, "access_conditions"),
        ({"funding_records": [{"programme": "nope", "amount": "10"}]}, "funding_records"),
        ({"funding_records": [{"programme": "erdf-x", "amount": "-5"}]}, "funding_records"),
    ],
)
def test_bad_writes_answer_400_naming_the_field_and_save_nothing(cast, api_as, change, field):
    factories.programme(slug="erdf-x")
    before = (Infrastructure.objects.count(), AccessCondition.objects.count())
    response = api_as("manager_a").post(URL, new_entry(**change), format="json")
    assert response.status_code == 400, response.content
    errors = response.json()
    assert any(key == field or key.startswith(field) for key in errors), errors
    assert (Infrastructure.objects.count(), AccessCondition.objects.count()) == before


def test_filters_use_the_search_page_parameters(cast, api_as):
    theme = factories.theme(slug="photonics")
    root = cast.users["superuser"]
    with run_after_commit():
        services.infrastructure_update(
            user=root, infrastructure=cast.published_a, data={"themes": [theme], "trl_min": 3, "trl_max": 5},
            origin="command",
        )  # fmt: skip
        services.infrastructure_update(
            user=root,
            infrastructure=cast.published_b,
            data={"name_en": "Cryogenic wind tunnel"},
            origin="command",
        )
    client = api_as("anonymous")

    def slugs(params):
        return [row["slug"] for row in client.get(URL, params).json()["results"]]

    assert slugs({"theme": "photonics"}) == ["published-a"]
    assert slugs({"region": ["south-netherlands"]}) == ["published-b"]
    assert slugs({"region": ["flanders", "south-netherlands"], "trl": 4}) == ["published-a"]
    assert slugs({"q": "cryogenic tunnel"}) == ["published-b"]
    assert slugs({"sort": "-updated"})[0] == "published-b"  # the last one saved


@pytest.mark.parametrize(
    "params, field",
    [({"trl": "99"}, "trl"), ({"theme": "nope"}, "theme"), ({"sort": "x"}, "sort"), ({"page": "9"}, "page"),
     ({"page": "abc"}, "page"), ({"q": "x" * 300}, "q")],
)  # fmt: skip
def test_bad_parameters_answer_400_json_naming_the_parameter(cast, api_as, params, field):
    response = api_as("anonymous").get(URL, params)
    assert response.status_code == 400
    assert field in response.json()


def test_pagination_default_maximum_and_stable_pages(cast, api_as):
    owner = cast.published_a.owner
    for _ in range(45):
        factories.infrastructure(owner=owner, name_en="Same name")  # ties broken by id
    client = api_as("anonymous")
    assert len(client.get(URL).json()["results"]) == 20
    assert len(client.get(URL, {"page_size": 1000}).json()["results"]) == 47  # capped at 100
    seen, page = [], 1
    while True:
        body = client.get(URL, {"page_size": 7, "page": page}).json()
        seen += [row["slug"] for row in body["results"]]
        if not body["next"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 47


def test_page_size_is_capped_at_100(cast, api_as):
    owner = cast.published_a.owner
    for _ in range(101):
        factories.infrastructure(owner=owner)
    assert len(api_as("anonymous").get(URL, {"page_size": 500}).json()["results"]) == 100


def test_conditional_requests_answer_304_until_something_changes(cast, api_as):
    client = api_as("anonymous")
    first = client.get(f"{URL}published-a/")
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(f"{URL}published-a/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(f"{URL}published-a/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    listing = client.get(URL)
    assert client.get(URL, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.published_a,
        data={"summary_en": "New"},
        origin="api",
    )
    assert client.get(f"{URL}published-a/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get(URL, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 200
    old = http_date(0)
    assert client.get(f"{URL}published-a/", HTTP_IF_MODIFIED_SINCE=old).status_code == 200


@pytest.mark.parametrize("page_size", [5, 50])
def test_list_and_detail_query_counts_are_flat_in_page_size(
    cast, api_as, django_assert_max_num_queries, page_size
):
    owner = cast.published_a.owner
    theme = factories.theme()
    for _ in range(50):
        entry = factories.infrastructure(owner=owner)
        entry.themes.add(theme)
        entry.equipment.create(name_en="Tool")
        AccessCondition.objects.create(infrastructure=entry, open_to_smes=True).business_models.add(
            "membership"
        )
    client = api_as("manager_a")
    with django_assert_max_num_queries(16):
        assert client.get(URL, {"page_size": page_size}).status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(f"{URL}{entry.slug}/").status_code == 200


def test_managers_maintain_the_organisations_of_their_regions_only(cast, api_as):
    organisation = {
        "slug": "new-lab-owner",
        "name_en": "New lab owner",
        "kind": "company",
        "region": "flanders",
    }
    assert api_as("manager_a").post("/api/v1/organisations/", organisation, format="json").status_code == 201
    response = api_as("manager_b").post(
        "/api/v1/organisations/", organisation | {"slug": "elsewhere"}, format="json"
    )
    assert response.status_code == 400 and "region" in response.json()
    assert api_as("authority").post("/api/v1/organisations/", organisation, format="json").status_code == 403
    change = {"city": "Leuven"}
    assert (
        api_as("manager_a").patch("/api/v1/organisations/owner-a/", change, format="json").status_code == 200
    )
    assert (
        api_as("manager_a").patch("/api/v1/organisations/owner-b/", change, format="json").status_code == 403
    )
