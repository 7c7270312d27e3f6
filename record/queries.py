"""Reading the published record: every query the public surfaces make (reader pages, the
embed card and oEmbed, the Atom feed, the sitemap, the claim list's filters and search).

Why here, next to the models and their one writer (``record.services``): what the public may
see is what the record holds, so a read needs no rule of its own beyond ``live()`` (and a
link counts only when the document it reaches is live); keeping every read of the record's
tables in one module keeps that true, keeps each page's query budget in one place, and lets
the partner API read the same functions. Nothing here touches the working copy
(``claims.models``, ``sources.models``): editing it cannot change an answer. The page
modules (``web.pages.claims``, ``web.pages.sources``) assemble what these return and never query.

Each function says how many queries it makes.
"""

from __future__ import annotations

import datetime
from typing import NamedTuple

from django.db import connection, connections, router
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from claims import search as syntax
from core.db import prepared_cursor
from record import search as record_search
from record.dispute import LINK_RELATIONS
from record.documents import (
    ClaimDetail,
    PublishedAppearance,
    PublishedClaim,
    PublishedDenial,
    PublishedReview,
    PublishedSource,
    PublishedSpeaker,
    loads,
)
from record.jsonld import claim_review_jsonld
from record.models import (
    DOCUMENT_MODELS,
    ClaimDocument,
    ClaimTopic,
    Event,
    Kind,
    Link,
    OutletDocument,
    Relation,
    SourceDocument,
    SpeakerDocument,
    Version,
)

# --- One document's stored answer -------------------------------------------------------


class StoredAnswer(NamedTuple):
    """What the API's answer for one document needs: its kind, its stored body
    (site-relative addresses), its version and when that was published, and whether it is
    withdrawn."""

    kind: str
    pk: int
    body: str
    version: int
    version_published_at: datetime.datetime
    withdrawn_at: datetime.datetime | None

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


def stored_answer(model: type, *, pk: int | None = None, slug: str | None = None):
    """One query, written out: a document's ``StoredAnswer`` by id (or a speaker's by
    slug), live or withdrawn; None when there is none. The API's hottest read
    (serving.document_answers), so it skips building the query through the ORM, which
    cost more than the query itself; the database is the one the router reads from."""
    column, value = ("slug", slug) if slug is not None else ("id", pk)
    table = model._meta.db_table
    sql = (
        f"SELECT id, body, version, version_published_at, withdrawn_at FROM {table} "
        f"WHERE {column} = %s"
    )
    with prepared_cursor(connections[router.db_for_read(model)]) as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, body, version, published_at, withdrawn_at = row
    return StoredAnswer(model.kind, pk, body, version, _aware(published_at), _aware(withdrawn_at))


def stored_answer_as_of(kind: str, pk: int, moment: datetime.datetime) -> StoredAnswer | None:
    """One query: the ``StoredAnswer`` of the version that was document ``(kind, pk)`` at
    ``moment`` (the last one published at or before it; a withdrawal's is not live), or
    None when it was not yet published then."""
    row = (
        Version.objects.filter(kind=kind, object_id=pk, published_at__lte=moment)
        .order_by("-number")
        .values_list("body", "number", "published_at", "event")
        .first()
    )
    if row is None:
        return None
    body, number, published_at, event = row
    withdrawn_at = published_at if event == Event.WITHDRAWN else None
    return StoredAnswer(kind, pk, body, number, published_at, withdrawn_at)


class VersionEntry(NamedTuple):
    """One version of a document as its history lists it: no body."""

    number: int
    event: str
    published_at: datetime.datetime
    changes: dict

    @property
    def is_live(self) -> bool:
        return self.event != Event.WITHDRAWN


def versions_of(kind: str, pk: int) -> list[VersionEntry]:
    """One query: every version of document ``(kind, pk)``, the first first (the change
    feed's items for it, without their bodies); empty when it was never public."""
    rows = (
        Version.objects.filter(kind=kind, object_id=pk)
        .order_by("number")
        .values_list("number", "event", "published_at", "changes")
    )
    return [VersionEntry(*row) for row in rows]


class ClaimVersionBody(NamedTuple):
    """What a claim's page reads of one of its versions: its body, and of its content the
    verdict (with its scale's ends) and the speaker's id."""

    body: dict
    review: dict | None
    speaker_id: int | None


def claim_version_bodies(pk: int, numbers) -> dict[int, ClaimVersionBody]:
    """One query: versions ``numbers`` of claim ``pk``, by number (a withdrawal's has no
    content: its review and speaker are None)."""
    rows = Version.objects.filter(
        kind=Kind.CLAIM, object_id=pk, number__in=sorted(set(numbers))
    ).values_list("number", "body", "content__review", "content__speaker")
    return {
        number: ClaimVersionBody(loads(body), loads(review), speaker)
        for number, body, review, speaker in rows
    }


def bodies_as_of(documents, moment: datetime.datetime) -> dict[tuple[str, int], dict]:
    """One query (none for no documents): for each ``(kind, id)`` in ``documents``, the body
    of the version that was the document at ``moment``, when it was live then; a document
    not yet published or withdrawn at that moment is left out, and so is a claim withdrawn
    now (reader pages never repeat a withdrawn claim's words)."""
    by_kind: dict[str, set[int]] = {}
    for kind, pk in documents:
        by_kind.setdefault(kind, set()).add(pk)
    if not by_kind:
        return {}
    which = Q()
    for kind, ids in sorted(by_kind.items()):
        which |= Q(kind=kind, object_id__in=sorted(ids))
    # Each document's last version at the moment, through the (kind, object_id, number)
    # index: one lookup per document.
    latest = (
        Version.objects.filter(
            kind=OuterRef("kind"), object_id=OuterRef("object_id"), published_at__lte=moment
        )
        .order_by("-number")
        .values("number")[:1]
    )
    rows = (
        Version.objects.filter(which, number=Subquery(latest))
        .exclude(event=Event.WITHDRAWN)
        .exclude(
            kind=Kind.CLAIM,
            object_id__in=ClaimDocument.objects.filter(withdrawn_at__isnull=False).values("pk"),
        )
        .values_list("kind", "object_id", "body")
    )
    return {(kind, pk): loads(body) for kind, pk, body in rows}


# What a source's card says beyond its summary, read from its content.
_SOURCE_CARD_FIELDS = ("language", "archive_url", "archived_at", "authors", "dateline")


def source_details_as_of(ids, moment: datetime.datetime) -> dict[int, dict]:
    """One query (none for no ids): for each live source of ``ids`` at ``moment``, what its
    card said then beyond its summary (archived copy, language, authors, dateline), from
    the content of its version at that moment: not its body, which holds its full text and
    every claim reporting it."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    latest = (
        Version.objects.filter(
            kind=Kind.SOURCE, object_id=OuterRef("object_id"), published_at__lte=moment
        )
        .order_by("-number")
        .values("number")[:1]
    )
    rows = (
        Version.objects.filter(kind=Kind.SOURCE, object_id__in=ids, number=Subquery(latest))
        .exclude(event=Event.WITHDRAWN)
        .values_list("object_id", *(f"content__{name}" for name in _SOURCE_CARD_FIELDS))
    )
    return {pk: dict(zip(_SOURCE_CARD_FIELDS, values, strict=True)) for pk, *values in rows}


def _aware(value: datetime.datetime | None) -> datetime.datetime | None:
    # SQLite's driver gives the stored UTC time without its zone (the ORM adds it).
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)
    return value


# --- Claims --------------------------------------------------------------------------


def live_claims() -> QuerySet:
    """Lazy: the claims readers see, for lists to filter and order."""
    return ClaimDocument.objects.live()


def claim_head(pk: int) -> dict | None:
    """One query: the claim's document, live or withdrawn, with what its page shows of its
    speaker's own document (affiliation, Wikidata id) and its verdict as published (the
    content keeps the scale's ends for the JSON-LD). None when the claim was never public."""
    speaker = SpeakerDocument.objects.live().filter(pk=OuterRef("speaker_id"))
    return (
        ClaimDocument.objects.filter(pk=pk)
        .annotate(speaker_body=Subquery(speaker.values("body")[:1]))
        .values(
            "id",
            "text",
            "withdrawn_at",
            "withdrawn_reason",
            "body",
            "content__review",
            "speaker_id",
            "speaker_body",
        )
        .first()
    )


def claim_card(pk: int) -> dict | None:
    """One query: the card of a claim's document, live or withdrawn (the embed card)."""
    return (
        ClaimDocument.objects.filter(pk=pk)
        .values("id", "withdrawn_at", "withdrawn_reason", "card")
        .first()
    )


def cards(queryset: QuerySet, *, with_headline: bool = False) -> list[PublishedClaim]:
    """Evaluates ``queryset`` (one query): its claims as their cards show them."""
    if with_headline:
        return [
            PublishedClaim.from_json(loads(card), headline=headline)
            for card, headline in queryset.values_list("card", "headline")
        ]
    return [
        PublishedClaim.from_json(loads(card)) for card in queryset.values_list("card", flat=True)
    ]


def newest_claims(count: int) -> list[PublishedClaim]:
    """One query: the most recently published live claims, newest first."""
    rows = live_claims().order_by("-first_published_at", "-id")[:count]
    return [
        PublishedClaim.from_json(loads(card), published_at=first)
        for card, first in rows.values_list("card", "first_published_at")
    ]


def most_denied_claims(count: int) -> list[PublishedClaim]:
    """One query: the ``count`` live claims with the most live denials. Ranked from the
    denial links, which are few, rather than by reading every claim's count."""
    live = live_claims().filter(pk=OuterRef("to_id"))
    ranked = (
        Link.objects.filter(from_kind=Kind.CLAIM, relation=Relation.DENIES, to_kind=Kind.CLAIM)
        .filter(Exists(live))
        .values("to_id")
        .annotate(
            denials=Count("id"),
            stated=Subquery(live.values("stated_sort")[:1]),
        )
        .order_by("-denials", "-stated", "-to_id")
        .values("to_id")[:count]
    )
    chosen = live_claims().filter(pk__in=Subquery(ranked))
    return cards(chosen.order_by("-denial_count", "-stated_sort", "-id"))


def claim_count() -> int:
    """One query."""
    return live_claims().count()


# The dispute thread: every live claim connected to one through live typed links (denials,
# confirmations, … record.dispute), either way.
# UNION (not UNION ALL) keeps the working set distinct, so a cycle adds nothing and the
# recursion stops. Links are kept for live documents only, so a link's ``from`` is live;
# its ``to`` counts only while that claim's document is live too (a live claim may deny a
# draft, which has no document, or a withdrawn one).
_THREAD_SQL = """
    WITH RECURSIVE thread(claim_id) AS (
        SELECT CAST(%s AS BIGINT)
        UNION
        SELECT next.claim_id
        FROM thread
        {next_claims}
        JOIN {documents} other ON other.id = next.claim_id AND other.withdrawn_at IS NULL
    )
    SELECT claim_id FROM thread
"""
# PostgreSQL: a LATERAL join, one index lookup each way per step, so that the planner
# estimates a thread at a few rows (the record_link_unique and record_link_to indexes).
_NEXT_POSTGRESQL = """
    CROSS JOIN LATERAL (
        SELECT to_id FROM {links}
        WHERE from_kind = %s AND from_id = thread.claim_id AND relation IN ({relations})
          AND to_kind = %s
        UNION ALL
        SELECT from_id FROM {links}
        WHERE to_kind = %s AND to_id = thread.claim_id AND relation IN ({relations})
          AND from_kind = %s
    ) AS next(claim_id)
"""
# SQLite has no LATERAL; its planner takes the edges one claim at a time anyway.
_NEXT_SQLITE = """
    JOIN (
        SELECT from_id, to_id AS claim_id FROM {links}
        WHERE from_kind = %s AND relation IN ({relations}) AND to_kind = %s
        UNION ALL
        SELECT to_id, from_id FROM {links}
        WHERE to_kind = %s AND relation IN ({relations}) AND from_kind = %s
    ) AS next ON next.from_id = thread.claim_id
"""


def _thread_sql(pk: int) -> tuple[str, list]:
    quote = connection.ops.quote_name
    template = _NEXT_POSTGRESQL if connection.vendor == "postgresql" else _NEXT_SQLITE
    relations = list(LINK_RELATIONS.values())
    next_claims = template.format(
        links=quote(Link._meta.db_table), relations=", ".join(["%s"] * len(relations))
    )
    sql = _THREAD_SQL.format(
        next_claims=next_claims, documents=quote(ClaimDocument._meta.db_table)
    )
    edge = [Kind.CLAIM, *relations, Kind.CLAIM]
    return sql, [pk, *edge, *edge]


def thread_bodies(pk: int) -> list[dict]:
    """One query, however long the thread: the bodies of the live claims connected to claim
    ``pk`` through live typed links, in either direction (``pk`` itself left out)."""
    connected = RawSQL(*_thread_sql(pk))
    rows = live_claims().filter(pk__in=connected).exclude(pk=pk).order_by("id")
    return [loads(body) for body in rows.values_list("body", flat=True)]


def claim_bodies(ids) -> list[dict]:
    """One query: the bodies of these live claims."""
    rows = live_claims().filter(pk__in=list(ids)).order_by("id")
    return [loads(body) for body in rows.values_list("body", flat=True)]


def source_cards(ids) -> dict[int, PublishedSource]:
    """One query (none for no ids): live sources by id, as their cards show them, with
    their outlets' homepage and notes from the outlets' own documents."""
    ids = set(ids)
    if not ids:
        return {}
    outlet = OutletDocument.objects.live().filter(pk=OuterRef("outlet_id")).values("body")
    rows = (
        SourceDocument.objects.live()
        .filter(pk__in=ids)
        .annotate(outlet_body=Subquery(outlet[:1]))
        .values_list("card", "outlet_body")
    )
    sources = (PublishedSource.from_json(loads(card), loads(outlet)) for card, outlet in rows)
    return {source.id: source for source in sources}


# --- The claim list's filters and search ---------------------------------------------


def tagged(slug: str) -> Q:
    return Q(Exists(ClaimTopic.objects.filter(claim=OuterRef("pk"), slug=slug)))


def rated(slug: str) -> Q:
    return Q(rating=slug)


def disputed(value: bool) -> Q:
    return Q(denial_count__gt=0) if value else Q(denial_count=0)


def search(queryset: QuerySet, query: str) -> QuerySet:
    """Claim documents of ``queryset`` matching ``query`` (``"safe corridor" -isis``). On
    PostgreSQL, when few match, their ids are read at once through the GIN index (one
    query, here), and the results are those ids: left to itself, PostgreSQL may expect a
    rare word to be common and walk the whole date index looking for it."""
    if not syntax.parse_websearch(query):
        # Nothing to look for ("", "-isis"): no results, on every database alike.
        return queryset.none()
    matching = queryset.filter(record_search.matching(query))
    if not syntax.uses_full_text():
        return matching
    few = list(matching.order_by().values_list("pk", flat=True)[: syntax.FEW + 1])
    if len(few) <= syntax.FEW:
        return queryset.filter(pk__in=few)
    return matching


def best_matches(queryset: QuerySet, query: str) -> QuerySet:
    """The reader's search results: the newest ``claims.search.CANDIDATES`` (+1, to tell
    that there are more) of ``queryset`` (already ``search``-ed), ranked best first with a
    ``headline`` on PostgreSQL; newest stated first elsewhere. Lazy: the paginator's count
    and page are its queries."""
    limit = syntax.CANDIDATES + 1
    newest = queryset.order_by("-pk").values("pk")[:limit]
    # A fresh queryset around the bounded ids: repeating the text filter outside would let
    # the planner read every match again.
    bounded = ClaimDocument.objects.filter(pk__in=Subquery(newest))
    if not syntax.uses_full_text():
        return bounded.order_by("-stated_sort", "-id")
    return bounded.annotate(
        rank=record_search.rank_expression(query),
        headline=record_search.headline_expression(query),
    ).order_by("-rank", "-pk")


def topic_choices() -> list[tuple[str, str]]:
    """One query: the topics of live claims (a withdrawn claim's topics are gone from
    ``ClaimTopic``), by name."""
    rows = ClaimTopic.objects.order_by("name", "slug").values_list("slug", "name").distinct()
    seen: dict[str, str] = {}
    for slug, name in rows:
        seen.setdefault(slug, name)
    return list(seen.items())


def verdict_choices() -> list[tuple[str, str]]:
    """One query: the verdicts of live claims, as their published reviews name them, best
    first on each scale (its highest value first, ratings without a value last)."""
    rows = (
        live_claims()
        .exclude(rating="")
        .values_list(
            "rating",
            "content__review__rating__name",
            "content__review__rating__scale",
            "content__review__rating__value",
        )
        .distinct()
    )
    ordered = sorted(rows, key=lambda r: (r[2] or "", r[3] is None, -(r[3] or 0), r[1] or ""))
    seen: dict[str, str] = {}
    for slug, name, _scale, _value in ordered:
        seen.setdefault(slug, name)
    return list(seen.items())


def speakers_named(value: str, *, limit: int) -> list[int]:
    """One query: ids of live speakers whose slug is ``value``, or whose name or an alias is
    ``value`` in any case (``SpeakerDocument.names``: one name a line)."""
    named = (
        Q(slug=value)
        | Q(names__iexact=value)
        | Q(names__istartswith=f"{value}\n")
        | Q(names__iendswith=f"\n{value}")
        | Q(names__icontains=f"\n{value}\n")
    )
    rows = shown_speakers().filter(named).order_by("id")
    return list(rows.values_list("pk", flat=True)[:limit])


# --- Speakers ------------------------------------------------------------------------


def shown_speakers() -> QuerySet:
    """Live speakers: the record withdraws a speaker's document once nothing live shows it
    (record.services), so a live one is one a reader can meet."""
    return SpeakerDocument.objects.live()


def speaker_body(slug: str) -> dict | None:
    """One query: a live speaker's document, if readers can meet it."""
    row = shown_speakers().filter(slug=slug).values("id", "body").first()
    return {"id": row["id"], **loads(row["body"])} if row else None


def members(pk: int) -> list[PublishedSpeaker]:
    """One query: live speakers whose published affiliation is speaker ``pk``, by name."""
    linked = Link.objects.filter(
        from_kind=Kind.SPEAKER, relation=Relation.AFFILIATION, to_kind=Kind.SPEAKER, to_id=pk
    )
    rows = (
        shown_speakers()
        .filter(pk__in=linked.values("from_id"))
        .order_by("name", "id")
        .values_list("summary", flat=True)
    )
    return [PublishedSpeaker.from_summary(loads(summary)) for summary in rows]


def claims_by(speaker_id: int, *, limit: int) -> list[PublishedClaim]:
    """One query: the speaker's live claims, newest stated first."""
    rows = live_claims().filter(speaker_id=speaker_id).order_by("-stated_sort", "-id")[:limit]
    return cards(rows)


class VerdictCount(NamedTuple):
    """How many of a speaker's live claims carry one verdict: the rating's slug, name,
    scale and numeric value as the claims' published reviews give them; ``slug`` "" (and
    the rest empty) for the claims without a published verdict."""

    slug: str
    name: str
    scale: str
    value: int | None
    claims: int
    # The scale's numeric ends, as the reviews were published with them.
    best: int | None = None
    worst: int | None = None


class SpeakerRecord(NamedTuple):
    """A speaker's record at a glance, from their live claims' documents: the verdicts on
    them (best first on each scale, ratings off the true–false line next, the claims
    without a verdict last), and their disputes: how many of their claims a live claim
    denies (``denied_claims``), the live claims denying them (``denials_received``, the
    sum of the claims' ``denial_count``), and their claims' denials of live claims
    (``denials_made``, one per denial link)."""

    verdicts: list[VerdictCount]
    claims: int
    denied_claims: int
    denials_received: int
    denials_made: int


def speaker_record(speaker_id: int) -> SpeakerRecord:
    """One query, however many claims: the speaker's live claims grouped by their published
    verdict, each group counted with its disputes (the denials made counted from the
    record's denial links to live claims)."""
    live = live_claims()
    made = (
        Link.objects.filter(
            from_kind=Kind.CLAIM,
            from_id=OuterRef("pk"),
            relation=Relation.DENIES,
            to_kind=Kind.CLAIM,
        )
        .filter(Exists(live.filter(pk=OuterRef("to_id"))))
        .order_by()
        .values("from_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    rows = (
        live.filter(speaker_id=speaker_id)
        .values(
            "rating",
            "content__review__rating__scale",
            "content__review__rating__name",
            "content__review__rating__value",
            "content__review__rating__best",
            "content__review__rating__worst",
        )
        .annotate(
            claims=Count("id"),
            denied=Count("id", filter=Q(denial_count__gt=0)),
            received=Sum("denial_count"),
            made=Sum(Coalesce(Subquery(made, output_field=IntegerField()), 0)),
        )
        .order_by()
    )
    groups: dict[tuple[str, str], VerdictCount] = {}
    claims = denied = received = made_count = 0
    for row in rows:
        claims += row["claims"]
        denied += row["denied"]
        received += row["received"] or 0
        made_count += row["made"] or 0
        scale = row["content__review__rating__scale"] or ""
        key = (scale, row["rating"])
        # One rating published under two names (renamed between two claims' publishes):
        # counted once, under the first name met.
        found = groups.get(key)
        groups[key] = VerdictCount(
            slug=row["rating"],
            name=found.name if found else row["content__review__rating__name"] or "",
            scale=scale,
            value=found.value if found else row["content__review__rating__value"],
            claims=row["claims"] + (found.claims if found else 0),
            best=found.best if found else row["content__review__rating__best"],
            worst=found.worst if found else row["content__review__rating__worst"],
        )
    verdicts = sorted(
        groups.values(),
        key=lambda v: (not v.slug, v.scale, v.value is None, -(v.value or 0), v.name),
    )
    return SpeakerRecord(verdicts, claims, denied, received, made_count)


def denials(speaker_id: int, *, made: bool, limit: int) -> list[PublishedDenial]:
    """One query: live denials between live claims, where the denying claim (``made``) or
    the denied one is the speaker's; newest stated first by the speaker's claim."""
    own, other = ("from_id", "to_id") if made else ("to_id", "from_id")
    live = live_claims()

    def summary(ref: str) -> Subquery:
        return Subquery(live.filter(pk=OuterRef(ref)).values("summary")[:1])

    rows = (
        Link.objects.filter(from_kind=Kind.CLAIM, relation=Relation.DENIES, to_kind=Kind.CLAIM)
        .filter(**{f"{own}__in": live.filter(speaker_id=speaker_id).values("pk")})
        .annotate(
            denying=summary("from_id"),
            denied=summary("to_id"),
            stated=Subquery(live.filter(pk=OuterRef(own)).values("stated_sort")[:1]),
        )
        .filter(denying__isnull=False, denied__isnull=False)
        .order_by("-stated", f"-{own}", other)
        .values_list("denying", "denied")[:limit]
    )
    return [
        PublishedDenial(
            PublishedClaim.from_json(loads(denying)), PublishedClaim.from_json(loads(denied))
        )
        for denying, denied in rows
    ]


# --- Sources -------------------------------------------------------------------------


def source_body(pk: int) -> tuple[dict, dict | None] | None:
    """One query: a live source's document, with its outlet's (for the outlet's notes)."""
    outlet = OutletDocument.objects.live().filter(pk=OuterRef("outlet_id")).values("body")
    row = (
        SourceDocument.objects.live()
        .filter(pk=pk)
        .annotate(outlet_body=Subquery(outlet[:1]))
        .values_list("body", "outlet_body")
        .first()
    )
    return (loads(row[0]), loads(row[1])) if row else None


def claims_citing(source_pk: int) -> list[dict]:
    """One query: the bodies of the live claims whose published evidence cites the source,
    earliest stated first."""
    cites = Link.objects.filter(
        from_kind=Kind.CLAIM,
        from_id=OuterRef("pk"),
        relation=Relation.EVIDENCE,
        to_kind=Kind.SOURCE,
        to_id=source_pk,
    )
    rows = live_claims().filter(Exists(cites)).order_by("stated_sort", "id")
    return [loads(body) for body in rows.values_list("body", flat=True)]


# --- The feed and the sitemap --------------------------------------------------------


def live_speakers() -> QuerySet:
    return shown_speakers()


def live_sources() -> QuerySet:
    return SourceDocument.objects.live()


def reported_sources() -> QuerySet:
    """Live sources that a live claim's document reports (an appearance link): the
    sitemap lists the documents claims were reported in; sources only cited as evidence
    are reached from the claim pages that cite them."""
    reports = Link.objects.filter(
        from_kind=Kind.CLAIM,
        relation=Relation.APPEARANCE,
        to_kind=Kind.SOURCE,
        to_id=OuterRef("pk"),
    )
    return live_sources().filter(Exists(reports))


# --- The ClaimReview feed --------------------------------------------------------------


def reviewed_claims() -> QuerySet:
    """Lazy: live claims with a published verdict, newest verdict first, each with what
    its ClaimReview says of its speaker (the speaker's own document)."""
    speaker = SpeakerDocument.objects.live().filter(pk=OuterRef("speaker_id"))
    return (
        live_claims()
        .filter(reviewed_on__isnull=False)
        .annotate(speaker_body=Subquery(speaker.values("body")[:1]))
        .only("id", "body", "content", "reviewed_on")
        .order_by("-reviewed_on", "-id")
    )


def claim_reviews(rows, absolute) -> list[dict]:
    """schema.org ``ClaimReview`` items for rows of ``reviewed_claims`` (one query: the
    cards of the sources they appeared in), as the claim pages embed them."""
    rows = list(rows)
    bodies = {row.pk: loads(row.body) for row in rows}
    sources = source_cards(
        item["source"]["id"] for body in bodies.values() for item in body["appearances"]
    )
    items = []
    for row in rows:
        body = bodies[row.pk]
        speaker_body = loads(row.speaker_body)
        speaker = PublishedSpeaker.from_body(speaker_body) if speaker_body else None
        claim = ClaimDetail.from_body(body, speaker=speaker)
        appearances = [
            PublishedAppearance(
                sources.get(item["source"]["id"]) or PublishedSource.from_json(item["source"]),
                item["excerpt"],
                item["attribution"],
                item["is_first"],
            )
            for item in body["appearances"]
        ]
        review = PublishedReview.from_content(row.content["review"])
        items.append(claim_review_jsonld(review, claim, appearances, absolute))
    return items


# --- Withdrawn documents ---------------------------------------------------------------


def withdrawn_speaker(slug: str):
    """One query: the tombstone at a speaker's address (when and why), or None."""
    return (
        SpeakerDocument.objects.filter(slug=slug, withdrawn_at__isnull=False)
        .only("withdrawn_at", "withdrawn_reason")
        .first()
    )


def withdrawn_source(pk: int):
    """One query: the tombstone at a source's address (when and why), or None."""
    return (
        SourceDocument.objects.filter(pk=pk, withdrawn_at__isnull=False)
        .only("withdrawn_at", "withdrawn_reason")
        .first()
    )


# --- The change feed --------------------------------------------------------------------


class Change(NamedTuple):
    """One version of the record as the change feed gives it (api/changes.py)."""

    seq: int
    kind: str
    pk: int
    number: int
    event: str
    published_at: datetime.datetime
    changes: dict
    body: str
    # The document's address in the API now, site-relative (a speaker's names its slug).
    api_path: str


def changes_after(seq: int, limit: int) -> list[Change]:
    """Up to ``limit`` versions written after ``seq`` (0: from the first), in commit order.
    One query, plus one for the slugs when speakers are among them.

    Commit order and ``seq`` order are the same: every publish holds the record's lock
    (``record.services``) from its first write to its commit, so a version committed later
    always has a larger ``seq``, and a reader that has seen ``seq`` has seen everything
    before it. Numbers a rolled-back publish took are skipped, and mean nothing."""
    rows = list(
        Version.objects.filter(seq__gt=seq)
        .order_by("seq")
        .values_list(
            "seq", "kind", "object_id", "number", "event", "published_at", "changes", "body"
        )[:limit]
    )
    speakers = {pk for _, kind, pk, *_ in rows if kind == Kind.SPEAKER}
    slugs = dict(
        SpeakerDocument.objects.filter(pk__in=speakers).values_list("pk", "slug")
        if speakers
        else ()
    )
    return [Change(*row, api_path=_api_path(row[1], row[2], slugs)) for row in rows]


def change(seq: int) -> Change | None:
    """The version numbered ``seq`` as the feed gives it (None if there is none): one query,
    two for a speaker."""
    found = changes_after(seq - 1, 1)
    return found[0] if found and found[0].seq == seq else None


def last_seq() -> int:
    """One query: the newest version's ``seq`` (0 for an empty record)."""
    return Version.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def _api_path(kind: str, pk: int, slugs: dict[int, str]) -> str:
    if kind == Kind.SPEAKER:
        return reverse("api:speaker-detail", kwargs={"slug": slugs[pk]})
    return reverse(f"api:{kind}-detail", kwargs={"pk": pk})


# --- Research releases ------------------------------------------------------------------

# Rows a release reads at a time: a bounded amount in memory whatever the record's size.
RELEASE_CHUNK = 2000


def last_version() -> tuple[int, datetime.datetime | None]:
    """One query: the newest version's ``seq`` and when it was published (``(0, None)``
    for an empty record): where a release of the record stands in the change feed."""
    row = Version.objects.order_by("-seq").values_list("seq", "published_at").first()
    return row or (0, None)


def release_bodies(kind: str):
    """Lazy, read in chunks: the stored bodies (site-relative JSON text) of the live
    documents of ``kind``, in a release's order: speakers by slug (their public key), the
    others by id."""
    model = DOCUMENT_MODELS[kind]
    order = "slug" if kind == Kind.SPEAKER else "id"
    rows = model.objects.live().order_by(order).values_list("body", flat=True)
    return rows.iterator(chunk_size=RELEASE_CHUNK)


def withdrawn_documents():
    """Lazy, read in chunks: ``(kind, id, slug, withdrawn_at, reason)`` of every withdrawn
    document, claims first, then speakers (by slug), sources and outlets (by id). ``slug``
    is a speaker's, None for the others."""
    for kind in (Kind.CLAIM, Kind.SPEAKER, Kind.SOURCE, Kind.OUTLET):
        model = DOCUMENT_MODELS[kind]
        speaker = kind == Kind.SPEAKER
        rows = (
            model.objects.filter(withdrawn_at__isnull=False)
            .order_by("slug" if speaker else "id")
            .values_list("id", "slug" if speaker else "id", "withdrawn_at", "withdrawn_reason")
        )
        for pk, slug, withdrawn_at, reason in rows.iterator(chunk_size=RELEASE_CHUNK):
            yield kind, pk, slug if speaker else None, withdrawn_at, reason
