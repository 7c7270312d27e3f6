"""Speakers, topics and rating scales: what claims refer to."""

from django.contrib import admin
from django.db.models import OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Claim, Rating, RatingScale, Speaker, SpeakerAlias, Tag
from core.admin.changelist import SafeChangeListMixin
from core.admin.concurrency import ConcurrentEditMixin
from core.admin.widgets import (
    BoundedTabularInline,
    ConstrainedInlineFormSet,
    SafeAutocompleteMixin,
)
from core.db import subquery_count
from curation.editing import PublishedRecordAdminMixin
from record.models import Kind


class SpeakerAliasInline(BoundedTabularInline):
    formset = ConstrainedInlineFormSet
    model = SpeakerAlias
    extra = 1


@admin.register(Speaker)
class SpeakerAdmin(
    PublishedRecordAdminMixin,
    ConcurrentEditMixin,
    SafeChangeListMixin,
    SafeAutocompleteMixin,
    SimpleHistoryAdmin,
):
    record_kind = Kind.SPEAKER
    list_display = ["name", "kind", "affiliation", "country", "wikidata_id", "claims_link"]
    list_filter = ["kind", "country"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "aliases__name", "wikidata_id", "slug"]
    search_help_text = _("Name, alias or Wikidata id.")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["affiliation"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [SpeakerAliasInline]

    def get_queryset(self, request):
        claims = Claim.objects.filter(speaker=OuterRef("pk"))
        return super().get_queryset(request).annotate(claim_total=subquery_count(claims))

    @admin.display(description=_("claims"), ordering="claim_total")
    def claims_link(self, speaker):
        url = reverse("admin:claims_claim_changelist") + f"?speaker__id__exact={speaker.pk}"
        return format_html('<a href="{}">{}</a>', url, speaker.claim_total)


@admin.register(SpeakerAlias)
class SpeakerAliasAdmin(
    ConcurrentEditMixin, SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin
):
    version_parents = ("speaker",)
    list_display = ["name", "speaker"]
    list_select_related = ["speaker"]
    search_fields = ["name", "speaker__name"]
    autocomplete_fields = ["speaker"]


@admin.register(Tag)
class TagAdmin(SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug", "claim_total"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        tagged = Tag.claims.through.objects.filter(tag=OuterRef("pk"))
        return super().get_queryset(request).annotate(claim_total=subquery_count(tagged))

    @admin.display(description=_("claims"), ordering="claim_total")
    def claim_total(self, tag):
        return tag.claim_total


class RatingInline(BoundedTabularInline):
    formset = ConstrainedInlineFormSet
    model = Rating
    extra = 1
    prepopulated_fields = {"slug": ["name"]}


@admin.register(RatingScale)
class RatingScaleAdmin(SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RatingInline]


@admin.register(Rating)
class RatingAdmin(SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["name", "scale", "position", "value"]
    list_filter = ["scale"]
    list_select_related = ["scale"]
    search_fields = ["name", "scale__name"]
    prepopulated_fields = {"slug": ["name"]}
