"""Publishing many claims at once: a generated corpus, or a database that existed before the
record did (``record.services.publish_all`` after ``migrate``).

``publish_in_bulk`` writes the rows that ``record.services.publish_claims`` writes for the same
claims — heads, versions, links, topics, search vectors — without its cascade. The cascade
renders a document again each time something around it changes, a few queries each time:
right for an editor's publish, hours for a million claims. Here the outcome of that cascade
is worked out first, as sets of ids, then every document is rendered once, against what is
live around it at the end:

1. *Scan* the claims (ids, status, speakers, sources): which claims are public (published
   ones, and withdrawn ones, which get a first version then a tombstone), and which speakers
   (with the organisations above them), sources and outlets the cascade publishes — and
   which of those it withdraws again, because only withdrawn claims showed them.
2. Speakers and outlets (few: thousands for a million claims) are snapshot and written.
3. Claims, a batch at a time: snapshot in a few queries (``record.content``), the claims
   and sources they show summarised from their own rows, rendered, written.
4. Sources, a batch at a time, showing the claims that report them, read back from the
   claim documents just written.

Memory is the ids of the public claims and sources (about 100 bytes a claim) plus one batch.
Rendering uses ``record.render`` unchanged: its ``Neighbourhood`` is answered from what
this module computed instead of from the database.

What the cascade decides by the order it happens to visit documents in is not reproduced:
a speaker (or outlet) withdrawn because nothing live shows it any more keeps, as its first
version, what it said before the withdrawn claims went (the cascade sometimes writes it
once more in between, depending on its queue). The corpus never has such a speaker.
"""

from __future__ import annotations

import datetime
from collections import ChainMap, Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from claims.models import Appearance, Claim, ClaimLink, Evidence, Speaker
from claims.models.workflow import PublicationStatus
from core.bulk_write import insert_values
from record import content as snapshot
from record.dispute import content_links
from record.models import (
    DOCUMENT_MODELS,
    ClaimDocument,
    ClaimTopic,
    Event,
    Kind,
    Link,
    Lock,
    OutletDocument,
    PublicDataVersion,
    Relation,
    SourceDocument,
    SpeakerDocument,
    Version,
)
from record.render import (
    RENDERERS,
    Neighbourhood,
    Rendered,
    dumps,
    outgoing_links,
    render_claim,
    render_source,
    speaker_summary,
)
from record.search import update_search_vectors
from sources.models import Outlet, Source

BATCH = 2000
# The same words as record.services (its ORPHAN_REASON, its tombstone and summaries):
# tests/record/test_bulk.py compares the rows both paths write.
ORPHAN_REASON = "No published claim shows it any more."
PUBLIC = [PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
# Claim columns never shown: the search columns are rebuilt in the record.
CLAIM_DEFERRED = ("search_vector", "search_config")


class BulkError(Exception):
    """The claims cannot be published in bulk: some of what they show is in the record
    already (publish them with ``record.services.publish_claims``)."""


@dataclass
class BulkResult:
    """What ``publish_in_bulk`` wrote: documents by kind, and versions."""

    documents: Counter = field(default_factory=Counter)
    versions: int = 0


def publish_in_bulk(
    claim_ids: Iterable[int],
    *,
    by=None,
    batch: int = BATCH,
    on_batch: Callable[[int], None] | None = None,
) -> BulkResult:
    """Give every claim of ``claim_ids`` that is published or withdrawn (others are skipped)
    its first version in the record, with the speakers (and the organisations above them),
    sources and outlets it shows: the rows ``publish_claims`` would write, in one
    transaction. A withdrawn claim gets version 1 then a tombstone (version 2), as do the
    speakers, sources and outlets only withdrawn claims showed.

    ``by``: the editor (a user) or None for the system. ``batch``: claims (or sources)
    read, rendered and written together; memory grows with it, not with the number of
    claims. ``on_batch(n)`` is called after each batch of ``n`` claims is written.

    Raises ``BulkError`` (before writing anything of it) when a claim, or a document it
    would show, is in the record already, or a live document links to one of the claims:
    the cascade of ``publish_claims`` is then needed to write those again."""
    by = by if getattr(by, "pk", None) else None  # an unsaved user is nobody
    with transaction.atomic():
        _lock_record()
        writer = _BulkWriter(by=by, batch=batch)
        writer.scan(sorted(set(claim_ids)))
        writer.write_speakers()
        writer.write_outlets()
        writer.write_claims(on_batch)
        writer.write_sources()
        transaction.on_commit(PublicDataVersion.bump)
    return writer.result


def _lock_record() -> None:
    # Versions are numbered in commit order, as record.services numbers them.
    if connection.vendor == "sqlite":
        return
    Lock.objects.get_or_create(pk=1)
    list(Lock.objects.select_for_update().filter(pk=1))


def _chunks(items: Sequence, size: int) -> Iterator[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass(slots=True)
class _Head:
    """What a renderer reads of another document: its summary, its content (a source reads
    its claims' appearances) and whether it is live."""

    summary: dict | None
    content: dict | None = None
    is_live: bool = True


class _Around(Neighbourhood):
    """A ``Neighbourhood`` answered from what the bulk publish worked out: ``heads`` the
    documents read for the batch, ``live(kind, pk)`` whether one is live in the state
    rendered, ``incoming`` the ids linking to a document by a relation."""

    def __init__(self, heads: dict, live: Callable[[str, int], bool], incoming: dict):
        super().__init__()
        self._bulk_heads = heads
        self._live = live
        self._incoming = incoming

    def head(self, kind, pk):
        if pk is None or not self._live(kind, pk):
            return None
        return self._bulk_heads.get((kind, pk))

    def prefetch(self, kind, ids) -> None:
        """Everything was read for the whole batch beforehand."""

    def incoming(self, kind, pk, relation):
        return self._incoming.get((kind, pk, relation), [])

    def incoming_links(self, pk):
        return self._incoming.get((Kind.CLAIM, pk, TYPED_LINKS), [])


# The key of a claim's incoming typed links in an ``_Around``'s ``incoming``.
TYPED_LINKS = "typed links"


class _LiveAtTheEnd:
    """``live(kind, pk)`` as ``record.render.outgoing_links`` asks it: in the final state."""

    def __init__(self, writer: _BulkWriter):
        self.writer = writer

    def live(self, kind: str, pk: int) -> bool:
        return self.writer.live(kind, pk, final=True)


def _counted(n: int) -> list:
    # A speaker's and an outlet's renderers only count what links to them (record.render):
    # ids would be a million ints held for nothing.
    return [None] * n


class _BulkWriter:
    def __init__(self, *, by, batch: int):
        self.by_id = by.pk if by is not None else None
        self.batch = batch
        self.now = timezone.now()
        self.now_text = snapshot.iso_datetime(self.now)
        self.result = BulkResult()
        # Public claims (published or withdrawn), and the withdrawn ones with their reason.
        self.claims: list[int] = []
        self.claim_set: set[int] = set()
        self.withdrawn: dict[int, str] = {}
        # Speakers, sources, outlets: published (first) and still live at the end (final).
        self.speakers: dict[int, Speaker] = {}
        self.speakers_final: set[int] = set()
        self.claims_by_speaker_first: Counter = Counter()
        self.claims_by_speaker_final: Counter = Counter()
        self.sources_first: set[int] = set()
        self.sources_final: set[int] = set()
        self.outlets: dict[int, Outlet] = {}
        self.outlets_final: set[int] = set()
        self.sources_by_outlet_first: Counter = Counter()
        self.sources_by_outlet_final: Counter = Counter()
        # How speakers and outlets show in other documents, read by every batch.
        self.shared: dict[tuple[str, int], _Head] = {}
        # Which documents are live once everything is published: what links are kept for.
        self.at_the_end = _LiveAtTheEnd(self)

    # --- What the cascade would publish, and withdraw again ---------------------------

    def live(self, kind: str, pk: int, *, final: bool) -> bool:
        if kind == Kind.CLAIM:
            return pk in self.claim_set and not (final and pk in self.withdrawn)
        if kind == Kind.SPEAKER:
            return pk in self.speakers_final if final else pk in self.speakers
        if kind == Kind.SOURCE:
            return pk in self.sources_final if final else pk in self.sources_first
        return pk in (self.outlets_final if final else self.outlets)

    def scan(self, ids: list[int]) -> None:
        linked_by_live: set[int] = set()  # sources linked from claims that stay live
        backed: list[tuple[int, int]] = []  # (source, backing claim) of evidence
        for chunk in _chunks(ids, self.batch * 5):
            rows = Claim.objects.filter(pk__in=chunk, status__in=PUBLIC).values_list(
                "pk", "status", "speaker_id", "withdrawn_reason"
            )
            for pk, status, speaker_id, reason in rows.iterator():
                self.claims.append(pk)
                self.claims_by_speaker_first[speaker_id] += 1
                if status == PublicationStatus.WITHDRAWN:
                    self.withdrawn[pk] = reason or "Withdrawn."
                else:
                    self.claims_by_speaker_final[speaker_id] += 1
        self.claims.sort()
        self.claim_set = set(self.claims)
        for chunk in _chunks(self.claims, self.batch * 5):
            if ClaimDocument.objects.filter(pk__in=chunk).exists() or (
                Link.objects.filter(to_kind=Kind.CLAIM, to_id__in=chunk).exists()
            ):
                raise BulkError("Some of these claims are in the record already.")
            rows = Appearance.objects.filter(claim_id__in=chunk).values_list(
                "claim_id", "source_id", "relayed_from_id"
            )
            for claim_id, source_id, relayed_from in rows:
                self.sources_first.add(source_id)
                if claim_id not in self.withdrawn:
                    # A source a live claim relays from stays public while it is (it is
                    # shown), not made public by it.
                    linked_by_live.update({source_id, relayed_from} - {None})
            rows = Evidence.objects.filter(claim_id__in=chunk, source__isnull=False)
            for claim_id, source_id, backing_id in rows.values_list(
                "claim_id", "source_id", "backing_claim_id"
            ):
                if backing_id is None:
                    self.sources_first.add(source_id)
                    if claim_id not in self.withdrawn:
                        linked_by_live.add(source_id)
                else:
                    backed.append((source_id, backing_id, claim_id))
        # Evidence shows its source once the claim backing it is public: by the end of the
        # cascade, when that claim is one of these; a live link needs both ends live.
        for source_id, backing_id, claim_id in backed:
            if backing_id in self.claim_set:
                self.sources_first.add(source_id)
                if claim_id not in self.withdrawn and backing_id not in self.withdrawn:
                    linked_by_live.add(source_id)
        self.sources_final = self.sources_first & linked_by_live
        self._scan_speakers()
        self._scan_outlets()

    def _scan_speakers(self) -> None:
        wanted = set(self.claims_by_speaker_first)
        while wanted:
            found = [
                speaker
                for chunk in _chunks(sorted(wanted), self.batch * 5)
                for speaker in Speaker.objects.filter(pk__in=chunk)
            ]
            self.speakers.update((s.pk, s) for s in found)
            wanted = {s.affiliation_id for s in found if s.affiliation_id} - set(self.speakers)
        # A speaker stays live while a live claim or a live member shows it.
        live = set(self.speakers)
        while True:
            shown = {pk for pk, n in self.claims_by_speaker_final.items() if n}
            shown |= {self.speakers[pk].affiliation_id for pk in live}
            still = live & shown
            if still == live:
                break
            live = still
        self.speakers_final = live
        self._refuse_published(SpeakerDocument, self.speakers)

    def _scan_outlets(self) -> None:
        sources = sorted(self.sources_first)
        self._refuse_published(SourceDocument, sources)
        for chunk in _chunks(sources, self.batch * 5):
            rows = Source.objects.filter(pk__in=chunk, outlet__isnull=False)
            for pk, outlet_id in rows.values_list("pk", "outlet_id"):
                self.sources_by_outlet_first[outlet_id] += 1
                if pk in self.sources_final:
                    self.sources_by_outlet_final[outlet_id] += 1
        self.outlets = Outlet.objects.in_bulk(list(self.sources_by_outlet_first))
        self.outlets_final = {pk for pk, n in self.sources_by_outlet_final.items() if n}
        self._refuse_published(OutletDocument, self.outlets)

    def _refuse_published(self, model, ids) -> None:
        for chunk in _chunks(list(ids), self.batch * 5):
            if model.objects.filter(pk__in=chunk).exists():
                raise BulkError(f"Some {model.kind}s these claims show are in the record already.")

    # --- Writing -----------------------------------------------------------------------

    def _version_info(self, first) -> dict:
        return {
            "version": 1,
            "version_published_at": self.now_text,
            "first_published_at": snapshot.iso_datetime(first or self.now),
        }

    def _store(
        self,
        kind: str,
        rows: list[tuple[int, dict, Rendered, object, str | None]],
        at_the_end: Neighbourhood | None = None,
    ):
        """Write heads, versions and links of ``rows`` (pk, content, rendered, first
        published at, withdrawal reason or None). ``at_the_end``: what the links are
        worked out against (``outgoing_links``), when the documents' own are needed."""
        model = DOCUMENT_MODELS[kind]
        at_the_end = at_the_end or self.at_the_end
        heads, versions, links, topics = [], [], [], []
        for pk, content, rendered, first, reason in rows:
            body = dumps(rendered.body)
            values = {
                "version": 1,
                "version_published_at": self.now,
                "first_published_at": first or self.now,
                "content": content,
                "summary": rendered.summary,
                "body": body,
                "card": dumps(rendered.card),
                **rendered.columns,
            }
            if kind == Kind.CLAIM:
                values["updated_at"] = self.now
                values["stated_sort"] = values["stated_on"] or _OLDEST
            versions.append(
                {
                    "kind": kind,
                    "object_id": pk,
                    "number": 1,
                    "event": Event.PUBLISHED,
                    "published_at": self.now,
                    "published_by_id": self.by_id,
                    "summary": "Published",
                    "changes": {},
                    "content": content,
                    "body": body,
                }
            )
            if reason is None:
                links += [
                    {"from_kind": kind, "from_id": pk, "relation": rel, "to_kind": k, "to_id": i}
                    for rel, k, i in sorted(outgoing_links(kind, content, at_the_end))
                ]
                topics += [
                    {"claim_id": pk, "slug": t["slug"], "name": t["name"]} for t in rendered.topics
                ]
            else:
                tombstone = dumps(
                    {
                        "detail": f"This {kind} was withdrawn.",
                        "withdrawn_at": self.now_text,
                        "reason": reason,
                    }
                )
                versions.append(
                    {
                        **versions[-1],
                        "number": 2,
                        "event": Event.WITHDRAWN,
                        "summary": f"Withdrawn: {reason}"[:500],
                        "changes": {"reason": reason},
                        "content": None,
                        "body": tombstone,
                    }
                )
                values |= {
                    "version": 2,
                    "withdrawn_at": self.now,
                    "withdrawn_reason": reason,
                    "body": tombstone,
                    "card": "",
                }
            heads.append({"id": pk, "withdrawn_at": None, "withdrawn_reason": "", **values})
        # COPY on PostgreSQL: bulk_create's INSERT quotes every body in Python, two thirds of
        # the time of the whole publish.
        insert_values(model, heads)
        insert_values(Version, versions)
        insert_values(Link, links)
        insert_values(ClaimTopic, topics)
        self.result.documents[kind] += len(heads)
        self.result.versions += len(versions)

    def write_speakers(self) -> None:
        speakers = sorted(self.speakers)
        contents = {}
        for chunk in _chunks(speakers, self.batch * 5):
            contents |= snapshot.speaker_contents([self.speakers[pk] for pk in chunk])
        for pk, content in contents.items():
            # The content too: a claim's independence follows speakers' affiliations.
            self.shared[(Kind.SPEAKER, pk)] = _Head(speaker_summary(pk, content), content)
        for chunk in _chunks(speakers, self.batch):
            rows = []
            for pk in chunk:
                final = pk in self.speakers_final
                claims = self.claims_by_speaker_final if final else self.claims_by_speaker_first
                around = self._around(
                    {},
                    final=final,
                    incoming={(Kind.SPEAKER, pk, Relation.SPEAKER): _counted(claims[pk])},
                )
                rendered = RENDERERS[Kind.SPEAKER](
                    pk, contents[pk], around, self._version_info(None)
                )
                rows.append((pk, contents[pk], rendered, None, None if final else ORPHAN_REASON))
            self._store(Kind.SPEAKER, rows)

    def write_outlets(self) -> None:
        rows = []
        for pk in sorted(self.outlets):
            content = snapshot.outlet_content(self.outlets[pk])
            final = pk in self.outlets_final
            sources = self.sources_by_outlet_final if final else self.sources_by_outlet_first
            incoming = {(Kind.OUTLET, pk, Relation.OUTLET): _counted(sources[pk])}
            around = self._around({}, final=final, incoming=incoming)
            rendered = RENDERERS[Kind.OUTLET](pk, content, around, self._version_info(None))
            self.shared[(Kind.OUTLET, pk)] = _Head(rendered.summary)
            rows.append((pk, content, rendered, None, None if final else ORPHAN_REASON))
        for chunk in _chunks(rows, self.batch):
            self._store(Kind.OUTLET, list(chunk))

    def _around(self, heads: dict, *, final: bool, incoming: dict) -> _Around:
        heads = ChainMap(heads, self.shared)
        return _Around(heads, lambda kind, pk: self.live(kind, pk, final=final), incoming)

    def write_claims(self, on_batch) -> None:
        for chunk in _chunks(self.claims, self.batch):
            claims = list(Claim.objects.filter(pk__in=chunk).defer(*CLAIM_DEFERRED))
            contents = snapshot.claim_contents(claims)
            linking = defaultdict(list)  # claim id: [(type, id of a claim linking to it)]
            rows = ClaimLink.objects.filter(to_claim_id__in=chunk).order_by("from_claim_id")
            for other, pk, link_type in rows.values_list("from_claim_id", "to_claim_id", "type"):
                if other in self.claim_set:
                    linking[pk].append((link_type, other))
            shown = {other for pk in chunk for _, other in linking[pk]}
            source_ids = set()
            for content in contents.values():
                shown.update(link["claim"] for link in content_links(content))
                shown.update(e["claim"] for e in content["evidence"] if e["claim"])
                source_ids.update(a["source"] for a in content["appearances"])
                source_ids.update(a["relayed_from"] for a in content["appearances"])
                source_ids.update(e["source"] for e in content["evidence"] if e["source"])
            heads = self._claim_summaries(claims, shown & self.claim_set)
            heads |= self._source_summaries(source_ids & self.sources_first)
            if (
                shown - self.claim_set
                and ClaimDocument.objects.filter(pk__in=shown - self.claim_set).exists()
            ):
                raise BulkError("These claims show claims that are in the record already.")
            rows = []
            for claim in claims:
                final = claim.pk not in self.withdrawn
                live = [
                    (link_type, other)
                    for link_type, other in linking[claim.pk]
                    if self.live(Kind.CLAIM, other, final=final)
                ]
                around = self._around(
                    heads,
                    final=final,
                    incoming={(Kind.CLAIM, claim.pk, TYPED_LINKS): sorted(live, key=_by_claim)},
                )
                rendered = render_claim(
                    claim.pk,
                    contents[claim.pk],
                    around,
                    self._version_info(claim.published_at),
                )
                reason = self.withdrawn.get(claim.pk)
                rows.append((claim.pk, contents[claim.pk], rendered, claim.published_at, reason))
            # Links are kept for what is live at the end: the claims' independence reads
            # the backing claims' speakers among this batch's heads.
            self._store(Kind.CLAIM, rows, self._around(heads, final=True, incoming={}))
            # Not the withdrawn ones: publish_claims withdraws them by saving the head it
            # holds, which has no vector; nothing searches a withdrawn claim.
            update_search_vectors([pk for pk in chunk if pk not in self.withdrawn])
            if on_batch:
                on_batch(len(chunk))

    def _claim_summaries(self, known: list[Claim], ids: set[int]) -> dict:
        """Summaries of the claims ``ids``: how the claims of a batch show them. A summary
        is made from the claim's own fields and its speaker, so it is rendered from those
        alone."""
        claims = {c.pk: c for c in known if c.pk in ids}
        missing = ids - set(claims)
        if missing:
            claims |= Claim.objects.defer(*CLAIM_DEFERRED).in_bulk(list(missing))
        around = self._around({}, final=False, incoming={})
        info = self._version_info(None)
        heads = {}
        for pk, claim in claims.items():
            # The content too: a claim's independence reads its evidence's claims' speakers.
            content = snapshot.claim_unlinked_content(claim)
            summary = render_claim(pk, content, around, info).summary
            heads[(Kind.CLAIM, pk)] = _Head(summary, content)
        return heads

    def _source_summaries(self, ids: set[int]) -> dict:
        around = self._around({}, final=False, incoming={})
        info = self._version_info(None)
        return {
            (Kind.SOURCE, pk): _Head(
                render_source(pk, snapshot.source_content(source), around, info).summary
            )
            for pk, source in Source.objects.in_bulk(list(ids)).items()
        }

    def write_sources(self) -> None:
        for chunk in _chunks(sorted(self.sources_first), self.batch):
            sources = Source.objects.in_bulk(list(chunk))
            reporting = defaultdict(set)
            rows = Appearance.objects.filter(source_id__in=chunk).values_list(
                "source_id", "claim_id"
            )
            for source_id, claim_id in rows:
                if claim_id in self.claim_set:
                    reporting[source_id].add(claim_id)
            claim_ids = set().union(*reporting.values()) if reporting else set()
            heads = {}
            documents = ClaimDocument.objects.filter(pk__in=claim_ids).only(
                "pk", "summary", "content"
            )
            others = set()  # the claims' other sources: which is first reads their dates
            for document in documents:
                heads[(Kind.CLAIM, document.pk)] = _Head(document.summary, document.content)
                others.update(a["source"] for a in document.content["appearances"])
            heads |= self._source_summaries(others & self.sources_first)
            written = []
            for pk in chunk:
                content = snapshot.source_content(sources[pk])
                final = pk in self.sources_final
                live = sorted(c for c in reporting[pk] if self.live(Kind.CLAIM, c, final=final))
                around = self._around(
                    heads, final=final, incoming={(Kind.SOURCE, pk, Relation.APPEARANCE): live}
                )
                rendered = render_source(pk, content, around, self._version_info(None))
                written.append((pk, content, rendered, None, None if final else ORPHAN_REASON))
            self._store(Kind.SOURCE, written)


def _by_claim(link: tuple[str, int]) -> tuple[int, str]:
    # As record.render.Neighbourhood.incoming_links orders them.
    return (link[1], link[0])


# Undated claims sort as the oldest (record.services).
_OLDEST = datetime.date.min

__all__ = ["BulkError", "BulkResult", "publish_in_bulk"]
