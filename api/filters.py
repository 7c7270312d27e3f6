"""The partner API's filters, on the published record's own columns (docs/api.md): a
working edit can never move a list, a filter or a count. A bad value is a 400 naming the
parameter; an unknown slug or id matches nothing."""

import django_filters
from django.db.models import Exists, OuterRef
from django_filters.rest_framework import DjangoFilterBackend

from claims import search
from claims.models import SpeakerKind
from core.filters import IdFilter
from record import dated, queries
from record.models import (
    ClaimDocument,
    Kind,
    Link,
    OutletDocument,
    Relation,
    SourceDocument,
    SpeakerDocument,
)
from sources.models import OutletKind, SourceKind


class RecordFilterBackend(DjangoFilterBackend):
    """django-filter's backend, which builds no filter set for a request that names none of
    its filters (a plain list, any page of it): a filter set deep-copies every filter and
    builds its form, which cost a third of a plain list page. A filter given no value
    filters nothing, so skipping it changes no answer."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        if filterset_class is not None and filterset_class.base_filters.keys().isdisjoint(
            request.query_params.keys()
        ):
            return queryset
        return super().filter_queryset(request, queryset, view)


class ClaimDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="filter_search",
        validators=[search.validate_query],
        help_text="Full-text search in the claim, its original and its excerpts: words, "
        f'"a phrase", -excluded, or. At most {search.MAX_QUERY_CHARACTERS} characters and '
        f"{search.MAX_QUERY_WORDS} words (in Chinese, Japanese, Korean and Thai, each two "
        "letters count as a word); a longer query is a 400.",
    )
    speaker = django_filters.CharFilter(
        field_name="speaker_slug", help_text="A speaker's slug, such as sergey-lavrov."
    )
    tag = django_filters.CharFilter(method="filter_tag", help_text="A topic's slug.")
    rating = django_filters.CharFilter(
        field_name="rating", help_text="A rating's slug, such as mostly-false."
    )
    language = django_filters.CharFilter(help_text="Language of the claim text, such as en.")
    source = IdFilter(method="filter_source", help_text="Claims reported in this source (id).")
    outlet = IdFilter(method="filter_outlet", help_text="Claims reported by this outlet (id).")
    stated_after = django_filters.DateFilter(
        method="filter_stated_after",
        help_text="Claims that can have been made on this day or later: their date's period, "
        "narrowed by its bounds, reaches it (a claim of May 2017 matches 2017-05-20).",
    )
    stated_before = django_filters.DateFilter(
        method="filter_stated_before",
        help_text="Claims that can have been made on this day or earlier (as stated_after).",
    )
    disputed = django_filters.ChoiceFilter(
        method="filter_disputed",
        choices=[("true", "Disputed"), ("false", "Not disputed")],
        help_text="true: denied by at least one published claim.",
    )

    class Meta:
        model = ClaimDocument
        fields = [
            "q",
            "speaker",
            "tag",
            "rating",
            "language",
            "source",
            "outlet",
            "stated_after",
            "stated_before",
            "disputed",
        ]

    # The conditions are the record's (record.queries), as on the reader's claim list.
    def filter_search(self, queryset, name, value):
        return queries.search(queryset, value)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(queries.tagged(value))

    def filter_source(self, queryset, name, value):
        return queryset.filter(Exists(_appearances().filter(to_id=value)))

    def filter_outlet(self, queryset, name, value):
        sources = SourceDocument.objects.live().filter(outlet_id=value).values("pk")
        return queryset.filter(Exists(_appearances().filter(to_id__in=sources)))

    def filter_disputed(self, queryset, name, value):
        return queryset.filter(queries.disputed(value == "true"))

    def filter_stated_after(self, queryset, name, value):
        return queryset.filter(dated.stated_after(value))

    def filter_stated_before(self, queryset, name, value):
        return queryset.filter(dated.stated_before(value))


def _appearances():
    return Link.objects.filter(
        from_kind=Kind.CLAIM,
        from_id=OuterRef("pk"),
        relation=Relation.APPEARANCE,
        to_kind=Kind.SOURCE,
    )


class SpeakerDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="names", lookup_expr="icontains", help_text="Part of the name or an alias."
    )
    kind = django_filters.ChoiceFilter(field_name="speaker_kind", choices=SpeakerKind.choices)
    country = django_filters.CharFilter(help_text="ISO 3166-1 alpha-2 code, such as RU.")

    class Meta:
        model = SpeakerDocument
        fields = ["q", "kind", "country"]


class OutletDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="name", lookup_expr="icontains", help_text="Part of the name."
    )
    kind = django_filters.ChoiceFilter(field_name="outlet_kind", choices=OutletKind.choices)
    country = django_filters.CharFilter()

    class Meta:
        model = OutletDocument
        fields = ["q", "kind", "country"]


class SourceDocumentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        field_name="title", lookup_expr="icontains", help_text="Part of the title."
    )
    outlet = IdFilter(field_name="outlet_id", help_text="The outlet's id.")
    kind = django_filters.ChoiceFilter(field_name="source_kind", choices=SourceKind.choices)
    language = django_filters.CharFilter()
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")

    class Meta:
        model = SourceDocument
        fields = ["q", "outlet", "kind", "language", "published_after", "published_before"]
