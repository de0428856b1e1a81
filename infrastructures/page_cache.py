"""Whole public pages for anonymous visitors, kept until the public catalogue changes.

Most requests are anonymous visitors reading the same pages (the home page, popular searches,
entries), and each costs the server tens of queries and a template. `public_page` keeps a page's
HTML in the cache "pages" under the catalogue's version token (`rii_catalogue.catalogue_version`),
so a publication or any other public change shows at once: the token changes, every kept page is
left behind, nothing needs deleting. PUBLIC_PAGE_CACHE_SECONDS is a safety net (0 turns it off).

Kept: the answer of the view itself (200, no cookie, no CSRF token, no session touched), to
anonymous GET and HEAD requests (no session cookie): a signed-in curator neither reads nor fills it.
The key is the token, the language and the whole address with its query string and host (the page
writes absolute addresses for search engines). A page to keep is read on the primary database, not a
read replica (rii_catalogue.db_routers): kept pages are read from the cache, not from either.

Where: a decorator on the view, so inside every middleware. On a hit only the view's work is saved;
the middleware still run for each request: security and CSP headers, the request log, the ETag and
304 of ConditionalGet, and gzip. Compression after the cache means one kept copy serves every
Accept-Encoding, and each response gets its own random BREACH padding.
"""

import hashlib
import zlib
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.http import HttpResponse
from django.utils.cache import has_vary_header
from django.utils.translation import get_language

from rii_catalogue import catalogue_version
from rii_catalogue.db_routers import primary_reads

CACHE = "pages"
READS = {"GET", "HEAD"}
LEFT_OUT = "_page_cache_left_out"


def public_page(view):
    """Keep the view's page for anonymous visitors (see the module's docstring); for a class-based
    view, `method_decorator(public_page, name="dispatch")`."""

    @wraps(view)
    def kept_view(request, *args, **kwargs):
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not _anonymous_read(request):
            return view(request, *args, **kwargs)

        def page():
            # Read on the primary, as every value kept under the version token: a lagging replica
            # would give a page without the change that has just advanced it, kept until the next.
            with primary_reads():
                response = view(request, *args, **kwargs)
                if not getattr(response, "is_rendered", True):
                    response.render()  # a TemplateResponse's template reads its querysets: here, too
            return response

        return _kept_or_made(request, _key(request), page)

    return kept_view


def kept_api_answer(action):
    """The same for an action of an API viewset (the infrastructures' list): its JSON answer to an
    anonymous client (no session cookie, no token) is kept as a page is. As a viewset's method it
    runs after DRF's authentication, permissions and throttles, which count every request, kept or
    not; the browsable API's HTML carries a form and is never kept."""

    @wraps(action)
    def kept_action(viewset, request, *args, **kwargs):
        json = request.accepted_renderer.format == "json"
        anonymous = _anonymous_read(request) and not request.user.is_authenticated
        if not settings.PUBLIC_PAGE_CACHE_SECONDS or not json or not anonymous:
            return action(viewset, request, *args, **kwargs)

        def answer():
            with primary_reads():
                response = action(viewset, request, *args, **kwargs)
            # Rendered here, as DRF would after this method, to keep the bytes it sends.
            response.accepted_renderer = request.accepted_renderer
            response.accepted_media_type = request.accepted_media_type
            response.renderer_context = viewset.get_renderer_context()
            response.render()
            return response

        # DRF's session authentication reads the (empty) session of every client to find no user:
        # only a session written to would make this answer one client's.
        return _kept_or_made(request, _key(request, request.accepted_media_type), answer, session_read=True)

    return kept_action


def _kept_or_made(request, key, make, session_read=False):
    """The answer kept under `key`, or `make()`'s, kept when it may be (`_keepable`)."""
    cache = caches[CACHE]
    kept = cache.get(key)
    if kept is not None:
        return _from_kept(kept)
    response = make()
    if _keepable(request, response, session_read):
        cache.set(key, _to_kept(response), settings.PUBLIC_PAGE_CACHE_SECONDS)
    return response


def leave_out(request):
    """Do not keep this request's page (say, when a part of it was not computed in time)."""
    setattr(request, LEFT_OUT, True)


def _anonymous_read(request):
    return request.method in READS and settings.SESSION_COOKIE_NAME not in request.COOKIES


def _key(request, media_type="html"):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    return f"{catalogue_version.current()}:{get_language()}:{media_type}:{address}"


def _keepable(request, response, session_read=False):
    """Only a page that is the same for every anonymous visitor: a 200 without cookies, whose view
    did not touch the session nor put a CSRF token in it (its forms would then carry one visitor's
    token), and that nobody marked private or left out."""
    session = getattr(request, "session", None)
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and "private" not in cache_control
        and "no-store" not in cache_control
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not (session is not None and (session.modified if session_read else session.accessed))
        and not getattr(request, LEFT_OUT, False)
    )


def _to_kept(response):
    # Compressed: a page takes a tenth of the room in the cache (level 1: fast).
    return zlib.compress(response.content, 1), dict(response.items())


def _from_kept(kept):
    content, headers = kept
    return HttpResponse(zlib.decompress(content), headers=headers)
