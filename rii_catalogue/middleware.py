"""Requests a door cannot answer sensibly, refused before they reach it."""

import re

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

from rii_catalogue import views_errors

DATE_PART = re.compile(r"__(year|month|day)$")
# Years the admin's date filters can turn into a range in any time zone (Django's date arithmetic
# overflows at the ends of 1..9999); a month or day is at most two digits.
DATE_PART_LIMITS = {"year": (1000, 9998), "month": (0, 99), "day": (0, 99)}


class AdminParameterGuardMiddleware:
    """The admin answers a few odd query parameters with a server error; refuse them with a 400:

    - a NUL byte (search, autocomplete): PostgreSQL cannot compare it;
    - a date-hierarchy part (`updated_at__year=99999999999999999999`) too large for a date;
    - an empty `_to_field` on a change page.
    The public pages and the API validate their parameters themselves, in their own format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "/admin/" in request.path:
            problem = self.problem(request.GET)
            if problem:
                return HttpResponseBadRequest(problem)
        return self.get_response(request)

    def process_exception(self, request, exception):
        # Any other date filter out of range (`updated_at__lt=0001-01-01` on SQLite).
        if "/admin/" in request.path and isinstance(exception, OverflowError):
            return HttpResponseBadRequest(_("A value in the address is out of range."))
        return None

    def problem(self, params):
        for key, values in params.lists():
            for value in values:
                if "\x00" in value or "\x00" in key:
                    return _("The request contains a NUL character.")
                part = DATE_PART.search(key)
                if part and not _within(value, *DATE_PART_LIMITS[part.group(1)]):
                    return _("“%(value)s” is not a year, month or day.") % {"value": value[:20]}
                if key == "_to_field" and not value:
                    return _("An empty _to_field names no field.")
        return None


def _within(value, lowest, highest):
    return value.isascii() and value.isdigit() and len(value) <= 4 and lowest <= int(value) <= highest


class BusyDatabaseMiddleware:
    """A database that is busy or out of reach is the server being unavailable, not a bug: answer
    503 with Retry-After, which clients and people know to retry.

    Busy: SQLite has one writer at a time; while a large import writes, another write waits (the
    `timeout` in settings) and may then fail with "database is locked"; PostgreSQL rolls back one
    of two transactions that would wait for each other. Out of reach: PostgreSQL restarting.
    This answers the errors raised in views; handler500 (views_errors.server_error) answers those
    raised outside them (the session middleware) with the same response."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        trouble = views_errors.database_trouble(exception)
        if trouble:
            return views_errors.database_unavailable(request, trouble, exception)
        return None
