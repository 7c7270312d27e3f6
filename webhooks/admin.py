"""The desk's side of webhooks: editors register partners' endpoints and read the delivery
log (docs/admin.md, "Webhooks")."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin.changelist import SafeChangeListMixin
from core.admin.widgets import BoundedTabularInline
from webhooks import delivery
from webhooks.destinations import Refused, check_destination
from webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint, new_secret


class EndpointForm(forms.ModelForm):
    class Meta:
        model = Endpoint
        fields = ["description", "url", "after_seq"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            check_destination(url)
        except Refused as refused:
            raise forms.ValidationError(str(refused), code="refused") from refused
        return url


@admin.register(Endpoint)
class EndpointAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """Partners' endpoints. The secret is made on creation and shown on the endpoint's page
    for the editor to pass on; "Generate a new secret" replaces it."""

    form = EndpointForm
    list_display = ["description", "url", "health", "pending", "after_seq", "created_at"]
    list_filter = [("paused_at", admin.EmptyFieldListFilter)]
    search_fields = ["description", "url"]
    readonly_fields = [
        "secret",
        "health",
        "failing_since",
        "consecutive_failures",
        "retry_at",
        "paused_at",
        "paused_reason",
        "created_at",
        "created_by",
    ]
    actions = ["pause_endpoints", "resume_endpoints", "new_secrets"]

    def get_queryset(self, request):
        pending = Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING))
        return super().get_queryset(request).annotate(pending_count=pending)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["description", "url", "after_seq"]
        return ["description", "url", "secret", "after_seq", *self.readonly_fields[1:]]

    def get_readonly_fields(self, request, obj=None):
        # The feed position is chosen once, on creation; afterwards the deliveries say it.
        return [*self.readonly_fields, "after_seq"] if obj else []

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if not change:
            # Not the secret itself: messages travel in a cookie.
            messages.info(
                request,
                gettext("Give the partner this endpoint's secret: it is on the endpoint's page."),
            )

    @admin.display(description=_("state"))
    def health(self, endpoint):
        if endpoint.paused_at:
            return format_html(gettext("Paused: {}"), endpoint.paused_reason)
        if endpoint.failing_since:
            return format_html(
                gettext("Failing since {} ({} attempts); next try {}"),
                timezone.localtime(endpoint.failing_since).strftime("%Y-%m-%d %H:%M"),
                endpoint.consecutive_failures,
                timezone.localtime(endpoint.retry_at).strftime("%H:%M:%S")
                if endpoint.retry_at
                else gettext("now"),
            )
        return gettext("Active")

    @admin.display(description=_("pending"), ordering="pending_count")
    def pending(self, endpoint):
        return endpoint.pending_count

    @admin.action(description=_("Pause the selected endpoints"), permissions=["change"])
    def pause_endpoints(self, request, queryset):
        count = delivery.pause(queryset, f"Paused by {request.user.get_username()}.")
        self.message_user(
            request, gettext("Paused %(count)d; their deliveries wait.") % {"count": count}
        )

    @admin.action(
        description=_("Resume the selected endpoints (deliver what waited)"),
        permissions=["change"],
    )
    def resume_endpoints(self, request, queryset):
        count = delivery.resume(queryset)
        message = gettext("Resumed %(count)d: one delivery is tried now, then the rest.")
        self.message_user(request, message % {"count": count})

    @admin.action(description=_("Generate a new secret"), permissions=["change"])
    def new_secrets(self, request, queryset):
        for endpoint in queryset:
            Endpoint.objects.filter(pk=endpoint.pk).update(secret=new_secret())
        self.message_user(
            request,
            gettext(
                "New secrets made: deliveries are signed with them from now on. Give each "
                "partner theirs (on the endpoint's page)."
            ),
            messages.WARNING,
        )


class AttemptInline(BoundedTabularInline):
    model = Attempt
    fields = ["at", "status_code", "duration_ms", "error", "response"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(SafeChangeListMixin, admin.ModelAdmin):
    """The delivery log: one row per event per endpoint, with each attempt. Read only,
    except "Resend"."""

    list_display = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "created_at",
        "delivered_at",
    ]
    list_filter = ["status", "endpoint"]
    list_select_related = ["endpoint", "version"]
    search_fields = ["=version__seq", "=version__object_id"]
    search_help_text = _("An event id (the change feed's seq), or a document's id.")
    fields = [
        "event",
        "endpoint",
        "status",
        "attempts",
        "created_at",
        "next_attempt_at",
        "delivered_at",
        "last_status_code",
        "last_error",
    ]
    readonly_fields = fields
    inlines = [AttemptInline]
    actions = ["resend"]

    @admin.display(description=_("event"), ordering="version_id")
    def event(self, obj):
        version = obj.version
        return (
            f"{obj.event_id}: {version.kind} {version.object_id} v{version.number} {version.event}"
        )

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Resend the selected deliveries"), permissions=["change"])
    def resend(self, request, queryset):
        count = delivery.resend(queryset)
        paused = queryset.filter(endpoint__paused_at__isnull=False).count()
        message = gettext("%(count)d will be sent again, with the same event ids.") % {
            "count": count
        }
        if paused:
            message += " " + gettext(
                "%(count)d are for paused endpoints: resume those to send them."
            ) % {"count": paused}
        self.message_user(request, message)
