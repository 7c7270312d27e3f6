"""Reader pages for claims and speakers: parse, call claims.pages, render."""

from csp.decorators import csp_replace
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render

from claims import pages, search
from claims.filters import ClaimPageFilter
from claims.models import Claim, Speaker
from factcheck.answer_cache import public_page

CLAIMS_PER_PAGE = 20


@public_page
def home(request):
    return render(request, "claims/home.html", {"page": pages.home_page()})


@public_page
def claim_list(request):
    claim_filter = ClaimPageFilter(
        request.GET, queryset=Claim.objects.published().for_cards(), request=request
    )
    if not claim_filter.is_valid():
        # A bad filter value is answered with the form and its errors, never a 500.
        context = {"filter": claim_filter, "claims": [], "page_obj": None}
        return render(request, "claims/claim_list.html", context, status=400)
    claims = claim_filter.qs
    query = claim_filter.form.cleaned_data.get("q")
    # A query with nothing to look for ("-isis") matches nothing, and has nothing to rank.
    searching = bool(query and search.parse_websearch(query))
    if searching:
        claims = claims.best_matches(query).for_cards()
        paginator = pages.BoundedPaginator(claims, CLAIMS_PER_PAGE, bound=search.CANDIDATES)
    else:
        paginator = Paginator(claims, CLAIMS_PER_PAGE)
    try:
        page_obj = paginator.page(request.GET.get("page") or 1)
    except InvalidPage as error:
        raise Http404(str(error)) from None
    claims = list(page_obj.object_list)
    if searching:
        search.add_snippets(claims, query)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": claim_filter,
        "claims": claims,
        "page_obj": page_obj,
        "query_without_page": query.urlencode(),
    }
    return render(request, "claims/claim_list.html", context)


def claim_redirect(request, pk):
    try:
        claim = pages.claim_for_page(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    return redirect(claim, permanent=True)


@public_page
def claim_detail(request, pk, slug):
    try:
        claim = pages.claim_for_page(pk)
    except Claim.DoesNotExist:
        raise Http404("No such claim.") from None
    if slug != claim.slug:
        return redirect(claim, permanent=True)
    if claim.is_withdrawn:
        # The address stays and says why; 410 tells search engines the claim is gone.
        return render(request, "claims/claim_withdrawn.html", {"claim": claim}, status=410)
    page = pages.claim_page(claim)
    context = {"page": page, "jsonld": page.jsonld(request.build_absolute_uri)}
    return render(request, "claims/claim_detail.html", context)


@public_page
def speaker_detail(request, slug):
    try:
        page = pages.speaker_page(slug)
    except Speaker.DoesNotExist:
        raise Http404("No such speaker.") from None
    return render(request, "claims/speaker_detail.html", {"page": page})


# The site's policy, but any site may frame the card (the rest say frame-ancestors 'none').
@public_page
@csp_replace({"frame-ancestors": ["*"]})
def claim_embed(request, pk):
    """The embeddable card: the only page other sites may frame."""
    try:
        claim = pages.claim_for_embed(pk)
    except Claim.DoesNotExist:
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
