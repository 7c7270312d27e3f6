"""Reader pages for claims and speakers: parse, call web.pages.claims, render."""

from contextlib import nullcontext
from http import HTTPStatus

from csp.decorators import csp_replace
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext

from core.moments import parse_moment
from record import queries
from serving import renditions
from serving.answer_cache import PAGE_CACHE_CONTROL, public_page
from serving.search_budget import SearchBudget
from web import claim_pages
from web.pages import claims as pages

SEARCH_RETRY_AFTER_SECONDS = 5
# The claim page's parameter naming a past moment (the API's ``as_of``).
AS_OF = "as_of"


@public_page
def home(request):
    return render(request, "claims/home.html", {"page": pages.home_page()})


@public_page
def claim_list(request):
    # A search is within the reader's search time (serving/search_budget.py).
    budget = SearchBudget.for_request(request) if request.GET.get("q") else None
    if budget is not None and (wait := budget.admit()):
        context = {"retry_after": wait, "searching": True}
        response = render(request, "429.html", context, status=HTTPStatus.TOO_MANY_REQUESTS)
        response["Retry-After"] = str(wait)
        response["Cache-Control"] = "no-store"
        return response
    try:
        with budget.spending() if budget else nullcontext():
            page = pages.claim_list_page(request.GET)
    except pages.NotFound as error:
        raise Http404(str(error)) from None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": page.filter,
        "claims": page.claims,
        "page_obj": page.page_obj,
        "query_without_page": query.urlencode(),
        "active_filters": page.active_filters,
    }
    if page.timed_out:
        # The search was stopped at its statement timeout: say so, and when to come back.
        context["timed_out"] = True
        response = render(request, "claims/claim_list.html", context, status=503)
        response["Retry-After"] = str(SEARCH_RETRY_AFTER_SECONDS)
        return response
    # A bad filter value is answered with the form and its errors, never a 500.
    status = 200 if page.is_valid else 400
    return render(request, "claims/claim_list.html", context, status=status)


def claim_redirect(request, pk):
    try:
        head = pages.claim_head(pk)
    except pages.NotFound:
        raise Http404("No such claim.") from None
    if AS_OF in request.GET:
        # The same moment, asked at the claim's full address.
        url = f"{head.claim.get_absolute_url()}?{request.GET.urlencode()}"
        return redirect(url, permanent=True)
    return redirect(head.claim, permanent=True)


def claim_detail(request, pk, slug):
    """The claim's page in the request's language, stored as rendered (serving.renditions):
    read from the store (the middleware may have read it already), or rendered and stored.
    With ``?as_of=``, the page as it was published at that moment, never stored nor read
    from the store."""
    if AS_OF in request.GET:
        return claim_as_of(request, pk, slug)
    if hasattr(request, "stored_claim_page"):
        page = request.stored_claim_page
    else:
        page = renditions.stored_page(pk, request.LANGUAGE_CODE)
    if page is None:
        # Before the reads the page is rendered from: what it may store is checked since.
        since = renditions.last_version()
        try:
            head = pages.claim_head(pk)
        except pages.NotFound:
            raise Http404("No such claim.") from None
        if slug != head.slug:
            return redirect(head.claim, permanent=True)
        if head.is_withdrawn:
            # The address stays and says why; 410 tells search engines the claim is gone.
            context = {"claim": head.claim}
            return render(request, "claims/claim_withdrawn.html", context, status=410)
        page = claim_pages.render_claim_page(head, since=since, language=request.LANGUAGE_CODE)
    if slug != page.slug:
        return redirect("claim-detail", pk=pk, slug=page.slug, permanent=True)
    return renditions.answer(request, page)


def claim_as_of(request, pk, slug):
    """``/claims/<pk>/<slug>/?as_of=<moment>`` (docs/pages.md, "As known on"): the page as
    the claim was published at that moment, with a banner linking to the current page; 404
    before its first publication, 410 while it was withdrawn, 400 for a moment that cannot
    be read (the API's rule, ``core.moments``). Rendered for each request: the stored page
    is the current one, and this one must never take its place, nor be taken for it."""
    values = request.GET.getlist(AS_OF)
    try:
        if len(values) != 1:
            raise ValueError(gettext("Give one moment, not several."))
        moment = parse_moment(values[0])
    except ValueError as error:
        context = {"error": str(error), "current_url": _current_url(pk, slug)}
        response = render(request, "claims/claim_as_of_invalid.html", context, status=400)
        return _past(response)
    try:
        answer = pages.claim_page_as_of(pk, moment)
    except pages.NotFound as error:
        raise Http404(str(error)) from None
    if slug != answer.slug:
        # The address the claim has now, asking for the same moment.
        return redirect(f"{answer.current_url}?{request.GET.urlencode()}", permanent=True)
    if answer.withdrawn is not None:
        # The page's own withdrawn answer: when and why, and not the words.
        context = {"claim": answer.withdrawn, "current_url": answer.current_url}
        response = render(request, "claims/claim_withdrawn.html", context, status=410)
        return _past(response)
    context = {"page": answer.page, "jsonld": None}
    return _past(render(request, "claims/claim_detail.html", context))


def _current_url(pk: int, slug: str) -> str:
    # Not read from the record for a bad moment: the address asked names the claim.
    return reverse("claim-detail", kwargs={"pk": pk, "slug": slug})


def _past(response):
    # A past version's page changes when a later version is listed on it: no shared cache
    # keeps it unchecked.
    response["Cache-Control"] = PAGE_CACHE_CONTROL
    return response


@public_page
def speaker_detail(request, slug):
    try:
        page = pages.speaker_page(slug)
    except pages.NotFound:
        if withdrawn := queries.withdrawn_speaker(slug):
            # Public once: its address says when and why it went.
            context = {"what": "speaker", "withdrawn": withdrawn}
            return render(request, "withdrawn.html", context, status=410)
        raise Http404("No such speaker.") from None
    return render(request, "claims/speaker_detail.html", {"page": page})


# The site's policy, but any site may frame the card (the rest say frame-ancestors 'none').
@public_page
@csp_replace({"frame-ancestors": ["*"]})
def claim_embed(request, pk):
    """The embeddable card: the only page other sites may frame."""
    try:
        claim = pages.claim_for_embed(pk)
    except pages.NotFound:
        raise Http404("No such claim.") from None
    status = 410 if claim.is_withdrawn else 200
    response = render(request, "claims/embed.html", {"claim": claim}, status=status)
    # Framing is allowed here, anywhere; the rest of the site sends X-Frame-Options: DENY.
    response.xframe_options_exempt = True
    return response


@public_page
def oembed(request):
    """oEmbed 1.0 for claim pages: a ``rich`` answer whose HTML frames the claim's card."""
    try:
        answer = pages.oembed_answer(request, request.GET)
    except pages.OEmbedError as error:
        return JsonResponse({"error": error.message}, status=error.status)
    return JsonResponse(answer)
