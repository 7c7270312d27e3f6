"""Published documents as readers see them: small read-only objects parsed from the JSON the
record stores (a document's ``summary``, ``card`` or ``body``), for templates, the feed and
the JSON-LD.

They carry the names the templates and ``record.jsonld`` read (``get_absolute_url``,
``stated_on_display``, ``speaker.name``…), so a page shows a published document exactly as
it showed the working rows before; dates are parsed back from their ISO text. Nothing here
queries: ``record.queries`` reads the rows, these only read what those rows say.

The record is language-neutral (its addresses unprefixed, its words for a date English);
what these objects give a page is in the active language: ``get_absolute_url`` the page in
that language (``core.languages``), ``stated_on_display`` / ``published_on_display`` the
date's words in it (``core.dates.translate_span``). The record's own words stay in
``stated_on_words`` / ``published_on_words``.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field

from django.urls import reverse

from claims.models import SpeakerKind, Stance
from core.dates import format_partial_date, translate_span
from core.languages import localized_path
from sources.models import SourceKind


def parse_date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def parse_datetime(value: str | None) -> datetime.datetime | None:
    return datetime.datetime.fromisoformat(value) if value else None


def loads(text: str | dict | None) -> dict | None:
    """A stored JSON text (or an already decoded JSON column) as a dict."""
    if text is None or text == "":
        return None
    return json.loads(text) if isinstance(text, str) else text


@dataclass(frozen=True)
class PublishedSpeaker:
    slug: str
    name: str
    kind: str
    page_url: str
    # What only the speaker's own document says (its page, the JSON-LD's sameAs).
    description: str = ""
    aliases: tuple[str, ...] = ()
    affiliation: PublishedSpeaker | None = None
    country: str = ""
    wikidata_id: str = ""
    claim_count: int = 0

    @classmethod
    def from_summary(cls, data: dict | None) -> PublishedSpeaker | None:
        if data is None:
            return None
        return cls(
            slug=data["slug"], name=data["name"], kind=data["kind"], page_url=data["page_url"]
        )

    @classmethod
    def from_body(cls, data: dict) -> PublishedSpeaker:
        return cls(
            slug=data["slug"],
            name=data["name"],
            kind=data["kind"],
            page_url=data["page_url"],
            description=data["description"],
            aliases=tuple(data["aliases"]),
            affiliation=cls.from_summary(data["affiliation"]),
            country=data["country"],
            wikidata_id=data["wikidata_id"],
            claim_count=data["claim_count"],
        )

    def get_absolute_url(self) -> str:
        return localized_path(self.page_url)

    def get_kind_display(self) -> str:
        return SpeakerKind(self.kind).label


@dataclass(frozen=True)
class PublishedOutlet:
    id: int
    name: str
    homepage: str = ""
    notes: str = ""


@dataclass(frozen=True)
class PublishedSource:
    id: int
    title: str
    url: str
    kind: str
    page_url: str
    published_on: datetime.date | None
    outlet: PublishedOutlet | None = None
    # The record's words for the date and its bounds ("November 2017"), in English.
    published_on_words: str = ""
    published_on_precision: str = ""
    published_on_note: str = ""
    language: str = ""
    archive_url: str = ""
    archived_at: datetime.datetime | None = None
    authors: str = ""
    dateline: str = ""
    notes: str = ""
    full_text: str = ""

    @classmethod
    def from_json(cls, data: dict, outlet: dict | None = None) -> PublishedSource:
        """From a source's summary, card or body; ``outlet``: the outlet's own body, for
        what its summary does not say (homepage, notes)."""
        summary = data.get("outlet")
        if summary is not None:
            outlet = outlet or {}
            summary = PublishedOutlet(
                id=summary["id"],
                name=summary["name"],
                homepage=outlet.get("homepage", ""),
                notes=outlet.get("notes", ""),
            )
        return cls(
            id=data["id"],
            title=data["title"],
            url=data["url"],
            kind=data["kind"],
            page_url=data["page_url"],
            published_on=parse_date(data["published_on"]),
            outlet=summary,
            published_on_words=data.get("published_on_display")
            or format_partial_date(parse_date(data["published_on"]), "day"),
            published_on_precision=data.get("published_on_precision") or "",
            published_on_note=data.get("published_on_note", ""),
            language=data.get("language", ""),
            archive_url=data.get("archive_url", ""),
            archived_at=parse_datetime(data.get("archived_at")),
            authors=data.get("authors", ""),
            dateline=data.get("dateline", ""),
            notes=data.get("notes", ""),
            full_text=data.get("full_text", ""),
        )

    @property
    def pk(self) -> int:
        return self.id

    @property
    def outlet_id(self) -> int | None:
        return self.outlet.id if self.outlet else None

    @property
    def published_on_datetime(self) -> str:
        """The date for HTML's ``<time datetime>`` when it is one date at its precision
        ("2017-05-31", "2017-11", "2017"); "" when its bounds make it a range or it is
        unknown."""
        if self.published_on is None:
            return ""
        precision = self.published_on_precision or "day"
        if self.published_on_words != format_partial_date(self.published_on, precision):
            return ""
        iso = self.published_on.isoformat()
        return {"day": iso, "month": iso[:7], "year": iso[:4]}[precision]

    @property
    def published_on_display(self) -> str:
        """The date's words in the active language ("31 мая 2017 г.")."""
        return translate_span(self.published_on_words)

    def get_absolute_url(self) -> str:
        return localized_path(self.page_url)

    def get_kind_display(self) -> str:
        return SourceKind(self.kind).label


@dataclass
class PublishedClaim:
    """A claim as a summary, a card or a whole body shows it (the fields each lacks keep
    their defaults). Mutable only for ``search_snippet``, set on a page of search results."""

    id: int
    text: str
    is_quote: bool
    speaker: PublishedSpeaker | None
    stated_on: datetime.date | None
    stated_on_precision: str
    page_url: str
    # The record's words for the date and its bounds ("between 27 and 31 May 2017"), in
    # English; ``stated_on_display`` says them in the reader's language.
    stated_on_words: str = ""
    # Bodies: the bounds of the date (a summary or a card leaves them None).
    stated_not_before: datetime.date | None = None
    stated_not_after: datetime.date | None = None
    # Cards and bodies
    speaker_title: str = ""
    language: str = ""
    verdict: str | None = None
    denial_count: int = 0
    evidence_count: int = 0
    updated_at: datetime.datetime | None = None
    # Bodies (or, for a card, the document's column)
    published_at: datetime.datetime | None = None
    created_at: datetime.datetime | None = None
    # The first place it was reported, as a step of a dispute thread shows it.
    first_appearance: PublishedAppearance | None = None
    search_snippet: str = ""
    # On PostgreSQL, the words a search matched (claims.search.add_snippets reads it).
    headline: str | None = None
    # Cards and bodies: the claims it denies. Cards: the speakers of the claims denying
    # it, each once (None for a card stored before cards said so: only the count is known).
    denies: list[PublishedClaim] = field(default_factory=list)
    denied_by_speakers: list[PublishedSpeaker] | None = None

    is_withdrawn = False  # a live document; see WithdrawnClaim

    @classmethod
    def from_json(cls, data: dict, **extra) -> PublishedClaim:
        return cls(
            id=data["id"],
            text=data["text"],
            is_quote=data["is_quote"],
            speaker=PublishedSpeaker.from_summary(data["speaker"]),
            stated_on=parse_date(data["stated_on"]),
            stated_on_precision=data["stated_on_precision"] or "",
            page_url=data["page_url"],
            stated_on_words=data["stated_on_display"],
            stated_not_before=parse_date(data.get("stated_not_before")),
            stated_not_after=parse_date(data.get("stated_not_after")),
            speaker_title=data.get("speaker_title", ""),
            language=data.get("language", ""),
            verdict=data.get("rating"),
            denial_count=data.get("denial_count", 0),
            evidence_count=data.get("evidence_count", 0),
            updated_at=parse_datetime(data.get("updated_at")),
            created_at=parse_datetime(data.get("created_at")),
            denies=[PublishedClaim.from_json(item) for item in data.get("denies") or ()],
            denied_by_speakers=(
                None
                if "denied_by_speakers" not in data
                else [PublishedSpeaker.from_summary(s) for s in data["denied_by_speakers"]]
            ),
            **{"published_at": parse_datetime(data.get("published_at")), **extra},
        )

    @property
    def pk(self) -> int:
        return self.id

    @property
    def has_date_bounds(self) -> bool:
        return self.stated_not_before is not None or self.stated_not_after is not None

    @property
    def stated_on_display(self) -> str:
        """The date's words in the active language ("между 27 и 31 мая 2017 г.")."""
        return translate_span(self.stated_on_words)

    def get_absolute_url(self) -> str:
        return localized_path(self.page_url)


@dataclass(frozen=True)
class WithdrawnClaim:
    """A tombstone: when and why, and nothing of what the claim said (not even its words in
    its address)."""

    id: int
    withdrawn_at: datetime.datetime
    withdrawn_reason: str
    is_withdrawn: bool = True

    @property
    def pk(self) -> int:
        return self.id

    def get_absolute_url(self) -> str:
        return reverse("claim-detail", kwargs={"pk": self.id, "slug": "withdrawn"})


@dataclass(frozen=True)
class PublishedAppearance:
    source: PublishedSource
    excerpt: str
    attribution: str
    # The first known appearance (record.dispute.first_appearance); ``first_reason``: the
    # curator's reason when they marked it first over the dates, else "".
    is_first: bool
    first_reason: str = ""
    # The source it was taken from (its summary), while that is public.
    relayed_from: PublishedSource | None = None
    # Whether the excerpt was found in the source's stored text (None: it keeps none).
    excerpt_verified: bool | None = None
    # The path it travelled, in words (web.disputes.relay_chain); "" when not relayed.
    relay: str = ""


@dataclass(frozen=True)
class PublishedEvidence:
    stance: str
    source: PublishedSource | None
    backing_claim: PublishedClaim | None
    excerpt: str
    note: str
    # The claim it bears on (a source page lists the claims a source is evidence for).
    claim: PublishedClaim | None = None
    excerpt_verified: bool | None = None  # as PublishedAppearance's

    def get_stance_display(self) -> str:
        return Stance(self.stance).label


@dataclass(frozen=True)
class PublishedRating:
    name: str
    slug: str
    value: int | None


@dataclass(frozen=True)
class PublishedReview:
    """A verdict; ``best_rating`` / ``worst_rating``: its scale's numeric ends (JSON-LD);
    ``scale``: the scale's name; ``scale_ratings``: the scale's ratings in the scale's order
    (empty for a verdict published before the record kept them)."""

    rating: PublishedRating
    summary: str
    reasoning: str
    reviewed_on: datetime.date
    updated_on: datetime.date | None
    reviewer_name: str
    reviewer_organisation: str
    url: str
    best_rating: int | None = None
    worst_rating: int | None = None
    scale: str = ""
    scale_ratings: tuple[PublishedRating, ...] = ()

    @classmethod
    def from_content(cls, review: dict | None) -> PublishedReview | None:
        """From a claim's published content, which keeps the scale's ends."""
        if review is None:
            return None
        rating = review["rating"]
        return cls(
            rating=PublishedRating(
                name=rating["name"], slug=rating["slug"], value=rating["value"]
            ),
            summary=review["summary"],
            reasoning=review["reasoning"],
            reviewed_on=parse_date(review["reviewed_on"]),
            updated_on=parse_date(review["updated_on"]),
            reviewer_name=review["reviewer"]["name"],
            reviewer_organisation=review["reviewer"]["organisation"],
            url=review["url"],
            best_rating=rating.get("best"),
            worst_rating=rating.get("worst"),
            scale=rating.get("scale") or "",
            scale_ratings=tuple(
                PublishedRating(name=r["name"], slug=r["slug"], value=r["value"])
                for r in rating.get("scale_ratings") or ()
            ),
        )


@dataclass(frozen=True)
class ReportedClaim:
    """A claim as one source reports it (a source page's list)."""

    claim: PublishedClaim
    excerpt: str
    attribution: str
    is_first: bool
    excerpt_verified: bool | None = None  # as PublishedAppearance's


def body_links(body: dict) -> list[dict]:
    """A claim body's typed links, ``[{"type", "direction", "claim"}]``. A body published
    before links were typed (an older version) has only ``denies`` and ``denied_by``:
    those are its links."""
    if "links" in body:
        return body["links"]
    return [
        *({"type": "denies", "direction": "out", "claim": c} for c in body["denies"]),
        *({"type": "denies", "direction": "in", "claim": c} for c in body["denied_by"]),
    ]


@dataclass(frozen=True)
class PublishedDenial:
    denying_claim: PublishedClaim
    denied_claim: PublishedClaim


@dataclass(frozen=True)
class PublishedCorrection:
    corrected_on: datetime.date
    note: str


@dataclass(frozen=True)
class PublishedTopic:
    slug: str
    name: str


@dataclass
class ClaimDetail(PublishedClaim):
    """Everything a claim's own page shows of it, from its body."""

    original_text: str = ""
    original_language: str = ""
    stated_on_inferred: bool = False
    stated_on_note: str = ""
    place: str = ""
    occasion: str = ""
    tags: list[PublishedTopic] = field(default_factory=list)
    corrections: list[PublishedCorrection] = field(default_factory=list)

    @classmethod
    def from_body(cls, body: dict, *, speaker: PublishedSpeaker | None) -> ClaimDetail:
        claim = cls.from_json(
            body,
            original_text=body["original_text"],
            original_language=body["original_language"],
            stated_on_inferred=body["stated_on_inferred"],
            stated_on_note=body["stated_on_note"],
            place=body["place"],
            occasion=body["occasion"],
            tags=[PublishedTopic(t["slug"], t["name"]) for t in body["tags"]],
            corrections=[
                PublishedCorrection(parse_date(c["corrected_on"]), c["note"])
                for c in body["corrections"]
            ],
        )
        # The speaker's own document says more than the claim's summary of it.
        if speaker is not None:
            claim.speaker = speaker
        return claim
