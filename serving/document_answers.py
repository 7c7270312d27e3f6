"""The partner API's answer for one document (``/api/v1/claims/<id>/`` and the speaker,
source and outlet details), served from the published record before DRF runs.

A document's answer is stored whole in its head (``record.models.Document.body``), and its
validators come from its own version (``answer_cache.document_validators``): DRF adds
nothing to it but the work of getting there (dispatch, content negotiation, the renderer).
``DocumentAnswerMiddleware`` answers the plain request — GET, no query string, JSON
accepted, no session — with one query to the record and the key check and rate limit of
DRF's dispatch (``serving.throttling.StoredAnswerLimit``: one cache round trip), and leaves
everything else to DRF: a refused key or a client over its limit (401, 429), an address
with no document or a withdrawn one (404, 410), ``?format=``, indented JSON, HEAD and
OPTIONS. ``tests/api/test_document_answers.py`` compares its answers with DRF's, byte for
byte and header for header.

Nothing is cached here: the answer is read from the database on every request, so the
first request after a publish gets the new version, and the answer store
(``answer_cache``) still skips these addresses.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.http import http_date

from core.cache_counts import get_many_and_count
from core.origin import request_origin
from record import queries
from record.models import ClaimDocument, OutletDocument, SourceDocument, SpeakerDocument
from record.render import absolute_json
from serving.answer_cache import accepts_json, document_validators, not_modified
from serving.layers import EarlyAnswerMiddleware, allowed_host
from serving.throttling import StoredAnswerLimit

# The API's detail addresses (api/urls.py, api/views.py: their lookup fields and patterns).
# An id longer than 18 digits does not fit the column: DRF answers it. \Z, not $, which also
# matches before a final newline (the URL resolver does not: /claims/1/%0A is a 404).
DETAIL = re.compile(
    r"^/api/v1/(?:(?P<claims>claims)|(?P<sources>sources)|(?P<outlets>outlets))/"
    r"(?P<pk>[0-9]{1,18})/\Z"
    r"|^/api/v1/speakers/(?P<slug>[-a-zA-Z0-9_]+)/\Z"
)


def _document(match: re.Match) -> queries.StoredAnswer | None:
    """The stored answer of the document the address names, or None."""
    if slug := match["slug"]:
        return queries.stored_answer(SpeakerDocument, slug=slug)
    model = (
        ClaimDocument
        if match["claims"]
        else SourceDocument
        if match["sources"]
        else OutletDocument
    )
    return queries.stored_answer(model, pk=int(match["pk"]))


class DocumentAnswerMiddleware(EarlyAnswerMiddleware):
    """Answers a plain GET of one live document from its stored body (see the module).

    It sits where the answer store does (``answer_cache.PublicAnswerCacheMiddleware``), so
    that the layers below it (CSP, sessions, CSRF, authentication, DRF...) do not run for
    these answers; what those layers add to a document's answer (its policy headers, DRF's
    media type and Allow) is the same for every document, so it is learned from the first
    answer of each status (200, 304) they build in this process, and given to the next ones
    with the document's own validators."""

    def answer(self, request: HttpRequest) -> HttpResponse | None:
        match = self._applies(request)
        if match is None:
            return None
        limit = StoredAnswerLimit(request)
        if limit.refused:
            return None  # DRF answers 401, or 429 over the address's limit, and counts it
        if limit.counter is None:
            found, count, document = {}, 0, _document(match)
        else:
            # The document read while Redis counts the request: the client waits once.
            found, count, document = get_many_and_count(
                limit.keys, limit.counter, limit.keep_for, meanwhile=lambda: _document(match)
            )
        if not limit.allow(found, count):
            # DRF answers 401 or 429, and counts the request (taken back here).
            return None
        # What DRF's view reads too, when it answers (api.views.DocumentViewSet): read once.
        request.stored_answer = document
        if document is None or not document.is_live:
            limit.take_back()
            return None
        validators = document_validators(request, document)
        unchanged = not_modified(request, validators)

        def build() -> HttpResponse:
            response = unchanged
            if response is None:
                response = HttpResponse(absolute_json(document.body, request_origin(request)))
            response["ETag"] = validators.etag
            response["Last-Modified"] = http_date(validators.last_modified_timestamp)
            return response

        status = 304 if unchanged else 200
        return self.finish(request, status, build, take_back=limit.take_back)

    @staticmethod
    def _applies(request: HttpRequest) -> re.Match | None:
        if (
            request.method != "GET"
            or request.META.get("QUERY_STRING")
            or not settings.SERVE_DOCUMENTS_BEFORE_DRF
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or not accepts_json(request)
            or not allowed_host(request)
        ):
            return None
        return DETAIL.match(request.path_info)
