"""The API's request rates per client, counted in the cache every web process shares.

Anonymous clients count by address (rii_catalogue.client_address, the rule the login lockout and
the access-request limit follow), token and session clients by account, whichever address they
come from. Over the rate, DRF answers 429 with Retry-After.

They count in their own cache alias, `throttle` (the shared default cache unless configured
otherwise), so that a test run or a region can give them a cheaper store than the pages' cache.
The rates are read from REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] when a request is counted, not
once at import, so a changed setting (a test's, or an operator's) is the one that applies."""

from django.core.cache import caches
from django.core.exceptions import ImproperlyConfigured
from rest_framework import throttling
from rest_framework.settings import api_settings

from rii_catalogue.client_address import client_bucket


class CatalogueRateThrottle(throttling.SimpleRateThrottle):
    @property
    def cache(self):
        return caches["throttle"]

    def get_rate(self):
        try:
            return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
        except KeyError:
            raise ImproperlyConfigured(f"No rate in DEFAULT_THROTTLE_RATES for '{self.scope}'.") from None

    def get_ident(self, request):
        return client_bucket(request)

    def wait(self):
        """The seconds until this client's next request is let through: when the request that keeps
        the history at the limit leaves the window (DRF spreads the time over the requests left
        instead, and says nothing when the history went past the limit)."""
        if len(self.history) < self.num_requests:
            return None
        blocking = self.history[self.num_requests - 1]  # the history is newest first
        # At least a second: DRF leaves out Retry-After when the wait rounds to 0.
        return max(1, self.duration - (self.now - blocking))


class AnonymousRateThrottle(CatalogueRateThrottle):
    """Requests without an account, by client address."""

    scope = "anon"

    def get_cache_key(self, request, view):
        if request.user and request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AccountRateThrottle(CatalogueRateThrottle):
    """Requests of a signed-in account (token or session), by account."""

    scope = "user"

    def get_cache_key(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}
