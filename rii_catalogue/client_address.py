"""The address of the client a request came from, one rule for every limit that counts per client:
login lockouts (django-axes calls `client_address(request)`), the access-request rate
(access.limits) and the API's throttles (rii_catalogue.throttling).

Behind DJANGO_TRUSTED_PROXY_COUNT proxies, each appending the address it saw to X-Forwarded-For,
the client is the entry that the outermost trusted proxy added; what a client writes into the header
itself stays to the left of it and is never believed.

An IPv6 client counts as its /64 network: one subscriber gets a whole /64 and could otherwise start
afresh with each of its addresses."""

import ipaddress

from django.conf import settings

IPV6_CLIENT_PREFIX = 64


def client_address(request):
    """The client's address as text, or None when the server passed none we can read (a Unix
    socket without a proxy, a header that is not an address): such clients then share one bucket."""
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        addresses = [address.strip() for address in forwarded.split(",") if address.strip()]
        if addresses:
            return _normalised(addresses[-min(proxies, len(addresses))])
    return _normalised(request.META.get("REMOTE_ADDR", ""))


def client_bucket(request):
    """client_address() as a key to count under, never empty."""
    return client_address(request) or "unknown"


def _normalised(text):
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if address.version == 6:
        if address.ipv4_mapped:  # ::ffff:192.0.2.1 from a dual-stack socket is that IPv4 client
            return str(address.ipv4_mapped)
        host_bits = 128 - IPV6_CLIENT_PREFIX
        return str(ipaddress.IPv6Address(int(address) >> host_bits << host_bits))
    return str(address)
