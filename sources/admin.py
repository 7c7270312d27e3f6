from django.contrib import admin

from sources.models import Outlet, Source


@admin.register(Outlet)
class OutletAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "country", "language", "homepage"]
    list_filter = ["kind", "country", "language"]
    search_fields = ["name", "homepage"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["title", "outlet", "published_on", "kind", "url"]
    list_filter = ["kind", "language", "outlet"]
    list_select_related = ["outlet"]
    search_fields = ["title", "url", "outlet__name", "authors"]
    autocomplete_fields = ["outlet"]
    date_hierarchy = "published_on"
