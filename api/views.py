"""The read-only partner API, read from the published record: a detail is one stored
document, a list page one query on the record's columns, whatever the thread depth or page
size. Nothing here reads the working copy that curators edit."""

import datetime
import json
from contextlib import nullcontext

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import is_valid_path, reverse
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api import serializers
from api.conditional import ConditionalGetMixin
from api.exceptions import SearchBudgetSpent, SearchTimedOut, json_not_found
from api.filters import (
    ClaimDocumentFilter,
    OutletDocumentFilter,
    RecordFilterBackend,
    SourceDocumentFilter,
    SpeakerDocumentFilter,
)
from api.ordering import StrictOrderingFilter
from api.pagination import KeysetPagination
from api.parameters import KnownParametersMixin, single
from api.renderers import RawJSON
from core.moments import parse_moment
from core.origin import request_origin
from record import queries
from record import search as record_search
from record.models import ClaimDocument, OutletDocument, SourceDocument, SpeakerDocument
from record.render import absolute_json
from serving.models import ApiKey
from serving.search_budget import SearchBudget

ERRORS = {
    304: OpenApiResponse(
        description="Not modified: the copy named by If-None-Match or "
        "If-Modified-Since is current."
    ),
    400: OpenApiResponse(
        response=serializers.VALIDATION_ERROR_SCHEMA,
        description="A bad or unknown query parameter, named, with what is wrong with it.",
    ),
    401: OpenApiResponse(
        response=serializers.ErrorSerializer, description="Unknown or revoked API key."
    ),
    404: OpenApiResponse(response=serializers.ErrorSerializer, description="Not found."),
    429: OpenApiResponse(
        response=serializers.ErrorSerializer,
        description="Too many requests; the Retry-After header says when to try again.",
    ),
}
LIST_ERRORS = {k: v for k, v in ERRORS.items() if k != 404}
SEARCH_ERRORS = {
    **LIST_ERRORS,
    503: OpenApiResponse(
        response=serializers.ErrorSerializer,
        description="A search (q) took too long and was stopped; the Retry-After header "
        "says when to try again.",
    ),
}
# A detail takes no query parameter: any is a 400 (api.parameters).
DETAIL_ERRORS = ERRORS


def documented(serializer, errors) -> dict:
    return {200: serializer, **errors}


class PublicViewSet(ConditionalGetMixin, KnownParametersMixin, viewsets.ReadOnlyModelViewSet):
    """Shared settings of every public resource: read-only, cursor-paginated, cached."""

    pagination_class = KeysetPagination
    filter_backends = [RecordFilterBackend]
    lookup_value_regex = r"[0-9]+"


class ApiIndexView(ConditionalGetMixin, KnownParametersMixin, generics.GenericAPIView):
    """Where everything is."""

    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Index of the API's resources",
        responses=documented(
            {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
            {k: v for k, v in ERRORS.items() if k in (304, 400, 401, 429)},
        ),
    )
    def get(self, request):
        names = {
            "claims": "api:claim-list",
            "speakers": "api:speaker-list",
            "sources": "api:source-list",
            "outlets": "api:outlet-list",
            "claimreviews": "api:claimreview-feed",
            "changes": "api:changes",
            "releases": "api:release-list",
            "schema": "api:schema",
            "docs": "api:docs",
        }
        return Response(
            {key: request.build_absolute_uri(reverse(name)) for key, name in names.items()}
        )


# --- Documents of the published record ------------------------------------------------


class DocumentViewSet(PublicViewSet):
    """A resource read from the published record (docs/architecture.md): the detail is the
    document's stored answer, a list the stored list items of the page's documents, each
    one query. Withdrawn documents answer 410 with when and why; lists never show them."""

    document_model: type
    validated_by_document = ("retrieve",)

    def get_queryset(self):
        documents = self.document_model.objects.all()
        if self.action == "retrieve":
            # The tombstone too: a withdrawn document's address says why it is gone.
            return documents.only(
                "pk",
                "body",
                "withdrawn_at",
                "version",
                "version_published_at",
                *self._lookup_columns(),
            )
        # Rows, not model instances (a third of a plain list page's time): the stored list
        # item and the columns the cursor reads (the ordering's, the id last).
        columns = [term.lstrip("-") for term in self.paginator.get_ordering(self.request, self)]
        return documents.live().values_list("card", *columns, named=True)

    def _lookup_columns(self) -> tuple[str, ...]:
        return () if self.lookup_field == "pk" else (self.lookup_field,)

    def get_object(self):
        # serving.document_answers read the document before passing the request on
        # (``None``: there is none): one query either way.
        if self.action == "retrieve" and hasattr(self.request._request, "stored_answer"):
            if (document := self.request._request.stored_answer) is None:
                # The words of DRF's get_object, which would have read it.
                name = self.document_model._meta.object_name
                raise Http404(f"No {name} matches the given query.")
            return document
        return super().get_object()

    def query_parameters(self) -> set[str]:
        names = super().query_parameters()
        return names | {AS_OF.name} if self.action == "retrieve" else names

    def retrieve(self, request, *args, **kwargs):
        document = self.get_object()
        if (raw := single(request, AS_OF.name)) is not None:
            # The version that was the document at that moment (docs/api.md, "As known on").
            document = queries.stored_answer_as_of(document.kind, document.pk, as_of(raw))
            if document is None:
                raise Http404("It was not published yet at that moment.")
        if not document.is_live:
            # Gone whatever the client holds: no representation for a condition to match
            # (If-None-Match: * included, RFC 9110 §13.1.2).
            return Response(json.loads(document.body), status=status.HTTP_410_GONE)
        # ETag and Last-Modified from its own version: a publish of another document leaves
        # this one's validators alone.
        self.validate_document(request, document)
        return Response(RawJSON(absolute_json(document.body, request_origin(request))))

    def list(self, request, *args, **kwargs):
        return Response(self.list_page(request))

    def list_page(self, request, *, plain: bool = False) -> dict:
        """The page of the list ``request`` asks for: ``{"next", "previous", "results"}``,
        the results the stored list items (one query). ``plain``: the request has no
        filter and no ordering (api/list_answers.py), so the page is read by the
        paginator's statement written out. Raises DRF's ValidationError (a 400) for a bad
        page size, cursor, filter or ordering."""
        if plain:
            page = self.paginator.paginate_live(self.document_model, request, self)
        else:
            page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        # The page's list items joined, then their addresses made absolute at once: four
        # replacements over the page instead of four per item.
        items = "[" + ",".join(document.card for document in page) + "]"
        page_json = RawJSON(absolute_json(items, request_origin(request)))
        return self.get_paginated_response(page_json).data


AS_OF = OpenApiParameter(
    "as_of",
    str,
    description="The document as it was published at that moment: an ISO date-time "
    "(`2017-06-01T12:00:00Z`; without a zone, UTC) or date (`2017-06-01`: as at the end of "
    "that day, UTC). 404 before its first publication, 410 while it was withdrawn.",
)


def as_of(raw: str) -> datetime.datetime:
    """The moment ``raw`` names (see ``AS_OF``; ``core.moments``, which the claim page reads
    it with too), in UTC; raises DRF's ValidationError (a 400 naming the parameter) for
    anything else."""
    try:
        return parse_moment(raw)
    except ValueError as error:
        raise ValidationError({AS_OF.name: [str(error)]}) from None


GONE = {
    410: OpenApiResponse(
        response=serializers.WithdrawnSerializer,
        description="Withdrawn: when, and why. It was public once; it is in no list.",
    )
}


# --- Claims ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Published claims, newest first",
        responses=documented(serializers.ClaimListSerializer(many=True), SEARCH_ERRORS),
    ),
    retrieve=extend_schema(
        parameters=[AS_OF],
        summary="One claim, with everything its page shows",
        responses=documented(serializers.ClaimDetailSerializer, {**DETAIL_ERRORS, **GONE}),
    ),
)
class ClaimViewSet(DocumentViewSet):
    document_model = ClaimDocument
    serializer_class = serializers.ClaimDetailSerializer
    filter_backends = [RecordFilterBackend, StrictOrderingFilter]
    filterset_class = ClaimDocumentFilter
    # Public ordering names → the record's columns, the id last and the same way round:
    # each is one range of an index (record_claim_stated, record_claim_upd). Undated claims
    # sort as the oldest, so the cursor (which compares values) never meets a NULL.
    ordering_map = {
        "-stated_on": ("-stated_sort", "-id"),
        "stated_on": ("stated_sort", "id"),
        "-updated_at": ("-updated_at", "-id"),
        "updated_at": ("updated_at", "id"),
    }
    ordering = "-stated_on"

    def get_serializer_class(self):
        # Describes the answers for the schema; the answers themselves are stored.
        if self.action == "list":
            return serializers.ClaimListSerializer
        return serializers.ClaimDetailSerializer

    def list(self, request, *args, **kwargs):
        if not request.query_params.get("q"):
            return super().list(request, *args, **kwargs)
        # Within the client's search time (serving/search_budget.py), and the search's
        # queries under the search statement timeout (docs/api.md).
        key = request.auth if isinstance(request.auth, ApiKey) else None
        budget = SearchBudget.for_request(request, key)
        if budget is not None and (wait := budget.admit()):
            raise SearchBudgetSpent(wait)
        try:
            with budget.spending() if budget else nullcontext(), record_search.time_limit():
                return super().list(request, *args, **kwargs)
        except record_search.SearchTimedOut:
            raise SearchTimedOut() from None


# --- Speakers ----------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Speakers of published claims",
        responses=documented(serializers.SpeakerSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        parameters=[AS_OF],
        summary="One speaker",
        responses=documented(serializers.SpeakerSerializer, {**DETAIL_ERRORS, **GONE}),
    ),
)
class SpeakerViewSet(DocumentViewSet):
    document_model = SpeakerDocument
    serializer_class = serializers.SpeakerSerializer
    filterset_class = SpeakerDocumentFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"


# --- Outlets and sources -----------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Outlets of public sources",
        responses=documented(serializers.OutletSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        parameters=[AS_OF],
        summary="One outlet",
        responses=documented(serializers.OutletSerializer, {**DETAIL_ERRORS, **GONE}),
    ),
)
class OutletViewSet(DocumentViewSet):
    document_model = OutletDocument
    serializer_class = serializers.OutletSerializer
    filterset_class = OutletDocumentFilter


@extend_schema_view(
    list=extend_schema(
        summary="Sources of published claims",
        responses=documented(serializers.SourceListSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        parameters=[AS_OF],
        summary="One source, with the published claims it reports",
        responses=documented(serializers.SourceDetailSerializer, {**DETAIL_ERRORS, **GONE}),
    ),
)
class SourceViewSet(DocumentViewSet):
    document_model = SourceDocument
    filterset_class = SourceDocumentFilter

    def get_serializer_class(self):
        if self.action == "list":
            return serializers.SourceListSerializer
        return serializers.SourceDetailSerializer


# --- ClaimReview feed --------------------------------------------------------------------


class ClaimReviewFeedPagination(KeysetPagination):
    """The feed's body is a schema.org DataFeed; its next and previous pages go in the Link
    header (RFC 8288), which JSON-LD consumers already follow."""

    ordering = ("-reviewed_on", "-id")

    def get_paginated_response(self, data):
        links = [
            f'<{url}>; rel="{rel}"'
            for url, rel in ((self.get_next_link(), "next"), (self.get_previous_link(), "prev"))
            if url
        ]
        headers = {"Link": ", ".join(links)} if links else {}
        return Response(data, headers=headers)

    def get_paginated_response_schema(self, schema):
        return schema


@extend_schema(
    summary="Reviewed claims as a schema.org DataFeed of ClaimReview items (JSON-LD)",
    # Not a list view to drf-spectacular (the body is one DataFeed), so its paging
    # parameters are named here.
    parameters=[
        OpenApiParameter("cursor", str, description=KeysetPagination.cursor_query_description),
        OpenApiParameter(
            "page_size", int, description=KeysetPagination.page_size_query_description
        ),
    ],
    description="The same ClaimReview objects the claim pages embed. Pages follow the "
    '`Link: <…>; rel="next"` header.',
    responses=documented(
        {
            "type": "object",
            "properties": {
                "@context": {"type": "string"},
                "@type": {"type": "string", "enum": ["DataFeed"]},
                "name": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
                "dateModified": {"type": "string", "format": "date-time"},
                "dataFeedElement": {"type": "array", "items": {"type": "object"}},
            },
            "required": ["@context", "@type", "dataFeedElement"],
        },
        LIST_ERRORS,
    ),
)
class ClaimReviewFeedView(ConditionalGetMixin, KnownParametersMixin, generics.GenericAPIView):
    pagination_class = ClaimReviewFeedPagination
    filter_backends = []

    def get_queryset(self):
        # The export's: the feed and `export_claimreview` are the same document.
        return queries.reviewed_claims()

    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        absolute = request.build_absolute_uri
        feed = {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": "Claim reviews",
            "url": absolute(reverse("api:claimreview-feed")),
            "dataFeedElement": queries.claim_reviews(page, absolute),
        }
        return self.get_paginated_response(feed)


# --- Any other address --------------------------------------------------------------------


def unknown_address(request, path: str):
    """Any address under /api/v1/ that names nothing: a JSON 404 with DEBUG on too (there
    Django answers an address no route matches with its HTML debug page, and ``handler404``
    only runs with DEBUG off). As this route matches every path, CommonMiddleware never
    meets one that fails to resolve: an address missing only its final slash is redirected
    to it here, as APPEND_SLASH would."""
    if settings.APPEND_SLASH and not request.path_info.endswith("/"):
        match = is_valid_path(f"{request.path_info}/")
        if match and match.func is not unknown_address:
            return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    return json_not_found(request)
