from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from claims.models import Claim, PublicationStatus
from curation.models import ChangeRequest
from record.models import Kind

CHANGE_PAGES = {
    Kind.CLAIM: "admin:claims_claim_change",
    Kind.SPEAKER: "admin:claims_speaker_change",
    Kind.SOURCE: "admin:sources_source_change",
    Kind.OUTLET: "admin:sources_outlet_change",
}


class OpenFilter(admin.SimpleListFilter):
    """Open requests unless asked otherwise: the queue is what is left to do, and a
    resolved request's "Review and publish" link leads to nothing left to review."""

    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [("open", "Open"), ("resolved", "Resolved"), ("all", "All")]

    def choices(self, changelist):
        current = self.value() or "open"
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or "open"
        if value == "open":
            return queryset.open()
        if value == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """The editors' queue: contributors' changes to public items, waiting to be published
    from the item's own page. Written by "Submit changes for review", resolved by a
    publish; nobody edits them here."""

    list_display = ["__str__", "item", "submitted_by", "submitted_at", "note", "resolved_at"]
    list_filter = [OpenFilter, "kind"]
    list_select_related = ["submitted_by"]
    date_hierarchy = "submitted_at"

    @admin.display(description=_("open the item"))
    def item(self, request_row):
        url = reverse(CHANGE_PAGES[request_row.kind], args=[request_row.object_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Review and publish"))

    def changelist_view(self, request, extra_context=None):
        # New claims submitted for review are not change requests (nothing public changes
        # until they are published): the queue names them and links to them, so an editor
        # finds all the work in one place.
        in_review = Claim.objects.filter(status=PublicationStatus.IN_REVIEW).count()
        url = reverse("admin:claims_claim_changelist") + "?status__exact=in_review"
        context = {"claims_in_review": in_review, "claims_in_review_url": url}
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
