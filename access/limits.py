"""The rate limit on access requests: per client address, counted in the shared cache across the
public forms and the API, so that one door cannot be used to get round the other."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited

from rii_catalogue.client_address import client_bucket


def _client(group, request):
    # The same client as the login lockout and the API's throttles count (DJANGO_TRUSTED_PROXY_COUNT).
    return client_bucket(request)


# Seconds of each unit a rate may be given in ("10/h", "100/5m").
PERIOD_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 24 * 3600}


def retry_after_seconds():
    """The rate's window, for Retry-After: the client may send again once it has passed."""
    period = settings.ACCESS_REQUEST_RATE.partition("/")[2]
    return int(period[:-1] or 1) * PERIOD_UNITS[period[-1]]


def over_the_rate(request):
    return is_ratelimited(
        request,
        group="access-request",
        key=_client,
        rate=settings.ACCESS_REQUEST_RATE,
        method="POST",
        increment=True,
    )
