"""One rule for who the client is (rii_catalogue.client_address), shared by the login lockout, the
access-request limit and the API's throttles: what a trusted proxy saw, never what a client wrote."""

import pytest
from django.test import RequestFactory
from rest_framework.test import APIClient

from rii_catalogue.client_address import client_address
from tests.rights import make_cast

PROXY = "10.0.0.2"


def address(remote_addr=PROXY, forwarded_for=None):
    headers = {"X-Forwarded-For": forwarded_for} if forwarded_for is not None else {}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote_addr, headers=headers))


def test_without_a_proxy_the_connection_is_the_client_and_the_header_is_not_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("192.0.2.10", forwarded_for="198.51.100.1") == "192.0.2.10"


@pytest.mark.parametrize(
    "proxies, forwarded_for, expected",
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "192.0.2.99, 203.0.113.5", "203.0.113.5"),  # the left entry is the client's own writing
        (1, "192.0.2.99,203.0.113.5 ", "203.0.113.5"),
        (2, "192.0.2.99, 203.0.113.5, 10.0.0.9", "203.0.113.5"),  # a CDN, then the load balancer
        (2, "203.0.113.5", "203.0.113.5"),  # fewer entries than proxies: the nearest one's
    ],
)
def test_behind_trusted_proxies_the_client_is_what_the_outermost_one_saw(
    settings, proxies, forwarded_for, expected
):
    settings.TRUSTED_PROXY_COUNT = proxies
    assert address(forwarded_for=forwarded_for) == expected


def test_behind_a_proxy_without_the_header_the_connection_counts(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address("192.0.2.10") == "192.0.2.10"


def test_an_ipv6_client_counts_as_its_64_network(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert address("2001:db8:aa:1:2:3:4:5") == address("2001:db8:aa:1:ffff::1") == "2001:db8:aa:1::"
    assert address("2001:db8:aa:2::1") == "2001:db8:aa:2::"
    assert address("::ffff:192.0.2.10") == "192.0.2.10"  # an IPv4 client on a dual-stack socket


@pytest.mark.parametrize(
    "remote_addr, forwarded_for", [("", None), ("unix:/run/gunicorn.sock", None), (PROXY, "x")]
)
def test_what_is_not_an_address_is_none(settings, remote_addr, forwarded_for):
    settings.TRUSTED_PROXY_COUNT = 1
    assert address(remote_addr, forwarded_for=forwarded_for) is None


@pytest.mark.django_db
def test_the_access_request_limit_counts_the_client_behind_the_proxy(settings):
    make_cast()
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ACCESS_REQUEST_RATE = "1/h"
    body = {
        "infrastructure": "published-a",
        "company_name": "Acme Optics BV",
        "company_size": "micro",
        "country": "BE",
        "contact_name": "An Peeters",
        "contact_email": "an@acme.example",
        "need": "Climate chamber tests.",
        "consent": True,
    }

    def send(forwarded_for, need):
        client = APIClient(REMOTE_ADDR=PROXY)
        response = client.post(
            "/api/v1/access-requests/",
            {**body, "need": need},
            format="json",
            headers={"X-Forwarded-For": forwarded_for},
        )
        return response.status_code

    assert send("203.0.113.5", "first") == 201
    assert send("192.0.2.99, 203.0.113.5", "second") == 429  # a forged entry does not escape
    assert send("203.0.113.6", "third") == 201  # another client behind the same proxy
