from django.http import HttpResponse, JsonResponse
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from factcheck.api.conditional import CachedAnswer, NotModified


def exception_handler(exc, context):
    """DRF's handler, with 304 answered without a body and cached answers served as they
    were stored."""
    if isinstance(exc, NotModified):
        return Response(status=status.HTTP_304_NOT_MODIFIED)
    if isinstance(exc, CachedAnswer):
        answer = HttpResponse(exc.cached["content"], content_type=exc.cached["content_type"])
        if exc.cached["link"]:
            answer["Link"] = exc.cached["link"]
        return answer
    return drf_exception_handler(exc, context)


def json_not_found(request, exception=None):
    """Any unknown address under /api/ answers JSON, like the rest of the API."""
    return JsonResponse({"detail": "Not found."}, status=404)


def json_server_error(request):
    return JsonResponse({"detail": "Server error."}, status=500)
