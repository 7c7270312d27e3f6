"""Reading fact-checks as publishers and aggregators really write them, into plain records.

One ``ReviewRecord`` per review, whatever it came from:

- schema.org ``ClaimReview`` JSON-LD (``review_from_node``), reached through
  ``review_nodes``: an object, a list, a ``@graph``, a ``DataFeed`` whose
  ``dataFeedElement`` holds reviews directly or as ``DataFeedItem.item``;
- a Google Fact Check Tools ``claims:search`` claim (``reviews_from_google_claim``): its
  ``text``, ``claimant``, ``claimDate`` and ``claimReview[]`` (``publisher{name,site}``,
  ``url``, ``title``, ``reviewDate``, ``textualRating``, ``languageCode``), as documented at
  https://developers.google.com/fact-check/tools/api/reference/rest/v1alpha1/claims/search;
- a row of a ClaimsKG CSV (``review_from_claimskg_row``), of a Meedan Check item export
  (``review_from_check_row``) or of our own plain CSV (``review_from_plain_row``; header in
  docs/interop.md).

Real markup is messy, and a consumer must expect it: dates with or without a time, a zone or
a ``UTC`` suffix; authors as strings, objects or lists, with a name, a URL or both; ratings as
numbers, numeric strings, words, empty, on inverted scales; ``claimReviewed`` as a string or a
list; HTML entities; ``sameAs`` with spaces. A value that cannot be read is left out and said
so in ``ReviewRecord.notes``; a record that means nothing without it (no claim text, no
address) is a ``RecordError`` naming the record's place in the file and the reason, in words a
curator understands.
"""

from __future__ import annotations

import datetime
import email.utils
import html
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields, is_dataclass
from functools import cache
from operator import attrgetter
from typing import Any
from urllib.parse import urlsplit

from django.utils.html import strip_tags

from core.dates import DatePrecision
from core.validators import FORBIDDEN_CHARACTERS, LANGUAGE_CODE_REGEX, forbidden_character

# Types that surround reviews in a @graph (SEO plug-ins add them); they are not records.
IGNORED_GRAPH_TYPES = {
    "WebPage", "WebSite", "Organization", "Person", "BreadcrumbList", "ImageObject",
    "Article", "NewsArticle", "ReadAction", "SearchAction",
}  # fmt: skip
WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q[1-9][0-9]*)$")
# schema.org Rating: "bestRating … If bestRating is omitted, 5 is assumed"; worstRating 1.
DEFAULT_BEST, DEFAULT_WORST = 5.0, 1.0
# Far deeper than any ClaimReview (a DataFeed of items of reviews of claims with their
# appearances is about 8 levels).
MAX_DEPTH = 64


class RecordError(Exception):
    """A record that cannot be imported: ``position`` is its place in the file
    (``dataFeedElement[3]``, ``claims[2].claimReview[0]``, ``line 57``), ``reason`` what is
    wrong, for a curator."""

    def __init__(self, position: str, reason: str):
        super().__init__(f"{position}: {reason}")
        self.position, self.reason = position, reason


@dataclass
class PartialDate:
    date: datetime.date
    precision: str


@dataclass
class Party:
    """An author: a person or an organisation."""

    name: str
    is_person: bool
    url: str = ""
    wikidata_id: str = ""


@dataclass
class Work:
    """Where a claim appeared, or the review itself."""

    url: str
    title: str = ""
    published_on: datetime.date | None = None
    publisher: Party | None = None
    # The precision of published_on as the file gave it ("2023-03" is a month): "" with no
    # date, which a source settles to a day.
    published_on_precision: str = ""


@dataclass
class RatingRecord:
    """A verdict as written: its word, and/or a number between ``worst`` and ``best`` (either
    order: some scales put the worst highest). No word and no number: no rating was given."""

    name: str
    value: float | None = None
    best: float | None = None
    worst: float | None = None


@dataclass
class ReviewRecord:
    """One review, read. ``reviewed_on`` is None when the file gave no readable date (the
    loader settles it, saying so). ``notes`` are the values left out, in a curator's words."""

    position: str
    url: str
    claim_text: str
    rating: RatingRecord
    reviewed_on: datetime.date | None
    reviewer: Party
    headline: str = ""
    summary: str = ""
    language: str = ""
    updated_on: datetime.date | None = None
    speaker: Party | None = None
    stated_on: PartialDate | None = None
    appearances: list[Work] = field(default_factory=list)
    first_appearance: Work | None = None
    notes: list[str] = field(default_factory=list)


def check_characters(value: Any, position: str, path: str = "") -> None:
    """Refuses a record holding text the project does not accept (control characters, NUL,
    lone surrogates: core/validators.py), naming the field, before anything is looked up with
    it (PostgreSQL refuses NUL even in a query)."""
    if not _holds_forbidden(value):
        return
    stack = [(path, value)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            if character := forbidden_character(value):
                raise RecordError(
                    position,
                    f"{path} contains a control character ({character}), often pasted from a "
                    "PDF: remove it from the file",
                )
        # Pushed in reverse, popped in order: the first field holding one is the one named.
        elif isinstance(value, list):
            stack += [(f"{path}[{n}]", item) for n, item in reversed(list(enumerate(value)))]
        elif is_dataclass(value):
            for name in reversed(_checked_fields(type(value))):
                stack.append((f"{path}.{name}" if path else name, getattr(value, name)))


def _holds_forbidden(value: Any) -> bool:
    """Whether any text in ``value`` (a record, its parts) holds a refused character: the
    common case, none, found without naming where."""
    search = FORBIDDEN_CHARACTERS.search
    stack = [value]
    while stack:
        value = stack.pop()
        kind = type(value)
        if kind is str:
            if search(value):
                return True
        elif kind is list:
            stack += value
        elif (names := _record_fields(kind)) is not None:
            stack += names(value)
    return False


@cache
def _record_fields(kind: type) -> Callable[[Any], tuple] | None:
    """For a dataclass: a function giving its checked fields' values; None for others."""
    if not is_dataclass(kind):
        return None
    names = _checked_fields(kind)
    return (lambda value: (getattr(value, names[0]),)) if len(names) == 1 else attrgetter(*names)


@cache
def _checked_fields(kind: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(kind) if f.name not in ("position", "notes"))


def type_name(node: Any) -> str:
    """The local name of a JSON-LD node's type: ``ClaimReview`` for ``schema:ClaimReview``,
    ``https://schema.org/ClaimReview`` or ``["ClaimReview"]``; "" without one."""
    types = node.get("@type") if isinstance(node, dict) else None
    if isinstance(types, list):
        types = next((t for t in types if isinstance(t, str)), None)
    if not isinstance(types, str):
        return ""
    return re.split(r"[/:#]", types)[-1]


def is_google_claim(node: Any) -> bool:
    """Whether ``node`` is a claim of a Fact Check Tools ``claims:search`` answer."""
    return isinstance(node, dict) and "claimReview" in node and "@type" not in node


def depth_over(document: Any, limit: int = MAX_DEPTH) -> bool:
    """Whether ``document`` nests lists and objects more than ``limit`` levels deep (walked
    without recursion)."""
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict):
            children = node.values()
        elif isinstance(node, list):
            children = node
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def records_in(
    node: Any, position: str, *, depth_checked: bool = False
) -> Iterator[tuple[str, ReviewRecord | RecordError]]:
    """Every review in one item of a file (a node of JSON), read: (position, record), or
    (position, the error) for a review that cannot be imported. ``depth_checked``: the item
    was built knowing it is no deeper than ``MAX_DEPTH`` (``formats``' streamed items)."""
    if not depth_checked and depth_over(node):
        yield (
            position,
            RecordError(position, f"nested more than {MAX_DEPTH} levels deep: not a ClaimReview"),
        )
        return
    for where, found in review_nodes(node, position):
        if isinstance(found, RecordError):
            yield where, found
        elif is_google_claim(found):
            yield from reviews_from_google_claim(found, where)
        else:
            yield where, _checked(review_from_node, found, where)


def _checked(read, node, position) -> ReviewRecord | RecordError:
    try:
        record = read(node, position)
        check_characters(record, position)
    except RecordError as error:
        return error
    return record


def review_nodes(node: Any, position: str) -> Iterator[tuple[str, dict | RecordError]]:
    """The ClaimReview (or Fact Check Tools claim) objects under ``node``, with their
    positions; what is neither is a ``RecordError``."""
    join = (lambda key: f"{position}.{key}") if position else (lambda key: key)
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from review_nodes(item, f"{position}[{index}]")
        return
    if not isinstance(node, dict):
        yield position, RecordError(position, "expected a JSON object")
        return
    kind = type_name(node)
    if "@graph" in node and not kind:
        for index, item in enumerate(_as_list(node["@graph"])):
            if type_name(item) in IGNORED_GRAPH_TYPES:
                continue
            yield from review_nodes(item, f"{join('@graph')}[{index}]")
    elif kind == "DataFeed" or ("dataFeedElement" in node and not kind):
        for index, item in enumerate(_as_list(node.get("dataFeedElement"))):
            yield from review_nodes(item, f"{join('dataFeedElement')}[{index}]")
    elif kind == "DataFeedItem":
        yield from review_nodes(node.get("item"), join("item"))
    elif kind == "ClaimReview" or is_google_claim(node):
        yield position or "document", node
    elif "claims" in node and not kind and isinstance(node["claims"], list):
        for index, item in enumerate(node["claims"]):
            yield from review_nodes(item, f"{join('claims')}[{index}]")
    else:
        shown = node.get("@type") if "@type" in node else "none"
        yield (
            position or "document",
            RecordError(position or "document", f"unknown @type {shown!r}: expected ClaimReview"),
        )


# --- schema.org ClaimReview ---------------------------------------------------------------


def review_from_node(node: dict, position: str) -> ReviewRecord:
    """One ClaimReview JSON-LD object, read; ``RecordError`` when it has no claim text or no
    address (it means nothing without them)."""
    notes: list[str] = []
    url = _text(node.get("url"))
    if not url and _text(node.get("@id")).startswith(("http://", "https://")):
        url = _text(node.get("@id"))  # the review's own IRI, where url is left out
    if not url:
        raise RecordError(
            position,
            "has no url: a review is known by its address, and without one it cannot be "
            "told apart from the others",
        )
    claim_text = _claim_text(node.get("claimReviewed"), notes)
    if not claim_text:
        raise RecordError(position, "has no claimReviewed: there is no claim text to import")
    published = _date(node.get("datePublished"), "datePublished", notes)
    modified = _date(node.get("dateModified"), "dateModified", notes)
    reviewed_on = published.date if published else None
    if reviewed_on is None and modified is not None:
        reviewed_on = modified.date
        notes.append("no datePublished: dated by its dateModified")
    reviewer = _party(node.get("author"), "author", notes) or _party(
        node.get("publisher"), "publisher", notes
    )
    if reviewer is None:
        reviewer = _party_from_url(url)
        notes.append(f"no author: the reviewer is named after the review's site ({reviewer.name})")
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    appearances = [w for w in (_work(a, notes) for a in _as_list(item.get("appearance"))) if w]
    language = _language(item.get("inLanguage") or node.get("inLanguage"), notes)
    return ReviewRecord(
        position=position,
        url=url,
        claim_text=claim_text,
        rating=_rating(node.get("reviewRating"), notes),
        reviewed_on=reviewed_on,
        updated_on=modified.date
        if modified and reviewed_on and modified.date > reviewed_on
        else None,
        reviewer=reviewer,
        headline=_text(node.get("headline") or node.get("name")),
        summary=_text(node.get("reviewBody") or node.get("description")),
        language=language,
        speaker=_party(item.get("author"), "itemReviewed.author", notes),
        stated_on=_date(item.get("datePublished"), "itemReviewed.datePublished", notes),
        appearances=appearances,
        first_appearance=_work(_first(item.get("firstAppearance")), notes),
        notes=notes,
    )


def _claim_text(value: Any, notes: list[str]) -> str:
    texts = [t for t in (_text(v) for v in _as_list(value)) if t]
    if len(texts) > 1:
        notes.append(f"claimReviewed holds {len(texts)} texts: the first was taken")
    return texts[0] if texts else ""


def _rating(node: Any, notes: list[str], *, defaults: bool = True) -> RatingRecord:
    """A reviewRating as a word and/or a number. A number without its bounds is read on
    schema.org's default scale (worst 1, best 5) when ``defaults``."""
    node = _first(node)
    if isinstance(node, (int, float, str)) and not isinstance(node, bool):
        node = {"ratingValue": node}
    if not isinstance(node, dict):
        notes.append("no reviewRating: imported as “No rating given”")
        return RatingRecord(name="")
    name = _text(node.get("alternateName") or node.get("name"))
    raw = node.get("ratingValue")
    value = _number(raw)
    if value is None and raw not in (None, ""):
        words = _text(raw) if isinstance(raw, str) else ""
        if words and not name:
            name = words  # "False" written where a number belongs: it is the verdict's word
        else:
            notes.append(f"ratingValue {_shown(raw)} is not a number: left out")
    best, worst = _number(node.get("bestRating")), _number(node.get("worstRating"))
    for key, number in (("bestRating", best), ("worstRating", worst)):
        if number is None and node.get(key) not in (None, ""):
            notes.append(f"{key} {_shown(node.get(key))} is not a number: left out")
    if value is not None and defaults:
        best = DEFAULT_BEST if best is None else best
        worst = DEFAULT_WORST if worst is None else worst
    if not name and value is None:
        notes.append("the reviewRating gives no verdict: imported as “No rating given”")
    return RatingRecord(name=name, value=value, best=best, worst=worst)


def _party(node: Any, name: str, notes: list[str]) -> Party | None:
    """The first readable author among ``node`` (a string, an object or a list of them): an
    object with only a url is named after its site (an author is there, unnamed)."""
    for candidate in _as_list(node):
        party = _one_party(candidate)
        if party is not None:
            if party.name and not _text(
                candidate.get("name") if isinstance(candidate, dict) else candidate
            ):
                notes.append(f"{name} has no name: named after its site ({party.name})")
            return party
    return None


def _one_party(node: Any) -> Party | None:
    if isinstance(node, str):
        text = _text(node)
        if text.startswith(("http://", "https://")):
            return _party_from_url(text)
        return Party(name=text, is_person=False) if text else None
    if not isinstance(node, dict):
        return None
    url = _text(node.get("url"))
    if not url.startswith(("http://", "https://")):
        url = ""
    name = _text(node.get("name")) or _text(node.get("alternateName"))
    wikidata = ""
    for same_as in _as_list(node.get("sameAs")):
        # "sameAs" written as one string of several addresses, or with spaces around them.
        for address in same_as.split() if isinstance(same_as, str) else []:
            if match := WIKIDATA.match(address):
                wikidata = match.group(1)
                break
        if wikidata:
            break
    is_person = type_name(node) == "Person"
    if not name:
        if not url:
            return None
        name = _host_name(url)
    return Party(name=name, is_person=is_person, url=url, wikidata_id=wikidata)


def _party_from_url(url: str) -> Party:
    return Party(name=_host_name(url), is_person=False, url=url)


def _host_name(url: str) -> str:
    """``checkdesk.example.org`` for ``https://www.CheckDesk.example.org/about``."""
    try:
        host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    except ValueError:
        host = ""
    return re.sub(r"^www\.", "", host) or url


def _work(node: Any, notes: list[str]) -> Work | None:
    if isinstance(node, str):
        node = {"url": node}
    if not isinstance(node, dict):
        return None
    url = _text(node.get("url"))
    if not url:
        return None
    published = _date(node.get("datePublished"), "appearance.datePublished", notes)
    return Work(
        url=url,
        title=_text(node.get("headline") or node.get("name")),
        published_on=published.date if published else None,
        publisher=_party(node.get("publisher") or node.get("author"), "appearance.author", notes),
        published_on_precision=published.precision if published else "",
    )


def _language(value: Any, notes: list[str]) -> str:
    if isinstance(value, dict):  # {"@type": "Language", "name": "English", "alternateName": "en"}
        value = value.get("alternateName") or value.get("name")
    code = _text(value)
    if code and not re.match(LANGUAGE_CODE_REGEX, code):
        notes.append(f"inLanguage {code!r} is not a language code: left out")
        return ""
    return code


# --- Google Fact Check Tools ---------------------------------------------------------------


def reviews_from_google_claim(
    node: dict, position: str
) -> Iterator[tuple[str, ReviewRecord | RecordError]]:
    """One claim of a Fact Check Tools ``claims:search`` answer: one record per entry of its
    ``claimReview`` (each a publisher's review of the same claim)."""
    reviews = node.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        yield position, RecordError(position, "has no claimReview: nothing to import")
        return
    for index, review in enumerate(reviews):
        where = f"{position}.claimReview[{index}]"
        yield where, _checked(lambda r, w: _google_review(node, r, w), review, where)


def _google_review(claim: dict, review: Any, position: str) -> ReviewRecord:
    if not isinstance(review, dict):
        raise RecordError(position, "expected a JSON object")
    notes: list[str] = []
    url = _text(review.get("url"))
    if not url.startswith(("http://", "https://")):
        raise RecordError(position, "has no url: a review is known by its address")
    claim_text = _text(claim.get("text"))
    if not claim_text:
        raise RecordError(position, "its claim has no text: there is no claim text to import")
    publisher = review.get("publisher") if isinstance(review.get("publisher"), dict) else {}
    site = _text(publisher.get("site"))
    name = _text(publisher.get("name")) or site
    if name:
        reviewer = Party(
            name=name, is_person=False, url=f"https://{site}" if site and "/" not in site else ""
        )
    else:
        reviewer = _party_from_url(url)
        notes.append(
            f"no publisher: the reviewer is named after the review's site ({reviewer.name})"
        )
    reviewed = _date(review.get("reviewDate"), "reviewDate", notes)
    word = _text(review.get("textualRating"))
    if not word:
        notes.append("no textualRating: imported as “No rating given”")
    claimant = _text(claim.get("claimant"))
    return ReviewRecord(
        position=position,
        url=url,
        claim_text=claim_text,
        rating=RatingRecord(name=word),
        reviewed_on=reviewed.date if reviewed else None,
        reviewer=reviewer,
        headline=_text(review.get("title")),
        language=_language(review.get("languageCode"), notes),
        speaker=Party(name=claimant, is_person=False) if claimant else None,
        stated_on=_date(claim.get("claimDate"), "claimDate", notes),
        notes=notes,
    )


# --- CSV -----------------------------------------------------------------------------------

# ClaimsKG's extractor output (github.com/claimskg/claimskg-extractor, the CSV ClaimsKG is
# built from and offers for download): the columns read.
CLAIMSKG_COLUMNS = {
    "claimReview_claimReviewed", "claimReview_url", "claimReview_datePublished",
    "claimReview_author_name", "claimReview_author_url", "claimReview_source",
    "rating_alternateName", "rating_ratingValue", "rating_bestRating", "rating_worstRating",
    "creativeWork_author_name", "creativeWork_author_sameAs", "creativeWork_datePublished",
    "extra_title",
}  # fmt: skip
# Our plain CSV (docs/interop.md, "Plain CSV"). Required: review_url, claim.
PLAIN_COLUMNS = (
    "review_url", "claim", "claimant", "claim_date", "claim_url", "rating", "rating_value",
    "best_rating", "worst_rating", "reviewer", "reviewer_url", "review_date", "headline",
    "summary", "language",
)  # fmt: skip
PLAIN_REQUIRED = ("review_url", "claim")


def review_from_claimskg_row(row: dict[str, str], position: str) -> ReviewRecord:
    """A ClaimsKG row. Its ``rating_ratingValue`` is ClaimsKG's own normalised scale
    (1 false, 2 mixed, 3 true, others), not the publisher's: read only with both bounds."""
    node = {
        "url": row.get("claimReview_url"),
        "claimReviewed": row.get("claimReview_claimReviewed"),
        "datePublished": row.get("claimReview_datePublished"),
        "headline": row.get("extra_title"),
        "author": {
            "@type": "Organization",
            "name": row.get("claimReview_author_name") or row.get("claimReview_source"),
            "url": row.get("claimReview_author_url"),
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": {
                "@type": "Person",
                "name": row.get("creativeWork_author_name"),
                "sameAs": row.get("creativeWork_author_sameAs"),
            },
            "datePublished": row.get("creativeWork_datePublished"),
        },
    }
    record = review_from_node(node, position)
    bounded = bool(row.get("rating_bestRating") and row.get("rating_worstRating"))
    record.rating = _rating(
        {
            "alternateName": row.get("rating_alternateName"),
            "ratingValue": row.get("rating_ratingValue") if bounded else None,
            "bestRating": row.get("rating_bestRating"),
            "worstRating": row.get("rating_worstRating"),
        },
        record.notes,
    )
    return record


def review_from_plain_row(row: dict[str, str], position: str) -> ReviewRecord:
    """A row of the plain CSV (docs/interop.md)."""
    node = {
        "url": row.get("review_url"),
        "claimReviewed": row.get("claim"),
        "datePublished": row.get("review_date"),
        "headline": row.get("headline"),
        "reviewBody": row.get("summary"),
        "inLanguage": row.get("language"),
        "author": {
            "@type": "Organization",
            "name": row.get("reviewer"),
            "url": row.get("reviewer_url"),
        },
        "reviewRating": {
            "alternateName": row.get("rating"),
            "ratingValue": row.get("rating_value"),
            "bestRating": row.get("best_rating"),
            "worstRating": row.get("worst_rating"),
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": row.get("claimant") or None,
            "datePublished": row.get("claim_date"),
            "appearance": [row["claim_url"]] if row.get("claim_url") else [],
        },
    }
    return review_from_node(node, position)


# Meedan Check's export of a workspace's items ("Export list"; check-api's
# CheckSearch.get_exported_data): the columns read, and the statuses of an item not
# fact-checked yet (Check's defaults, in English). Its other columns — Created by, Submitted
# at, Number of media, Tags, and one per workspace task — are passed over.
CHECK_REQUIRED = ("Claim", "Item page URL", "Status")
CHECK_UNREVIEWED = {"unstarted", "in progress"}
# An item's address in Check: https://checkmedia.org/<workspace>[/project/<id>]/media/<id>.
_CHECK_ITEM = re.compile(r"^https?://[^/]+/([^/]+)/(?:project/\d+/)?media/\d+/?$")


def review_from_check_row(row: dict[str, str], position: str) -> ReviewRecord:
    """A row of a Meedan Check item export: the item's claim description, its status as
    the verdict, its page in Check as the review's address (its identity), the report's
    publication as the review's date and the social media post's as the claim's. The
    reviewer is the row's workspace (a ``Workspace`` column), else the one the item's
    address names."""
    status = _text(row.get("Status"))
    if status.casefold() in CHECK_UNREVIEWED:
        raise RecordError(
            position, f"its Status is “{status}”: not fact-checked yet, there is no verdict"
        )
    if not _text(row.get("Claim")):
        raise RecordError(
            position,
            "has no Claim: the item has no claim description, there is no claim text to import",
        )
    url = _text(row.get("Item page URL"))
    workspace = _text(row.get("Workspace"))
    in_address = _CHECK_ITEM.match(url)
    name = workspace or (in_address.group(1) if in_address else "")
    node = {
        "url": url,
        "claimReviewed": row.get("Claim"),
        "datePublished": row.get("Report Published at"),
        "author": {"@type": "Organization", "name": name} if name else None,
        "reviewRating": {"alternateName": status},
        "itemReviewed": {"@type": "Claim", "datePublished": row.get("Social Media Posted at")},
    }
    record = review_from_node(node, position)
    if name and not workspace:
        record.notes.append(
            f"no Workspace column: the reviewer is the workspace the item's address names ({name})"
        )
    return record


def checked_row(read, row: dict[str, str], position: str) -> ReviewRecord | RecordError:
    """``read(row, position)`` with the record's characters checked; the error returned."""
    return _checked(read, row, position)


# --- Values --------------------------------------------------------------------------------

# Zone names some publishers append to an ISO date ("2019-04-02 18:45:09 UTC").
_ZONE_SUFFIX = re.compile(r"\s*(?:UTC|GMT|Z)$", re.IGNORECASE)


def parse_date(value: Any) -> PartialDate | None:
    """ISO 8601 at any precision ("2017", "2017-05", "2017-05-27", "2017-05-27T10:00:00Z",
    "2017-05-27 10:00:00+0300"), with a ``UTC``/``GMT`` suffix, or RFC 2822 ("Tue, 02 Apr
    2019 18:45:09 GMT"); the date as written there (its zone's calendar day). None when it is
    none of these."""
    if value in (None, "") or isinstance(value, bool):
        return None
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return PartialDate(datetime.date(int(text), 1, 1), DatePrecision.YEAR)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            return PartialDate(datetime.date(year, month, 1), DatePrecision.MONTH)
        bare = _ZONE_SUFFIX.sub("", text) if re.match(r"\d{4}-", text) else text
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}([T ].*)?", bare):
            moment = datetime.datetime.fromisoformat(bare)
            return PartialDate(moment.date(), DatePrecision.DAY)
    except ValueError:
        return None
    try:
        moment = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return PartialDate(moment.date(), DatePrecision.DAY) if moment else None


def _date(value: Any, name: str, notes: list[str]) -> PartialDate | None:
    date = parse_date(value)
    if date is None and value not in (None, ""):
        notes.append(f"{name} {_shown(value)} is not a date: left out")
    return date


def _number(value: Any) -> float | None:
    if value in (None, "") or isinstance(value, bool):
        return None
    if isinstance(value, str):
        value = (
            value.strip().replace(",", ".") if re.fullmatch(r"\s*-?\d+,\d+\s*", value) else value
        )
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer beyond 1e308
        return None
    return number if math.isfinite(number) else None


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def _text(value: Any) -> str:
    """Plain text: markup stripped, entities decoded, white space folded."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if not isinstance(value, str):
        return ""
    if "<" in value:  # strip_tags parses HTML: only for text that may hold some
        value = strip_tags(value)
    return " ".join(html.unescape(value).split())


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value
