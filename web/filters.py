"""The claim list page's filters, on the published record (``record.queries`` holds the
conditions, shared with the partner API's filters)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from claims import search
from record import dated, queries
from record.models import ClaimDocument
from serving.public_cache import cached_by_data_version


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
            raise ValidationError(
                _("No speaker by that name has published claims."), code="unknown"
            )
        return ids


class SpeakerNameFilter(django_filters.Filter):
    field_class = SpeakerNameField

    def filter(self, queryset, value):
        return queryset.filter(speaker_id__in=value) if value else queryset


class ClaimPageFilter(django_filters.FilterSet):
    """The reader's form, on the published record's claim documents (their own columns:
    a working edit never moves a claim in or out of a result): topics and verdicts offered
    as choices, the speaker typed. A bad value (a malformed date, ``disputed=maybe``) is an
    error that names the parameter, never silently ignored."""

    q = django_filters.CharFilter(
        method="filter_search",
        label=pgettext_lazy("filter", "Search"),
        validators=[search.validate_query],
    )
    # A claim matches when the days it can have been made on (its date's period narrowed by
    # its bounds) overlap the range: "May 2017" is in a range from 20 May (record.dated).
    stated_after = django_filters.DateFilter(
        method="filter_stated_after",
        label=_("Stated on or after"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    stated_before = django_filters.DateFilter(
        method="filter_stated_before",
        label=_("Stated on or before"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    disputed = django_filters.ChoiceFilter(
        method="filter_disputed",
        label=pgettext_lazy("filter", "Disputed"),
        choices=[("true", pgettext_lazy("filter", "Disputed")), ("false", _("Not disputed"))],
        empty_label=_("Disputed or not"),
    )

    speaker = SpeakerNameFilter(
        label=_("Speaker"),
        max_length=255,
        widget=forms.TextInput(attrs={"placeholder": _("Any speaker")}),
    )
    tag = django_filters.ChoiceFilter(
        method="filter_tag", label=_("Topic"), empty_label=_("Any topic")
    )
    rating = django_filters.ChoiceFilter(
        method="filter_rating", label=_("Verdict"), empty_label=_("Any verdict")
    )

    class Meta:
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

    def filter_search(self, queryset, name, value):
        return queries.search(queryset, value)

    def filter_tag(self, queryset, name, value):
        return queryset.filter(queries.tagged(value))

    def filter_rating(self, queryset, name, value):
        return queryset.filter(queries.rated(value))

    def filter_disputed(self, queryset, name, value):
        return queryset.filter(queries.disputed(value == "true"))

    def filter_stated_after(self, queryset, name, value):
        return queryset.filter(dated.stated_after(value))

    def filter_stated_before(self, queryset, name, value):
        return queryset.filter(dated.stated_before(value))


def public_filter_choices() -> dict[str, list[tuple[str, str]]]:
    """The topics and verdicts a reader may filter by: those of live claim documents only
    (a draft's topic is no option for readers). Cached under the public data version: at a
    million claims, finding them takes a tenth of a second, and they rarely change."""
    return cached_by_data_version("claim-filter-choices", _public_filter_choices)


def _public_filter_choices() -> dict[str, list[tuple[str, str]]]:
    return {"tag": queries.topic_choices(), "rating": queries.verdict_choices()}
