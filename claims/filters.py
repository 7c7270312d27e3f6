"""Filters on published claims: the claim list page's (on the published record) and the
partner API's, sharing their parameters and rules.

Both reject a bad value (a malformed date, ``disputed=maybe``) with an error that names the
parameter, instead of silently ignoring it.
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from claims.models import Appearance, Claim, Review, Tag
from factcheck.public_cache import cached_by_data_version
from record import queries
from record.models import ClaimDocument

# The largest id the database can hold; a larger one is a bad parameter, not a crash.
MAX_ID = 2**63 - 1


@extend_schema_field(OpenApiTypes.INT)
class IdFilter(django_filters.Filter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class SpeakerNameField(forms.CharField):
    """A speaker typed by name (or alias, in any case) or given by slug, as the speaker
    page's "All claims by" link does. Cleans to the matching public speakers' ids, read from
    the published record: a drop-down of every speaker would be megabytes at an
    aggregator's scale."""

    # Enough for every namesake; a name shared by more is not a useful filter anyway.
    MATCHES = 50

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        ids = queries.speakers_named(value, limit=self.MATCHES)
        if not ids:
            raise ValidationError("No speaker by that name has published claims.", code="unknown")
        return ids


class SpeakerNameFilter(django_filters.Filter):
    field_class = SpeakerNameField

    def filter(self, queryset, value):
        return queryset.filter(speaker_id__in=value) if value else queryset


class BaseClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    stated_after = django_filters.DateFilter(
        field_name="stated_on",
        lookup_expr="gte",
        label="Stated on or after",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stated_before = django_filters.DateFilter(
        field_name="stated_on",
        lookup_expr="lte",
        label="Stated on or before",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    disputed = django_filters.ChoiceFilter(
        method="filter_disputed",
        label="Disputed",
        choices=[("true", "Disputed"), ("false", "Not disputed")],
        empty_label="Disputed or not",
    )

    class Meta:
        model = Claim
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_tag(self, queryset, name, value):
        tagged = Tag.claims.through.objects.filter(claim=OuterRef("pk"), tag__slug=value)
        return queryset.filter(Exists(tagged))

    def filter_rating(self, queryset, name, value):
        reviewed = Review.objects.published().filter(claim=OuterRef("pk"), rating__slug=value)
        return queryset.filter(Exists(reviewed))

    def filter_disputed(self, queryset, name, value):
        return queryset.disputed(value == "true")


class ClaimPageFilter(BaseClaimFilter):
    """The reader's form, on the published record's claim documents (their own columns:
    a working edit never moves a claim in or out of a result): topics and verdicts offered
    as choices, the speaker typed."""

    speaker = SpeakerNameFilter(
        label="Speaker",
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": "Any speaker"}),
    )
    tag = django_filters.ChoiceFilter(method="filter_tag", label="Topic", empty_label="Any topic")
    rating = django_filters.ChoiceFilter(
        method="filter_rating", label="Verdict", empty_label="Any verdict"
    )

    class Meta(BaseClaimFilter.Meta):
        model = ClaimDocument
        fields = ["q", "speaker", "tag", "rating", "stated_after", "stated_before", "disputed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = None
        self.filters["tag"].extra["choices"] = lambda: self.public_choices()["tag"]
        self.filters["rating"].extra["choices"] = lambda: self.public_choices()["rating"]

    def public_choices(self) -> dict[str, list[tuple[str, str]]]:
        if self._choices is None:
            self._choices = public_filter_choices()
        return self._choices

    # The stated date range compares the document's ``stated_on`` (BaseClaimFilter).

    def filter_search(self, queryset, name, value):
        return queries.search(queryset, value)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(queries.tagged(value))

    def filter_rating(self, queryset, name, value):
        return queryset.filter(queries.rated(value))

    def filter_disputed(self, queryset, name, value):
        return queryset.filter(queries.disputed(value == "true"))


def public_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The topics and verdicts a reader may filter by: those of live claim documents only
    (a draft's topic is no option for readers). Cached under the public data version: at a
    million claims, finding them takes a tenth of a second, and they rarely change."""
    return cached_by_data_version("claim-filter-choices", _public_filter_choices)


def _public_filter_choices() -> dict[str, list[tuple[str, str]]]:
    return {"tag": queries.topic_choices(), "rating": queries.verdict_choices()}


class ApiClaimFilter(BaseClaimFilter):
    """The partner API's filters: slugs and ids as plain values (an unknown one matches
    nothing), so a request costs no query for choices."""

    speaker = django_filters.CharFilter(
        field_name="speaker__slug", help_text="A speaker's slug, such as sergey-lavrov."
    )
    tag = django_filters.CharFilter(method="filter_tag", help_text="A topic's slug.")
    rating = django_filters.CharFilter(
        method="filter_rating", help_text="A rating's slug, such as mostly-false."
    )
    language = django_filters.CharFilter(help_text="Language of the claim text, such as en.")
    source = IdFilter(method="filter_source", help_text="Claims reported in this source (id).")
    outlet = IdFilter(method="filter_outlet", help_text="Claims reported by this outlet (id).")

    class Meta(BaseClaimFilter.Meta):
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

    def filter_source(self, queryset, name, value):
        in_source = Appearance.objects.filter(claim=OuterRef("pk"), source_id=value)
        return queryset.filter(Exists(in_source))

    def filter_outlet(self, queryset, name, value):
        in_outlet = Appearance.objects.filter(claim=OuterRef("pk"), source__outlet_id=value)
        return queryset.filter(Exists(in_outlet))
