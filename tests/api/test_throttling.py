"""The API's request rates: anonymous clients by address, token and session clients by account;
over the rate a 429 in JSON saying when to retry, with Retry-After in seconds."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rii_catalogue.throttling import CatalogueRateThrottle

pytestmark = pytest.mark.django_db

URL = "/api/v1/themes/"
PROXY = "10.0.0.2"  # behind a proxy every request reaches gunicorn from it


@pytest.fixture(autouse=True)
def low_rates(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "3/min", "user": "5/min"},
    }
    caches["throttle"].clear()
    yield
    caches["throttle"].clear()


@pytest.fixture
def account():
    return get_user_model().objects.create_user("harvester", "harvester@example.com", "pw")


def token_client(user, **defaults):
    client = APIClient(**defaults)
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.get_or_create(user=user)[0].key)
    return client


def statuses(client, times, url=URL, **headers):
    return [client.get(url, headers=headers).status_code for _ in range(times)]


def test_an_anonymous_client_over_the_rate_gets_a_clear_429_with_retry_after():
    client = APIClient()
    assert statuses(client, 3) == [200] * 3
    response = client.get(URL)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("application/json")
    wait = response["Retry-After"]
    assert wait.isdigit() and 55 <= int(wait) <= 60
    assert response.json() == {"detail": f"Request was throttled. Expected available in {wait} seconds."}


def test_after_retry_after_seconds_the_client_gets_through_again(monkeypatch):
    client = APIClient()
    statuses(client, 3)
    wait = int(client.get(URL)["Retry-After"])
    start = CatalogueRateThrottle.timer()
    monkeypatch.setattr(CatalogueRateThrottle, "timer", lambda self: start + wait - 2)
    assert client.get(URL).status_code == 429
    monkeypatch.setattr(CatalogueRateThrottle, "timer", lambda self: start + wait + 1)
    assert client.get(URL).status_code == 200


def test_the_schema_and_docs_count_as_anonymous_reads():
    client = APIClient()
    assert statuses(client, 1, "/api/v1/schema/") + statuses(client, 2, "/api/v1/docs/") == [200] * 3
    assert client.get(URL).status_code == 429


def test_a_token_client_has_its_own_bucket_counted_by_account(account):
    anonymous = APIClient()
    statuses(anonymous, 4)
    assert anonymous.get(URL).status_code == 429
    token = token_client(account)  # same address as the anonymous client
    assert statuses(token, 5) == [200] * 5
    response = token.get(URL)
    assert response.status_code == 429 and int(response["Retry-After"]) >= 55
    # The same account from elsewhere, or signed in on the admin (session), shares the bucket.
    assert token_client(account, REMOTE_ADDR="192.0.2.40").get(URL).status_code == 429
    session = APIClient(REMOTE_ADDR="192.0.2.41")
    session.force_login(account)
    assert session.get(URL).status_code == 429
    # Another account is not held back.
    other = get_user_model().objects.create_user("portal", "portal@example.com", "pw")
    assert token_client(other).get(URL).status_code == 200


def test_behind_a_proxy_each_forwarded_client_has_its_own_bucket(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    first, second = APIClient(REMOTE_ADDR=PROXY), APIClient(REMOTE_ADDR=PROXY)
    assert statuses(first, 3, **{"X-Forwarded-For": "203.0.113.5"}) == [200] * 3
    assert first.get(URL, headers={"X-Forwarded-For": "203.0.113.5"}).status_code == 429
    assert statuses(second, 3, **{"X-Forwarded-For": "203.0.113.6"}) == [200] * 3


def test_behind_a_proxy_a_forged_forwarded_address_does_not_escape(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = APIClient(REMOTE_ADDR=PROXY)
    statuses(client, 3, **{"X-Forwarded-For": "203.0.113.5"})
    # The client wrote 192.0.2.99 into the header itself; the proxy appended what it saw.
    forged = client.get(URL, headers={"X-Forwarded-For": "192.0.2.99, 203.0.113.5"})
    assert forged.status_code == 429


def test_without_a_trusted_proxy_the_header_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    client = APIClient()
    for address in ("192.0.2.1", "192.0.2.2", "192.0.2.3"):
        assert client.get(URL, headers={"X-Forwarded-For": address}).status_code == 200
    assert client.get(URL, headers={"X-Forwarded-For": "192.0.2.4"}).status_code == 429


def test_the_schema_documents_429_with_retry_after(client):
    schema = client.get("/api/v1/schema/?format=json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            answer = operation["responses"].get("429")
            assert answer is not None, (method, path)
            assert answer["headers"]["Retry-After"]["schema"]["type"] == "integer", (method, path)
