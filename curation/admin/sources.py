from functools import partial

from django.contrib import admin
from django.db.models import OuterRef
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from claims.excerpts import excerpts_missing_from
from claims.models import Appearance
from core.admin.changelist import SafeChangeListMixin
from core.admin.concurrency import ConcurrentEditMixin
from core.admin.dates import DateBoundField, PartialDateField, PartialDateFormMixin
from core.admin.widgets import SafeAutocompleteMixin
from core.db import subquery_count
from curation.editing import PublishedRecordAdminMixin
from curation.workbench import views as workbench
from record.models import Kind
from sources.models import Outlet, Source


@admin.register(Outlet)
class OutletAdmin(
    PublishedRecordAdminMixin,
    ConcurrentEditMixin,
    SafeChangeListMixin,
    SafeAutocompleteMixin,
    SimpleHistoryAdmin,
):
    record_kind = Kind.OUTLET
    list_display = ["name", "kind", "country", "language", "homepage", "source_total"]
    list_filter = ["kind", "country", "language"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["created_at", "updated_at"]

    def get_queryset(self, request):
        sources = Source.objects.filter(outlet=OuterRef("pk"))
        return super().get_queryset(request).annotate(source_total=subquery_count(sources))

    @admin.display(description=_("sources"), ordering="source_total")
    def source_total(self, outlet):
        url = reverse("admin:sources_source_changelist") + f"?outlet__id__exact={outlet.pk}"
        return format_html('<a href="{}">{}</a>', url, outlet.source_total)


class SourceForm(PartialDateFormMixin):
    """A source's change form: the date typed as text, the precision following from what was
    typed (``core.admin.dates``); and a new stored text must keep every excerpt quoted from
    it (docs/domain.md, "Locked quotes"): saving relocates them (``claims.excerpts``)."""

    partial_date = ("published_on", "published_on_precision")
    published_on = PartialDateField(label=_("Published"))
    published_not_before = DateBoundField(end="first", label=_("Not before"))
    published_not_after = DateBoundField(end="last", label=_("Not after"))

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("full_text")
        if self.instance.pk is not None and "full_text" in self.changed_data and text:
            missing = excerpts_missing_from(self.instance.pk, text)
            if missing:
                self.add_error("full_text", missing)
        return cleaned


@admin.register(Source)
class SourceAdmin(
    PublishedRecordAdminMixin,
    ConcurrentEditMixin,
    SafeChangeListMixin,
    SafeAutocompleteMixin,
    SimpleHistoryAdmin,
):
    form = SourceForm
    record_kind = Kind.SOURCE
    list_display = ["title", "outlet", "published", "kind", "url", "claims_link"]
    list_filter = ["kind", "language", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "outlet__name", "authors"]
    search_help_text = _("Title, URL, outlet or author.")
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["title", "url", ("outlet", "kind"), "language"]}),
        (
            _("Published"),
            {
                "fields": [
                    "published_on",
                    ("published_not_before", "published_not_after"),
                    "published_on_note",
                ]
            },
        ),
        (_("As printed"), {"fields": ["authors", "dateline", "full_text"]}),
        (_("Archived copy"), {"fields": [("archive_url", "archived_at")]}),
        (_("Curator"), {"fields": ["notes", ("created_at", "updated_at")]}),
    ]

    def get_queryset(self, request):
        appearances = Appearance.objects.filter(source=OuterRef("pk"))
        return super().get_queryset(request).annotate(claim_total=subquery_count(appearances))

    def get_urls(self):
        # The source workbench (curation/workbench): an article entered as a source, and
        # claims entered from passages of its text, on one page.
        def view(function, name, route):
            wrapped = self.admin_site.admin_view(partial(function, admin_site=self.admin_site))
            return path(route, wrapped, name=name)

        return [
            view(workbench.new_source, "sources_source_workbench_new", "workbench/"),
            view(
                workbench.source_workbench,
                "sources_source_workbench",
                "<path:object_id>/workbench/",
            ),
            view(
                workbench.submit,
                "sources_source_workbench_submit",
                "<path:object_id>/workbench/submit/",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("published"), ordering="published_on")
    def published(self, source):
        return source.published_on_display or "—"

    @admin.display(description=_("claims"), ordering="claim_total")
    def claims_link(self, source):
        url = reverse("admin:claims_claim_changelist")
        url += f"?appearances__source__id__exact={source.pk}"
        return format_html('<a href="{}">{}</a>', url, source.claim_total)
