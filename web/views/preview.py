"""The editors' preview: a claim's page as it would be published, from its working copy.
Staff only (a curator who may view claims), never cached, never indexed."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache

from claims.models import Claim
from web.pages import claims as pages


@never_cache
@staff_member_required
def claim_preview(request, pk):
    if not request.user.has_perm("claims.view_claim"):
        raise PermissionDenied
    claim = get_object_or_404(Claim, pk=pk)
    page = pages.claim_preview(claim)
    context = {"page": page, "jsonld": page.jsonld(request.build_absolute_uri), "preview": True}
    response = render(request, "claims/claim_detail.html", context)
    # Unpublished words: no search engine, no shared cache keeps them.
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
