"""Claim pages rendered once and stored (``serving.renditions``): rendering a page under a
made-up origin, storing it with the documents it shows, and rendering the pages a publish
changed.

A page rendered here is the page a reader gets: the view answers every request for a claim
page from a ``StoredPage`` (stored, or just rendered), with the request's origin put in.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string

from core.routers import primary_database
from serving import renditions
from serving.renditions import StoredPage, claim_pages_changed
from web.pages import claims as pages

logger = logging.getLogger(__name__)

# Pages rendered again as soon as a publish that dropped them commits (about 15 ms each, in
# the editor's request); the rest are rendered on their next request.
RENDER_AFTER_PUBLISH = 50


class _RenditionRequest(HttpRequest):
    """What the templates read of a request, for a page rendered under a made-up origin:
    a GET without a query string, from nobody, to ``origin``."""

    def __init__(self, origin: str, path: str):
        super().__init__()
        self.method = "GET"
        self.path = self.path_info = path
        self._origin = urlsplit(origin)

    @property
    def scheme(self) -> str:
        return self._origin.scheme

    def get_host(self) -> str:
        return self._origin.netloc


def render_claim_page(head: pages.ClaimHead, *, since: int) -> StoredPage:
    """The page of a live claim (``head``, read after ``since``: ``renditions.last_version``),
    rendered and stored. Raises nothing the reader should see: a page that could not be
    stored is returned all the same."""
    origin = renditions.placeholder_origin()
    request = _RenditionRequest(origin, head.claim.get_absolute_url())
    page = pages.claim_page(head)
    context = {"page": page, "jsonld": page.jsonld(request.build_absolute_uri)}
    html = render_to_string("claims/claim_detail.html", context, request=request)
    return renditions.store(
        claim_id=head.claim.id,
        slug=head.slug,
        html=html,
        origin=origin,
        shows=set(page.shows),
        since=since,
    )


def render_again(claim_id: int) -> StoredPage | None:
    """Render and store the page of claim ``claim_id`` from the record as it is; None when
    the claim is not live."""
    since = renditions.last_version()
    try:
        head = pages.claim_head(claim_id)
    except pages.NotFound:
        return None
    if head.is_withdrawn:
        return None
    return render_claim_page(head, since=since)


@receiver(claim_pages_changed, dispatch_uid="web.render_changed_pages")
def render_changed_pages(sender, claim_ids: list[int], **kwargs) -> None:
    """After a publish: the first ``RENDER_AFTER_PUBLISH`` pages it changed (those of the
    claims it wrote come first) rendered; the rest wait for their next reader."""
    # From the primary: a replica may not have the publish yet (the page would be refused).
    with primary_database():
        for claim_id in claim_ids[:RENDER_AFTER_PUBLISH]:
            render_again(claim_id)
    if len(claim_ids) > RENDER_AFTER_PUBLISH:
        logger.info(
            "%d claim pages left to render on their next request",
            len(claim_ids) - RENDER_AFTER_PUBLISH,
        )
