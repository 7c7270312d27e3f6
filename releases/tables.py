"""The tables of a research release and their data dictionary: every column's name, type
(Frictionless Table Schema types) and meaning, and how each row is read from a published
document's body (the API's answer, addresses absolute).

A table is fed by one kind of document: the claim tables (``claims``, ``claim_tags``,
``appearances``, ``claim_links``, ``denials``, ``evidence``, ``reviews``, ``corrections``)
all come from one
pass over the claims, the others from their own documents. Rows keep the order of the
body's lists (``position``, from 1), so the same record gives the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from record.models import Kind


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # a Table Schema type: string, integer, number, boolean, date, datetime, array
    description: str
    nullable: bool = False


@dataclass(frozen=True)
class Table:
    """One table: written as ``<name>.csv`` and ``<name>.jsonl``, the same rows in each.
    ``read(table, body)`` gives the rows of one document's body (``Table.row`` each)."""

    name: str
    kind: str
    description: str
    columns: tuple[Column, ...]
    read: Callable[[Table, dict], Iterator[dict]]
    primary_key: tuple[str, ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [column.name for column in self.columns]

    def rows(self, body: dict) -> Iterator[dict]:
        """The rows (dicts keyed by column name) of one document's ``body``."""
        return self.read(self, body)

    def row(self, item: dict, **computed) -> dict:
        """One row: each column's value from ``computed`` when given there, else copied
        from ``item`` under the column's own name (KeyError when it has none)."""
        return {
            name: computed[name] if name in computed else item[name] for name in self.column_names
        }


def _c(name: str, type_: str, description: str, *, null: bool = False) -> Column:
    return Column(name, type_, description, nullable=null)


VERSION_COLUMNS = (
    _c("version", "integer", "The document's version number in the record (1, 2, …)."),
    _c("version_published_at", "datetime", "When that version was published (UTC)."),
)


def _slug(summary: dict | None) -> str | None:
    return summary["slug"] if summary else None


def _id(summary: dict | None) -> int | None:
    return summary["id"] if summary else None


# --- Claims and what hangs from them -----------------------------------------------------


def _claim_rows(table: Table, body: dict) -> Iterator[dict]:
    independence = body["independence"]
    yield table.row(
        body,
        speaker=_slug(body["speaker"]),
        tags=[tag["slug"] for tag in body["tags"]],
        corroborations=independence["corroborations"],
        from_claimant_side=independence["from_claimant_side"],
        independent_origins=independence["independent_origins"],
        claimant_side=_slug(independence["claimant_side"]),
    )


CLAIMS = Table(
    "claims",
    Kind.CLAIM,
    "Published claims, one row each (withdrawn ones are in withdrawn).",
    (
        _c("id", "integer", "The claim's id: its address is /api/v1/claims/<id>/."),
        _c("text", "string", "What was said, in English (or as reported)."),
        _c("is_quote", "boolean", "Whether text is a verbatim quote."),
        _c("language", "string", "The language of text (BCP 47)."),
        _c(
            "original_text", "string", "The words in the language they were said in; may be empty."
        ),
        _c("original_language", "string", "The language of original_text; may be empty."),
        _c("speaker", "string", "Who said it: speakers.slug.", null=True),
        _c("speaker_title", "string", "The speaker's title when they said it; may be empty."),
        _c(
            "stated_on",
            "date",
            "When it was said (the first day of the month or year for "
            "coarser precisions); null when undated.",
            null=True,
        ),
        _c("stated_on_precision", "string", "day, month or year; null when undated.", null=True),
        _c(
            "stated_on_display",
            "string",
            'The date and its bounds as a reader reads them ("May 2017", "between 27 and 31 '
            'May 2017"); may be empty.',
        ),
        _c("stated_on_inferred", "boolean", "Whether the date was inferred, not reported."),
        _c("stated_on_note", "string", "How the date was established; may be empty."),
        _c("stated_not_before", "date", "The earliest day it can have been said.", null=True),
        _c("stated_not_after", "date", "The latest day it can have been said.", null=True),
        _c(
            "stated_on_edtf",
            "string",
            'The date and its bounds in EDTF ("2017-05", "2017-05-27/2017-05-31", '
            '"../2017-05-31"); may be empty.',
        ),
        _c("place", "string", "Where it was said; may be empty."),
        _c("occasion", "string", "On what occasion; may be empty."),
        _c("tags", "array", "Topic slugs (claim_tags has their names)."),
        _c("denial_count", "integer", "Published claims denying it (rows of denials)."),
        _c("evidence_count", "integer", "Published evidence on it (rows of evidence)."),
        _c("corroborations", "integer", "Published evidence corroborating it."),
        _c(
            "from_claimant_side",
            "integer",
            "Of those, the ones backed by a claim whose speaker's affiliations lead to the "
            "claimant's top organisation (its own side).",
        ),
        _c(
            "independent_origins",
            "integer",
            "Distinct origins of the others: a backing claim's speaker's top organisation, or "
            "a source's outlet (the source itself without one).",
        ),
        _c(
            "claimant_side",
            "string",
            "The claimant's top organisation (speakers.slug) when it is another speaker than "
            "the claimant; null otherwise.",
            null=True,
        ),
        _c(
            "rating",
            "string",
            "The published verdict's name (reviews); null without one.",
            null=True,
        ),
        _c("api_url", "string", "Its address in the API."),
        _c("page_url", "string", "Its page on the site."),
        _c("created_at", "datetime", "When it was entered (UTC)."),
        _c("published_at", "datetime", "When it was first published (UTC)."),
        _c("updated_at", "datetime", "When its current version was published (UTC)."),
        *VERSION_COLUMNS,
    ),
    _claim_rows,
    primary_key=("id",),
)


def _tag_rows(table: Table, body: dict) -> Iterator[dict]:
    for tag in body["tags"]:
        yield table.row(tag, claim_id=body["id"])


CLAIM_TAGS = Table(
    "claim_tags",
    Kind.CLAIM,
    "The topics of each published claim.",
    (
        _c("claim_id", "integer", "claims.id"),
        _c("slug", "string", "The topic's slug (the API's tag filter)."),
        _c("name", "string", "The topic's name."),
    ),
    _tag_rows,
    primary_key=("claim_id", "slug"),
)


def _appearance_rows(table: Table, body: dict) -> Iterator[dict]:
    for position, item in enumerate(body["appearances"], start=1):
        yield table.row(
            item,
            claim_id=body["id"],
            position=position,
            source_id=item["source"]["id"],
            relayed_from_source_id=_id(item["relayed_from"]),
        )


APPEARANCES = Table(
    "appearances",
    Kind.CLAIM,
    "Where each published claim was reported: published sources only.",
    (
        _c("claim_id", "integer", "claims.id"),
        _c("position", "integer", "Its place in the claim's appearances, from 1."),
        _c("source_id", "integer", "sources.id"),
        _c("excerpt", "string", "The source's words reporting the claim; may be empty."),
        _c("attribution", "string", "How the source attributes it; may be empty."),
        _c(
            "is_first",
            "boolean",
            "Whether this is the first known report: the one a curator marked first, else the "
            "earliest published source.",
        ),
        _c(
            "first_reason",
            "string",
            "Why a curator marked it first over the sources' dates; may be empty.",
        ),
        _c(
            "relayed_from_source_id",
            "integer",
            "The source this one took the statement from: sources.id, or null.",
            null=True,
        ),
    ),
    _appearance_rows,
    primary_key=("claim_id", "position"),
)


def _claim_link_rows(table: Table, body: dict) -> Iterator[dict]:
    for link in body["links"]:
        if link["direction"] == "out":
            yield table.row(link, claim_id=body["id"], linked_claim_id=link["claim"]["id"])


CLAIM_LINKS = Table(
    "claim_links",
    Kind.CLAIM,
    "Claim answers claim, typed: both published. denials repeats the denies ones.",
    (
        _c("claim_id", "integer", "The claim that answers: claims.id."),
        _c("linked_claim_id", "integer", "The claim it answers: claims.id."),
        _c(
            "type",
            "string",
            "denies, confirms, retracts (its own speaker takes it back), clarifies, repeats or "
            "counter_accuses.",
        ),
    ),
    _claim_link_rows,
    primary_key=("claim_id", "linked_claim_id"),
)


def _denial_rows(table: Table, body: dict) -> Iterator[dict]:
    for denied in body["denies"]:
        yield table.row(denied, claim_id=body["id"], denied_claim_id=denied["id"])


DENIALS = Table(
    "denials",
    Kind.CLAIM,
    "Claim denies claim: both published (a denial of a draft or withdrawn claim is not here).",
    (
        _c("claim_id", "integer", "The denying claim: claims.id."),
        _c("denied_claim_id", "integer", "The claim it denies: claims.id."),
    ),
    _denial_rows,
    primary_key=("claim_id", "denied_claim_id"),
)


def _evidence_rows(table: Table, body: dict) -> Iterator[dict]:
    for position, item in enumerate(body["evidence"], start=1):
        yield table.row(
            item,
            claim_id=body["id"],
            position=position,
            source_id=_id(item["source"]),
            evidence_claim_id=_id(item["claim"]),
        )


EVIDENCE = Table(
    "evidence",
    Kind.CLAIM,
    "Evidence bearing on each published claim: a source, a claim, or both.",
    (
        _c("claim_id", "integer", "The claim it bears on: claims.id."),
        _c("position", "integer", "Its place in the claim's evidence, from 1."),
        _c("stance", "string", "corroborates, contradicts or context."),
        _c("source_id", "integer", "sources.id, or null.", null=True),
        _c(
            "evidence_claim_id",
            "integer",
            "A claim that is the evidence: claims.id, or null.",
            null=True,
        ),
        _c("excerpt", "string", "The evidence's words; may be empty."),
        _c("note", "string", "The fact-checker's note; may be empty."),
    ),
    _evidence_rows,
    primary_key=("claim_id", "position"),
)


def _review_rows(table: Table, body: dict) -> Iterator[dict]:
    review = body["review"]
    if review is None:
        return
    rating, reviewer = review["rating"], review["reviewer"]
    yield table.row(
        review,
        claim_id=body["id"],
        rating=rating["name"],
        rating_slug=rating["slug"],
        rating_value=rating["value"],
        rating_scale=rating["scale"],
        reviewer_name=reviewer["name"],
        reviewer_organisation=reviewer["organisation"],
    )


REVIEWS = Table(
    "reviews",
    Kind.CLAIM,
    "The published verdict on a claim: at most one a claim.",
    (
        _c("claim_id", "integer", "claims.id"),
        _c("rating", "string", 'The verdict\'s name ("False").'),
        _c("rating_slug", "string", "The verdict's slug (the API's rating filter)."),
        _c("rating_value", "integer", "Its value on its scale; null when unranked.", null=True),
        _c("rating_scale", "string", "The scale's name."),
        _c("summary", "string", "The verdict in a sentence."),
        _c("reasoning", "string", "Why; may be empty."),
        _c("reviewed_on", "date", "When the review was made.", null=True),
        _c("updated_on", "date", "When it was last revised; null if never.", null=True),
        _c("reviewer_name", "string", "The reviewer as credited in print; may be empty."),
        _c("reviewer_organisation", "string", "The reviewing organisation; may be empty."),
        _c("url", "string", "The review's original address when imported; may be empty."),
    ),
    _review_rows,
    primary_key=("claim_id",),
)


def _correction_rows(table: Table, body: dict) -> Iterator[dict]:
    for position, item in enumerate(body["corrections"], start=1):
        yield table.row(item, claim_id=body["id"], position=position)


CORRECTIONS = Table(
    "corrections",
    Kind.CLAIM,
    "Corrections published on a claim.",
    (
        _c("claim_id", "integer", "claims.id"),
        _c("position", "integer", "Its place in the claim's corrections, from 1."),
        _c("corrected_on", "date", "When the correction was made.", null=True),
        _c("note", "string", "What was corrected."),
    ),
    _correction_rows,
    primary_key=("claim_id", "position"),
)


# --- Speakers, sources, outlets --------------------------------------------------------


def _speaker_rows(table: Table, body: dict) -> Iterator[dict]:
    yield table.row(body, affiliation=_slug(body["affiliation"]))


SPEAKERS = Table(
    "speakers",
    Kind.SPEAKER,
    "Speakers that published claims show: people and organisations.",
    (
        _c("slug", "string", "The speaker's slug: its address is /api/v1/speakers/<slug>/."),
        _c("name", "string", "The speaker's name."),
        _c("kind", "string", "person, organisation, …"),
        _c("description", "string", "Who they are; may be empty."),
        _c(
            "affiliation",
            "string",
            "The organisation they belong to: speakers.slug, or null.",
            null=True,
        ),
        _c("aliases", "array", "Other names, sorted."),
        _c("country", "string", "ISO 3166-1 alpha-2; may be empty."),
        _c("wikidata_id", "string", "Wikidata's Q-id; may be empty."),
        _c("claim_count", "integer", "Published claims by them."),
        _c("api_url", "string", "Its address in the API."),
        _c("page_url", "string", "Its page on the site."),
        *VERSION_COLUMNS,
    ),
    _speaker_rows,
    primary_key=("slug",),
)


def _source_rows(table: Table, body: dict) -> Iterator[dict]:
    yield table.row(body, outlet_id=_id(body["outlet"]))


SOURCES = Table(
    "sources",
    Kind.SOURCE,
    "Sources (articles, transcripts, posts…) that published claims show.",
    (
        _c("id", "integer", "The source's id: its address is /api/v1/sources/<id>/."),
        _c("title", "string", "Its title."),
        _c("url", "string", "The document's own address on the web; may be empty."),
        _c("outlet_id", "integer", "Who published it: outlets.id, or null.", null=True),
        _c(
            "published_on",
            "date",
            "When it was published (the first day of the month or year for coarser precisions).",
            null=True,
        ),
        _c(
            "published_on_precision",
            "string",
            "day, month or year; null when undated.",
            null=True,
        ),
        _c(
            "published_on_display",
            "string",
            'The date and its bounds as a reader reads them ("November 2017"); may be empty.',
        ),
        _c("published_not_before", "date", "The earliest day it can have appeared.", null=True),
        _c("published_not_after", "date", "The latest day it can have appeared.", null=True),
        _c("published_on_note", "string", "How the date was established; may be empty."),
        _c("published_on_edtf", "string", "The date and its bounds in EDTF; may be empty."),
        _c("kind", "string", "article, transcript, …"),
        _c("authors", "string", "Authors as printed; may be empty."),
        _c("language", "string", "Its language (BCP 47); may be empty."),
        _c("dateline", "string", "Its dateline as printed; may be empty."),
        _c("archive_url", "string", "An archived copy's address; may be empty."),
        _c("archived_at", "datetime", "When it was archived (UTC).", null=True),
        _c("notes", "string", "Notes on the source; may be empty."),
        _c("full_text", "string", "The source's text as kept; may be empty."),
        _c("api_url", "string", "Its address in the API."),
        _c("page_url", "string", "Its page on the site."),
        *VERSION_COLUMNS,
    ),
    _source_rows,
    primary_key=("id",),
)


def _outlet_rows(table: Table, body: dict) -> Iterator[dict]:
    yield table.row(body)


OUTLETS = Table(
    "outlets",
    Kind.OUTLET,
    "Outlets (newspapers, agencies, channels…) that published sources show.",
    (
        _c("id", "integer", "The outlet's id: its address is /api/v1/outlets/<id>/."),
        _c("name", "string", "Its name."),
        _c("kind", "string", "newspaper, agency, …"),
        _c("homepage", "string", "Its homepage; may be empty."),
        _c("country", "string", "ISO 3166-1 alpha-2; may be empty."),
        _c("language", "string", "Its main language; may be empty."),
        _c("notes", "string", "Notes on the outlet; may be empty."),
        _c("source_count", "integer", "Published sources from it."),
        _c("api_url", "string", "Its address in the API."),
        *VERSION_COLUMNS,
    ),
    _outlet_rows,
    primary_key=("id",),
)


# --- Withdrawn documents ---------------------------------------------------------------


def _withdrawn_rows(table: Table, row: dict) -> Iterator[dict]:
    yield table.row(row)


WITHDRAWN = Table(
    "withdrawn",
    "",
    "Documents that were public and are withdrawn (their addresses answer 410): which, "
    "when and why. Their content is not in the release.",
    (
        _c("object", "string", "claim, speaker, source or outlet."),
        _c(
            "id", "integer", "The claim's, source's or outlet's id; null for a speaker.", null=True
        ),
        _c("slug", "string", "The speaker's slug; null for the others.", null=True),
        _c("api_url", "string", "Its address in the API (it answers 410)."),
        _c("withdrawn_at", "datetime", "When it was withdrawn (UTC)."),
        _c("reason", "string", "Why, as published."),
    ),
    _withdrawn_rows,
)


TABLES: tuple[Table, ...] = (
    CLAIMS,
    CLAIM_TAGS,
    APPEARANCES,
    CLAIM_LINKS,
    DENIALS,
    EVIDENCE,
    REVIEWS,
    CORRECTIONS,
    SPEAKERS,
    SOURCES,
    OUTLETS,
    WITHDRAWN,
)
