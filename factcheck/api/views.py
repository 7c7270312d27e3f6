"""The read-only partner API. Every queryset starts from ``published()`` and names its joins,
so each endpoint runs a fixed number of queries whatever the page size or thread depth."""

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, viewsets
from rest_framework.response import Response

from claims.claimreview.export import published_reviews
from claims.filters import ApiClaimFilter, IdFilter
from claims.jsonld import claim_review_jsonld
from claims.models import (
    Appearance,
    Claim,
    Evidence,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
)
from claims.models.claim import subquery_count
from factcheck.api import serializers
from factcheck.api.conditional import ConditionalGetMixin
from factcheck.api.ordering import StrictOrderingFilter
from factcheck.api.pagination import ApiCursorPagination
from sources.models import Outlet, OutletKind, Source, SourceKind

ERRORS = {
    304: OpenApiResponse(
        description="Not modified: the copy named by If-None-Match or "
        "If-Modified-Since is current."
    ),
    400: OpenApiResponse(
        response=serializers.VALIDATION_ERROR_SCHEMA,
        description="A bad query parameter, named, with what is wrong with it.",
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
DETAIL_ERRORS = {k: v for k, v in ERRORS.items() if k != 400}


def documented(serializer, errors) -> dict:
    return {200: serializer, **errors}


class PublicViewSet(ConditionalGetMixin, viewsets.ReadOnlyModelViewSet):
    """Shared settings of every public resource: read-only, cursor-paginated, cached."""

    pagination_class = ApiCursorPagination
    filter_backends = [filters.DjangoFilterBackend]
    lookup_value_regex = r"[0-9]+"


class ApiIndexView(ConditionalGetMixin, generics.GenericAPIView):
    """Where everything is."""

    pagination_class = None
    filter_backends = []

    @extend_schema(
        summary="Index of the API's resources",
        responses=documented(
            {"type": "object", "additionalProperties": {"type": "string", "format": "uri"}},
            {k: v for k, v in ERRORS.items() if k in (304, 401, 429)},
        ),
    )
    def get(self, request):
        names = {
            "claims": "api:claim-list",
            "speakers": "api:speaker-list",
            "sources": "api:source-list",
            "outlets": "api:outlet-list",
            "claimreviews": "api:claimreview-feed",
            "schema": "api:schema",
            "docs": "api:docs",
        }
        return Response(
            {key: request.build_absolute_uri(reverse(name)) for key, name in names.items()}
        )


# --- Claims ------------------------------------------------------------------------------


@extend_schema_view(
    list=extend_schema(
        summary="Published claims, newest first",
        responses=documented(serializers.ClaimListSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        summary="One claim, with everything its page shows",
        responses=documented(serializers.ClaimDetailSerializer, DETAIL_ERRORS),
    ),
)
class ClaimViewSet(PublicViewSet):
    filter_backends = [filters.DjangoFilterBackend, StrictOrderingFilter]
    filterset_class = ApiClaimFilter
    # Public ordering names → query expressions. Undated claims sort as the oldest, so the
    # cursor (which compares values) never meets a NULL.
    ordering_map = {
        "-stated_on": "-stated_sort",
        "stated_on": "stated_sort",
        "-updated_at": "-updated_at",
        "updated_at": "updated_at",
    }
    ordering = "-stated_on"
    ordering_tiebreak = ("-id",)

    def get_queryset(self):
        claims = (
            Claim.objects.published()
            .with_stated_sort()
            # The list's summaries: speaker joined; counts, verdict and topics in the same
            # query.
            .for_cards()
            .with_tags()
        )
        if self.action != "retrieve":
            return claims
        # The detail: the verdict, corrections and denials in the claim's query too;
        # appearances and evidence one query each, joined for what their summaries show.
        return (
            claims.with_review()
            .with_corrections()
            .with_denial_summaries()
            .prefetch_related(
                Prefetch(
                    "appearances",
                    queryset=Appearance.objects.select_related("source__outlet").order_by(
                        "-is_first", "id"
                    ),
                ),
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.published().select_related(
                        "source__outlet", "backing_claim__speaker"
                    ),
                    to_attr="public_evidence",
                ),
            )
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.ClaimDetailSerializer
        return serializers.ClaimListSerializer


# --- Speakers ----------------------------------------------------------------------------


class SpeakerFilter(filters.FilterSet):
    q = filters.CharFilter(method="filter_name", help_text="Part of the name or an alias.")
    kind = filters.ChoiceFilter(choices=SpeakerKind.choices)
    country = filters.CharFilter(help_text="ISO 3166-1 alpha-2 code, such as RU.")

    class Meta:
        model = Speaker
        fields = ["q", "kind", "country"]

    def filter_name(self, queryset, name, value):
        alias = SpeakerAlias.objects.filter(speaker=OuterRef("pk"), name__icontains=value)
        return queryset.filter(Q(name__icontains=value) | Exists(alias))


@extend_schema_view(
    list=extend_schema(
        summary="Speakers of published claims, by name",
        responses=documented(serializers.SpeakerSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        summary="One speaker", responses=documented(serializers.SpeakerSerializer, DETAIL_ERRORS)
    ),
)
class SpeakerViewSet(PublicViewSet):
    serializer_class = serializers.SpeakerSerializer
    filterset_class = SpeakerFilter
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"

    def get_queryset(self):
        published_claims = Claim.objects.published().filter(speaker=OuterRef("pk"))
        # Affiliation joined; aliases in one query; the claim count as a correlated subquery
        # (a JOIN of the claims with COUNT DISTINCT would aggregate every claim before the
        # page is cut).
        return (
            Speaker.objects.published()
            .select_related("affiliation")
            .prefetch_related("aliases")
            .annotate(claim_count=subquery_count(published_claims))
        )


# --- Outlets and sources -----------------------------------------------------------------


class OutletFilter(filters.FilterSet):
    q = filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the name."
    )
    kind = filters.ChoiceFilter(choices=OutletKind.choices)
    country = filters.CharFilter()

    class Meta:
        model = Outlet
        fields = ["q", "kind", "country"]


@extend_schema_view(
    list=extend_schema(
        summary="Outlets of public sources",
        responses=documented(serializers.OutletSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        summary="One outlet", responses=documented(serializers.OutletSerializer, DETAIL_ERRORS)
    ),
)
class OutletViewSet(PublicViewSet):
    serializer_class = serializers.OutletSerializer
    filterset_class = OutletFilter

    def get_queryset(self):
        # Counted per outlet of the page, not by joining every source of every outlet.
        public_sources = Source.objects.published().filter(outlet=OuterRef("pk"))
        return Outlet.objects.published().annotate(source_count=subquery_count(public_sources))


class SourceFilter(filters.FilterSet):
    q = filters.CharFilter(
        field_name="title", lookup_expr="icontains", help_text="Part of the title."
    )
    outlet = IdFilter(field_name="outlet_id", help_text="The outlet's id.")
    kind = filters.ChoiceFilter(choices=SourceKind.choices)
    language = filters.CharFilter()
    published_after = filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = Source
        fields = ["q", "outlet", "kind", "language", "published_after", "published_before"]


@extend_schema_view(
    list=extend_schema(
        summary="Sources of published claims",
        responses=documented(serializers.SourceListSerializer(many=True), LIST_ERRORS),
    ),
    retrieve=extend_schema(
        summary="One source, with the published claims it reports",
        responses=documented(serializers.SourceDetailSerializer, DETAIL_ERRORS),
    ),
)
class SourceViewSet(PublicViewSet):
    filterset_class = SourceFilter

    def get_queryset(self):
        sources = Source.objects.published().select_related("outlet")
        if self.action != "retrieve":
            return sources.defer("full_text")
        return sources.prefetch_related(
            Prefetch(
                "appearances",
                queryset=Appearance.objects.published()
                .select_related("claim__speaker")
                .order_by("claim__stated_on", "claim_id"),
                to_attr="public_appearances",
            )
        )

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.SourceDetailSerializer
        return serializers.SourceListSerializer


# --- ClaimReview feed --------------------------------------------------------------------


class ClaimReviewFeedPagination(ApiCursorPagination):
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
        OpenApiParameter("cursor", str, description="The pagination cursor value."),
        OpenApiParameter(
            "page_size", int, description=ApiCursorPagination.page_size_query_description
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
class ClaimReviewFeedView(ConditionalGetMixin, generics.GenericAPIView):
    pagination_class = ClaimReviewFeedPagination
    filter_backends = []

    def get_queryset(self):
        # The export's queryset: the feed and `export_claimreview` are the same document.
        return published_reviews()

    def get(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        absolute = request.build_absolute_uri
        feed = {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "name": "Claim reviews",
            "url": absolute(reverse("api:claimreview-feed")),
            "dataFeedElement": [
                claim_review_jsonld(review, review.claim, review.claim.appearances.all(), absolute)
                for review in page
            ],
        }
        return self.get_paginated_response(feed)
