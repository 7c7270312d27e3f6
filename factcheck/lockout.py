"""Admin login brute-force protection (django-axes): whose address a login attempt comes
from, and the page a locked-out user sees. Settings in factcheck/settings.py; the policy in
docs/security.md."""

import ipaddress
import math

from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from django.contrib import admin
from django.shortcuts import render
from django.utils import timezone
from rest_framework.settings import api_settings


def client_ip(request) -> str | None:
    """The client's address: the one NUM_PROXIES proxies in front of the app report in
    X-Forwarded-For, the same rule the API's rate limits use.

    Unlike DRF, which keys on the whole X-Forwarded-For when NUM_PROXIES is unset, this
    trusts the header only when NUM_PROXIES says proxies add to it: a client-written header
    would let an attacker name a fresh address on every attempt and never be locked out.
    A forwarded value that is not an address falls back to the connection's address."""
    remote_addr = request.META.get("REMOTE_ADDR")
    num_proxies = api_settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not num_proxies or not forwarded:
        return remote_addr
    addresses = [address.strip() for address in forwarded.split(",")]
    candidate = addresses[-min(num_proxies, len(addresses))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote_addr


def lockout_response(request, original_response, credentials):
    """The page for a locked-out login (AXES_LOCKOUT_CALLABLE): when to try again, and that
    an editor can unlock the account sooner. 429 with Retry-After, in the admin's layout."""
    cool_off = get_cool_off(request)
    # Each refused attempt restarts the wait (axes' default), so it runs from now.
    locked_at = timezone.now()
    context = {
        **admin.site.each_context(request),
        "title": "Too many failed logins",
        "username": get_client_username(request, credentials) or "",
        "failure_limit": get_failure_limit(request, credentials),
        "locked_at": locked_at,
        "retry_at": locked_at + cool_off,
    }
    response = render(request, "axes/lockout.html", context, status=429)
    response["Retry-After"] = str(math.ceil(cool_off.total_seconds()))
    return response
