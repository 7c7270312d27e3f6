"""What the reader pages show, assembled from the published record in a fixed number of
queries per page.

Every read goes through ``record.queries`` (the record's tables only, never the working
copy), so editing a claim, speaker or source changes no page until an editor publishes it.
This module only assembles what those reads return into what a template shows (parsed
documents from ``record.documents``); views call it and render the result, and templates
never trigger a query.
"""

from __future__ import annotations

import datetime
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.urls import Resolver404, resolve, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy

from claims import search
from claims.models import Stance
from claims.models.claim import claim_slug
from core.languages import localized_path, split_path
from core.moments import format_moment
from record import queries
from record import search as record_search
from record.documents import (
    ClaimDetail,
    PublishedAppearance,
    PublishedClaim,
    PublishedDenial,
    PublishedEvidence,
    PublishedReview,
    PublishedSource,
    PublishedSpeaker,
    PublishedTopic,
    WithdrawnClaim,
    body_links,
    loads,
)
from record.jsonld import page_jsonld
from record.models import Event, Kind
from record.preview import preview_claim
from serving.public_cache import cached_by_data_version
from web.disputes import (
    Sentence,
    answered,
    answers_to,
    clip,
    independence_sentence,
    relay_chain,
)
from web.filters import ClaimPageFilter
from web.threads import DisputeThread, ThreadEdge, ThreadNode
from web.verdicts import ChartRow, VerdictScale, verdict_chart, verdict_scale

# A speaker page lists this many of each; the claim list, filtered by speaker, has them all.
SPEAKER_PAGE_LIMIT = 50
HOME_LATEST = 10
HOME_MOST_DISPUTED = 5
CLAIMS_PER_PAGE = 20
# A claim page's headline: about three lines on a 390 px phone.
HEADLINE_CHARS = 120


class NotFound(Exception):
    """Nothing public at that address (never published, or an unknown id or slug)."""


# --- The claim page ------------------------------------------------------------------


@dataclass
class ClaimHead:
    """A claim's document as its address needs it: live (``claim``) or withdrawn."""

    claim: ClaimDetail | WithdrawnClaim
    body: dict | None
    review: PublishedReview | None
    speaker_id: int | None = None

    @property
    def is_withdrawn(self) -> bool:
        return self.claim.is_withdrawn

    @property
    def slug(self) -> str:
        # A withdrawn claim's words are not repeated anywhere, its address included.
        return "withdrawn" if self.is_withdrawn else claim_slug(self.claim.text)


def claim_head(pk: int) -> ClaimHead:
    """The claim behind /claims/<pk>/ (one query): live, or withdrawn (whose address stays
    and says so). A claim never published raises ``NotFound``."""
    row = queries.claim_head(pk)
    if row is None:
        raise NotFound("No such claim.")
    if row["withdrawn_at"] is not None:
        claim = WithdrawnClaim(row["id"], row["withdrawn_at"], row["withdrawn_reason"])
        return ClaimHead(claim=claim, body=None, review=None)
    body = loads(row["body"])
    speaker_body = loads(row["speaker_body"])
    speaker = PublishedSpeaker.from_body(speaker_body) if speaker_body else None
    return ClaimHead(
        claim=ClaimDetail.from_body(body, speaker=speaker),
        body=body,
        review=PublishedReview.from_content(row["content__review"]),
        speaker_id=row["speaker_id"],
    )


@dataclass(frozen=True)
class EvidenceGroup:
    stance: str
    label: str
    items: list[PublishedEvidence]


@dataclass
class ClaimPage:
    claim: ClaimDetail
    appearances: list[PublishedAppearance]
    tags: list[PublishedTopic]
    thread: list[ThreadNode]
    thread_size: int
    # The claims that deny this one, and those it denies: the thread's first step either way.
    denied_by: list[PublishedClaim]
    denies: list[PublishedClaim]
    evidence: list[EvidenceGroup]
    review: PublishedReview | None
    corrections: list
    # The verdict on its rating scale (web.verdicts); None without a verdict.
    verdict_scale: VerdictScale | None = None
    # The thread's first step in words (web.disputes): what the claims answering this one
    # did, and what this one does to those it answers.
    answered_by: list[Sentence] = field(default_factory=list)
    answers: list[Sentence] = field(default_factory=list)
    # How independent the corroborating evidence is, in a sentence ("" without any).
    independence: str = ""
    # The documents it shows, as (kind, id): a new version of any of them changes the page
    # (serving.renditions drops it when stored).
    shows: frozenset = frozenset()
    # Its public versions, the first first (none on a preview).
    versions: list[VersionLine] = field(default_factory=list)
    # Set on a page as it was published at a past moment (``claim_page_as_of``).
    as_of: AsOf | None = None

    @property
    def headline(self) -> str:
        """The page's headline: the claim's first words (all of a short claim), so that the
        verdict and the dispute stay on a phone's first screen; the text follows in full."""
        return clip(self.claim.text, HEADLINE_CHARS)

    @property
    def headline_is_clipped(self) -> bool:
        return self.headline != self.claim.text

    def jsonld(self, absolute) -> dict:
        """The page's schema.org block; ``absolute`` makes a path an absolute URL."""
        return page_jsonld(self.claim, self.review, self.appearances, absolute)


def claim_preview(claim) -> ClaimPage:
    """The page a working claim would have once published (``record.preview``), for
    editors: the same assembly as a published claim's page, its dispute thread taken from
    the live claims its body links to."""
    body, content = preview_claim(claim)
    speaker = PublishedSpeaker.from_summary(body["speaker"])
    head = ClaimHead(
        claim=ClaimDetail.from_body(body, speaker=speaker),
        body=body,
        review=PublishedReview.from_content(content["review"]),
    )
    linked = [link["claim"]["id"] for link in body_links(body)]
    return claim_page(head, linked=linked, history=False)


def claim_page(head: ClaimHead, *, linked: list[int] = (), history: bool = True) -> ClaimPage:
    """Three queries after ``claim_head``'s: the bodies of the dispute thread's claims (a
    recursive walk of the record's typed links), the cards of every source shown (the
    claim's appearances, its evidence, each thread step's first appearance), and the
    claim's versions (``history``; a preview has none)."""
    claim = head.claim
    bodies = {b["id"]: b for b in queries.thread_bodies(claim.id)}
    if linked:
        # A preview: the claim is not in the record's links yet; its neighbours, and their
        # threads, are.
        for other in queries.claim_bodies(linked):
            bodies.setdefault(other["id"], other)
        for pk in linked:
            for other in queries.thread_bodies(pk):
                bodies.setdefault(other["id"], other)
    bodies.pop(claim.id, None)
    page = _assemble(head, bodies, queries.source_cards)
    if history:
        page.versions = version_lines(
            queries.versions_of(Kind.CLAIM, claim.id), current_url=claim.get_absolute_url()
        )
    return page


def _assemble(head: ClaimHead, bodies: dict[int, dict], read_sources) -> ClaimPage:
    """The page of ``head`` with the other claims of its thread (``bodies``, by id), and
    the sources shown as ``read_sources`` gives them (called once, with their summaries by
    id; returns ``PublishedSource`` by id, any missing shown from its summary)."""
    claim, body = head.claim, head.body
    others = [(PublishedClaim.from_json(b), b) for b in bodies.values()]
    in_thread = [(claim, body), *others]
    summaries = {item["source"]["id"]: item["source"] for item in body["appearances"]}
    summaries |= {
        item["source"]["id"]: item["source"] for item in body["evidence"] if item["source"]
    }
    firsts = {other.id: _first(b["appearances"]) for other, b in others}
    summaries |= {item["source"]["id"]: item["source"] for item in firsts.values() if item}
    source_ids = set(summaries)
    sources = read_sources(summaries)
    shows = {(Kind.CLAIM, c.id) for c, _ in in_thread}
    shows |= {(Kind.CLAIM, item["claim"]["id"]) for item in body["evidence"] if item["claim"]}
    if head.speaker_id is not None:
        shows.add((Kind.SPEAKER, head.speaker_id))
    # Asked for, shown or not: one not live yet shows once it is published.
    shows |= {(Kind.SOURCE, pk) for pk in source_ids}
    # Named in a relay chain, by their summaries.
    shows |= {
        (Kind.SOURCE, item["relayed_from"]["id"])
        for item in body["appearances"]
        if item.get("relayed_from")
    }
    shows |= {(Kind.OUTLET, s.outlet.id) for s in sources.values() if s.outlet}

    def source(summary: dict) -> PublishedSource:
        # A source's card says more than its summary (its archived copy, its language).
        return sources.get(summary["id"]) or PublishedSource.from_json(summary)

    def appearance(item: dict) -> PublishedAppearance:
        relayed_from = item.get("relayed_from")
        return PublishedAppearance(
            source(item["source"]),
            item["excerpt"],
            item["attribution"],
            item["is_first"],
            first_reason=item.get("first_reason", ""),
            relayed_from=PublishedSource.from_json(relayed_from) if relayed_from else None,
            excerpt_verified=item.get("excerpt_verified"),
        )

    appearances = [appearance(item) for item in body["appearances"]]
    appearances = [replace(a, relay=relay_chain(a, appearances)) for a in appearances]
    claim.first_appearance = next((a for a in appearances if a.is_first), None)
    for other, _ in others:
        first = firsts[other.id]
        other.first_appearance = appearance(first) if first else None
    by_id = {c.id: c for c, _ in in_thread}
    edges = [
        ThreadEdge(c, by_id[link["claim"]["id"]], link["type"])
        for c, b in in_thread
        for link in body_links(b)
        if link["direction"] == "out" and link["claim"]["id"] in by_id
    ]
    thread = DisputeThread(focus=claim, edges=edges)
    grouped: dict[str, list[PublishedEvidence]] = {stance: [] for stance in Stance.values}
    for item in body["evidence"]:
        grouped[item["stance"]].append(
            PublishedEvidence(
                stance=item["stance"],
                source=source(item["source"]) if item["source"] else None,
                backing_claim=PublishedClaim.from_json(item["claim"]) if item["claim"] else None,
                excerpt=item["excerpt"],
                note=item["note"],
                excerpt_verified=item.get("excerpt_verified"),
            )
        )
    return ClaimPage(
        claim=claim,
        appearances=appearances,
        tags=claim.tags,
        thread=thread.tree(),
        thread_size=len(thread),
        denied_by=thread.denied_by(claim),
        denies=thread.denies(claim),
        evidence=[
            EvidenceGroup(stance, str(Stance(stance).label), items)
            for stance, items in grouped.items()
            if items
        ],
        answered_by=answers_to(thread, claim),
        answers=answered(thread, claim),
        independence=independence_sentence(body.get("independence")),
        review=head.review,
        corrections=claim.corrections,
        verdict_scale=verdict_scale(head.review),
        shows=frozenset(shows),
    )


def _first(items: list[dict]) -> dict | None:
    """A body's first known appearance (the first listed, in a body from before it was
    computed, where it was listed first)."""
    return next((item for item in items if item["is_first"]), items[0] if items else None)


# --- A claim's versions, and its page as it was published ------------------------------

# What an update changed, in words, by the body field it changed (record.services records
# the fields' names in ``Version.changes``); fields that only follow another (the address
# follows the text, the counts their lists) say nothing of their own.
CHANGE_WORDS = {
    "text": gettext_lazy("Text edited"),
    "is_quote": gettext_lazy("Quote or paraphrase changed"),
    "original_text": gettext_lazy("Original wording edited"),
    "original_language": gettext_lazy("Original language changed"),
    "language": gettext_lazy("Language changed"),
    "speaker": gettext_lazy("Speaker changed"),
    "speaker_title": gettext_lazy("Speaker's title changed"),
    "stated_on": gettext_lazy("Date changed"),
    "stated_on_precision": gettext_lazy("Date changed"),
    "stated_on_display": gettext_lazy("Date changed"),
    "stated_on_inferred": gettext_lazy("Date changed"),
    "stated_on_note": gettext_lazy("Date changed"),
    "stated_not_before": gettext_lazy("Date changed"),
    "stated_not_after": gettext_lazy("Date changed"),
    "stated_on_edtf": gettext_lazy("Date changed"),
    "place": gettext_lazy("Place changed"),
    "occasion": gettext_lazy("Occasion changed"),
    "tags": gettext_lazy("Topics changed"),
    "appearances": gettext_lazy("Sources changed"),
    "denies": gettext_lazy("Claims it denies changed"),
    "denied_by": gettext_lazy("Denials of it changed"),
    "links": gettext_lazy("Links to other claims changed"),
    # Follows the evidence (and its speakers' sides): said as the evidence is.
    "independence": gettext_lazy("Evidence changed"),
    "denial_count": gettext_lazy("Denials of it changed"),
    "evidence": gettext_lazy("Evidence changed"),
    "evidence_count": gettext_lazy("Evidence changed"),
    "review": gettext_lazy("Review edited"),
    "corrections": gettext_lazy("Corrections changed"),
}
SAYS_NOTHING = frozenset({"id", "url", "api_url", "page_url", "created_at", "published_at"})


def describe_version(event: str, number: int, changes: dict) -> str:
    """What one version of a claim did, in words, from what the change feed says of it:
    "First published", "Published again", "Withdrawn: <reason>", or what an update changed
    ("Verdict changed from Unproven to Mostly false. Text edited")."""
    if event == Event.PUBLISHED:
        return gettext("First published") if number == 1 else gettext("Published again")
    if event == Event.WITHDRAWN:
        if reason := changes.get("reason", ""):
            return gettext("Withdrawn: %(reason)s") % {"reason": reason}
        return gettext("Withdrawn")
    words = []
    if verdict := changes.get("verdict"):
        before, after = verdict.get("from"), verdict.get("to")
        if before and after:
            words.append(
                gettext("Verdict changed from %(before)s to %(after)s")
                % {"before": before, "after": after}
            )
        elif after:
            words.append(gettext("Verdict given: %(verdict)s") % {"verdict": after})
        else:
            words.append(gettext("Verdict withdrawn (it was %(verdict)s)") % {"verdict": before})
    for name in changes:
        if name == "verdict" or name in SAYS_NOTHING or (name == "review" and verdict):
            continue  # a new verdict is a new review: said once
        if name == "links" and ({"denies", "denied_by"} & set(changes)):
            continue  # the denials it lists changed: said as denials
        if name in CHANGE_WORDS:
            phrase = str(CHANGE_WORDS[name])
        else:
            # A field this code does not know yet (an older body's): named as it is called.
            field = name.replace("_", " ").capitalize()
            phrase = gettext("%(field)s changed") % {"field": field}
        if phrase not in words:
            words.append(phrase)
    return ". ".join(words) or gettext("Updated")


@dataclass(frozen=True)
class VersionLine:
    """One public version of a claim as its page lists it."""

    number: int
    published_at: datetime.datetime
    what: str
    # Where to read the page as it was then: None for a withdrawal (its page says only
    # what the line says) and for the version the page shows.
    url: str | None
    is_current: bool
    is_shown: bool


def version_lines(
    versions: list[queries.VersionEntry], *, current_url: str, shown: int | None = None
) -> list[VersionLine]:
    """The lines of a claim's version list. ``current_url``: its current page; ``shown``:
    the number of the version the page shows (None: the current one)."""
    last = versions[-1].number if versions else None
    lines = []
    for version in versions:
        is_current = version.number == last and version.is_live
        is_shown = version.number == shown
        if is_shown or not version.is_live or (is_current and shown is None):
            url = None
        elif is_current:
            url = current_url
        else:
            url = f"{current_url}?{urlencode({'as_of': format_moment(version.published_at)})}"
        what = describe_version(version.event, version.number, version.changes)
        lines.append(
            VersionLine(
                number=version.number,
                published_at=version.published_at,
                # A sentence: a withdrawal's reason may end one already.
                what=what if what.endswith((".", "!", "?")) else f"{what}.",
                url=url,
                is_current=is_current,
                is_shown=is_shown,
            )
        )
    return lines


@dataclass(frozen=True)
class AsOf:
    """What an as-of page says of itself: the moment asked, the version it shows (its
    number and time), and the claim's current page."""

    moment: datetime.datetime
    number: int
    published_at: datetime.datetime
    current_url: str
    is_current: bool

    @property
    def query(self) -> str:
        """``as_of=`` naming the version shown (its links in the API, for one)."""
        return urlencode({"as_of": format_moment(self.published_at)})


@dataclass
class ClaimAsOf:
    """The claim behind /claims/<pk>/…/?as_of=: its current slug (the address's), and its
    page as published at that moment, or the withdrawal it was then."""

    slug: str
    current_url: str
    page: ClaimPage | None = None
    withdrawn: WithdrawnClaim | None = None


def claim_page_as_of(pk: int, moment: datetime.datetime) -> ClaimAsOf:
    """Claim ``pk`` as it was published at ``moment`` (docs/pages.md, "As known on"): the
    body of the version it had then, with the documents around it as they were then. Four
    queries: the claim's versions; the bodies of that version and the current one; its
    speaker's document and those of the claims one step away in its thread at that moment;
    the sources shown, as their versions were then. A withdrawal at that moment: the first
    two only. Raises ``NotFound`` when the claim was never public, or not yet at ``moment``."""
    versions = queries.versions_of(Kind.CLAIM, pk)
    then = [v for v in versions if v.published_at <= moment]
    if not then:
        raise NotFound("It was not published yet at that moment.")
    version, last = then[-1], versions[-1]
    if not last.is_live:
        # Withdrawn now: a reader's page never repeats its words, whatever moment is asked
        # (docs/pages.md); the record's history keeps them for partners (docs/api.md).
        version = last
    wanted = {last.number} if last.is_live else set()
    if version.is_live:
        wanted.add(version.number)
    bodies = queries.claim_version_bodies(pk, wanted)
    # The current address: its slug from the current text, "withdrawn" while it is.
    slug = claim_slug(bodies[last.number].body["text"]) if last.is_live else "withdrawn"
    current_url = reverse("claim-detail", kwargs={"pk": pk, "slug": slug})
    answer = ClaimAsOf(slug=slug, current_url=current_url)
    if not version.is_live:
        reason = version.changes.get("reason", "")
        answer.withdrawn = WithdrawnClaim(pk, version.published_at, reason)
        return answer
    shown = bodies[version.number]
    body = shown.body
    around = {(Kind.CLAIM, link["claim"]["id"]) for link in body_links(body)}
    if shown.speaker_id is not None:
        around.add((Kind.SPEAKER, shown.speaker_id))
    found = queries.bodies_as_of(around, moment)
    speaker_body = found.pop((Kind.SPEAKER, shown.speaker_id), None)
    speaker = PublishedSpeaker.from_body(speaker_body) if speaker_body else None
    head = ClaimHead(
        claim=ClaimDetail.from_body(body, speaker=speaker),
        body=body,
        review=PublishedReview.from_content(shown.review),
        speaker_id=shown.speaker_id,
    )

    def read_sources(summaries: dict[int, dict]) -> dict[int, PublishedSource]:
        details = queries.source_details_as_of(summaries, moment)
        return {
            pk: PublishedSource.from_json({**summary, **details.get(pk, {})})
            for pk, summary in summaries.items()
        }

    # One step of the thread either way: the record keeps no past links to walk further.
    page = _assemble(head, {pk: b for (_, pk), b in found.items()}, read_sources)
    page.versions = version_lines(versions, current_url=current_url, shown=version.number)
    page.as_of = AsOf(
        moment=moment,
        number=version.number,
        published_at=version.published_at,
        current_url=current_url,
        is_current=version.number == last.number,
    )
    answer.page = page
    return answer


# --- The claim list ------------------------------------------------------------------


class BoundedPaginator(Paginator):
    """Pages through at most ``bound`` results of a queryset that holds up to ``bound + 1``
    (``record.queries.best_matches``): ``more`` tells the reader that the search found more
    than it ranked."""

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


@dataclass
class ClaimListPage:
    filter: ClaimPageFilter
    page_obj: Page | None
    claims: list[PublishedClaim]
    # The search ran past its statement timeout (record.search.time_limit).
    timed_out: bool = False

    @property
    def is_valid(self) -> bool:
        return self.page_obj is not None or self.timed_out

    @property
    def active_filters(self) -> list[str]:
        """The labels of the filters the reader set ("Speaker", "Verdict"), as the folded
        form's summary names them."""
        data = self.filter.form.data
        return [
            str(field.label) for name, field in self.filter.form.fields.items() if data.get(name)
        ]


def claim_list_page(params) -> ClaimListPage:
    """The claim list for a query string: the count and the page of cards (two queries),
    the topic and verdict choices (two, cached under the data version), and on PostgreSQL
    the statement timeout of a search and the ids of its matches when few. A bad filter
    value (a query over the limits too) gives a page without results (``is_valid`` false);
    a search stopped at its timeout one with ``timed_out``; a page number past the end
    raises ``NotFound``."""
    claim_filter = ClaimPageFilter(params, queryset=queries.live_claims())
    if not claim_filter.is_valid():
        return ClaimListPage(filter=claim_filter, page_obj=None, claims=[])
    query = claim_filter.form.cleaned_data.get("q")
    # A query with nothing to look for ("-isis") matches nothing, and has nothing to rank.
    searching = bool(query and search.parse_websearch(query))
    try:
        with record_search.time_limit() if searching else nullcontext():
            return _claim_list_results(claim_filter, params, query, searching)
    except record_search.SearchTimedOut:
        return ClaimListPage(filter=claim_filter, page_obj=None, claims=[], timed_out=True)


def _claim_list_results(claim_filter, params, query: str, searching: bool) -> ClaimListPage:
    claims = claim_filter.qs
    if searching:
        claims = queries.best_matches(claims, query)
        paginator = BoundedPaginator(claims, CLAIMS_PER_PAGE, bound=search.CANDIDATES)
    else:
        paginator = Paginator(claims.order_by("-stated_sort", "-id"), CLAIMS_PER_PAGE)
    try:
        page_obj = paginator.page(params.get("page") or 1)
    except InvalidPage as error:
        raise NotFound(str(error)) from None
    headline = searching and search.uses_full_text()
    cards = queries.cards(page_obj.object_list, with_headline=headline)
    if searching:
        search.add_snippets(cards, query)
    return ClaimListPage(filter=claim_filter, page_obj=page_obj, claims=cards)


# --- The speaker page ----------------------------------------------------------------


@dataclass
class SpeakerPage:
    speaker: PublishedSpeaker
    aliases: list[str]
    members: list[PublishedSpeaker]
    claims: list[PublishedClaim]
    claim_count: int
    denials_made: list[PublishedDenial]
    denials_received: list[PublishedDenial]
    # Their record at a glance: the verdicts on their claims and their disputes, counted
    # (all of them, where the lists above stop at SPEAKER_PAGE_LIMIT), and the verdicts
    # as a chart's rows (empty when no claim of theirs has a verdict).
    record: queries.SpeakerRecord
    chart: list[ChartRow]


def speaker_page(slug: str) -> SpeakerPage:
    """Six queries: the speaker's document (its aliases, affiliation and claim count in
    it), its members, its claims, the denials it made and those it received, and its
    record at a glance (``record.queries.speaker_record``)."""
    body = queries.speaker_body(slug)
    if body is None:
        raise NotFound("No such speaker.")
    speaker = PublishedSpeaker.from_body(body)
    pk = body["id"]
    record = queries.speaker_record(pk)
    return SpeakerPage(
        speaker=speaker,
        aliases=list(speaker.aliases),
        members=queries.members(pk),
        claims=queries.claims_by(pk, limit=SPEAKER_PAGE_LIMIT),
        claim_count=speaker.claim_count,
        denials_made=queries.denials(pk, made=True, limit=SPEAKER_PAGE_LIMIT),
        denials_received=queries.denials(pk, made=False, limit=SPEAKER_PAGE_LIMIT),
        record=record,
        chart=verdict_chart(record),
    )


# --- The home page -------------------------------------------------------------------


@dataclass
class HomePage:
    latest: list[PublishedClaim]
    most_disputed: list[PublishedClaim]
    claim_count: int


def home_page() -> HomePage:
    """Three queries, cached under the public data version: ranking the claims by their
    denials reads every denial, and the lists change only when the record does."""
    return cached_by_data_version("home", _home_page)


def _home_page() -> HomePage:
    return HomePage(
        latest=queries.newest_claims(HOME_LATEST),
        most_disputed=queries.most_denied_claims(HOME_MOST_DISPUTED),
        claim_count=queries.claim_count(),
    )


# --- Embeds --------------------------------------------------------------------------------

EMBED_WIDTH, EMBED_HEIGHT = 480, 300
EMBED_MIN_WIDTH, EMBED_MIN_HEIGHT = 200, 150


def claim_for_embed(pk: int) -> PublishedClaim | WithdrawnClaim:
    """The card's claim, live or withdrawn: one query."""
    row = queries.claim_card(pk)
    if row is None:
        raise NotFound("No such claim.")
    if row["withdrawn_at"] is not None:
        return WithdrawnClaim(row["id"], row["withdrawn_at"], row["withdrawn_reason"])
    return PublishedClaim.from_json(loads(row["card"]))


class OEmbedError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


def oembed_answer(request, params) -> dict:
    """oEmbed 1.0 (https://oembed.com/) for one of our claim pages, in any of its languages,
    as a ``rich`` type (language-neutral JSON; the card it frames is in the page's
    language)."""
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
    # A claim page in any language: its card is in the same language.
    language, path = split_path(parts.path)
    try:
        match = resolve(path)
    except Resolver404:
        raise OEmbedError(404, "url is not a claim page.") from None
    if match.url_name not in ("claim-detail", "claim-redirect"):
        raise OEmbedError(404, "url is not a claim page.")
    try:
        claim = claim_for_embed(match.kwargs["pk"])
    except NotFound:
        claim = None
    if claim is None or claim.is_withdrawn:
        raise OEmbedError(404, "No published claim at that address.")
    absolute = request.build_absolute_uri
    embed_url = absolute(localized_path(reverse("claim-embed", args=[claim.pk]), language))
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
