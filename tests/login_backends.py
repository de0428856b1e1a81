"""The login lockout as the test suite runs it (settings_test.AUTHENTICATION_BACKENDS).

Django's test client logs in with `client.login(username=..., password=...)`, which calls
`authenticate()` without a request; django-axes refuses that as a programming error, since it
cannot count an address it does not have. Such a login is no HTTP login: it is left to
ModelBackend. Every login through a page still goes through axes, as in production."""

from axes.backends import AxesStandaloneBackend


class LockoutBackendForTestClient(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
