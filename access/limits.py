"""The rate limit on access requests: per client address, counted in the shared cache across the
public forms and the API, so that one door cannot be used to get round the other."""

from django.conf import settings
from django_ratelimit.core import is_ratelimited


def over_the_rate(request):
    return is_ratelimited(
        request,
        group="access-request",
        key="ip",
        rate=settings.ACCESS_REQUEST_RATE,
        method="POST",
        increment=True,
    )
