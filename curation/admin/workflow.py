"""Draft → in review → published → withdrawn, in the admin, for claims and reviews.

Who may publish is decided here, once, for every path: the status choices a form offers and
accepts, which objects a user may change, and which bulk actions exist for them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from claims.models import PublicationStatus
from curation.policy import Action, may
from record.services import RecordError

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
        label=_("Reason"),
        help_text=_("Readers see this at the withdrawn items' addresses."),
    )


class WorkflowAdminMixin:
    """For ModelAdmins of ``Publishable`` models."""

    workflow_readonly = ("published_at", "withdrawn_at")

    def has_publish_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)

    def has_delete_permission(self, request, obj=None):
        # Public items are withdrawn, never deleted: their addresses must keep answering.
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may(request.user, Action.DELETE, self.model, obj))

    # How the published record follows (record.services); set by each admin: publish or
    # withdraw an item (status and record), or bring the record in line with a status the
    # form has just saved.
    def publish_item(self, item, user) -> None:
        raise NotImplementedError

    def withdraw_item(self, item, reason: str, user) -> None:
        raise NotImplementedError

    def record_status(self, item, user) -> None:
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # A status an editor chose in the form is an editorial act: publishing or
        # withdrawing it reaches the public record now. A plain save of anything else
        # changes the working copy only ("Publish changes" publishes it).
        item = form.instance
        before = form.initial.get("status") if change else None
        reverting = getattr(request, "_reverting_content_only", False)
        if reverting or item.status == before or not self.has_publish_permission(request):
            return
        if item.status in PUBLIC:
            self.record_status(item, request.user)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A revert restores content into the working copy; its status (and the dates that
        # go with it) stay as they are: a revert never publishes or unpublishes.
        request._reverting_content_only = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def save_model(self, request, obj, form, change):
        if getattr(request, "_reverting_content_only", False) and obj.pk is not None:
            current = type(obj)._default_manager.get(pk=obj.pk)
            for name in ("status", "published_at", "withdrawn_at", "withdrawn_reason"):
                setattr(obj, name, getattr(current, name))
        super().save_model(request, obj, form, change)

    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), *self.workflow_readonly]
        if getattr(request, "_reverting_content_only", False):
            readonly += ["status", "withdrawn_reason"]
        elif not self.has_publish_permission(request):
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

    @admin.action(description=_("Submit the selected drafts for review"))
    def submit_for_review(self, request, queryset):
        count = 0
        with transaction.atomic():
            for item in _locked(queryset).filter(status=PublicationStatus.DRAFT):
                item.submit_for_review()
                count += 1
        message = ngettext(
            "%(count)d submitted for review.", "%(count)d submitted for review.", count
        )
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Publish the selected items"), permissions=["publish"])
    def publish(self, request, queryset):
        with transaction.atomic():
            # Locked: two editors acting at once publish each item once. Drafts and items in
            # review only: a withdrawn item comes back from its own page, after a look at
            # what its working copy now says.
            ready = []
            for item in _locked(queryset).filter(status__in=DRAFTING):
                try:
                    item.full_clean()
                except ValidationError as error:
                    self._not_published(request, item, error)
                else:
                    ready.append(item)
            try:
                self.publish_items(ready, request.user)
            except (ValidationError, RecordError) as error:
                self._not_published(request, ", ".join(map(str, ready)), error)
                return
        message = ngettext("%(count)d published.", "%(count)d published.", len(ready))
        self.message_user(request, message % {"count": len(ready)}, messages.SUCCESS)

    def publish_items(self, items: list, user) -> None:
        """Publish ``items`` (each valid, locked) as the bulk action does. Admins whose
        items show one another override it to write them as one publication."""
        with transaction.atomic():
            for item in items:
                self.publish_item(item, user)

    def _not_published(self, request, what, error: Exception) -> None:
        words = "; ".join(_words(error))
        message = gettext("Not published: %(item)s: %(reasons)s")
        self.message_user(request, message % {"item": what, "reasons": words}, messages.ERROR)

    @admin.action(description=_("Withdraw the selected items…"), permissions=["publish"])
    def withdraw(self, request, queryset):
        published = queryset.filter(status=PublicationStatus.PUBLISHED)
        form = WithdrawForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            with transaction.atomic():
                items = list(_locked(published))
                for item in items:
                    self.withdraw_item(item, form.cleaned_data["reason"], request.user)
            message = ngettext("%(count)d withdrawn.", "%(count)d withdrawn.", len(items))
            self.message_user(request, message % {"count": len(items)}, messages.SUCCESS)
            return None
        # First the form asking why; the reason is shown to readers.
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Withdraw: say why"),
            "opts": self.model._meta,
            "items": published,
            "form": form,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/claims/withdraw.html", context)


def _locked(queryset):
    """The rows of ``queryset``, locked for the action. A change list filtered across a
    relation (the claims of one source) selects DISTINCT rows, which PostgreSQL does not
    lock: the rows are locked by their ids instead."""
    ids = queryset.order_by().values("pk")
    return queryset.model._default_manager.filter(pk__in=ids).select_for_update()


def _words(error: Exception) -> list[str]:
    return getattr(error, "messages", None) or [str(error)]
