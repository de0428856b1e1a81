"""Every door, one rule: a manager of Flanders can see, change, publish, import or export nothing of
South Netherlands; a managing authority reads everything and changes nothing."""

import csv
import io

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.authtoken.models import Token

from infrastructures.models import Infrastructure
from tests import uploads
from tests.rights import make_cast

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast(db):
    return make_cast()


def login(client, cast, who):
    client.force_login(cast.users[who])
    return client


def change_url(entry):
    return reverse("admin:infrastructures_infrastructure_change", args=[entry.pk])


def test_admin_list_shows_only_the_managers_regions(client, cast):
    page = login(client, cast, "manager_a").get(reverse("admin:infrastructures_infrastructure_changelist"))
    assert page.status_code == 200
    listed = page.context["cl"].result_list
    assert {entry.slug for entry in listed} == {"published-a", "draft-a"}


def test_admin_change_page_of_another_region_is_closed(client, cast):
    client = login(client, cast, "manager_a")
    assert client.get(change_url(cast.draft_a)).status_code == 200
    response = client.get(change_url(cast.draft_b))
    assert response.status_code == 302  # "does not exist" back to the admin index
    response = client.post(change_url(cast.draft_b), {"name_en": "Taken over"})
    assert response.status_code in (302, 403)
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.name_en != "Taken over"
    history = reverse("admin:infrastructures_infrastructure_history", args=[cast.draft_b.pk])
    assert client.get(history).status_code in (302, 403, 404)


def test_admin_form_offers_only_managed_regions_and_owners(client, cast):
    page = login(client, cast, "manager_a").get(reverse("admin:infrastructures_infrastructure_add"))
    form = page.context["adminform"].form
    assert list(form.fields["region"].queryset) == [cast.region_a]
    assert [o.slug for o in form.fields["owner"].queryset] == ["owner-a"]


def test_admin_action_cannot_publish_another_regions_draft(client, cast):
    client = login(client, cast, "manager_a")
    response = client.post(
        reverse("admin:infrastructures_infrastructure_changelist"),
        {"action": "move_to_published", "_selected_action": [cast.draft_b.pk, cast.draft_a.pk]},
    )
    assert response.status_code == 302
    cast.draft_a.refresh_from_db()
    cast.draft_b.refresh_from_db()
    assert cast.draft_a.publication_state == "published"
    assert cast.draft_b.publication_state == "draft"


def test_api_door(cast):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=cast.users["manager_a"]).key)
    assert client.get("/api/v1/infrastructures/draft-b/").status_code == 404
    assert (
        client.patch("/api/v1/infrastructures/draft-b/", {"name_en": "x"}, format="json").status_code == 404
    )
    assert (
        client.patch("/api/v1/infrastructures/published-b/", {"name_en": "x"}, format="json").status_code
        == 403
    )


def upload(client, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["slug", "name_en", "kind", "owner", "region"])
    writer.writerows(rows)
    return uploads.upload(client, buffer.getvalue().encode())


def test_import_door_refuses_rows_of_another_region(client, cast):
    client = login(client, cast, "manager_a")
    response = upload(client, [
        ["draft-b", "Taken over", "lab", "owner-b", "south-netherlands"],
        ["brand-new", "New lab", "lab", "owner-b", "south-netherlands"],
    ])  # fmt: skip
    assert response.status_code == 400
    page = response.content.decode()
    assert "This entry belongs to a region you do not manage." in page
    assert "You do not manage the region South Netherlands." in page
    assert not Infrastructure.objects.filter(slug="brand-new").exists()
    assert Infrastructure.objects.get(slug="draft-b").name_en != "Taken over"


def test_export_door_holds_only_the_managers_regions(client, cast):
    response = login(client, cast, "manager_a").get(reverse("curation:export", args=["csv"]))
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert {row["slug"] for row in rows} == {"published-a", "draft-a"}


def test_data_quality_door(client, cast):
    client = login(client, cast, "manager_a")
    page = client.get(reverse("curation:quality")).content.decode()
    assert cast.draft_a.name_en in page and cast.draft_b.name_en not in page
    client.post(reverse("curation:quality"), {"entry": [cast.draft_b.pk]})
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.last_reviewed_on is None


def test_managing_authority_reads_everything_and_changes_nothing(client, cast):
    client = login(client, cast, "authority")
    listing = client.get(reverse("admin:infrastructures_infrastructure_changelist"))
    assert {entry.slug for entry in listing.context["cl"].result_list} == {
        "published-a",
        "draft-a",
        "published-b",
        "draft-b",
    }
    assert "move_to_published" not in listing.content.decode()
    page = client.get(change_url(cast.draft_b))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    client.post(change_url(cast.draft_b), {"name_en": "Changed"})
    cast.draft_b.refresh_from_db()
    assert cast.draft_b.name_en != "Changed"
    assert client.get(reverse("curation:import")).status_code == 403
    export = client.get(reverse("curation:export", args=["csv"]))
    assert "draft-b" in b"".join(export.streaming_content).decode()
    assert client.get(reverse("admin:infrastructures_infrastructure_add")).status_code == 403


def test_anonymous_is_sent_to_log_in_at_every_curation_door(client, cast):
    for url in (
        reverse("curation:quality"),
        reverse("curation:import"),
        reverse("curation:export", args=["csv"]),
        reverse("admin:infrastructures_infrastructure_changelist"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/login/" in response["Location"], url


# What an anonymous visitor gets at every named URL outside the admin (the API's router names
# included). A new URL fails this test until its expectation is written down here.
ANONYMOUS_EXPECTATIONS = {
    "catalogue:home": 200,
    "catalogue:search": 200,
    "catalogue:map-features": 200,  # published entries only, clustered (GeoJSON)
    "catalogue:infrastructure": {"published-a": 200, "draft-a": 404},
    "catalogue:organisation": {"owner-a": 200},
    "catalogue:region": {"flanders": 200},
    "catalogue:theme": {"no-such-theme": 404},
    "catalogue:cluster": {"no-such-cluster": 404},
    "curation:home": 302,
    "curation:start": 302,
    "curation:quality": 302,
    "curation:import": 302,
    "curation:job": {"1": 302},
    "curation:job-download": {"1": 302},
    "curation:job-recheck": {"1": 302},
    "curation:job-status": {"1": 302},
    "curation:mapping-delete": {"1": 302},
    "curation:import-template": {"csv": 302},
    "curation:export": {"csv": 302},
    "api:api-root": 200,
    "api:schema": 200,
    "api:docs": 200,
    "api:redoc": 200,
    "api:infrastructure-list": 200,
    "api:infrastructure-detail": {"published-a": 200, "draft-a": 404},
    "api:organisation-list": 200,
    "api:organisation-detail": {"owner-a": 200},
    "api:region-list": 200,
    "api:region-detail": {"flanders": 200},
    "api:theme-list": 200,
    "api:theme-detail": {"no-such-theme": 404},
    "api:funding-programme-list": 200,
    "api:funding-record-list": 200,
    "api:funding-programme-detail": {"no-such-programme": 404},
    "api:cluster-list": 200,
    "api:cluster-detail": {"no-such-cluster": 404},
    "api:equipment-list": 200,  # items of published entries only
    "api:equipment-detail": {"999999": 404},
    "api:tombstone-list": 200,  # only what the public saw gets a tombstone
    "api:access-request-list": 401,
    "api:access-request-detail": {"1": 401},
    "access:request": {"published-a": 200, "draft-a": 404, "no-such-lab": 404},
    "access:one-stop": 200,
    "access:sent": {"RII-0000-0000": 404},  # only in the browser that sent it
    "access:privacy": 200,
    "access:curation-list": 302,
    "access:curate": {"RII-0000-0000": 302},
    "access:report-outdated": {"published-a": 200, "draft-a": 404, "no-such-lab": 404},
    "access:report-sent": {"published-a": 404},  # only in the browser that sent the report
    "access:curation-reports": 302,
    # Funding of published entries is public (ERDF lists of operations are public by regulation).
    "reports:home": 200,
    "reports:funding": 200,
    "reports:compare": 200,
    "reports:sme-access": 200,
    # The published catalogue as open data, and its DCAT-AP record.
    "opendata:index": 200,
    "opendata:file": {"infrastructures.csv": 200, "no-such-file.csv": 404},
    "opendata:catalog": {"ttl": 200, "jsonld": 200, "xml": 404},
    # Outside the namespaces: the sitemap index and a section's sitemap (published entries only).
    "sitemap": 200,
    "sitemap-section": {"infrastructures": 200, "no-such-section": 404},
    # The health endpoints for load balancers and monitoring: they say "ok" or "unavailable", no more.
    "health-live": 200,
    "health-ready": 200,
    "health-worker": 200,
}


def named_urls():
    from django.urls import get_resolver

    namespaces = get_resolver().namespace_dict
    return {
        f"{namespace}:{name}"
        for namespace in ("catalogue", "curation", "api", "access", "reports", "opendata")
        for name in namespaces[namespace][1].reverse_dict
        if isinstance(name, str)
    }


def test_every_named_url_has_an_expectation_for_anonymous_visitors(client, cast):
    missing = named_urls() - set(ANONYMOUS_EXPECTATIONS)
    assert not missing, f"write down what anonymous visitors get at: {sorted(missing)}"
    for name, expected in ANONYMOUS_EXPECTATIONS.items():
        cases = expected.items() if isinstance(expected, dict) else [(None, expected)]
        for argument, status in cases:
            url = reverse(name, args=[argument] if argument else [])
            assert client.get(url).status_code == status, url


def test_manager_adds_an_entry_in_the_admin_as_a_draft(client, cast):
    from infrastructures.models import PublicationEvent

    client.force_login(cast.users["manager_a"])
    formsets = {
        f"{prefix}-{field}": 0
        for prefix in ("equipment", "funding_records", "access_conditions", "publication_events")
        for field in ("TOTAL_FORMS", "INITIAL_FORMS")
    }
    data = {"name_en": "Admin lab", "slug": "admin-lab", "kind": "lab", "status": "operational",
            "owner": cast.published_a.owner_id, "region": cast.region_a.pk} | formsets  # fmt: skip
    response = client.post(reverse("admin:infrastructures_infrastructure_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = Infrastructure.objects.get(slug="admin-lab")
    assert entry.publication_state == "draft"
    event = PublicationEvent.objects.get(infrastructure=entry)
    assert (event.origin, event.user) == ("admin", cast.users["manager_a"])
    data |= {"slug": "elsewhere-lab", "region": cast.region_b.pk}
    response = client.post(reverse("admin:infrastructures_infrastructure_add"), data)
    assert response.status_code == 200 and "region" in response.context["adminform"].form.errors
    assert not Infrastructure.objects.filter(slug="elsewhere-lab").exists()


# Findings of the rights review, each kept fixed by a test.


def test_admin_foreign_keys_offer_only_the_managers_regions(client, cast):
    from access.models import AccessCondition
    from infrastructures.models import Equipment

    client = login(client, cast, "manager_a")
    response = client.post(
        reverse("admin:infrastructures_equipment_add"),
        {"infrastructure": cast.draft_b.pk, "name_en": "Planted"},
    )
    assert response.status_code == 200 and "infrastructure" in response.context["adminform"].form.errors
    prices = {"prices-TOTAL_FORMS": 0, "prices-INITIAL_FORMS": 0}
    response = client.post(
        reverse("admin:access_accesscondition_add"), {"infrastructure": cast.published_b.pk} | prices
    )
    assert response.status_code == 200 and "infrastructure" in response.context["adminform"].form.errors
    assert not Equipment.objects.filter(name_en="Planted").exists()
    assert not AccessCondition.objects.filter(infrastructure=cast.published_b).exists()


def test_managing_authority_cannot_change_anything_through_a_revert(client, cast):
    from infrastructures.models import FundingRecord
    from tests import factories

    record = FundingRecord.objects.create(
        programme=factories.programme(), infrastructure=cast.published_b, amount="100.00"
    )
    version = record.history.first()
    url = reverse("admin:infrastructures_fundingrecord_simple_history", args=[record.pk, version.history_id])
    client = login(client, cast, "authority")
    response = client.post(url, {"programme": record.programme_id, "infrastructure": cast.published_b.pk,
                                 "amount": "999999", "project": "hacked"})  # fmt: skip
    assert response.status_code == 403
    record.refresh_from_db()
    assert str(record.amount) == "100.00"
    assert (
        client.get(reverse("admin:infrastructures_infrastructure_history", args=["abc"])).status_code == 404
    )


def test_a_revert_cannot_move_the_publication_state(client, cast):
    """Reverting to a version from when the entry was published brings back its fields, not its
    state: the state moves only through the workflow."""
    from infrastructures import services
    from tests.admin_forms import form_data

    manager = cast.users["manager_a"]
    published_version = cast.published_a.history.filter(publication_state="published").first()
    services.infrastructure_update(
        user=manager, infrastructure=cast.published_a, data={"name_en": "Withdrawn lab"}, origin="admin"
    )
    services.infrastructure_transition(
        user=manager, infrastructure=cast.published_a, to_state="draft", origin="admin"
    )
    url = reverse(
        "admin:infrastructures_infrastructure_simple_history",
        args=[cast.published_a.pk, published_version.history_id],
    )
    client = login(client, cast, "manager_a")
    data = form_data(client.get(url)) | {"publication_state": "published"}  # even if one tries
    assert client.post(url, data).status_code == 302
    cast.published_a.refresh_from_db()
    assert cast.published_a.name_en == published_version.name_en  # the revert happened
    assert cast.published_a.publication_state == "draft"  # the state did not move


def test_owner_and_parent_must_be_organisations_of_managed_regions(cast):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.create(user=cast.users["manager_a"]).key)
    new = {"slug": "x-lab", "name_en": "X lab", "kind": "lab", "owner": "owner-b", "region": "flanders"}
    response = client.post("/api/v1/infrastructures/", new, format="json")
    assert response.status_code == 400 and "owner" in response.json()
    response = client.patch("/api/v1/infrastructures/draft-a/", {"owner": "owner-b"}, format="json")
    assert response.status_code == 400 and "owner" in response.json()
    organisation = {
        "slug": "child",
        "name_en": "Child",
        "kind": "company",
        "region": "flanders",
        "parent": "owner-b",
    }
    response = client.post("/api/v1/organisations/", organisation, format="json")
    assert response.status_code == 400 and "parent" in response.json()
    response = upload(
        login(Client(), cast, "manager_a"), [["new-lab", "New lab", "lab", "owner-b", "flanders"]]
    )
    assert (
        response.status_code == 400 and "belongs to a region you do not manage" in response.content.decode()
    )


def test_region_list_counts_published_entries_only(client, cast):
    page = login(client, cast, "manager_a").get(reverse("admin:regions_region_changelist"))
    counts = {region.slug: region.infrastructure_total for region in page.context["cl"].result_list}
    assert counts["south-netherlands"] == 1


@pytest.mark.parametrize(
    "content, name",
    [
        (b"slug,name_en,kind,owner,region\rx,y,lab,owner-a,flanders\r", "mac.csv"),
        (b"slug,name_en,kind,owner,region\n" + b"x" * 140_000 + b",y,lab,owner-a,flanders\n", "huge.csv"),
        (b"PK\x03\x04 broken zip", "broken.xlsx"),
        (b"slug,name_en,kind,owner,region\nx\x00y,n,lab,owner-a,flanders\n", "nul.csv"),
    ],
)
def test_odd_files_get_a_reason_not_a_server_error(client, cast, content, name):
    response = uploads.upload(login(client, cast, "manager_a"), content, name)
    assert response.status_code in (200, 400)
    assert not Infrastructure.objects.filter(slug__startswith="x").exists()


def test_odd_curation_and_admin_input_gets_a_4xx(client, cast):
    client = login(client, cast, "manager_a")
    assert client.post(reverse("curation:quality"), {"entry": ["abc", "1.5"]}).status_code == 302
    autocomplete = (
        "/admin/autocomplete/?app_label=infrastructures&model_name=equipment&field_name=infrastructure"
    )
    assert client.get(autocomplete + "&term=a%00b").status_code == 400
    assert (
        client.get(reverse("admin:infrastructures_infrastructure_changelist") + "?q=a%00b").status_code == 400
    )
