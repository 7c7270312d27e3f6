"""Verdicts and public corrections; the links between claims, browsable on their own."""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.models import Appearance, ClaimLink, Correction, Evidence, Review
from core.admin.changelist import SafeChangeListMixin
from core.admin.concurrency import ConcurrentEditMixin
from core.admin.widgets import SafeAutocompleteMixin
from curation.admin.filters import RatingFilter
from curation.admin.workflow import WorkflowAdminMixin
from curation.proposals import propose_matches
from interop.claimreview.load import ImportFailed, check_size, import_file
from record.services import review_publish, review_sync, review_withdraw


@admin.register(Review)
class ReviewAdmin(
    ConcurrentEditMixin,
    WorkflowAdminMixin,
    SafeChangeListMixin,
    SafeAutocompleteMixin,
    SimpleHistoryAdmin,
):
    list_display = ["claim", "rating", "reviewer_organisation", "reviewed_on", "status"]
    list_filter = ["status", RatingFilter, "rating__scale", "reviewer_organisation"]
    list_select_related = ["claim__speaker", "rating__scale"]
    search_fields = ["summary", "claim__text", "reviewer_name", "reviewer_organisation", "url"]
    autocomplete_fields = ["claim", "rating"]
    readonly_fields = ["created_at", "updated_at"]
    date_hierarchy = "reviewed_on"
    actions = ["submit_for_review", "publish", "withdraw"]
    change_list_template = "admin/claims/review/change_list.html"

    # The verdict part of its claim's document only: the claim's other unpublished changes
    # wait for "Publish changes" on the claim.
    def publish_item(self, item, user) -> None:
        review_publish(review=item, by=user)

    def withdraw_item(self, item, reason: str, user) -> None:
        review_withdraw(review=item, reason=reason, by=user)

    def record_status(self, item, user) -> None:
        review_sync(review=item, by=user)

    def get_urls(self):
        import_view = self.admin_site.admin_view(lambda request: _import_view(self, request))
        return [
            path("import/", import_view, name="claims_review_import"),
            *super().get_urls(),
        ]

    fieldsets = [
        (None, {"fields": ["claim", "rating", "summary", "reasoning"]}),
        (
            _("Reviewer"),
            {"fields": [("reviewer_name", "reviewer_organisation"), "url"]},
        ),
        (_("Dates"), {"fields": [("reviewed_on", "updated_on")]}),
        (
            _("Workflow"),
            {"fields": ["status", "withdrawn_reason", "published_at", "withdrawn_at"]},
        ),
    ]


class ClaimReviewUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "ClaimReview JSON-LD (one review, a list, a @graph or a DataFeed, or an "
            "HTML page carrying it), a Google Fact Check Tools claims:search response, a "
            "ClaimsKG CSV or the plain CSV of the documentation: the format is detected. "
            "Everything is imported as drafts; a review already imported (same address) is "
            "not duplicated; a record that cannot be read is skipped and named, and the "
            "others import."
        ),
    )
    strict = forms.BooleanField(
        required=False,
        label=_("All or nothing: refuse the whole file if one record is skipped"),
    )
    dry_run = forms.BooleanField(required=False, label=_("Only show what would change"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit = settings.CLAIMREVIEW_UPLOAD_MAX_BYTES / 1_000_000
        at_most = gettext("At most %(megabytes)s MB a file.") % {"megabytes": f"{limit:,.1f}"}
        self.fields["file"].help_text = f"{self.fields['file'].help_text} {at_most}"


def _import_view(model_admin, request):
    """Upload a fact-check file: the same importer and report as ``manage.py
    import_claimreview``. A clean import goes back to the list with its summary; one that
    skipped records shows the report here, each skipped record with its reason."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ClaimReviewUploadForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        dry_run = form.cleaned_data["dry_run"]
        try:
            # The size first: a web request must end (the command takes files of any size).
            check_size(upload.name, upload.size)
            may_add_ratings = request.user.has_perms(
                ["claims.add_rating", "claims.add_ratingscale"]
            )
            upload.seek(0)
            report = import_file(
                upload,
                name=upload.name,
                size=upload.size,
                dry_run=dry_run,
                strict=form.cleaned_data["strict"],
                may_add_ratings=may_add_ratings,
                user=request.user,
            )
        except ImportFailed as failure:
            form.add_error(
                "file", gettext("Nothing was imported from %(file)s.") % {"file": failure.path}
            )
            for reason in failure.reasons[:REASONS_SHOWN]:
                form.add_error("file", reason)
            if len(failure.reasons) > REASONS_SHOWN:
                more = len(failure.reasons) - REASONS_SHOWN
                form.add_error("file", gettext("… and %(count)d more.") % {"count": more})
        else:
            if not dry_run:
                propose_matches(report.proposals, by=request.user)
            prefix = gettext("Dry run, nothing written. Would have: ") if dry_run else ""
            model_admin.message_user(request, prefix + report.summary(), messages.SUCCESS)
            if not (report.skipped or report.notes or report.file_error):
                return redirect("admin:claims_review_changelist")
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Import fact-checks"),
        "opts": model_admin.model._meta,
        "form": form,
        "report": report,
        "report_limit": REASONS_SHOWN,
    }
    return TemplateResponse(request, "admin/claims/review/import.html", context)


# Skipped records and notes listed on the page (a file may have thousands): the rest counted.
REASONS_SHOWN = 200


@admin.register(Correction)
class CorrectionAdmin(
    ConcurrentEditMixin, SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin
):
    version_parents = ("claim",)
    list_display = ["__str__", "claim", "corrected_on"]
    list_select_related = ["claim__speaker"]
    search_fields = ["note", "claim__text"]
    autocomplete_fields = ["claim"]
    date_hierarchy = "corrected_on"


@admin.register(Appearance)
class AppearanceAdmin(
    ConcurrentEditMixin, SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin
):
    version_parents = ("claim",)
    list_display = ["__str__", "claim", "source", "relayed_from", "marked_first"]
    list_filter = ["marked_first"]
    list_select_related = ["claim__speaker", "source__outlet"]
    search_fields = ["excerpt", "attribution", "source__title", "source__url"]
    autocomplete_fields = ["claim", "source", "relayed_from"]


@admin.register(ClaimLink)
class ClaimLinkAdmin(
    ConcurrentEditMixin, SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin
):
    # Shown on both claims' pages.
    version_parents = ("from_claim", "to_claim")
    list_display = ["__str__", "from_claim", "type", "to_claim", "created_at"]
    list_filter = ["type"]
    list_select_related = ["from_claim__speaker", "to_claim__speaker"]
    search_fields = ["from_claim__text", "to_claim__text", "note"]
    autocomplete_fields = ["from_claim", "to_claim"]


@admin.register(Evidence)
class EvidenceAdmin(
    ConcurrentEditMixin, SafeChangeListMixin, SafeAutocompleteMixin, SimpleHistoryAdmin
):
    version_parents = ("claim",)
    list_display = ["__str__", "claim", "stance", "source", "backing_claim"]
    list_filter = ["stance"]
    list_select_related = ["claim__speaker", "source__outlet", "backing_claim__speaker"]
    search_fields = ["claim__text", "backing_claim__text", "source__title", "note"]
    autocomplete_fields = ["claim", "source", "backing_claim"]
