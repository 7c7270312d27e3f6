"""The workbench's pages, under the source admin (``curation.admin.sources``):

- ``/admin/sources/source/workbench/``: a new source from an article;
- ``/admin/sources/source/<id>/workbench/``: its stored text, the claims entered from it,
  and the form that enters the next one (posted here; the page's script posts it without
  leaving the page, and shows the answer in place);
- ``/admin/sources/source/<id>/workbench/submit/``: its drafts and changes handed to the
  editors.

Thin: the forms read the input (``forms``), ``entry`` writes it; each view checks the
editorial policy first and answers 403 to anyone it does not let enter claims."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.views.decorators.http import require_POST

from core.admin.widgets import can_be_id
from curation.policy import PUBLISH_PERMISSION
from curation.workbench import entry
from curation.workbench.forms import ClaimEntryForm, SourceEntryForm
from curation.workbench.text import passages
from sources.models import Source

MEDIA_JS = "curation/workbench.js"
MEDIA_CSS = "curation/workbench.css"


def new_source(request, *, admin_site):
    """A new source from an article's text, pasted HTML or a file; then its workbench."""
    if not entry.may_enter_sources(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = SourceEntryForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                source = entry.create_source(form, by=request.user)
            except entry.Refused as refusal:
                _show(form, refusal)
            else:
                if form.extracted:
                    said = gettext(
                        "Source “%(title)s” recorded; its text (%(characters)s characters) "
                        "taken from the page's HTML. Select a passage to enter a claim."
                    )
                else:
                    said = gettext(
                        "Source “%(title)s” recorded; its text (%(characters)s characters) "
                        "stored as given. Select a passage to enter a claim."
                    )
                words = {
                    "title": Truncator(source.title).chars(80),
                    "characters": number_format(len(source.full_text), force_grouping=True),
                }
                messages.success(request, said % words)
                return HttpResponseRedirect(_workbench_url(source))
    else:
        form = SourceEntryForm(initial={"language": "en"})
    context = {
        **admin_site.each_context(request),
        "title": gettext("Enter an article"),
        "opts": Source._meta,
        "form": form,
        "media": form.media,
        # What a form may send besides files: the page's script says so before sending
        # more, which Django would answer with a bare 400 and everything typed lost.
        "max_post_bytes": settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
    }
    return TemplateResponse(request, "admin/curation/workbench/new_source.html", context)


def source_workbench(request, object_id, *, admin_site):
    """The source's text and the claims entered from it; a POST enters one more."""
    source = _source(object_id)
    if not entry.may_enter_claims(request.user):
        raise PermissionDenied
    claims = entry.source_claims(source)
    form = ClaimEntryForm(
        request.POST if request.method == "POST" else None,
        source=source,
        source_claims=claims,
    )
    if request.method == "POST" and source.full_text and form.is_valid():
        try:
            entered = entry.enter_claim(form.entry(), by=request.user)
        except entry.Refused as refusal:
            _show(form, refusal)
        else:
            messages.success(request, _entered_words(entered))
            return HttpResponseRedirect(_workbench_url(source))
    claim_list = reverse("admin:claims_claim_changelist")
    context = {
        **admin_site.each_context(request),
        "title": f"Workbench: {Truncator(source.title).chars(80)}",
        "opts": Source._meta,
        "source": source,
        "passages": passages(source.full_text, entry.excerpt_marks(source, claims)),
        "claims": claims,
        "form": form,
        "media": form.media,
        "can_publish": request.user.has_perm(PUBLISH_PERMISSION),
        "claims_url": f"{claim_list}?appearances__source__id__exact={source.pk}",
        "similar_url": reverse("admin:claims_claim_similar"),
        "source_url": reverse("admin:sources_source_change", args=[source.pk]),
    }
    return TemplateResponse(request, "admin/curation/workbench/source.html", context)


@require_POST
def submit(request, object_id, *, admin_site):
    """Hand the source's drafts, and the changes to public claims, to the editors."""
    source = _source(object_id)
    if not entry.may_enter_claims(request.user):
        raise PermissionDenied
    done = entry.submit_for_review(source, by=request.user)
    drafts = ngettext(
        "%(count)d draft submitted for review",
        "%(count)d drafts submitted for review",
        done.drafts,
    ) % {"count": done.drafts}
    changes = ngettext(
        "changes to %(count)d public claim", "changes to %(count)d public claims", done.changes
    ) % {"count": done.changes}
    said = gettext("%(drafts)s; %(changes)s sent to the editors' queue.")
    messages.success(request, said % {"drafts": drafts, "changes": changes})
    return HttpResponseRedirect(_workbench_url(source))


def _source(object_id: str) -> Source:
    if not can_be_id(Source._meta.pk, object_id):
        raise Http404("No such source.")
    return get_object_or_404(Source.objects.select_related("outlet"), pk=object_id)


def _workbench_url(source: Source) -> str:
    return reverse("admin:sources_source_workbench", args=[source.pk])


def _show(form, refusal: entry.Refused) -> None:
    for field, words in refusal.errors.items():
        form.add_error(field if field in form.fields else None, words)


def _entered_words(entered: entry.Entered) -> str:
    claim = entered.claim
    if entered.created:
        what = gettext("Claim %(id)s saved as a draft") % {"id": claim.pk}
    else:
        what = gettext("The excerpt was added to claim %(id)s") % {"id": claim.pk}
    text = Truncator(claim.text).chars(80)
    links = len(entered.links)
    if links:
        what += ngettext(", with %(count)d link", ", with %(count)d links", links) % {
            "count": links
        }
    return f"{what}: {claim.speaker.name}: “{text}”"
