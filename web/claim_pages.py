"""Claim pages rendered once and stored (``serving.renditions``): rendering a page in a
language under a made-up origin, storing it with the documents it shows, and rendering the
pages a publish changed.

A page rendered here is the page a reader gets: the view answers every request for a claim
page from a ``StoredPage`` (stored, or just rendered), with the request's origin put in.
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.dispatch import receiver
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import translation

from core.routers import primary_database
from serving import renditions
from serving.renditions import StoredPage, claim_pages_changed
from web.pages import claims as pages

logger = logging.getLogger(__name__)

# Pages rendered again as soon as a publish that dropped them commits (about 15 ms each, in
# the editor's request): those of the claims it wrote in every language, then the others in
# the default language, this many in all; the rest are rendered on their next request.
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


def render_claim_page(head: pages.ClaimHead, *, since: int, language: str) -> StoredPage:
    """The page of a live claim (``head``, read after ``since``: ``renditions.last_version``)
    in ``language`` (a code of LANGUAGES), rendered and stored. Raises nothing the reader
    should see: a page that could not be stored is returned all the same."""
    origin = renditions.placeholder_origin()
    with translation.override(language):
        request = _RenditionRequest(origin, head.claim.get_absolute_url())
        page = pages.claim_page(head)
        context = {"page": page, "jsonld": page.jsonld(request.build_absolute_uri)}
        html = render_to_string("claims/claim_detail.html", context, request=request)
    return renditions.store(
        claim_id=head.claim.id,
        language=language,
        slug=head.slug,
        html=html,
        origin=origin,
        shows=set(page.shows),
        since=since,
    )


def site_languages() -> list[str]:
    """The codes of LANGUAGES, the default first."""
    codes = [code for code, _ in settings.LANGUAGES]
    return sorted(codes, key=lambda code: code != settings.LANGUAGE_CODE)


def render_again(claim_id: int, languages: list[str] | None = None) -> list[StoredPage]:
    """Render and store the pages of claim ``claim_id`` from the record as it is, in
    ``languages`` (by default every language of LANGUAGES); none when the claim is not
    live."""
    since = renditions.last_version()
    try:
        head = pages.claim_head(claim_id)
    except pages.NotFound:
        return []
    if head.is_withdrawn:
        return []
    return [
        render_claim_page(head, since=since, language=language)
        for language in languages or site_languages()
    ]


@receiver(claim_pages_changed, dispatch_uid="web.render_changed_pages")
def render_changed_pages(sender, claim_ids: list[int], written: int = 0, **kwargs) -> None:
    """After a publish: ``RENDER_AFTER_PUBLISH`` of the pages it changed rendered, those of
    the ``written`` claims it wrote (which come first) in every language, the others in the
    default language; the rest wait for their next reader."""
    budget = RENDER_AFTER_PUBLISH
    left = 0
    # From the primary: a replica may not have the publish yet (the page would be refused).
    with primary_database():
        for index, claim_id in enumerate(claim_ids):
            wanted = site_languages() if index < written else [settings.LANGUAGE_CODE]
            wanted = wanted[:budget]
            if not wanted:
                left += 1
                continue
            budget -= len(render_again(claim_id, wanted)) or len(wanted)
    if left:
        logger.info("%d claim pages left to render on their next request", left)
