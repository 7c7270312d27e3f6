"""Admin login brute-force protection (django-axes): the page a locked-out user sees. Whose
address a login attempt comes from is decided by core/client_address.py, as for the
API's rate limits. Settings in factcheck/settings.py; the policy in docs/security.md."""

import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _


def lockout_response(request, original_response, credentials):
    """The page for a locked-out login (AXES_LOCKOUT_CALLABLE): when to try again, and that
    an editor can unlock the account sooner. 429 with Retry-After, in the admin's layout."""
    cool_off = get_cool_off(request)
    # Each refused attempt restarts the wait (axes' default), so it runs from now.
    locked_at = timezone.now()
    context = {
        **admin.site.each_context(request),
        "title": _("Too many failed logins"),
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "locked_at": locked_at,
        "retry_at": locked_at + cool_off,
    }
    response = render(request, "axes/lockout.html", context, status=429)
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
