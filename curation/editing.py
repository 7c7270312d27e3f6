"""The change form of anything the public may see (claims, speakers, sources, outlets):
what is published, what is not yet ("N unpublished changes" and their diff), and the one
button that changes what the public sees — "Publish changes" for editors, "Submit changes
for review" for contributors. Saving only ever changes the working copy."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from claims.models import Claim, PublicationStatus
from curation.models import ChangeRequest
from curation.policy import Action, may
from record.diff import unpublished_changes
from record.models import DOCUMENT_MODELS, Kind
from record.services import RecordError, claim_publish, document_publish

PUBLISH = "_publish"
SUBMIT = "_submit_changes"


def publish_working_copy(*, kind: str, obj, by) -> str:
    """Publish ``obj``'s working copy as an editor: a claim not yet published is
    published (status and all); anything else gets its next version. Returns what
    happened, in words. Raises ``ValidationError`` or ``RecordError``."""
    with transaction.atomic():
        if kind == Kind.CLAIM and obj.status != PublicationStatus.PUBLISHED:
            if obj.status == PublicationStatus.WITHDRAWN:
                raise RecordError(
                    gettext("A withdrawn claim is published again from its Workflow.")
                )
            publication = claim_publish(claim=obj, by=by)
        else:
            document = DOCUMENT_MODELS[kind].objects.filter(pk=obj.pk).first()
            if document is None or not document.is_live:
                raise RecordError(
                    gettext(
                        "Nothing of it is public yet: it is published with the first published "
                        "claim that shows it."
                    )
                )
            publication = document_publish(kind=kind, obj=obj, by=by)
        ChangeRequest.objects.open().filter(kind=kind, object_id=obj.pk).update(
            resolved_at=timezone.now(), resolved_by=by
        )
    own = publication.of(kind, obj.pk)
    if own is None:
        return gettext("Nothing to publish: the public already sees this.")
    others = len(publication.versions) - 1
    if not others:
        return gettext("Published version %(number)d.") % {"number": own.number}
    return ngettext(
        "Published version %(number)d; %(others)d other public document updated.",
        "Published version %(number)d; %(others)d other public documents updated.",
        others,
    ) % {"number": own.number, "others": others}


def submit_changes(*, kind: str, pk: int, by, note: str) -> ChangeRequest:
    """Put the working copy's changes in the editors' queue. Several people may submit
    changes to one item before an editor publishes them: their notes are kept, each signed."""
    with transaction.atomic():
        request = (
            ChangeRequest.objects.open()
            .select_for_update()
            .filter(kind=kind, object_id=pk)
            .first()
        )
        signed = f"{by.get_username()}: {note}" if note else ""
        if request is None:
            return ChangeRequest.objects.create(
                kind=kind, object_id=pk, submitted_by=by, submitted_at=timezone.now(), note=signed
            )
        request.submitted_by, request.submitted_at = by, timezone.now()
        if signed:
            request.note = f"{request.note}\n{signed}".strip()[:10000]
        request.save()
        return request


class PublishedRecordAdminMixin:
    """For the ModelAdmin of a model with documents in the published record."""

    record_kind: str
    change_form_template = "admin/curation/change_form.html"

    class Media:
        css = {"all": ["claims/admin/curation.css"]}

    def has_delete_permission(self, request, obj=None):
        # Public items are withdrawn, never deleted (curation.policy).
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may(request.user, Action.DELETE, self.model, obj))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        context = {**(extra_context or {})}
        if obj is not None and request.method == "GET":
            context["record"] = self.record_context(request, obj)
        return super().change_view(request, object_id, form_url, extra_context=context)

    def record_context(self, request, obj) -> dict:
        kind = self.record_kind
        document = DOCUMENT_MODELS[kind].objects.filter(pk=obj.pk).first()
        changes = unpublished_changes(kind, obj)
        return {
            "document": document,
            "changes": changes,
            "can_publish": may(request.user, Action.PUBLISH, self.model, obj),
            "submitted": ChangeRequest.objects.open()
            .filter(kind=kind, object_id=obj.pk)
            .select_related("submitted_by")
            .first(),
            "preview_url": reverse("claim-preview", args=[obj.pk]) if kind == Kind.CLAIM else "",
            "publishable_draft": isinstance(obj, Claim)
            and obj.status in (PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW),
        }

    def response_change(self, request, obj):
        if PUBLISH in request.POST:
            return self._publish_from_form(request, obj)
        if SUBMIT in request.POST:
            return self._submit_from_form(request, obj)
        return super().response_change(request, obj)

    def _back_to_form(self, request, obj):
        opts = self.model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        return HttpResponseRedirect(url)

    def _publish_from_form(self, request, obj):
        if not may(request.user, Action.PUBLISH, self.model, obj):
            self.message_user(request, gettext("Only editors publish."), messages.ERROR)
            return self._back_to_form(request, obj)
        try:
            said = publish_working_copy(kind=self.record_kind, obj=obj, by=request.user)
        except (ValidationError, RecordError) as error:
            words = "; ".join(getattr(error, "messages", None) or [str(error)])
            message = gettext("Saved, not published: %(reasons)s") % {"reasons": words}
            self.message_user(request, message, messages.ERROR)
        else:
            message = gettext("Saved. %(what_happened)s") % {"what_happened": said}
            self.message_user(request, message, messages.SUCCESS)
        return self._back_to_form(request, obj)

    def _submit_from_form(self, request, obj):
        submit_changes(
            kind=self.record_kind,
            pk=obj.pk,
            by=request.user,
            note=request.POST.get("change_note", "")[:2000],
        )
        self.message_user(
            request,
            gettext(
                "Saved and submitted for review: an editor will see the changes and publish them."
            ),
            messages.SUCCESS,
        )
        return self._back_to_form(request, obj)
