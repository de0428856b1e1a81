"""The rate limit on access requests: per client address, counted in the shared cache across the
public forms and the API, so that one door cannot be used to get round the other."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def client_address(group, request):
    """REMOTE_ADDR (or RATELIMIT_IP_META_KEY behind a proxy). A server that passes no address
    puts all such clients in one bucket rather than failing the request."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    return request.META.get(meta_key) or "unknown"


def over_the_rate(request):
    return is_ratelimited(
        request,
        group="access-request",
        key=client_address,
        rate=settings.ACCESS_REQUEST_RATE,
        method="POST",
        increment=True,
    )
