"""One log line per request, and the request's id on every log line written while it runs.

The id comes from the proxy's X-Request-ID when it looks like one (nginx's `$request_id`, a UUID),
otherwise it is made here. It goes back in the X-Request-ID response header and onto the error
pages, so that a visitor can quote it and an operator can find every line of that request.

What a line never holds: addresses, headers, cookies, query strings (they carry search text and
tokens), form data, names or e-mail addresses. A signed-in user is their id only."""

import logging
import re
import time
import uuid
from contextvars import ContextVar

from django.core.signals import request_finished
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

HEADER = "X-Request-ID"
# Letters, digits and . _ : - only, so a forged id cannot break a log line or a header.
WELL_FORMED_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{7,127}")

current_request_id = ContextVar("request_id", default=None)
logger = logging.getLogger("rii_catalogue.requests")


class RequestLogMiddleware:
    """Outermost: it times and logs every answer, the other middleware's refusals included."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _proxied_id(request) or uuid.uuid4().hex
        # Until the response is closed (forget_request_id): Django logs 4xx and 5xx answers after
        # the middleware, and a streamed download runs after it too.
        current_request_id.set(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        response[HEADER] = request_id
        # Until the response is handed over: a streamed download goes on after it.
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        match = request.resolver_match
        logger.info(
            "%s %s %s %s ms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
                "route": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": _user_id(request),
                "request_id": request_id,
            },
        )
        return response


@receiver(request_finished, dispatch_uid="rii_catalogue.request_log.forget_request_id")
def forget_request_id(**kwargs):
    current_request_id.set(None)


def _proxied_id(request):
    value = request.headers.get(HEADER, "")
    return value if WELL_FORMED_ID.fullmatch(value) else None


def _user_id(request):
    """The signed-in user's id if the request already looked the user up. Looking it up only for
    the log would cost a query per request, and fail while the database is down."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class RequestIdFilter(logging.Filter):
    """Adds the current request's id to every record (Django's own errors, the app's warnings)."""

    def filter(self, record):
        request_id = current_request_id.get()
        if request_id and not hasattr(record, "request_id"):
            record.request_id = request_id
        return True


def json_formatter():
    """One JSON object a line: timestamp, level, logger, message, then the record's extra fields.

    Django passes the request object along with its own records (`request`): its text carries the
    query string, so it is left out."""
    return JsonFormatter(
        "%(levelname)s %(name)s %(message)s",
        rename_fields={"levelname": "level", "name": "logger"},
        reserved_attrs=[*RESERVED_ATTRS, "taskName", "request", "server_time"],
        timestamp=True,
    )
