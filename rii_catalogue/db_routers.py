"""Public reads from a read replica (DATABASE_REPLICA_URL), everything else from the primary.

A replica is a copy that may lag a few seconds behind the primary. Reads go there only when that
lag cannot mislead anyone: a safe request (GET, HEAD, OPTIONS) of an anonymous visitor, outside the
admin and curation, and not right after that client's own write. Everything else reads the primary:
signed-in curators and token clients (who just saved something and expect to see it), writes, reads
inside a transaction, the job worker and commands (no request at all).

Who may read the replica is decided from the request alone, before any view runs and without a
query: no session cookie (reading the session would cost one), no Authorization header, no pin
cookie. The pin cookie is set on the answer to every unsafe request and lasts REPLICA_PIN_SECONDS,
longer than the replica is expected to lag: the confirmation page after an access request, and any
page the client opens next, show what it has just written.
"""

import re
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "read_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Tables a request reads then writes (cache counters, sessions, login attempts): read where they
# are written, or a lagging copy would undercount a rate limit or forget a login.
PRIMARY_ONLY_APPS = frozenset({"django_cache", "sessions", "axes"})

# Whether the current request's reads may come from the replica. A context variable: each thread
# (and each asyncio task) of a server sees its own request's answer; outside a request it is False.
_replica_allowed = ContextVar("replica_allowed", default=False)


def _curators_paths():
    languages = "|".join(re.escape(code) for code, _name in settings.LANGUAGES)
    return re.compile(rf"^/(?:(?:{languages})/)?(?:admin|curation)/")


class ReplicaRouter:
    """Reads to the replica while the request allows it; writes and migrations to the primary."""

    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        # A transaction on the primary reads what it has written, and what it locks.
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # an object's related rows come from where the object came
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica is a copy of the primary: a row read from one may refer to a row of the other.
        both = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in both and obj2._state.db in both:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica receives the primary's schema with its data; nothing migrates it.
        return False if db == REPLICA else None


class ReplicaReadsMiddleware:
    """Says, for each request, whether its reads may come from the replica (see the module's
    docstring), and pins a client that has just written to the primary for a few seconds.

    Not used at all without a replica. Placed after CsrfViewMiddleware: a request CSRF refuses
    writes nothing and needs no pin."""

    def __init__(self, get_response):
        if REPLICA not in settings.DATABASES:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.curators_paths = _curators_paths()

    def __call__(self, request):
        token = _replica_allowed.set(self.replica_may_answer(request))
        try:
            response = self.get_response(request)
        finally:
            _replica_allowed.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def replica_may_answer(self, request):
        cookies = request.COOKIES
        return (
            request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in cookies
            and PIN_COOKIE not in cookies
            and "HTTP_AUTHORIZATION" not in request.META
            and not self.curators_paths.match(request.path_info)
        )


@contextmanager
def primary_reads():
    """Read the primary inside this block, whatever the request: for values kept in a shared cache
    (a lagging replica would keep an old value under the new catalogue version)."""
    token = _replica_allowed.set(False)
    try:
        yield
    finally:
        _replica_allowed.reset(token)
