import pytest

from tests import factories

pytestmark = pytest.mark.django_db

URL = "/api/v1/access-requests/"


def enquiry(entry, company):
    return factories.access_request(
        entry, company_name=company, company_size="small", contact_name="An",
        contact_email="an@example.com", need="Optical measurements", consent=True,
    )  # fmt: skip


@pytest.fixture
def requests_ab(cast):
    return enquiry(cast.published_a, "Acme Flanders"), enquiry(cast.draft_b, "Acme Eindhoven")


@pytest.mark.parametrize(
    "who, visible",
    [("manager_a", {"Acme Flanders"}), ("manager_b", {"Acme Eindhoven"}),
     ("authority", {"Acme Flanders", "Acme Eindhoven"}), ("superuser", {"Acme Flanders", "Acme Eindhoven"})],
)  # fmt: skip
def test_curators_see_the_requests_of_their_regions(api_as, requests_ab, who, visible):
    rows = api_as(who).get(URL).json()["results"]
    assert {row["company_name"] for row in rows} == visible
    assert all(row["is_sme"] for row in rows)


def test_anonymous_sees_no_access_requests(api_as, requests_ab):
    assert api_as("anonymous").get(URL).status_code == 401
    assert api_as("anonymous").get(f"{URL}{requests_ab[0].pk}/").status_code == 401


def test_only_the_regions_manager_moves_a_request_and_only_its_status(api_as, requests_ab):
    in_a, in_b = requests_ab
    manager_a = api_as("manager_a")
    assert manager_a.patch(f"{URL}{in_a.pk}/", {"status": "forwarded"}, format="json").status_code == 200
    assert manager_a.patch(f"{URL}{in_b.pk}/", {"status": "forwarded"}, format="json").status_code == 404
    assert (
        api_as("authority").patch(f"{URL}{in_a.pk}/", {"status": "completed"}, format="json").status_code
        == 403
    )
    response = manager_a.patch(f"{URL}{in_a.pk}/", {"company_name": "Evil"}, format="json")
    assert response.status_code == 400 and "company_name" in response.json()
    response = manager_a.patch(f"{URL}{in_a.pk}/", {"status": "teleported"}, format="json")
    assert response.status_code == 400 and "status" in response.json()
    in_a.refresh_from_db()
    assert (in_a.status, in_a.company_name) == ("forwarded", "Acme Flanders")


def test_reference_endpoints_list_and_detail(client, seed):
    assert client.get("/api/v1/regions/flanders/").json()["nuts_code"] == "BE2"
    programme = client.get("/api/v1/funding-programmes/erdf-flanders-2014-2020/").json()
    assert programme["priority_axes"][0]["code"] == "1"
    assert client.get("/api/v1/clusters/blue-cluster/").json()["kind"] == "spearhead"
    assert client.get("/api/v1/themes/photonics/").json()["name_nl"] == "Fotonica"
    assert client.get("/api/v1/organisations/b-phot/").json()["parent"] == "vub"


def test_schema_and_docs_are_served_without_a_cdn(client):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/v1/infrastructures/" in schema.json()["paths"]
    parameters = {p["name"] for p in schema.json()["paths"]["/api/v1/infrastructures/"]["get"]["parameters"]}
    assert {"q", "region", "theme", "kind", "access_mode", "business_model", "owner", "trl", "sme", "sort",
            "page", "page_size"} <= parameters  # fmt: skip
    for docs in ("/api/v1/docs/", "/api/v1/redoc/"):
        page = client.get(docs).content.decode()
        assert "cdn" not in page.lower() and "unpkg" not in page
        assert "/static/drf_spectacular_sidecar/" in page
