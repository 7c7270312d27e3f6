"""Plain pages of the API's document lists (``/api/v1/claims/`` and the speaker, source
and outlet lists, with no parameter but ``page_size`` and ``cursor``), answered before the
session, CSRF, authentication and DRF layers run, as ``serving.document_answers`` answers
the details.

The page is the viewset's own (``DocumentViewSet.list_page``: its ordering, pagination and
stored list items, one query) rendered by its own renderer; what is skipped is the way
there: the middleware below, DRF's dispatch, content negotiation. The key check, the rate
limit and the public data version (the list's ETag and Last-Modified) are read together,
in one round trip to the cache, as the answer store reads them. Everything else goes to
DRF: a filter, an ordering, ``?format=``, HEAD, a refused key or a client over its limit
(401, 429), a bad page size or cursor (400), an Accept that is not plain JSON, a session.
``tests/api/test_list_answers.py`` compares both ways, byte for byte and header for
header.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from api import views
from api.renderers import DocumentJSONRenderer
from record.models import PublicDataVersion
from serving.answer_cache import (
    API_CACHE_CONTROL,
    accepts_json,
    answer_validators,
    mark_public,
    not_modified,
)
from serving.layers import EarlyAnswerMiddleware, allowed_host
from serving.throttling import StoredAnswerLimit

# The lists (api/urls.py) and their viewsets.
LISTS = {
    "/api/v1/claims/": views.ClaimViewSet,
    "/api/v1/speakers/": views.SpeakerViewSet,
    "/api/v1/sources/": views.SourceViewSet,
    "/api/v1/outlets/": views.OutletViewSet,
}
# The parameters of a plain page: where it starts and how long it is.
PLAIN = frozenset({"page_size", "cursor"})


def render_page(viewset: type, request: HttpRequest) -> bytes:
    """The page of the list that ``request`` asks for, as the viewset's list renders it.
    Raises DRF's ValidationError for a bad page size or cursor."""
    view = viewset(action="list", args=(), kwargs={}, format_kwarg=None)
    view.request = Request(request)
    view.headers = {}
    data = view.list_page(view.request, plain=True)
    return DocumentJSONRenderer().render(data, "application/json", {"view": view})


class ListAnswerMiddleware(EarlyAnswerMiddleware):
    """Answers a plain page of a document list before the layers below it run (see the
    module), with the headers they add to such a page (``serving.layers.EarlyAnswerMiddleware``)
    and the page's own validators."""

    def answer(self, request: HttpRequest) -> HttpResponse | None:
        viewset = self._applies(request)
        if viewset is None:
            return None
        limit = StoredAnswerLimit(request)
        version, found, count = PublicDataVersion.current_and_cached(
            list(limit.keys), limit.counter, limit.keep_for
        )
        if not limit.allow(found, count):
            # DRF answers 401 or 429, and counts the request (taken back by allow).
            return None
        validators = answer_validators(request, version)
        unchanged = not_modified(request, validators)

        def build() -> HttpResponse | None:
            response = unchanged
            if response is None:
                try:
                    response = HttpResponse(render_page(viewset, request))
                except ValidationError:
                    limit.take_back()  # DRF answers the 400, and counts it
                    return None
            # The validators, and the mark that lets the answer store keep it when on.
            return mark_public(response, validators, API_CACHE_CONTROL, throttled=True)

        status = 304 if unchanged else 200
        return self.finish(request, status, build, take_back=limit.take_back)

    @staticmethod
    def _applies(request: HttpRequest) -> type | None:
        if (
            request.method != "GET"
            or not settings.SERVE_DOCUMENTS_BEFORE_DRF
            or (viewset := LISTS.get(request.path_info)) is None
            or not set(request.GET) <= PLAIN
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not accepts_json(request)
            or not allowed_host(request)
        ):
            return None
        return viewset
