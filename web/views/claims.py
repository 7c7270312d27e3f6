"""Reader pages for claims and speakers: parse, call web.pages.claims, render."""

from contextlib import nullcontext
from http import HTTPStatus

from csp.decorators import csp_replace
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from record import queries
from serving import renditions
from serving.answer_cache import public_page
from serving.search_budget import SearchBudget
from web import claim_pages
from web.pages import claims as pages

SEARCH_RETRY_AFTER_SECONDS = 5


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
    return redirect(head.claim, permanent=True)


def claim_detail(request, pk, slug):
    """The claim's page, stored as rendered (serving.renditions): read from the store (the
    middleware may have read it already), or rendered and stored."""
    if hasattr(request, "stored_claim_page"):
        page = request.stored_claim_page
    else:
        page = renditions.stored_page(pk)
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
        page = claim_pages.render_claim_page(head, since=since)
    if slug != page.slug:
        return redirect("claim-detail", pk=pk, slug=page.slug, permanent=True)
    return renditions.answer(request, page)


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
