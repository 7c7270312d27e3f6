"""Filters on published claims, shared by the claim list page and the partner API."""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef

from claims.models import Claim, Rating, Review, Speaker, Tag


class ClaimFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_search", label="Search")
    speaker = django_filters.ChoiceFilter(
        field_name="speaker__slug", label="Speaker", empty_label="Any speaker"
    )
    tag = django_filters.ChoiceFilter(method="filter_tag", label="Topic", empty_label="Any topic")
    rating = django_filters.ChoiceFilter(
        method="filter_rating", label="Verdict", empty_label="Any verdict"
    )
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
        fields = ["q", "speaker", "tag", "rating", "stated_after", "stated_before", "disputed"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Choices come from public data only: a draft's speaker is no option to readers.
        self.filters["speaker"].extra["choices"] = lambda: list(
            Speaker.objects.published().values_list("slug", "name")
        )
        self.filters["tag"].extra["choices"] = lambda: list(
            Tag.objects.filter(claims__in=Claim.objects.published())
            .distinct()
            .values_list("slug", "name")
        )
        self.filters["rating"].extra["choices"] = lambda: list(
            Rating.objects.filter(reviews__in=Review.objects.published())
            .distinct()
            .values_list("slug", "name")
        )

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(
            Exists(Tag.claims.through.objects.filter(claim=OuterRef("pk"), tag__slug=value))
        )

    def filter_rating(self, queryset, name, value):
        return queryset.filter(
            Exists(Review.objects.published().filter(claim=OuterRef("pk"), rating__slug=value))
        )

    def filter_disputed(self, queryset, name, value):
        return queryset.disputed(value == "true")
