from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin.changelist import SafeChangeListMixin
from serving.models import ApiKey


@admin.register(ApiKey)
class ApiKeyAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Partner API keys. The key is shown once, on creation; only its hash is kept."""

    list_display = ["name", "prefix", "contact", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "contact", "prefix"]
    fields = ["name", "contact", "prefix", "created_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at"]
    actions = ["revoke_keys"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        key, raw_key = ApiKey.issue(name=obj.name, contact=obj.contact)
        obj.pk, obj.prefix, obj.key_hash = key.pk, key.prefix, key.key_hash
        messages.warning(
            request,
            gettext(
                "The key for %(name)s is %(key)s — copy it now: it is not stored and "
                "will not be shown again."
            )
            % {"name": key.name, "key": raw_key},
        )

    @admin.action(description=_("Revoke the selected keys"))
    def revoke_keys(self, request, queryset):
        for key in queryset.active():
            key.revoke()
        self.message_user(request, gettext("Revoked."))
