"""Error pages (JSON under /api/, where partners parse every answer; HTML for readers) and
the health check."""

from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import defaults

from api.exceptions import json_not_found, json_server_error
from core.cache_counts import cache_status


def not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return json_not_found(request, exception)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith("/api/"):
        return json_server_error(request)
    return defaults.server_error(request)


def healthz(request):
    """For load balancers: 200 while the database answers, 503 when it does not, naming what
    is down: ``{"status", "database", "cache"}``.

    The shared cache (Redis) being unreachable answers 200 with ``"status": "degraded"`` and
    ``"cache": "unreachable"``: every app server shares that one cache, so a 503 would make
    the load balancer pull them all at once, while each of them still serves without it
    (slower, docs/scaling.md). Only the database, without which nothing is served, makes the
    answer 503."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        database = "unreachable"
    else:
        database = "ok"
    cache = cache_status()
    if database != "ok":
        status, code = "unavailable", 503
    elif cache != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return JsonResponse({"status": status, "database": database, "cache": cache}, status=code)
