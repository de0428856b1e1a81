"""The answers when a request fails: 503 while the database cannot be reached or is busy (nothing
was half-saved, and browsers, clients and load balancers know to try again), 500 for anything else.

Django calls `server_error` (handler500) inside its `except` block for an error raised anywhere in
the request: the view, a template's context processor, or middleware such as the session's, which
reads the database before any view runs. So that is where a lost database becomes a 503.
Both pages render without the database: no context processors, no base template that asks for
the visitor's session or the catalogue's data."""

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from rii_catalogue.request_log import current_request_id

logger = logging.getLogger("rii_catalogue.database")

API_PREFIX = "/api/"
UNREACHABLE = "unreachable"
BUSY = "busy"
RETRY_AFTER_SECONDS = {UNREACHABLE: 5, BUSY: 30}
# SQLite's single writer busy with a long import; PostgreSQL's answer to two transactions that would
# wait for each other (one is rolled back): both are safe to retry.
BUSY_TEXTS = ("database is locked", "deadlock detected", "could not serialize access")
# PostgreSQL's SQLSTATEs for a connection refused or lost (class 08) and for a server shutting down,
# crashed or starting up (57P01 "terminating connection due to administrator command", 57P02, 57P03).
POSTGRESQL_UNREACHABLE = ("08", "57P01", "57P02", "57P03")
SQLITE_UNREACHABLE = ("unable to open database file",)


def database_trouble(error):
    """UNREACHABLE, BUSY, or None for an error that is not the database's state (a bug: a 500)."""
    if isinstance(error, InterfaceError):  # "connection already closed"
        return UNREACHABLE
    if not isinstance(error, OperationalError):
        return None
    text = str(error)
    if any(busy in text for busy in BUSY_TEXTS):
        return BUSY
    driver_error = error.__cause__
    if hasattr(driver_error, "pgcode"):
        # psycopg gives no code when it could not connect or the server went away mid-query.
        code = driver_error.pgcode
        return UNREACHABLE if code is None or code.startswith(POSTGRESQL_UNREACHABLE) else None
    return UNREACHABLE if any(lost in text for lost in SQLITE_UNREACHABLE) else None


def database_unavailable(request, trouble, error):
    """The 503 for a database that is unreachable or busy: an HTML page in the address's language,
    JSON for the API, with Retry-After. Logged once as a warning, without a traceback: an outage
    must not bury the log under one traceback per request."""
    retry_after = RETRY_AFTER_SECONDS[trouble]
    with translation.override(_language_of(request)):
        if trouble == BUSY:
            message = _("The catalogue is busy saving a large change. Please try again in a minute.")
        else:
            message = _("The catalogue cannot reach its database. Please try again in a few seconds.")
        response = _error_response(request, "503.html", message, status=503)
    response["Retry-After"] = str(retry_after)
    add_never_cache_headers(response)  # neither a proxy nor the page cache may keep the outage
    logger.warning(
        "Database %s (%s): answered 503",
        trouble,
        type(error.__cause__ or error).__name__,
        extra={"status": 503, "path": request.path},
    )
    response._has_been_logged = True  # Django would log it again as an error (django.utils.log)
    return response


def server_error(request):
    """handler500."""
    error = sys.exc_info()[1]
    trouble = database_trouble(error)
    if trouble:
        return database_unavailable(request, trouble, error)
    with translation.override(_language_of(request)):
        message = _("Something went wrong on our side. It has been logged and we will look into it.")
        return _error_response(request, "500.html", message, status=500)


def _error_response(request, template, message, status):
    request_id = current_request_id.get()
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"detail": message, "request_id": request_id}, status=status)
    page = render_to_string(
        template,  # without the request: no context processors, which may ask the database
        {"message": message, "request_id": request_id, "language_code": translation.get_language()},
    )
    return HttpResponse(page, status=status)


def _language_of(request):
    """The address decides the language (/nl/...), as everywhere in the catalogue."""
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
