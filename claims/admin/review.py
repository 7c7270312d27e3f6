"""Verdicts and public corrections; the links between claims, browsable on their own."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from claims.admin.filters import RatingFilter
from claims.admin.widgets import SafeAutocompleteMixin
from claims.admin.workflow import WorkflowAdminMixin
from claims.models import Appearance, Correction, Denial, Evidence, Review


@admin.register(Review)
class ReviewAdmin(WorkflowAdminMixin, SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["claim", "rating", "reviewer_organisation", "reviewed_on", "status"]
    list_filter = ["status", RatingFilter, "rating__scale", "reviewer_organisation"]
    list_select_related = ["claim__speaker", "rating__scale"]
    search_fields = ["summary", "claim__text", "reviewer_name", "reviewer_organisation", "url"]
    autocomplete_fields = ["claim", "rating"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "reviewed_on"
    actions = ["submit_for_review", "publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["claim", "rating", "summary", "reasoning"]}),
        (
            "Reviewer",
            {"fields": [("reviewer_name", "reviewer_organisation"), "url"]},
        ),
        ("Dates", {"fields": [("reviewed_on", "updated_on")]}),
        (
            "Workflow",
            {"fields": ["status", "withdrawn_reason", "published_at", "withdrawn_at"]},
        ),
    ]


@admin.register(Correction)
class CorrectionAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "corrected_on"]
    list_select_related = ["claim__speaker"]
    search_fields = ["note", "claim__text"]
    autocomplete_fields = ["claim"]
    date_hierarchy = "corrected_on"


@admin.register(Appearance)
class AppearanceAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "source", "is_first"]
    list_filter = ["is_first"]
    list_select_related = ["claim__speaker", "source__outlet"]
    search_fields = ["excerpt", "attribution", "source__title", "source__url"]
    autocomplete_fields = ["claim", "source"]


@admin.register(Denial)
class DenialAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "denying_claim", "denied_claim", "created_at"]
    list_select_related = ["denying_claim__speaker", "denied_claim__speaker"]
    search_fields = ["denying_claim__text", "denied_claim__text", "note"]
    autocomplete_fields = ["denying_claim", "denied_claim"]


@admin.register(Evidence)
class EvidenceAdmin(SafeAutocompleteMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "claim", "stance", "source", "backing_claim"]
    list_filter = ["stance"]
    list_select_related = ["claim__speaker", "source__outlet", "backing_claim__speaker"]
    search_fields = ["claim__text", "backing_claim__text", "source__title", "note"]
    autocomplete_fields = ["claim", "source", "backing_claim"]
