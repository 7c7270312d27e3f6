"""The one place that writes the published record (docs/architecture.md).

``document_publish`` takes a working object (a claim, speaker, source or outlet) as an
editor publishes it: its content is snapshot, the documents it needs that have never been
published (its speaker, its sources and their outlets) get their first version, and every
live document that shows it, or that it shows, is written again with what it now shows
(``updated``). ``document_withdraw`` writes a tombstone. Both run in one transaction, lock
the record so that versions are numbered in commit order, and bump the public data version
when they commit.

A document is written only when what it says changed: publishing an unchanged working copy
writes nothing.
"""

from __future__ import annotations

import datetime
import json
from collections import deque
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext

from claims.models import Claim, Speaker
from claims.models.workflow import PublicationStatus
from record import content as snapshot
from record.bulk import publish_in_bulk
from record.content import claim_review_content
from record.models import (
    DOCUMENT_MODELS,
    ClaimTopic,
    Event,
    Kind,
    Link,
    Lock,
    PublicDataVersion,
    Relation,
    Version,
)
from record.render import RENDERERS, Neighbourhood, Rendered, dumps, outgoing_links
from record.search import update_search_vectors
from record.signals import versions_written
from sources.models import Outlet, Source

WORKING_MODELS = {
    Kind.CLAIM: Claim,
    Kind.SPEAKER: Speaker,
    Kind.SOURCE: Source,
    Kind.OUTLET: Outlet,
}
# Speakers, sources and outlets are public because published claims show them: once
# nothing live shows one any more (its last claim withdrawn), it is withdrawn too.
SHOWN_BY_OTHERS = (Kind.SPEAKER, Kind.SOURCE, Kind.OUTLET)
ORPHAN_REASON = "No published claim shows it any more."
# Fields that change with every version, left out when telling whether anything changed.
VERSION_FIELDS = ("version", "version_published_at", "updated_at")
# A document re-written more often than this in one publish means the cascade is not
# settling: a bug, refused rather than looped on.
MAX_WRITES_PER_DOCUMENT = 8
# Claims above which publish_all goes through record.bulk: below, the cascade takes seconds.
BULK_THRESHOLD = 300


class RecordError(Exception):
    """A publish or withdrawal that cannot be done, in words an editor understands."""


@dataclass
class Publication:
    """What one publish or withdrawal wrote."""

    versions: list[Version] = field(default_factory=list)

    def of(self, kind: str, pk: int) -> Version | None:
        return next((v for v in self.versions if v.kind == kind and v.object_id == pk), None)


def document_publish(*, kind: str, obj, by=None, summary: str = "") -> Publication:
    """Publish the working ``obj`` (a ``Kind``'s working model instance) as the next version
    of its document, with every document it changes. ``by``: the editor (a user, or None
    for the system: seeds, migrations). Returns the versions written (none when nothing
    changed)."""
    with transaction.atomic():
        writer = _Writer(by=by, summary=summary)
        writer.publish_working(kind, obj)
        writer.settle()
    return writer.publication


def document_withdraw(*, kind: str, pk: int, reason: str, by=None) -> Publication:
    """Write a tombstone for a live document: its address then answers 410 with ``reason``;
    documents that showed it are written again without it. Raises ``RecordError`` when the
    document is not live or no reason is given."""
    reason = reason.strip()
    if not reason:
        raise RecordError(gettext("Say why it is withdrawn: readers see the reason."))
    with transaction.atomic():
        writer = _Writer(by=by, summary="")
        writer.withdraw(kind, pk, reason)
        writer.settle()
    return writer.publication


def claim_sync(claim: Claim, *, by=None) -> Publication:
    """Bring a claim's document in line with its working status: published → publish the
    working copy; withdrawn → a tombstone (if it was live). Drafts and claims in review
    change nothing public."""
    if claim.status == PublicationStatus.PUBLISHED:
        return document_publish(kind=Kind.CLAIM, obj=claim, by=by)
    if claim.status == PublicationStatus.WITHDRAWN:
        head = DOCUMENT_MODELS[Kind.CLAIM].objects.filter(pk=claim.pk).first()
        if head is not None and head.is_live:
            return document_withdraw(
                kind=Kind.CLAIM, pk=claim.pk, reason=claim.withdrawn_reason, by=by
            )
    return Publication()


def claim_publish(*, claim: Claim, by=None) -> Publication:
    """An editor publishes a claim: its working status becomes published (first
    publication date kept) and its working copy becomes the next version of its document,
    in one transaction. Raises ``ValidationError`` when the working copy is not valid."""
    with transaction.atomic():
        claim.full_clean()
        claim.publish()
        return document_publish(kind=Kind.CLAIM, obj=claim, by=by)


def claims_publish(*, claims, by=None) -> Publication:
    """An editor publishes several claims at once (the change list's bulk action): each
    claim's status becomes published and their working copies are written as one
    publication, each document at most once. A claim published together with the denial
    that answers it gets one version, which shows the denial, not a first version and an
    "update" a second later. ``claims``: a list of working claims. Raises
    ``ValidationError`` for the first working copy that is not valid (nothing written)."""
    with transaction.atomic():
        for claim in claims:
            claim.full_clean()
            claim.publish()
        return publish_claims(claims, by=by)


def claim_withdraw(*, claim: Claim, reason: str, by=None) -> Publication:
    """An editor withdraws a published claim: status withdrawn with the reason, and a
    tombstone version (its address answers 410 with the reason). Raises
    ``ValidationError`` when the claim is not published or no reason is given."""
    with transaction.atomic():
        claim.withdraw(reason=reason)
        reason = claim.withdrawn_reason
        return document_withdraw(kind=Kind.CLAIM, pk=claim.pk, reason=reason, by=by)


def review_publish(*, review, by=None) -> Publication:
    """An editor publishes a verdict: shown in its claim's document from the next version
    (if the claim is published; otherwise once it is)."""
    with transaction.atomic():
        review.full_clean()
        review.publish()
        return _publish_verdict(review.claim, by=by)


def review_withdraw(*, review, reason: str, by=None) -> Publication:
    """An editor withdraws a verdict: its claim's next version has none."""
    with transaction.atomic():
        review.withdraw(reason=reason)
        return _publish_verdict(review.claim, by=by)


def review_sync(*, review, by=None) -> Publication:
    """The claim's document with the verdict's working status as it now is (published: shown;
    anything else: not), and nothing else of the working copy."""
    return _publish_verdict(review.claim, by=by)


def _publish_verdict(claim: Claim, *, by) -> Publication:
    """The claim's live document with its verdict as the working copy now has it, and
    nothing else of the working copy: the claim's other unpublished changes wait for an
    editor to publish them."""
    with transaction.atomic():
        writer = _Writer(by=by, summary="")
        head = writer.around.live(Kind.CLAIM, claim.pk)
        if head is not None:
            review = claim_review_content(claim)
            writer.write(Kind.CLAIM, claim.pk, {**head.content, "review": review}, by=writer.by)
            writer.settle()
    return writer.publication


def republish_if_public(*, kind: str, obj, by=None) -> Publication:
    """Publish ``obj`` again if it has a live document (a speaker, source or outlet that
    published claims show); otherwise nothing: it is published with the first claim that
    shows it."""
    head = DOCUMENT_MODELS[kind].objects.filter(pk=obj.pk).first()
    if head is None or not head.is_live:
        return Publication()
    return document_publish(kind=kind, obj=obj, by=by)


def publish_claims(claims, *, by=None) -> Publication:
    """Publish several working claims in one transaction, each document that changes
    getting one version: the documents they show are settled once, at the end. A
    withdrawn claim without a live document gets a tombstone after its first version (its
    address must say it was withdrawn: it was public once)."""
    with transaction.atomic():
        writer = _Writer(by=by, summary="")
        withdrawn = []
        for claim in claims:
            if claim.status == PublicationStatus.WITHDRAWN:
                if writer.around.head(Kind.CLAIM, claim.pk) is not None:
                    continue  # already in the record, withdrawn or about to be by claim_sync
                withdrawn.append(claim)
            writer.publish_working(Kind.CLAIM, claim)
        writer.settle()
        for claim in withdrawn:
            writer.withdraw(Kind.CLAIM, claim.pk, claim.withdrawn_reason or "Withdrawn.")
        writer.settle()
    return writer.publication


def publish_all(*, by=None) -> int:
    """Publish every published and withdrawn working claim that has no document yet:
    data written before the record existed (run after ``migrate``). Returns the number of
    versions written. Into an empty record, more than ``BULK_THRESHOLD`` claims go through
    ``record.bulk`` (the same rows, without the cascade's queries per claim)."""
    # NOT EXISTS, not NOT IN: PostgreSQL runs NOT IN over a million documents as a loop
    # over them for every claim (minutes on every migrate); NOT EXISTS is an anti-join.
    done = DOCUMENT_MODELS[Kind.CLAIM].objects.filter(pk=OuterRef("pk"))
    public = [PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
    claims = Claim.objects.filter(status__in=public).exclude(Exists(done)).order_by("pk")
    if not claims.exists():
        return 0
    record_empty = not any(model.objects.exists() for model in DOCUMENT_MODELS.values())
    if record_empty and claims[BULK_THRESHOLD : BULK_THRESHOLD + 1].exists():
        return publish_in_bulk(claims.values_list("pk", flat=True), by=by).versions
    return len(publish_claims(claims, by=by).versions)


# Claims last: what they show (speakers, sources, outlets) is written first, so that a claim
# is written once, with its neighbours' new summaries.
REFRESH_ORDER = (Kind.OUTLET, Kind.SPEAKER, Kind.SOURCE, Kind.CLAIM)


def refresh_documents(*, batch: int = 200, progress=None) -> int:
    """Write again every live document from its own published content, as the code now
    renders it: after an upgrade that changes what documents say (new keys, new rules),
    run once after ``migrate`` (``manage.py refresh_record``). A document whose answer is
    unchanged gets no version; one that changed gets an ``updated`` version whose
    ``changes`` name the keys that changed, so partners following the change feed see it.
    Nothing is taken from the working copy: what editors have not published stays
    unpublished. Runs in transactions of ``batch`` documents; ``progress(kind, done,
    total)`` is called after each. Returns the number of versions written."""
    written = 0
    for kind in REFRESH_ORDER:
        model = DOCUMENT_MODELS[kind]
        ids = list(
            model.objects.filter(withdrawn_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for start in range(0, len(ids), batch):
            with transaction.atomic():
                writer = _Writer(by=None, summary="")
                writer._queue((kind, pk) for pk in ids[start : start + batch])
                writer.settle()
                written += len(writer.publication.versions)
            if progress is not None:
                progress(kind, min(start + batch, len(ids)), len(ids))
    return written


def _lock_record() -> None:
    # Versions get their seq in commit order: one publish at a time (an editor's action,
    # seconds apart), so a partner following the change feed never sees a gap filled later.
    # SQLite lets one transaction write at a time anyway.
    if connection.vendor == "sqlite":
        return
    if not list(Lock.objects.select_for_update().filter(pk=1)):
        Lock.objects.get_or_create(pk=1)
        list(Lock.objects.select_for_update().filter(pk=1))


class _Writer:
    def __init__(self, *, by, summary: str):
        _lock_record()
        self.by = by if getattr(by, "pk", None) else None
        self.summary = summary
        self.now = timezone.now()
        self.around = Neighbourhood()
        self.publication = Publication()
        self.queue: deque[tuple[str, int]] = deque()
        self.writes: dict[tuple[str, int], int] = {}
        self.written: dict[tuple[str, int], Version] = {}
        self.before: dict[tuple[str, int], dict | None] = {}
        self.opening: set[tuple[str, int]] = set()
        # Written since the last ``versions_written`` was sent.
        self.unsent: set[tuple[str, int]] = set()
        # List items brought up to date without a version (``_keep_card``).
        self.cards_kept = 0

    # --- Publishing from the working copy --------------------------------------------

    def publish_working(self, kind: str, obj) -> None:
        content = snapshot.SNAPSHOTS[kind](obj)
        self._publish_prerequisites(kind, content)
        first = getattr(obj, "published_at", None) if kind == Kind.CLAIM else None
        self.write(kind, obj.pk, content, by=self.by, first_published_at=first)

    def _publish_prerequisites(self, kind: str, content: dict) -> None:
        """Give a first version to what this content will show and nobody has published
        yet: its speaker (and the organisations above), its sources and their outlets.
        Evidence shows its source only once its backing claim is public, so that source
        waits for it too."""
        for dep_kind, dep_pk in self._prerequisites(kind, content):
            if (
                self.around.live(dep_kind, dep_pk) is None
                and (dep_kind, dep_pk) not in self.opening
            ):
                # Marked first: organisations may be each other's affiliation (a cycle).
                self.opening.add((dep_kind, dep_pk))
                dependency = WORKING_MODELS[dep_kind].objects.filter(pk=dep_pk).first()
                if dependency is not None:  # deleted since: not shown, nothing to publish
                    self.publish_working(dep_kind, dependency)

    def _prerequisites(self, kind: str, content: dict):
        if kind == Kind.CLAIM:
            yield Kind.SPEAKER, content["speaker"]
            for item in content["appearances"]:
                yield Kind.SOURCE, item["source"]
            for item in content["evidence"]:
                backed = item["claim"] is None or self.around.live(Kind.CLAIM, item["claim"])
                if item["source"] and backed:
                    yield Kind.SOURCE, item["source"]
        elif kind == Kind.SPEAKER and content["affiliation"]:
            yield Kind.SPEAKER, content["affiliation"]
        elif kind == Kind.SOURCE and content["outlet"]:
            yield Kind.OUTLET, content["outlet"]

    # --- Writing one document --------------------------------------------------------

    def write(self, kind: str, pk: int, content: dict, *, by=None, first_published_at=None):
        """Render ``content`` with what is live around it and write a version if the
        document says something new. Documents it shows, or that show it, are queued.

        A document is given one version per publish: written again in the same transaction
        (as what it shows settles), its new version is rewritten, not followed by another.
        Nobody has seen it yet; the record says what the publish did as a whole."""
        model = DOCUMENT_MODELS[kind]
        head = self.around.head(kind, pk)
        was_live = head is not None and head.is_live
        pending = self.written.get((kind, pk))
        if pending is not None and pending.event == Event.WITHDRAWN:
            pending = None  # a withdrawal is its own version
        if pending is None:
            self.before[(kind, pk)] = json.loads(head.body) if was_live else None
        number = head.version + (0 if pending else 1) if head else 1
        first = (head.first_published_at if head else None) or first_published_at or self.now
        version_info = {
            "version": number,
            "version_published_at": snapshot.iso_datetime(self.now),
            "first_published_at": snapshot.iso_datetime(first),
        }
        rendered = RENDERERS[kind](pk, content, self.around, version_info)
        current = json.loads(head.body) if was_live else None
        if (
            was_live
            and _comparable(current) == _comparable(rendered.body)
            # The verdict as the JSON-LD reads it (its scale's ends) is public too.
            and content.get("review") == head.content.get("review")
        ):
            if content != head.content:
                self._keep_content(kind, head, content)
            self._keep_card(kind, head, rendered.card)
            return
        self._count_write(kind, pk)
        before = self.before[(kind, pk)]
        event = Event.UPDATED if before is not None else Event.PUBLISHED
        changes = _changes(before, rendered.body) if before is not None else {}
        values = {
            "event": event,
            "published_by": by if pending is None else (by or pending.published_by),
            "summary": self.summary or _describe(event, changes),
            "changes": changes,
            "content": content,
            "body": dumps(rendered.body),
        }
        if pending is None:
            version = Version.objects.create(
                kind=kind, object_id=pk, number=number, published_at=self.now, **values
            )
            self._written(version)
        else:
            # Not yet committed, so not yet seen by anyone: rewritten in place.
            Version.objects.filter(pk=pending.pk).update(**values)
            for name, value in values.items():
                setattr(pending, name, value)
        old_links = self._links_of(kind, pk) if was_live else set()
        old_summary = head.summary if was_live else None
        old_topics = head.content.get("tags") if was_live and kind == Kind.CLAIM else None
        self._store_head(model, head, pk, number, first, content, rendered)
        new_links = outgoing_links(kind, content, self.around)
        self._replace_links(kind, pk, old_links, new_links)
        if kind == Kind.CLAIM and rendered.topics != old_topics:
            ClaimTopic.objects.filter(claim_id=pk).delete()
            ClaimTopic.objects.bulk_create(
                ClaimTopic(claim_id=pk, slug=t["slug"], name=t["name"]) for t in rendered.topics
            )
        ends = {(k, i) for _, k, i in old_links ^ new_links}
        if old_summary != rendered.summary:
            # It shows differently everywhere: every document at either end of its links.
            self._queue_neighbours(kind, pk, ends | {(k, i) for _, k, i in new_links})
        else:
            # Documents it stops or starts linking to show it, or count it, differently.
            self._queue(ends | self._shown_beyond_summary(kind, pk, before, rendered.body))

    def _shown_beyond_summary(self, kind: str, pk: int, before: dict | None, body: dict) -> set:
        """Documents that show more of this one than its summary, when that more changed:
        a source lists each claim's appearance in it (excerpt, whether it is the first),
        and a claim's independence count reads its speakers' affiliations (record.dispute)."""
        if before is None:
            return set()
        if kind == Kind.CLAIM and before.get("appearances") != body["appearances"]:
            return {
                (Kind.SOURCE, item["source"]["id"])
                for item in [*before.get("appearances", []), *body["appearances"]]
            }
        if kind == Kind.SPEAKER and before.get("affiliation") != body["affiliation"]:
            rows = Link.objects.filter(to_kind=kind, to_id=pk, relation=Relation.SIDE)
            return set(rows.values_list("from_kind", "from_id"))
        return set()

    def withdraw(self, kind: str, pk: int, reason: str) -> None:
        head = self.around.head(kind, pk)
        if head is None or not head.is_live:
            raise RecordError(gettext("Only a published document can be withdrawn."))
        tombstone = {
            "detail": f"This {kind} was withdrawn.",
            "withdrawn_at": snapshot.iso_datetime(self.now),
            "reason": reason,
        }
        version = Version.objects.create(
            kind=kind,
            object_id=pk,
            number=head.version + 1,
            event=Event.WITHDRAWN,
            published_at=self.now,
            published_by=self.by,
            summary=self.summary or f"Withdrawn: {reason}"[:500],
            changes={"reason": reason},
            content=None,
            body=dumps(tombstone),
        )
        self._written(version)
        old_links = self._links_of(kind, pk)
        head.version = version.number
        head.version_published_at = self.now
        head.withdrawn_at = self.now
        head.withdrawn_reason = reason
        head.body = dumps(tombstone)
        head.card = ""
        if kind == Kind.CLAIM:
            head.updated_at = self.now
        head.save()
        self.around.remember(head)
        Link.objects.filter(from_kind=kind, from_id=pk).delete()
        if kind == Kind.CLAIM:
            ClaimTopic.objects.filter(claim_id=pk).delete()
        self._queue_neighbours(kind, pk, {(k, i) for _, k, i in old_links})

    def _store_head(self, model, head, pk, number, first, content, rendered: Rendered):
        values = {
            "version": number,
            "version_published_at": self.now,
            "first_published_at": first,
            "withdrawn_at": None,
            "withdrawn_reason": "",
            "content": content,
            "summary": rendered.summary,
            "body": dumps(rendered.body),
            "card": dumps(rendered.card),
            **rendered.columns,
        }
        if model.kind == Kind.CLAIM:
            values["updated_at"] = self.now
            values["stated_sort"] = values["stated_on"] or _OLDEST
        if model.kind == Kind.SPEAKER:
            taken = model.objects.filter(slug=values["slug"]).exclude(pk=pk).first()
            if taken is not None:
                # A speaker's address is its slug: another public speaker's stays its own.
                raise RecordError(
                    gettext(
                        "The address /speakers/%(slug)s/ belongs to another speaker the "
                        "public has seen (%(name)s): give this speaker another slug."
                    )
                    % {"slug": values["slug"], "name": taken.name}
                )
        if head is None:
            head = model.objects.create(pk=pk, **values)
        else:
            model.objects.filter(pk=pk).update(**values)
            for name, value in values.items():
                setattr(head, name, value)
        self.around.remember(head)
        if model.kind == Kind.CLAIM:
            update_search_vectors([pk])

    # --- Links and the cascade -------------------------------------------------------

    def _replace_links(self, kind: str, pk: int, old: set, new: set) -> None:
        if old - new:
            gone = Q()
            for relation, to_kind, to_id in old - new:
                gone |= Q(relation=relation, to_kind=to_kind, to_id=to_id)
            Link.objects.filter(gone, from_kind=kind, from_id=pk).delete()
        Link.objects.bulk_create(
            Link(from_kind=kind, from_id=pk, relation=rel, to_kind=k, to_id=i)
            for rel, k, i in sorted(new - old)
        )

    def _queue_neighbours(self, kind: str, pk: int, linked: set[tuple[str, int]]) -> None:
        incoming = Link.objects.filter(to_kind=kind, to_id=pk).values_list("from_kind", "from_id")
        self._queue(linked | set(incoming))

    def _queue(self, documents) -> None:
        for item in sorted(documents):
            if item not in self.queue:
                self.queue.append(item)

    def settle(self) -> None:
        """Write again every queued live document from its own published content, with
        what is now live around it, until nothing changes."""
        while self.queue:
            kind, pk = self.queue.popleft()
            head = self.around.live(kind, pk)
            if head is None:
                continue
            if kind in SHOWN_BY_OTHERS and not self._shown(kind, pk):
                self.withdraw(kind, pk, ORPHAN_REASON)
                continue
            # What it shows may have become public with this publish (evidence whose
            # backing claim was just published, and that evidence's source).
            self._publish_prerequisites(kind, head.content)
            self.write(kind, pk, head.content)
        if self.unsent:
            documents = {key: _changed_fields(self.written[key]) for key in self.unsent}
            versions_written.send(sender=Version, documents=documents)
            self.unsent = set()

    def _written(self, version: Version) -> None:
        if not self.publication.versions:
            # After the commit: no reader caches a version whose data it cannot see yet;
            # and only when the record changed.
            transaction.on_commit(PublicDataVersion.bump)
        self.publication.versions.append(version)
        self.written[(version.kind, version.object_id)] = version
        self.unsent.add((version.kind, version.object_id))

    def _links_of(self, kind: str, pk: int) -> set[tuple[str, str, int]]:
        """The document's links as the record holds them (relation, kind, id)."""
        rows = Link.objects.filter(from_kind=kind, from_id=pk)
        return set(rows.values_list("relation", "to_kind", "to_id"))

    def _keep_content(self, kind: str, head, content: dict) -> None:
        """What was published changed in a way nobody can see yet (a link to a claim that
        is not public): kept with the document, so that it shows once that claim is, and
        no version is written — a version would tell the world something is in the works."""
        old_links = self._links_of(kind, head.pk)
        new_links = outgoing_links(kind, content, self.around)
        DOCUMENT_MODELS[kind].objects.filter(pk=head.pk).update(content=content)
        head.content = content
        self._replace_links(kind, head.pk, old_links, new_links)

    def _keep_card(self, kind: str, head, card: dict) -> None:
        """The list item says more than the stored one (an upgrade added keys to cards that
        its detail already told, such as who denied a claim): stored as rendered, with the
        version it belongs to, and no new version, since the document itself (its detail,
        what the change feed carries) did not change. Lists read cards: the public data
        version moves after the commit, so no stored list keeps the old ones."""
        stored = json.loads(head.card) if head.card else None
        if stored is None:
            return
        card = {
            k: stored[k] if k in VERSION_FIELDS and k in stored else v for k, v in card.items()
        }
        if card == stored:
            return
        head.card = dumps(card)
        DOCUMENT_MODELS[kind].objects.filter(pk=head.pk).update(card=head.card)
        if not self.cards_kept:
            transaction.on_commit(PublicDataVersion.bump)
        self.cards_kept += 1

    def _shown(self, kind: str, pk: int) -> bool:
        """Whether a live claim shows it: sources and outlets through the links to them
        (kept for live documents only); a speaker when a live claim is by it or by a
        speaker below it in the affiliations (organisations can be each other's: a link
        from a member is not enough)."""
        if kind != Kind.SPEAKER:
            return Link.objects.filter(to_kind=kind, to_id=pk).exists()
        links, claims = Link._meta.db_table, DOCUMENT_MODELS[Kind.CLAIM]._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH RECURSIVE below(id) AS (
                    SELECT CAST(%s AS BIGINT)
                    UNION
                    SELECT member.from_id FROM {links} AS member
                    JOIN below ON member.to_id = below.id
                    WHERE member.from_kind = %s AND member.relation = %s
                      AND member.to_kind = %s
                )
                SELECT EXISTS (
                    SELECT 1 FROM {claims} AS claim JOIN below ON claim.speaker_id = below.id
                    WHERE claim.withdrawn_at IS NULL
                )
                """,
                [pk, Kind.SPEAKER, Relation.AFFILIATION, Kind.SPEAKER],
            )
            return bool(cursor.fetchone()[0])

    def _count_write(self, kind: str, pk: int) -> None:
        count = self.writes.get((kind, pk), 0) + 1
        if count > MAX_WRITES_PER_DOCUMENT:
            raise RecordError(f"The {kind} {pk} did not settle: it changed {count} times.")
        self.writes[(kind, pk)] = count


_OLDEST = datetime.date.min


def _changed_fields(version: Version) -> frozenset | None:
    """The body fields an update changed (``Version.changes``, the verdict as ``verdict``);
    None for a document that appeared or was withdrawn (all of it changed)."""
    if version.event != Event.UPDATED:
        return None
    return frozenset(version.changes)


def _comparable(body: dict | None) -> dict | None:
    if body is None:
        return None
    return {k: v for k, v in body.items() if k not in VERSION_FIELDS}


def _changes(old: dict, new: dict) -> dict:
    """The fields whose values differ, each null, except the verdict: from → to."""
    changes: dict = {}
    for key in new:
        if key in VERSION_FIELDS or old.get(key) == new.get(key):
            continue
        changes[key] = None
    if "rating" in changes:
        changes.pop("rating")
        changes["verdict"] = {"from": old.get("rating"), "to": new.get("rating")}
    return changes


def _describe(event: str, changes: dict) -> str:
    if event == Event.PUBLISHED:
        return "Published"
    verdict = changes.get("verdict")
    fields = [name.replace("_", " ") for name in changes if name != "verdict"]
    parts = []
    if verdict:
        parts.append(f"Verdict: {verdict['from'] or 'none'} → {verdict['to'] or 'none'}")
    if fields:
        parts.append("Changed: " + ", ".join(fields))
    return "; ".join(parts)[:500] or "Updated"


__all__ = [
    "Publication",
    "RecordError",
    "claim_publish",
    "claim_sync",
    "claim_withdraw",
    "document_publish",
    "document_withdraw",
    "publish_all",
    "publish_claims",
    "republish_if_public",
    "review_publish",
    "review_sync",
    "review_withdraw",
]
