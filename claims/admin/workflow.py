"""Draft → in review → published → withdrawn, in the admin, for claims and reviews.

Who may publish is decided here, once, for every path: the status choices a form offers and
accepts, which objects a user may change, and which bulk actions exist for them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse

from claims.models import PublicationStatus

PUBLISH_PERMISSION = "claims.publish_claim"
DRAFTING = (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW)
PUBLIC = (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)


def allowed_statuses(status: str, *, can_publish: bool) -> list[str]:
    """The statuses a user may move an item to from ``status`` (its own included)."""
    if status in DRAFTING:
        return [*DRAFTING, PublicationStatus.PUBLISHED] if can_publish else list(DRAFTING)
    # A public item is withdrawn, never sent back to draft: its address must keep saying why.
    return list(PUBLIC) if can_publish else [status]


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Readers see this at the withdrawn items' addresses.",
    )


class WorkflowAdminMixin:
    """For ModelAdmins of ``Publishable`` models."""

    workflow_readonly = ("published_at", "withdrawn_at")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_change_permission(self, request, obj=None):
        # Contributors see public items but cannot change them.
        if obj is not None and obj.status in PUBLIC and not self.has_publish_permission(request):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Public items are withdrawn, never deleted: their addresses must keep answering.
        if obj is not None and obj.status in PUBLIC:
            return False
        return super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *self.workflow_readonly]
        if not self.has_publish_permission(request):
            readonly.append("withdrawn_reason")
        return readonly

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        current = obj.status if obj is not None else PublicationStatus.DRAFT
        allowed = allowed_statuses(current, can_publish=self.has_publish_permission(request))
        # The choices are both what the form shows and what it accepts: a crafted POST with
        # another status is a form error, not a publication.
        status_field = form.base_fields.get("status")
        if status_field is not None:
            status_field.choices = [
                (value, label) for value, label in PublicationStatus.choices if value in allowed
            ]
        return form

    # --- Bulk actions ------------------------------------------------------------------

    @admin.action(description="Submit the selected drafts for review")
    def submit_for_review(self, request, queryset):
        count = 0
        with transaction.atomic():
            for item in queryset.select_for_update().filter(status=PublicationStatus.DRAFT):
                item.submit_for_review()
                count += 1
        self.message_user(request, f"{count} submitted for review.", messages.SUCCESS)

    @admin.action(description="Publish the selected items", permissions=["publish"])
    def publish(self, request, queryset):
        count = 0
        with transaction.atomic():
            # Locked: two editors acting at once publish each item once.
            for item in queryset.select_for_update().exclude(status=PublicationStatus.PUBLISHED):
                try:
                    item.full_clean()
                except ValidationError as error:
                    self.message_user(
                        request,
                        f"Not published: {item}: {'; '.join(error.messages)}",
                        messages.ERROR,
                    )
                    continue
                item.publish()
                count += 1
        self.message_user(request, f"{count} published.", messages.SUCCESS)

    @admin.action(description="Withdraw the selected items…", permissions=["publish"])
    def withdraw(self, request, queryset):
        published = queryset.filter(status=PublicationStatus.PUBLISHED)
        form = WithdrawForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            with transaction.atomic():
                items = list(published.select_for_update())
                for item in items:
                    item.withdraw(reason=form.cleaned_data["reason"])
            self.message_user(request, f"{len(items)} withdrawn.", messages.SUCCESS)
            return None
        # First the form asking why; the reason is shown to readers.
        context = {
            **self.admin_site.each_context(request),
            "title": "Withdraw: say why",
            "opts": self.model._meta,
            "items": published,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/withdraw.html", context)
