"""The answer to a login that django-axes refuses: too many wrong passwords for one account from
one address (AXES_FAILURE_LIMIT, AXES_COOLOFF_TIME in settings).

A page in the admin's look that says for how long, from where, and what to do, with status 429 and
Retry-After, so that people and scripts both know when to try again."""

import math

from axes.helpers import get_client_username, get_cool_off
from django.contrib import admin
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def lockout_response(request, original_response, credentials):
    """AXES_LOCKOUT_CALLABLE: axes calls it with the login view's own answer, which it replaces."""
    # Each try while locked out restarts the cool-off (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT),
    # so the wait from now is the whole of it.
    seconds = max(1, math.ceil(get_cool_off(request).total_seconds()))
    context = {
        **admin.site.each_context(request),
        "title": _("Login locked"),
        "username": get_client_username(request, credentials) or "",
        "minutes": math.ceil(seconds / 60),
    }
    response = render(request, "admin/login_locked_out.html", context, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
