"""Anonymous POST /api/v1/access-requests/: the same fields and rules as the public form, 201 with
the reference number, stored once, throttled, documented in OpenAPI."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from access import services
from access.models import AccessRequest
from tests import factories
from tests.uploads import run_after_commit

pytestmark = pytest.mark.django_db

URL = "/api/v1/access-requests/"


@pytest.fixture
def request_body():
    return {
        "infrastructure": "published-a",
        "company_name": "Acme Optics BV",
        "vat_number": "BE0403170701",
        "company_size": "micro",
        "country": "BE",
        "contact_name": "An Peeters",
        "contact_email": "an@acme.example",
        "contact_phone": "+32 9 123 45 67",
        "need": "Climate chamber tests.\nTwenty boards.",
        "wanted_from": "2027-03-01",
        "wanted_until": "2027-03-31",
        "wants_updates": True,
        "consent": True,
    }


def post(body, client=None):
    with run_after_commit():
        return (client or APIClient()).post(URL, body, format="json")


def test_an_anonymous_portal_sends_a_request_and_gets_its_reference(cast, request_body, mailoutbox):
    response = post(request_body)
    assert response.status_code == 201, response.json()
    body = response.json()
    stored = AccessRequest.objects.get()
    assert body["reference"] == stored.reference and body["status"] == "new"
    for name, value in request_body.items():
        assert body[name] == value, name  # what went in comes out
    assert stored.need == request_body["need"] and stored.infrastructure == cast.published_a
    assert len(mailoutbox) == 2


def test_a_one_stop_request_through_the_api(cast, request_body):
    body = {**request_body, "regions": ["flanders", "south-netherlands"], "themes": []}
    del body["infrastructure"]
    response = post(body)
    assert response.status_code == 201, response.json()
    assert response.json()["infrastructure"] is None
    assert set(AccessRequest.objects.get().regions.values_list("slug", flat=True)) == {
        "flanders", "south-netherlands",
    }  # fmt: skip


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"company_name": ""}, "company_name"),
        ({"contact_email": "an-at-acme"}, "contact_email"),
        ({"company_size": "huge"}, "company_size"),
        ({"vat_number": "BE0403170702"}, "vat_number"),
        ({"consent": False}, "consent"),
        ({"need": "x" * 5001}, "need"),
        ({"wanted_until": "2027-02-01"}, "wanted_until"),
        ({"country": "XX"}, "country"),
        ({"regions": ["flanders"]}, "regions"),  # an infrastructure and regions: which one?
        ({"infrastructure": None}, "infrastructure"),
        ({"status": "completed"}, "status"),  # read-only: refused, not ignored
        ({"colour": "blue"}, "colour"),
    ],
)
def test_a_bad_field_is_a_400_naming_it_and_nothing_is_stored(cast, request_body, changes, field, mailoutbox):
    response = post({**request_body, **changes})
    assert response.status_code == 400 and field in response.json(), response.json()
    assert not AccessRequest.objects.exists() and not mailoutbox


def test_missing_fields_are_named_together(cast):
    response = post({"infrastructure": "published-a"})
    assert response.status_code == 400
    assert {"company_name", "company_size", "contact_name", "contact_email", "need", "consent"} <= set(
        response.json()
    )


@pytest.mark.parametrize("slug", ["draft-a", "no-such-lab"])
def test_drafts_and_unknown_entries_take_no_requests(cast, request_body, slug):
    response = post({**request_body, "infrastructure": slug})
    assert response.status_code == 404 and not AccessRequest.objects.exists()


def test_the_same_request_twice_is_stored_once(cast, request_body):
    first, again = post(request_body), post(request_body)
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["reference"] == again.json()["reference"] and AccessRequest.objects.count() == 1


def test_the_api_is_throttled_per_address_together_with_the_form(cast, request_body, settings, client):
    settings.ACCESS_REQUEST_RATE = "2/h"
    assert post({**request_body, "need": "one"}).status_code == 201
    form = {**request_body, "need": "two", "wants_updates": "", "consent": "on"}
    del form["infrastructure"]
    assert client.post("/infrastructures/published-a/request/", form).status_code == 302
    response = post({**request_body, "need": "three"})
    assert response.status_code == 429 and "Retry-After" in response
    assert AccessRequest.objects.count() == 2


def test_anonymous_clients_still_read_no_requests(cast, request_body):
    reference = post(request_body).json()["reference"]
    client = APIClient()
    assert client.get(URL).status_code == 401
    assert client.get(f"{URL}{AccessRequest.objects.get(reference=reference).pk}/").status_code == 401
    assert client.patch(f"{URL}1/", {"status": "declined"}, format="json").status_code == 401


def test_the_schema_documents_the_anonymous_post(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    post_operation = schema["paths"]["/api/v1/access-requests/"]["post"]
    assert {"201", "400", "404", "429"} <= set(post_operation["responses"])
    assert post_operation.get("security") is None or {} in post_operation["security"]
    body = schema["components"]["schemas"]["AccessRequestSubmissionRequest"]
    assert {"infrastructure", "regions", "company_name", "consent", "wanted_until"} <= set(body["properties"])


def test_a_server_that_passes_no_client_address_gets_an_answer_not_an_error(cast, request_body):
    response = APIClient(REMOTE_ADDR="").post(URL, request_body, format="json")
    assert response.status_code == 201


def _openapi_to_jsonschema(node, components):
    """OpenAPI 3.0 to JSON Schema: references inlined, `nullable` as a null type."""
    if isinstance(node, list):
        return [_openapi_to_jsonschema(item, components) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _openapi_to_jsonschema(components[node["$ref"].rsplit("/", 1)[1]], components)
    converted = {
        key: _openapi_to_jsonschema(value, components)
        for key, value in node.items()
        if key not in ("nullable", "readOnly", "writeOnly")
    }
    return {"anyOf": [converted, {"type": "null"}]} if node.get("nullable") else converted


def schema_problems(component, data):
    """Where `data` breaks the served OpenAPI schema's `component` (formats included)."""
    import jsonschema

    components = APIClient().get("/api/v1/schema/?format=json").json()["components"]["schemas"]
    validator = jsonschema.Draft7Validator(
        _openapi_to_jsonschema(components[component], components), format_checker=jsonschema.FormatChecker()
    )
    return sorted(f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data))


def test_one_stop_and_anonymised_requests_match_the_schema(cast, request_body):
    del request_body["infrastructure"]
    created = post({**request_body, "regions": ["flanders"], "country": ""})
    assert created.status_code == 201 and schema_problems("AccessRequestSubmission", created.json()) == []
    stored = AccessRequest.objects.get()
    AccessRequest.objects.filter(pk=stored.pk).update(updated_at=timezone.now() - timedelta(days=3000))
    services.anonymise_access_requests()
    api = APIClient()
    api.force_authenticate(cast.users["manager_a"])
    detail = api.get(f"{URL}{stored.pk}/").json()
    assert detail["contact_email"] == "" and schema_problems("AccessRequest", detail) == []


def _api_for(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_etag_changes_when_a_request_is_anonymised(cast):
    request = factories.access_request(cast.published_a)
    api, url = _api_for(cast.users["manager_a"]), f"{URL}{request.pk}/"
    seen = api.get(url)
    assert seen.json()["company_name"] == "Acme"
    AccessRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now() - timedelta(days=3000))
    services.anonymise_access_requests()
    again = api.get(url, HTTP_IF_NONE_MATCH=seen["ETag"])
    assert again.status_code == 200 and again.json()["company_name"] == ""


def test_the_etag_changes_when_a_request_is_forwarded_again(cast):
    request = factories.access_request(regions=[cast.region_a], infrastructure=None)
    manager = cast.users["manager_a"]
    services.access_request_move(
        user=manager, access_request=request, status="forwarded", forward_to=[cast.published_a], origin="t"
    )
    api, url = _api_for(manager), f"{URL}{request.pk}/"
    seen = api.get(url)
    request.refresh_from_db()
    second_lab = factories.infrastructure(owner=cast.published_a.owner, region=cast.region_a)
    services.access_request_move(user=manager, access_request=request, forward_to=[second_lab], origin="t")
    again = api.get(url, HTTP_IF_NONE_MATCH=seen["ETag"])
    assert again.status_code == 200 and len(again.json()["forwarded_to"]) == 2
