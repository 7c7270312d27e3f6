from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from curation.models import ChangeRequest
from record.models import Kind

CHANGE_PAGES = {
    Kind.CLAIM: "admin:claims_claim_change",
    Kind.SPEAKER: "admin:claims_speaker_change",
    Kind.SOURCE: "admin:sources_source_change",
    Kind.OUTLET: "admin:sources_outlet_change",
}


@admin.register(ChangeRequest)
class ChangeRequestAdmin(admin.ModelAdmin):
    """The editors' queue: contributors' changes to public items, waiting to be published
    from the item's own page. Written by "Submit changes for review", resolved by a
    publish; nobody edits them here."""

    list_display = ["__str__", "item", "submitted_by", "submitted_at", "note", "resolved_at"]
    list_filter = [("resolved_at", admin.EmptyFieldListFilter), "kind"]
    list_select_related = ["submitted_by"]
    date_hierarchy = "submitted_at"

    @admin.display(description=_("open the item"))
    def item(self, request_row):
        url = reverse(CHANGE_PAGES[request_row.kind], args=[request_row.object_id])
        return format_html('<a href="{}">{}</a>', url, gettext("Review and publish"))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
