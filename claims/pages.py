"""What the reader pages show, assembled in a fixed number of queries per page.

Views call these and render the result; templates only read prepared data (no query is
triggered from a template). Every read starts from a ``published()`` queryset.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator

from claims.jsonld import page_jsonld
from claims.models import (
    Appearance,
    Claim,
    Correction,
    Denial,
    Evidence,
    PublicationStatus,
    Review,
    Speaker,
    Stance,
    Tag,
)
from claims.threads import ThreadNode
from factcheck.public_cache import cached_by_data_version

# A speaker page lists this many of each; the claim list, filtered by speaker, has them all.
SPEAKER_PAGE_LIMIT = 50
HOME_LATEST = 10
HOME_MOST_DISPUTED = 5


def appearances_with_sources() -> Prefetch:
    return Prefetch(
        "appearances",
        queryset=Appearance.objects.select_related("source__outlet").order_by(
            "-is_first", "source__published_on", "id"
        ),
    )


@dataclass(frozen=True)
class EvidenceGroup:
    stance: str
    label: str
    items: list[Evidence]


@dataclass
class ClaimPage:
    claim: Claim
    appearances: list[Appearance]
    tags: list[Tag]
    thread: list[ThreadNode]
    thread_size: int
    # The claims that deny this one, and those it denies: the thread's first step either way.
    denied_by: list[Claim]
    denies: list[Claim]
    evidence: list[EvidenceGroup]
    review: Review | None
    corrections: list[Correction]

    def jsonld(self, absolute) -> dict:
        """The page's schema.org block; ``absolute`` makes a path an absolute URL."""
        return page_jsonld(self.claim, self.review, self.appearances, absolute)


def claim_for_page(pk: int) -> Claim:
    """The claim behind /claims/<pk>/: published or withdrawn (whose address stays and says
    so); drafts and claims in review raise ``Claim.DoesNotExist``."""
    # The page's one-to-one parts and short lists come in this query too (see claim_page).
    return (
        Claim.objects.filter(status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN])
        .select_related("speaker__affiliation")
        .with_review()
        .with_tags()
        .with_corrections()
        .get(pk=pk)
    )


def claim_page(claim: Claim) -> ClaimPage:
    """Four queries in all, with ``claim_for_page``'s: the claim with its speaker, verdict,
    topics and corrections; the dispute thread; every thread claim's appearances with
    sources and outlets; the evidence."""
    thread = claim.dispute_thread().prefetch(appearances_with_sources())
    evidence = claim.evidence_by_stance()
    return ClaimPage(
        claim=claim,
        # The focus claim is the thread's own instance, so its appearances are prefetched.
        appearances=list(thread.claims[claim.pk].appearances.all()),
        tags=claim.public_tags,
        thread=thread.tree(),
        thread_size=len(thread),
        denied_by=thread.denied_by(claim),
        denies=thread.denies(claim),
        evidence=[
            EvidenceGroup(stance, Stance(stance).label, items)
            for stance, items in evidence.items()
            if items
        ],
        review=claim.public_review,
        corrections=claim.public_corrections,
    )


@dataclass
class SpeakerPage:
    speaker: Speaker
    aliases: list[str]
    members: list[Speaker]
    claims: list[Claim]
    claim_count: int
    denials_made: list[Denial]
    denials_received: list[Denial]


def speaker_page(slug: str) -> SpeakerPage:
    speaker = Speaker.objects.published().select_related("affiliation").get(slug=slug)
    claims = Claim.objects.published().filter(speaker=speaker)
    denials = Denial.objects.published().select_related(
        "denying_claim__speaker", "denied_claim__speaker"
    )
    return SpeakerPage(
        speaker=speaker,
        aliases=[alias.name for alias in speaker.aliases.all()],
        members=list(Speaker.objects.published().filter(affiliation=speaker)),
        claims=list(claims.for_cards()[:SPEAKER_PAGE_LIMIT]),
        claim_count=claims.count(),
        denials_made=list(
            denials.filter(denying_claim__speaker=speaker).order_by(
                "-denying_claim__stated_on", "-id"
            )[:SPEAKER_PAGE_LIMIT]
        ),
        denials_received=list(
            denials.filter(denied_claim__speaker=speaker).order_by(
                "-denied_claim__stated_on", "-id"
            )[:SPEAKER_PAGE_LIMIT]
        ),
    )


@dataclass
class HomePage:
    latest: list[Claim]
    most_disputed: list[Claim]
    claim_count: int


def most_denied_claim_ids(count: int):
    """The ``count`` published claims with the most published denials (a subquery). Counted
    from the denials, which are few, rather than by counting every claim's denials."""
    return (
        Denial.objects.published()
        .values("denied_claim", "denied_claim__stated_on")
        .annotate(denials=Count("pk"))
        .order_by("-denials", "-denied_claim__stated_on", "-denied_claim")
        .values("denied_claim")[:count]
    )


def home_page() -> HomePage:
    """Cached under the public data version: ranking a million claims by their denials
    takes a second, and the lists change only when published data does."""
    return cached_by_data_version("home", _home_page)


def _home_page() -> HomePage:
    claims = Claim.objects.published()
    return HomePage(
        latest=list(claims.for_cards().order_by("-published_at", "-id")[:HOME_LATEST]),
        most_disputed=list(
            claims.filter(pk__in=most_denied_claim_ids(HOME_MOST_DISPUTED))
            .for_cards()
            .order_by("-denial_count", "-stated_on", "-id")
        ),
        claim_count=claims.count(),
    )


# --- Embeds --------------------------------------------------------------------------------

EMBED_WIDTH, EMBED_HEIGHT = 480, 300
EMBED_MIN_WIDTH, EMBED_MIN_HEIGHT = 200, 150


def claim_for_embed(pk: int) -> Claim:
    """The card's claim with its speaker, public denial count and verdict: one query."""
    return (
        Claim.objects.filter(status__in=[PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN])
        .for_cards()
        .get(pk=pk)
    )


class OEmbedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def oembed_answer(request, params) -> dict:
    """oEmbed 1.0 (https://oembed.com/) for one of our claim pages, as a ``rich`` type."""
    if params.get("format", "json") != "json":
        raise OEmbedError(501, "Only format=json is supported.")
    width = _dimension(params, "maxwidth", EMBED_WIDTH, EMBED_MIN_WIDTH)
    height = _dimension(params, "maxheight", EMBED_HEIGHT, EMBED_MIN_HEIGHT)
    url = params.get("url", "")
    try:
        parts = urlsplit(url)
    except ValueError:  # an unbalanced IPv6 bracket, "http://["
        parts = None
    if not url or parts is None or parts.netloc != request.get_host():
        raise OEmbedError(404, "url must be the address of a claim page on this site.")
    try:
        match = resolve(parts.path)
    except Resolver404:
        raise OEmbedError(404, "url is not a claim page.") from None
    if match.url_name not in ("claim-detail", "claim-redirect"):
        raise OEmbedError(404, "url is not a claim page.")
    claim = Claim.objects.published().select_related("speaker").filter(pk=match.kwargs["pk"])
    claim = claim.first()
    if claim is None:
        raise OEmbedError(404, "No published claim at that address.")
    absolute = request.build_absolute_uri
    embed_url = absolute(reverse("claim-embed", args=[claim.pk]))
    title = f"{claim.speaker.name}: {Truncator(claim.text).chars(100)}"
    iframe = format_html(
        '<iframe src="{}" width="{}" height="{}" title="{}" loading="lazy" '
        'sandbox="allow-popups allow-popups-to-escape-sandbox" style="border:0"></iframe>',
        embed_url,
        width,
        height,
        title,
    )
    return {
        "version": "1.0",
        "type": "rich",
        "html": str(iframe),
        "width": width,
        "height": height,
        "title": title,
        "author_name": claim.speaker.name,
        "author_url": absolute(claim.speaker.get_absolute_url()),
        "provider_name": settings.SITE_NAME,
        "provider_url": absolute("/"),
        "cache_age": 3600,
    }


def _dimension(params, name: str, default: int, minimum: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (raw.isascii() and raw.isdigit()):
        raise OEmbedError(400, f"{name} must be a whole number of at least {minimum}.")
    # More digits than int() converts (4,300) is just larger than the default.
    digits = raw.lstrip("0")
    value = int(digits or "0") if len(digits) < 10 else default
    if value < minimum:
        raise OEmbedError(400, f"{name} must be a whole number of at least {minimum}.")
    return min(value, default)


class BoundedPaginator(Paginator):
    """Pages through at most ``bound`` results of a queryset that holds up to ``bound + 1``
    (``best_matches``): ``more`` tells the reader that the search found more than it
    ranked."""

    def __init__(self, object_list, per_page, *, bound: int):
        super().__init__(object_list, per_page)
        self.bound = bound

    @cached_property
    def found(self) -> int:
        return self.object_list.count()

    @cached_property
    def count(self) -> int:
        return min(self.found, self.bound)

    @property
    def more(self) -> bool:
        return self.found > self.bound
