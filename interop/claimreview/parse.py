"""Reading ClaimReview JSON-LD as fact-checkers really publish it, into plain records.

Accepted: one ClaimReview object, a list of them, a ``@graph``, or a ``DataFeed`` whose
``dataFeedElement`` holds ClaimReviews (directly or as ``DataFeedItem.item``). Tolerated:
``author`` as a string, an object or a list; dates with or without a time or a zone; years and
months alone; ``sameAs`` as a string or a list; HTML markup and entities in text; types
written ``ClaimReview``, ``schema:ClaimReview`` or as full IRIs. Anything else that is wrong is
a ``RecordError`` naming the record's position and the reason.
"""

from __future__ import annotations

import datetime
import html
import math
import re
from dataclasses import dataclass, field, fields, is_dataclass
from typing import Any

from django.utils.html import strip_tags

from core.dates import DatePrecision
from core.validators import LANGUAGE_CODE_REGEX, forbidden_character

# Types that surround reviews in a @graph (SEO plug-ins add them); they are not records.
IGNORED_GRAPH_TYPES = {
    "WebPage", "WebSite", "Organization", "Person", "BreadcrumbList", "ImageObject",
    "Article", "NewsArticle", "ReadAction", "SearchAction",
}  # fmt: skip
WIKIDATA = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:wiki|entity)/(Q[1-9][0-9]*)$")


class RecordError(Exception):
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
    name: str
    value: float | None = None
    best: float | None = None
    worst: float | None = None


@dataclass
class ReviewRecord:
    position: str
    url: str
    claim_text: str
    rating: RatingRecord
    reviewed_on: datetime.date
    reviewer: Party
    headline: str = ""
    summary: str = ""
    language: str = ""
    updated_on: datetime.date | None = None
    speaker: Party | None = None
    stated_on: PartialDate | None = None
    appearances: list[Work] = field(default_factory=list)
    first_appearance: Work | None = None


def records(document: Any) -> list[ReviewRecord]:
    """Every ClaimReview in a parsed JSON document; raises ``ParseErrors`` listing every
    malformed record, so that a file is taken whole or not at all."""
    found, errors = [], []
    for position, node in _review_nodes(document, "document", errors):
        try:
            record = _review(node, position)
            _check_characters(record, position)
            found.append(record)
        except RecordError as error:
            errors.append(error)
    if errors:
        raise ParseErrors(errors)
    return found


class ParseErrors(Exception):
    def __init__(self, errors: list[RecordError]):
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


def _check_characters(value: Any, position: str, path: str = "") -> None:
    """Refuses a record holding text the project does not accept (control characters, NUL,
    lone surrogates: factcheck/validators.py), naming the field, before anything is looked
    up with it (PostgreSQL refuses NUL even in a query)."""
    if isinstance(value, str):
        if character := forbidden_character(value):
            raise RecordError(
                position,
                f"{path} contains a control character ({character}), often pasted from a "
                "PDF: remove it from the file",
            )
    elif is_dataclass(value):
        for item in fields(value):
            name = f"{path}.{item.name}" if path else item.name
            _check_characters(getattr(value, item.name), position, name)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_characters(item, position, f"{path}[{index}]")


def type_name(node: Any) -> str:
    types = node.get("@type") if isinstance(node, dict) else None
    if isinstance(types, list):
        types = next((t for t in types if isinstance(t, str)), None)
    if not isinstance(types, str):
        return ""
    return re.split(r"[/:#]", types)[-1]


def _review_nodes(node: Any, position: str, errors: list):
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from _review_nodes(item, f"{position}[{index}]", errors)
        return
    if not isinstance(node, dict):
        errors.append(RecordError(position, "expected a JSON object"))
        return
    kind = type_name(node)
    if "@graph" in node and not kind:
        for index, item in enumerate(_as_list(node["@graph"])):
            item_position = f"{position}.@graph[{index}]"
            if type_name(item) in IGNORED_GRAPH_TYPES:
                continue
            yield from _review_nodes(item, item_position, errors)
    elif kind == "DataFeed":
        for index, item in enumerate(_as_list(node.get("dataFeedElement"))):
            yield from _review_nodes(item, f"{position}.dataFeedElement[{index}]", errors)
    elif kind == "DataFeedItem":
        yield from _review_nodes(node.get("item"), f"{position}.item", errors)
    elif kind == "ClaimReview":
        yield position, node
    else:
        shown = node.get("@type") if "@type" in node else "none"
        errors.append(RecordError(position, f"unknown @type {shown!r}: expected ClaimReview"))


def _review(node: dict, position: str) -> ReviewRecord:
    def need(value, name):
        if not value:
            raise RecordError(position, f"missing {name}")
        return value

    url = need(_text(node.get("url")), "url")
    claim_text = need(_text(node.get("claimReviewed")), "claimReviewed")
    published = _date(node.get("datePublished"), position, "datePublished")
    reviewed_on = need(published, "datePublished").date
    modified = _date(node.get("dateModified"), position, "dateModified")
    reviewer = need(_party(node.get("author")), "author")
    rating = _rating(node.get("reviewRating"), position)
    item = node.get("itemReviewed") if isinstance(node.get("itemReviewed"), dict) else {}
    appearances = [
        w for w in (_work(a) for a in _as_list(item.get("appearance"))) if w is not None
    ]
    first = _work(_first(item.get("firstAppearance")))
    language = _text(item.get("inLanguage") or node.get("inLanguage"))
    return ReviewRecord(
        position=position,
        url=url,
        claim_text=claim_text,
        rating=rating,
        reviewed_on=reviewed_on,
        updated_on=modified.date if modified and modified.date >= reviewed_on else None,
        reviewer=reviewer,
        headline=_text(node.get("headline") or node.get("name")),
        summary=_text(node.get("reviewBody") or node.get("description")),
        language=language if re.match(LANGUAGE_CODE_REGEX, language) else "",
        speaker=_party(item.get("author")),
        stated_on=_date(item.get("datePublished"), position, "itemReviewed.datePublished"),
        appearances=appearances,
        first_appearance=first,
    )


def _rating(node: Any, position: str) -> RatingRecord:
    node = _first(node)
    if not isinstance(node, dict):
        raise RecordError(position, "missing reviewRating")
    name = _text(node.get("alternateName") or node.get("name"))
    value = _number(node.get("ratingValue"), position, "ratingValue")
    if not name and value is None:
        raise RecordError(position, "reviewRating needs an alternateName or a ratingValue")
    return RatingRecord(
        name=name,
        value=value,
        best=_number(node.get("bestRating"), position, "bestRating"),
        worst=_number(node.get("worstRating"), position, "worstRating"),
    )


def _party(node: Any) -> Party | None:
    node = _first(node)
    if isinstance(node, str):
        name = _text(node)
        return Party(name=name, is_person=False) if name else None
    if not isinstance(node, dict):
        return None
    name = _text(node.get("name"))
    if not name:
        return None
    wikidata = ""
    for same_as in _as_list(node.get("sameAs")):
        match = WIKIDATA.match(same_as) if isinstance(same_as, str) else None
        if match:
            wikidata = match.group(1)
            break
    return Party(
        name=name,
        is_person=type_name(node) == "Person",
        url=_text(node.get("url")),
        wikidata_id=wikidata,
    )


def _work(node: Any) -> Work | None:
    if isinstance(node, str):
        node = {"url": node}
    if not isinstance(node, dict) or not _text(node.get("url")):
        return None
    published = _date(node.get("datePublished"), "", "", strict=False)
    return Work(
        url=_text(node["url"]),
        title=_text(node.get("headline") or node.get("name")),
        published_on=published.date if published else None,
        publisher=_party(node.get("publisher") or node.get("author")),
        published_on_precision=published.precision if published else "",
    )


def _date(value: Any, position: str, name: str, *, strict: bool = True) -> PartialDate | None:
    """ISO 8601 at any precision: "2017", "2017-05", "2017-05-27", "2017-05-27T10:00:00Z",
    with or without a zone."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    try:
        if re.fullmatch(r"\d{4}", text):
            return PartialDate(datetime.date(int(text), 1, 1), DatePrecision.YEAR)
        if re.fullmatch(r"\d{4}-\d{2}", text):
            year, month = map(int, text.split("-"))
            return PartialDate(datetime.date(year, month, 1), DatePrecision.MONTH)
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return PartialDate(moment.date(), DatePrecision.DAY)
    except ValueError:
        if strict:
            raise RecordError(position, f"bad date in {name}: {text!r}") from None
        return None


def _number(value: Any, position: str, name: str) -> float | None:
    if value in (None, ""):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an integer beyond 1e308
        raise RecordError(position, f"{name} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise RecordError(position, f"{name} is not a number: {value!r}")
    return number


def _text(value: Any) -> str:
    """Plain text: markup stripped, entities decoded, white space folded."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str)), "")
    if not isinstance(value, str):
        return ""
    return " ".join(html.unescape(strip_tags(value)).split())


def _as_list(value: Any) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value
