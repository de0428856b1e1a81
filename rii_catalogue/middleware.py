"""Requests a door cannot answer sensibly, refused before they reach it."""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _


class RejectNulBytesInAdminMiddleware:
    """A NUL byte in an admin query string (search, autocomplete) is refused with a 400: PostgreSQL
    cannot compare it and Django's admin would fail with a 500. The public pages and the API
    validate their parameters themselves and explain the error in their own format."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "/admin/" in request.path and any(
            "\x00" in value for _key, values in request.GET.lists() for value in values
        ):
            return HttpResponseBadRequest(_("The request contains a NUL character."))
        return self.get_response(request)
