"""What a published document says: its content with the live documents around it.

Visibility is decided here, once, when a version is written: a document shows another only
while that one is live (a draft denial of a published claim has no document, so it is not
in the claim's). Everything a document shows of another is that document's *summary*, as
that document was last published, never the working copy.

Bodies are the partner API's answers (docs/api.md) with site-relative addresses
(``/api/v1/claims/7/``); ``absolute_json`` makes them absolute for the host asked.
"""

from __future__ import annotations

import datetime
import functools
import json
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import translation

from claims.models import LinkType
from claims.models.claim import claim_slug
from record.content import iso_datetime
from record.dated import (
    claim_date_details,
    claim_dated,
    claim_span_columns,
    source_date_details,
    source_dated,
)
from record.dispute import (
    LINK_RELATIONS,
    content_links,
    first_appearance,
    independence,
    side_speakers,
)
from record.models import DOCUMENT_MODELS, Kind, Link, Relation
from record.search import search_text


def dumps(value) -> str:
    """JSON text as DRF's renderer writes it: compact, UTF-8 characters kept, except the
    two line separators JavaScript parsers choke on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# Our own addresses in a stored answer are site-relative. In compact JSON a key followed by
# ":" and a value starting with "/" can only be structure: inside a string, every quote is
# escaped, so no text a curator typed can match.
_RELATIVE = tuple(f'"{key}":"/' for key in ("url", "api_url", "page_url", "claims_url"))


def absolute_json(text: str, origin: str) -> str:
    """``text`` (a stored answer) with its addresses made absolute under ``origin``
    (``https://claims.example.org``). A source's own ``url`` is already absolute."""
    # Plain replacements: the hottest step of every API answer (a regular expression with
    # a function per match cost 10 times as much).
    for prefix in _RELATIVE:
        text = text.replace(prefix, f"{prefix[:-1]}{origin}/")
    return text


def change_json(change, origin: str) -> str:
    """One item of the change feed (``record.queries.Change``) as JSON text: the version's
    facts, then its stored document, with addresses made absolute under ``origin``. The
    feed's pages (``api/changes.py``) and webhooks (``webhooks/``) send these same bytes."""
    facts = dumps(
        {
            "seq": change.seq,
            "at": iso_datetime(change.published_at),
            "event": change.event,
            "object": change.kind,
            "id": change.pk,
            "version": change.number,
            "api_url": f"{origin}{change.api_path}",
            "changes": change.changes,
        }
    )
    return f'{facts[:-1]},"document":{absolute_json(change.body, origin)}}}'


@dataclass
class Rendered:
    """A document's answers and the columns lists and filters read."""

    body: dict
    card: dict
    summary: dict
    columns: dict = field(default_factory=dict)
    topics: list[dict] = field(default_factory=list)


class Neighbourhood:
    """Reads the record around a document: the summaries of live documents and the links
    that point at a document. Remembers what it read for one publish; ``forget`` after a
    head is written."""

    def __init__(self):
        self._heads: dict[tuple[str, int], object | None] = {}

    def head(self, kind: str, pk: int | None):
        if pk is None:
            return None
        key = (kind, pk)
        if key not in self._heads:
            self._heads[key] = DOCUMENT_MODELS[kind].objects.filter(pk=pk).first()
        return self._heads[key]

    def prefetch(self, kind: str, ids) -> None:
        """Read the heads of these documents in one query (those not read yet)."""
        missing = {pk for pk in ids if pk is not None and (kind, pk) not in self._heads}
        if not missing:
            return
        found = {head.pk: head for head in DOCUMENT_MODELS[kind].objects.filter(pk__in=missing)}
        for pk in missing:
            self._heads[(kind, pk)] = found.get(pk)

    def live(self, kind: str, pk: int | None):
        head = self.head(kind, pk)
        return head if head is not None and head.is_live else None

    def summary(self, kind: str, pk: int | None) -> dict | None:
        head = self.live(kind, pk)
        return in_order(kind, head.summary) if head is not None else None

    def forget(self, kind: str, pk: int) -> None:
        self._heads.pop((kind, pk), None)

    def remember(self, head) -> None:
        """The head as just written, so that nothing reads it again."""
        self._heads[(head.kind, head.pk)] = head

    def incoming(self, kind: str, pk: int, relation: str) -> list[int]:
        """Ids of the live documents whose content links to (kind, pk) by ``relation``
        (links are kept for live documents only)."""
        return list(
            Link.objects.filter(to_kind=kind, to_id=pk, relation=relation)
            .order_by("from_id")
            .values_list("from_id", flat=True)
        )

    def incoming_links(self, pk: int) -> list[tuple[str, int]]:
        """The typed links of live claims to claim ``pk``, as (type, claim id) by claim id
        (record.dispute): one query."""
        return list(
            Link.objects.filter(
                to_kind=Kind.CLAIM, to_id=pk, relation__in=list(LINK_RELATIONS.values())
            )
            .order_by("from_id", "relation")
            .values_list("relation", "from_id")
        )


# --- Links ---------------------------------------------------------------------------


def outgoing_links(kind: str, content: dict, around: Neighbourhood) -> set[tuple[str, str, int]]:
    """The documents ``content`` links to, as (relation, kind, id): what the record's
    ``Link`` table holds for a live document. Every claim it names (so that it is written
    again when one is published or withdrawn; a typed link by its type's relation), and
    the sources it shows: an evidence's source only while the evidence shows (its backing
    claim, if any, is live), so that a source nothing public shows is not kept public by a
    link; the sources its appearances were relayed from; and the speakers whose
    affiliations its independence count reads (``Relation.SIDE``, record.dispute)."""
    if kind == Kind.CLAIM:
        links = {(Relation.SPEAKER, Kind.SPEAKER, content["speaker"])}
        for item in content["appearances"]:
            links.add((Relation.APPEARANCE, Kind.SOURCE, item["source"]))
            if item.get("relayed_from"):
                links.add((Relation.RELAY, Kind.SOURCE, item["relayed_from"]))
        links |= {
            (LINK_RELATIONS[link["type"]], Kind.CLAIM, link["claim"])
            for link in content_links(content)
        }
        for item in content["evidence"]:
            if item["claim"]:
                links.add((Relation.EVIDENCE, Kind.CLAIM, item["claim"]))
            shown = item["claim"] is None or around.live(Kind.CLAIM, item["claim"])
            if item["source"] and shown:
                links.add((Relation.EVIDENCE, Kind.SOURCE, item["source"]))
        links |= {(Relation.SIDE, Kind.SPEAKER, pk) for pk in side_speakers(content, around)}
        return links
    if kind == Kind.SPEAKER and content["affiliation"]:
        return {(Relation.AFFILIATION, Kind.SPEAKER, content["affiliation"])}
    if kind == Kind.SOURCE and content["outlet"]:
        return {(Relation.OUTLET, Kind.OUTLET, content["outlet"])}
    return set()


def language_neutral(render):
    """``render`` run in the site's default language, whatever the request that publishes
    is in (an editor's admin may be in Russian): the record's addresses are the unprefixed
    ones and its words (a date's "between 27 and 31 May 2017") English, as partners read
    them; reader pages put their language in (core.languages, core.dates)."""

    @functools.wraps(render)
    def neutral(*args, **kwargs):
        with translation.override(settings.LANGUAGE_CODE):
            return render(*args, **kwargs)

    return neutral


# --- Summaries -----------------------------------------------------------------------

# The keys of each kind's summary in the order the API shows them. A summary read back from
# the database may come in another (PostgreSQL's jsonb keeps its own): the same document
# must be the same bytes however its neighbours were read.
SUMMARY_KEYS = {
    Kind.SPEAKER: ("slug", "name", "kind", "url", "api_url", "page_url"),
    Kind.OUTLET: ("id", "name", "kind", "api_url"),
    Kind.SOURCE: (
        "id",
        "title",
        "url",
        "outlet",
        "published_on",
        "published_on_precision",
        "published_on_display",
        "kind",
        "api_url",
        "page_url",
    ),
    Kind.CLAIM: (
        "id",
        "text",
        "is_quote",
        "speaker",
        "stated_on",
        "stated_on_precision",
        "stated_not_before",
        "stated_not_after",
        "stated_on_display",
        "url",
        "api_url",
        "page_url",
    ),
}
NESTED = {"outlet": Kind.OUTLET, "speaker": Kind.SPEAKER}


def in_order(kind: str, summary: dict | None) -> dict | None:
    """``summary`` with its keys (and those of the summaries inside it) in the API's order.
    A summary stored before a key existed (an older release's) has it as None until
    ``manage.py refresh_record`` writes it again."""
    if summary is None:
        return None
    return {
        key: in_order(NESTED[key], summary.get(key)) if key in NESTED else summary.get(key)
        for key in SUMMARY_KEYS[kind]
    }


@language_neutral
def speaker_summary(pk: int, content: dict) -> dict:
    api_url = reverse("api:speaker-detail", kwargs={"slug": content["slug"]})
    return {
        "slug": content["slug"],
        "name": content["name"],
        "kind": content["kind"],
        "url": api_url,
        "api_url": api_url,
        "page_url": reverse("speaker-detail", kwargs={"slug": content["slug"]}),
    }


@language_neutral
def outlet_summary(pk: int, content: dict) -> dict:
    return {
        "id": pk,
        "name": content["name"],
        "kind": content["kind"],
        "api_url": reverse("api:outlet-detail", kwargs={"pk": pk}),
    }


@language_neutral
def claim_page_path(pk: int, text: str) -> str:
    return reverse("claim-detail", kwargs={"pk": pk, "slug": claim_slug(text)})


# --- Renderers -----------------------------------------------------------------------


@language_neutral
def render_claim(pk: int, content: dict, around: Neighbourhood, version: dict) -> Rendered:
    """The claim as the API's detail and list show it (docs/api.md, "A claim in the API";
    its links, first appearance and independence: record.dispute)."""
    links = content_links(content)
    incoming = around.incoming_links(pk)
    around.prefetch(
        Kind.SOURCE,
        [a["source"] for a in content["appearances"]]
        + [a.get("relayed_from") for a in content["appearances"]]
        + [e["source"] for e in content["evidence"]],
    )
    around.prefetch(
        Kind.CLAIM,
        [
            *(link["claim"] for link in links),
            *(e["claim"] for e in content["evidence"]),
            *(other for _, other in incoming),
        ],
    )
    speaker = around.summary(Kind.SPEAKER, content["speaker"])
    api_url = reverse("api:claim-detail", kwargs={"pk": pk})
    page_url = claim_page_path(pk, content["text"])
    dated = claim_dated(content)
    summary = {
        "id": pk,
        "text": content["text"],
        "is_quote": content["is_quote"],
        "speaker": speaker,
        **dated,
        "url": api_url,
        "api_url": api_url,
        "page_url": page_url,
    }
    appearances = _appearances(content["appearances"], around)
    denies = [
        s
        for s in (
            around.summary(Kind.CLAIM, link["claim"])
            for link in links
            if link["type"] == LinkType.DENIES
        )
        if s
    ]
    denied_by = [
        s
        for s in (around.summary(Kind.CLAIM, c) for t, c in incoming if t == LinkType.DENIES)
        if s
    ]
    denied_by.sort(key=_chronological)
    # Who denied it, each speaker once (earliest denial first): what a list item says of
    # its denials ("Denied by the Syrian Democratic Forces"), without every denial's text.
    denied_by_speakers = []
    for item in denied_by:
        if item["speaker"] is not None and item["speaker"] not in denied_by_speakers:
            denied_by_speakers.append(item["speaker"])
    evidence = []
    for item in content["evidence"]:
        source = around.summary(Kind.SOURCE, item["source"])
        backing = around.summary(Kind.CLAIM, item["claim"])
        if (item["source"] and source is None) or (item["claim"] and backing is None):
            continue  # what backs it is not public (yet): the evidence is not shown
        evidence.append(
            {
                "stance": item["stance"],
                "source": source,
                "claim": backing,
                "excerpt": item["excerpt"],
                "note": item["note"],
                "excerpt_verified": item.get("excerpt_verified"),
            }
        )
    review = content["review"]
    card = {
        "id": pk,
        "api_url": api_url,
        "page_url": page_url,
        "text": content["text"],
        "is_quote": content["is_quote"],
        "language": content["language"],
        "speaker": speaker,
        "speaker_title": content["speaker_title"],
        **dated,
        "tags": [{"slug": t["slug"], "name": t["name"]} for t in content["tags"]],
        "denial_count": len(denied_by),
        "evidence_count": len(evidence),
        "rating": review["rating"]["name"] if review else None,
        "updated_at": version["version_published_at"],
        **version,
    }
    # A list item also says what a denial denies, and who denied the claim (docs/api.md):
    # the detail has both (``denies``, and the speakers of ``denied_by``), in its own places.
    card_only = {"denies": denies, "denied_by_speakers": denied_by_speakers}
    body = {
        **card,
        "original_text": content["original_text"],
        "original_language": content["original_language"],
        "stated_on_inferred": content["stated_on_inferred"],
        "stated_on_note": content["stated_on_note"],
        **claim_date_details(content),
        "place": content["place"],
        "occasion": content["occasion"],
        "appearances": appearances,
        "denies": denies,
        "denied_by": denied_by,
        "links": _typed_links(links, incoming, around),
        "evidence": evidence,
        "independence": independence(content, evidence, around),
        "review": _public_review(review),
        "corrections": [
            {"corrected_on": c["corrected_on"], "note": c["note"]} for c in content["corrections"]
        ],
        "published_at": version["first_published_at"],
        "created_at": content["created_at"],
    }
    body.pop("first_published_at")
    card.pop("first_published_at")
    card = _after(card, "denial_count", card_only)
    searchable = [content["text"], content["original_text"]]
    searchable += [item["excerpt"] for item in appearances]
    return Rendered(
        body=body,
        card=card,
        summary=summary,
        columns={
            "text": content["text"],
            "language": content["language"],
            "speaker_id": content["speaker"],
            "speaker_slug": speaker["slug"] if speaker else "",
            "stated_on": _date(content["stated_on"]),
            "stated_on_precision": content["stated_on_precision"],
            **claim_span_columns(content),
            "rating": review["rating"]["slug"] if review else "",
            "reviewed_on": _date(review["reviewed_on"]) if review else None,
            "denial_count": len(denied_by),
            "evidence_count": len(evidence),
            "search_text": search_text(searchable),
        },
        topics=content["tags"],
    )


def _after(items: dict, key: str, more: dict) -> dict:
    """``items`` with ``more`` placed right after ``key`` (the API's order of keys)."""
    placed = {}
    for name, value in items.items():
        placed[name] = value
        if name == key:
            placed.update(more)
    return placed


def _chronological(summary: dict) -> tuple:
    # Undated first, as the record's other lists of claims (stated_sort).
    return (summary["stated_on"] or "", summary["id"])


def _appearances(items: list[dict], around: Neighbourhood) -> list[dict]:
    """The appearances a claim's body shows (those whose source is live), the first known
    one computed (record.dispute.first_appearance), each with the source it was relayed
    from (while that is live)."""
    shown = [(item, around.summary(Kind.SOURCE, item["source"])) for item in items]
    shown = [(item, source) for item, source in shown if source is not None]
    first = first_appearance([item for item, _ in shown], [source for _, source in shown])
    return [
        {
            "source": source,
            "excerpt": item["excerpt"],
            "attribution": item["attribution"],
            "is_first": index == first,
            # Said only when a curator overrode the dates: otherwise they are the reason.
            "first_reason": (
                item.get("marked_first_reason", "")
                if index == first and item.get("marked_first")
                else ""
            ),
            "relayed_from": around.summary(Kind.SOURCE, item.get("relayed_from")),
            "excerpt_verified": item.get("excerpt_verified"),
        }
        for index, (item, source) in enumerate(shown)
    ]


def _typed_links(links: list[dict], incoming: list[tuple[str, int]], around) -> list[dict]:
    """Every typed link between the claim and a live claim, as its body shows them: the
    claim's own (``out``), then those to it (``in``), each by the other claim's date."""
    shown = []
    for direction, pairs in (
        ("out", [(link["type"], link["claim"]) for link in links]),
        ("in", incoming),
    ):
        found = [(t, around.summary(Kind.CLAIM, c)) for t, c in pairs]
        found = sorted(
            ((t, s) for t, s in found if s is not None), key=lambda pair: _chronological(pair[1])
        )
        shown += [{"type": t, "direction": direction, "claim": s} for t, s in found]
    return shown


def _public_review(review: dict | None) -> dict | None:
    """The verdict as the API shows it, keys in the API's order (a content read back from
    the database may hold them in another)."""
    if review is None:
        return None
    return {
        "rating": {key: review["rating"][key] for key in ("name", "slug", "value", "scale")},
        **{key: review[key] for key in ("summary", "reasoning", "reviewed_on", "updated_on")},
        "reviewer": {
            "name": review["reviewer"]["name"],
            "organisation": review["reviewer"]["organisation"],
        },
        "url": review["url"],
    }


@language_neutral
def render_speaker(pk: int, content: dict, around: Neighbourhood, version: dict) -> Rendered:
    summary = speaker_summary(pk, content)
    claims = around.incoming(Kind.SPEAKER, pk, Relation.SPEAKER)
    body = {
        **summary,
        "description": content["description"],
        "affiliation": around.summary(Kind.SPEAKER, content["affiliation"]),
        "aliases": content["aliases"],
        "country": content["country"],
        "wikidata_id": content["wikidata_id"],
        "claim_count": len(claims),
        "claims_url": f"{reverse('api:claim-list')}?speaker={content['slug']}",
        **_without_first(version),
    }
    return Rendered(
        body=body,
        card=body,
        summary=summary,
        columns={
            "slug": content["slug"],
            "name": content["name"],
            "speaker_kind": content["kind"],
            "country": content["country"],
            "names": "\n".join([content["name"], *content["aliases"]]),
        },
    )


@language_neutral
def render_outlet(pk: int, content: dict, around: Neighbourhood, version: dict) -> Rendered:
    summary = outlet_summary(pk, content)
    body = {
        **summary,
        "homepage": content["homepage"],
        "country": content["country"],
        "language": content["language"],
        "notes": content["notes"],
        "source_count": len(around.incoming(Kind.OUTLET, pk, Relation.OUTLET)),
        **_without_first(version),
    }
    return Rendered(
        body=body,
        card=body,
        summary=summary,
        columns={
            "name": content["name"],
            "outlet_kind": content["kind"],
            "country": content["country"],
        },
    )


@language_neutral
def render_source(pk: int, content: dict, around: Neighbourhood, version: dict) -> Rendered:
    summary = {
        "id": pk,
        "title": content["title"],
        "url": content["url"],
        "outlet": around.summary(Kind.OUTLET, content["outlet"]),
        **source_dated(content),
        "kind": content["kind"],
        "api_url": reverse("api:source-detail", kwargs={"pk": pk}),
        "page_url": reverse("source-detail", kwargs={"pk": pk}),
    }
    card = {
        **summary,
        "authors": content["authors"],
        "language": content["language"],
        "dateline": content["dateline"],
        "archive_url": content["archive_url"],
        "archived_at": content["archived_at"],
        **_without_first(version),
    }
    claims = []
    reporting = around.incoming(Kind.SOURCE, pk, Relation.APPEARANCE)
    around.prefetch(Kind.CLAIM, reporting)
    reporting = [c for c in (around.live(Kind.CLAIM, c) for c in reporting) if c is not None]
    # Whether this source is a claim's first appearance depends on its other sources' dates.
    around.prefetch(
        Kind.SOURCE, {a["source"] for c in reporting for a in c.content["appearances"]} - {pk}
    )

    def source_of(item: dict) -> dict | None:
        # This source as now rendered: the record still holds its previous summary.
        return summary if item["source"] == pk else around.summary(Kind.SOURCE, item["source"])

    for claim in reporting:
        shown = [(item, source_of(item)) for item in claim.content["appearances"]]
        shown = [(item, source) for item, source in shown if source is not None]
        first = first_appearance([item for item, _ in shown], [source for _, source in shown])
        for index, (item, _) in enumerate(shown):
            if item["source"] == pk:
                claims.append(
                    {
                        "claim": claim.summary,
                        "excerpt": item["excerpt"],
                        "attribution": item["attribution"],
                        "is_first": index == first,
                        "excerpt_verified": item.get("excerpt_verified"),
                    }
                )
    claims.sort(key=lambda row: (row["claim"]["stated_on"] or "", row["claim"]["id"]))
    body = {
        **card,
        **source_date_details(content),
        "notes": content["notes"],
        "full_text": content["full_text"],
        "claims": claims,
    }
    return Rendered(
        body=body,
        card=card,
        summary=summary,
        columns={
            "title": content["title"],
            "outlet_id": content["outlet"],
            "source_kind": content["kind"],
            "language": content["language"],
            "published_on": _date(content["published_on"]),
        },
    )


RENDERERS = {
    Kind.CLAIM: render_claim,
    Kind.SPEAKER: render_speaker,
    Kind.SOURCE: render_source,
    Kind.OUTLET: render_outlet,
}


def _without_first(version: dict) -> dict:
    return {k: v for k, v in version.items() if k != "first_published_at"}


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
