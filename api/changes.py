"""The change feed: every version of the published record, oldest first
(``GET /api/v1/changes/?after=<seq>``; docs/api.md, "Following changes").

Each item is one version of one document (a claim, speaker, source or outlet): ``published``
(its first), ``updated`` (with the fields that changed, and a verdict's ``from`` and ``to``)
or ``withdrawn`` (with the reason), and the ``document`` as the API served it at that
version (a withdrawn one: the body of its 410). So a mirror that applies the feed from the
start, keeping the last document of each address and dropping the withdrawn ones, holds
what the API serves; ``tests/api/test_changes.py`` replays it so.

The cursor is the last item's ``seq``: a number that only grows, in the order publishes
committed (``record.queries.changes_after``), so it stays valid for ever and a client
polling ``next`` misses nothing. ``next`` is given on every page, the last one too: it is
where to ask again.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from api.conditional import ConditionalGetMixin
from api.parameters import KnownParametersMixin, single
from api.renderers import RawJSON
from api.views import LIST_ERRORS, documented
from core.origin import request_origin
from record import queries
from record.render import change_json

DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
LARGEST_SEQ = 2**63 - 1  # the column's (a BigAutoField)


class ChangeFeedPagination(BasePagination):
    """``after`` (the ``seq`` of the last item a client has; 0, the default, from the
    start) and ``page_size`` (1 to ``MAX_PAGE_SIZE``); anything else in them is a 400."""

    after_query_param = "after"
    page_size_query_param = "page_size"

    def paginate(self, request) -> list[queries.Change]:
        """The page ``request`` asks for (one query, two with speakers in it). Raises DRF's
        ValidationError for a bad ``after`` or ``page_size``."""
        self.after = _whole_number(
            request, self.after_query_param, 0, LARGEST_SEQ, default=0, what="a seq"
        )
        size = _whole_number(
            request, self.page_size_query_param, 1, MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
        )
        changes = queries.changes_after(self.after, size)
        if not changes and self.after > (last := queries.last_seq()):
            # A cursor the feed never gave: following it would skip what comes until then.
            raise ValidationError(
                {self.after_query_param: [f"Beyond the end of the feed: the last seq is {last}."]}
            )
        self.last = changes[-1].seq if changes else self.after
        self.base_url = request.build_absolute_uri()
        return changes

    def next_link(self) -> str:
        return replace_query_param(self.base_url, self.after_query_param, self.last)

    def query_parameters(self) -> set[str]:
        return {self.after_query_param, self.page_size_query_param}


def _whole_number(request, name: str, low: int, high: int, *, default: int, what="") -> int:
    raw = single(request, name)
    if raw is None:
        return default
    # The length first: Python refuses to read a number of over 4,300 digits (ValueError).
    if raw.isascii() and raw.isdigit() and len(raw) <= len(str(high)) and low <= int(raw) <= high:
        return int(raw)
    kind = f"{what}: " if what else ""
    raise ValidationError({name: [f"{kind}a whole number from {low} to {high}."]})


def change_item(change: queries.Change, origin: str) -> RawJSON:
    """One item of the feed (``record.render.change_json``), for the renderer to embed."""
    return RawJSON(change_json(change, origin))


CHANGE_SCHEMA = {
    "type": "object",
    "required": ["seq", "at", "event", "object", "id", "version", "api_url", "changes"],
    "properties": {
        "seq": {"type": "integer", "description": "Where this item is in the feed: `after`."},
        "at": {"type": "string", "format": "date-time"},
        "event": {"type": "string", "enum": ["published", "updated", "withdrawn"]},
        "object": {"type": "string", "enum": ["claim", "speaker", "source", "outlet"]},
        "id": {"type": "integer"},
        "version": {"type": "integer", "description": "The document's version number."},
        "api_url": {"type": "string", "format": "uri"},
        "changes": {
            "type": "object",
            "description": 'The fields an update changed ({"text": null, "verdict": '
            '{"from": "Unproven", "to": "Mostly false"}}); a withdrawal\'s {"reason": "…"}; '
            "{} for a first publication.",
        },
        "document": {
            "type": "object",
            "description": "The document as the API served it at this version; for a "
            "withdrawal, the body of its 410.",
        },
    },
}


class ChangeFeedView(ConditionalGetMixin, KnownParametersMixin, generics.GenericAPIView):
    pagination_class = ChangeFeedPagination
    filter_backends = []

    @extend_schema(
        summary="Every version of the published record, oldest first",
        description="Follow `next` to read on; at the end, `next` is where to poll for what "
        "comes. Replaying the feed from the start rebuilds what the API serves.",
        parameters=[
            OpenApiParameter(
                "after",
                int,
                description="The `seq` of the last item you have (0: from the start).",
            ),
            OpenApiParameter(
                "page_size",
                int,
                description=f"Items per page, 1 to {MAX_PAGE_SIZE} (default {DEFAULT_PAGE_SIZE}).",
            ),
        ],
        responses=documented(
            {
                "type": "object",
                "required": ["next", "results"],
                "properties": {
                    "next": {"type": "string", "format": "uri"},
                    "results": {"type": "array", "items": CHANGE_SCHEMA},
                },
            },
            LIST_ERRORS,
        ),
    )
    def get(self, request, *args, **kwargs):
        changes = self.paginator.paginate(request)
        origin = request_origin(request)
        return Response(
            {
                "next": self.paginator.next_link(),
                "results": [change_item(change, origin) for change in changes],
            }
        )
