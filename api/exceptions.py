from django.http import JsonResponse
from rest_framework import status
from rest_framework.exceptions import APIException, Throttled
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from api.conditional import NotModified


class SearchTimedOut(APIException):
    """A search PostgreSQL stopped at its statement timeout (record.search.time_limit):
    503, and DRF sets ``Retry-After`` from ``wait``."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = (
        "This search took too long and was stopped. Try again in a few seconds, or search "
        "for fewer or rarer words, or add a filter."
    )
    default_code = "search_timeout"
    wait = 5


class SearchBudgetSpent(Throttled):
    """A client past its search time (serving/search_budget.py): 429, with
    ``Retry-After``."""

    default_detail = (
        "You have spent this minute's search time: searches that match much of the "
        "database cost more of it."
    )
    default_code = "search_budget"
    extra_detail_singular = "Try again in {wait} second."
    extra_detail_plural = "Try again in {wait} seconds."


def exception_handler(exc, context):
    """DRF's handler, with 304 answered without a body."""
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED)
    return drf_exception_handler(exc, context)


def json_not_found(request, exception=None):
    """Any unknown address under /api/ answers JSON, like the rest of the API."""
    return JsonResponse({"detail": "Not found."}, status=404)


def json_server_error(request):
    return JsonResponse({"detail": "Server error."}, status=500)
