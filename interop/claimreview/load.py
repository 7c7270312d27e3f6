"""Writing fact-checks read from a file: outlets, sources, speakers, claims, appearances and
reviews, all new claims and reviews as drafts for a curator to check.

Record by record: the file is read as a stream (``formats.open_records``), a few hundred
records at a time (``BATCH``: what is already here is looked up once per batch). Each record
is read into a plan of new rows, checked field by field (``core.rows``); a batch's plans are
written together, and written again record by record, each in its own transaction, should
the database refuse the batch. A record that cannot be read or written is skipped and named
in the report with its reason; the others import. ``strict`` keeps a file all-or-nothing
(one transaction; any skipped record rolls it back).

Idempotent: a review is matched on its address in canonical form (``urls.identity_key``:
scheme, host case, default port, trailing slash and tracking parameters do not count), so
importing a file twice, or the same reviews spelled with the other form of their addresses,
changes nothing. A review of a claim that is already public is imported as a draft claim and
proposed to an editor (``report.proposals``; curation/proposals.py), never applied.
"""

from __future__ import annotations

import contextlib
import copy
import io
import json
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from itertools import islice
from operator import itemgetter
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, connection, transaction
from django.db.models import F, Max, Model
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify

from claims import search
from claims.models import (
    Appearance,
    Claim,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Speaker,
    SpeakerKind,
    Stance,
)
from core import names
from core.dates import DatePrecision, normalize_partial_date
from core.lookups import AnyOf
from core.rows import NewRow, insert_new_rows, insert_tuples, new_row, unwrite
from interop.claimreview.formats import FileUnreadable, open_records
from interop.claimreview.parse import (
    MAX_DEPTH,
    Party,
    RatingRecord,
    RecordError,
    ReviewRecord,
    Work,
)
from interop.claimreview.report import ImportReport
from interop.claimreview.urls import clean_url, identity_key, spellings
from sources.models import Outlet, OutletKind, Source, SourceKind

# The publisher's ClaimReview names the claim's first appearance (schema.org firstAppearance).
FIRST_APPEARANCE_REASON = "Named as the first appearance by the imported ClaimReview."

DEFAULT_SCALE = "standard"
IMPORTED_SCALE = "imported"
NO_RATING = "No rating given"
# Who a claim is by when its review names nobody.
UNATTRIBUTED = Party(name="Unattributed", is_person=False)
# Records read ahead and looked up together: one query per kind of row for the batch, not one
# per record; small enough that memory stays flat whatever the file's size.
BATCH = 500
# Outlets, speakers and ratings are remembered across batches (files name few of them);
# past this many, the memory is emptied rather than grown.
CACHE_LIMIT = 20_000
FILE_SUFFIXES = {".json", ".jsonld", ".csv", ".html", ".htm"}

__all__ = ["MAX_DEPTH", "ImportFailed", "ImportReport", "import_file", "import_path"]


class ImportFailed(Exception):
    """Nothing was imported from a file: it could not be read, every record in it was
    skipped, or (``strict``) one was. ``reasons`` say why, each record's with its position;
    ``report`` is what was read."""

    def __init__(self, path: str, reasons: list[str], report: ImportReport | None = None):
        super().__init__(f"{path}: " + "; ".join(reasons))
        self.path, self.reasons, self.report = path, reasons, report


def check_size(name: str, size: int) -> None:
    """Refuses an upload over ``CLAIMREVIEW_UPLOAD_MAX_BYTES`` before it is read (the admin:
    a web request must end; the command streams files of any size)."""
    limit = settings.CLAIMREVIEW_UPLOAD_MAX_BYTES
    if size > limit:
        raise ImportFailed(
            name,
            [
                f"the file is {size / 1_000_000:,.1f} MB; the limit is "
                f"{limit / 1_000_000:,.1f} MB (CLAIMREVIEW_UPLOAD_MAX_BYTES). Split it into "
                "smaller files, or import it with manage.py import_claimreview."
            ],
        )


def import_file(
    file: IO[bytes],
    *,
    name: str,
    size: int | None = None,
    dry_run: bool = False,
    strict: bool = False,
    may_add_ratings: bool = True,
    user=None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Imports one open binary file (any format ``formats`` reads) and returns the report.
    ``progress(bytes_read)`` is called as it goes; ``user`` is named in the history rows.
    Raises ``ImportFailed`` when nothing was imported (the file unreadable, every record
    skipped) or, ``strict``, when a record was skipped (then nothing is written).
    ``dry_run`` writes nothing and reports all the same."""
    report = ImportReport(name=name, dry_run=dry_run)
    try:
        reading = open_records(
            file, name, max_whole_bytes=settings.CLAIMREVIEW_UPLOAD_MAX_BYTES, size=size
        )
    except FileUnreadable as error:
        raise ImportFailed(name, [error.reason], report) from None
    report.format = reading.format
    importer = _Importer(report, may_add_ratings=may_add_ratings, user=user)
    records = _reporting_progress(reading.records, file, progress)
    # Strict and dry runs are one transaction (rolled back on failure, or always); otherwise
    # each record's own transaction commits as it ends.
    whole = transaction.atomic() if strict or dry_run else contextlib.nullcontext()
    with whole:
        try:
            for batch in _batches(records, BATCH):
                importer.load_batch(batch)
        except FileUnreadable as error:
            report.file_error = error.reason
        if reasons := _failure(report, strict=strict):
            raise ImportFailed(name, reasons, report)  # leaving the block rolls it back
        if dry_run:
            transaction.set_rollback(True)
    return report


def import_path(
    path: Path,
    *,
    dry_run: bool = False,
    strict: bool = False,
    progress_for: Callable[[Path, int], Callable[[int], None] | None] | None = None,
) -> ImportReport:
    """A file, or every .json/.jsonld/.csv/.html file of a folder, each on its own: a
    folder's file from which nothing could be imported is reported and the others import.
    ``progress_for(file, size)`` gives each file's progress callback."""
    if not path.is_dir():
        size = path.stat().st_size
        with path.open("rb") as stream:
            return import_file(
                stream,
                name=str(path),
                size=size,
                dry_run=dry_run,
                strict=strict,
                progress=progress_for(path, size) if progress_for else None,
            )
    total = ImportReport(name=str(path), dry_run=dry_run)
    failures: list[str] = []
    for file in sorted(p for p in path.iterdir() if p.suffix in FILE_SUFFIXES):
        try:
            total.add(import_path(file, dry_run=dry_run, strict=strict, progress_for=progress_for))
        except ImportFailed as failure:
            failures += [f"{failure.path}: {reason}" for reason in failure.reasons]
    if failures and total.imported == 0:
        raise ImportFailed(str(path), failures, total)
    if failures:
        total.file_error = "\n".join(filter(None, [total.file_error, *failures]))
    return total


def import_document(document, *, name: str, **options) -> ImportReport:
    """Imports parsed JSON (``document``) as ``import_file`` imports a file."""
    content = json.dumps(document, ensure_ascii=False).encode()
    return import_file(io.BytesIO(content), name=name, size=len(content), **options)


def _failure(report: ImportReport, *, strict: bool) -> list[str]:
    """Why nothing is kept from this file, or [] when the import stands."""
    problems = [str(p) for p in report.skipped]
    if report.file_error:
        problems.append(report.file_error)
    if strict and problems:
        return problems
    if report.imported == 0:
        return problems or ["no ClaimReview found in the file"]
    return []


def _batches(records: Iterable, size: int) -> Iterator[list]:
    """Lists of ``size`` records; when the file breaks off, the records read before it are
    yielded first, then ``FileUnreadable`` is raised."""
    iterator = iter(records)
    while True:
        batch = []
        try:
            batch.extend(islice(iterator, size))
        except FileUnreadable:
            if batch:
                yield batch
            raise
        if not batch:
            return
        yield batch


def _reporting_progress(records, file, progress):
    if progress is None:
        yield from records
        return
    for n, item in enumerate(records):
        if n % 50 == 0:
            with contextlib.suppress(ValueError, OSError):  # a closed or unseekable stream
                progress(file.tell())
        yield item
    with contextlib.suppress(ValueError, OSError):
        progress(file.tell())


def _refused(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return f"refused by the database: {lines[0] if lines else type(error).__name__}"


def _checked(obj):
    """Field checks (formats, lengths, choices) on a row saved as an instance (an outlet, a
    rating, a review updated). Constraints, uniqueness and foreign keys are left to the
    database, which checks them on insert anyway."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    return obj


def _value(row: NewRow | Model, name: str):
    """A column's value, of a row to write or of an instance."""
    return row.values[name] if isinstance(row, NewRow) else getattr(row, name)


def _model(row: NewRow | Model):
    return row.model if isinstance(row, NewRow) else type(row)


@cache
def _plural(model) -> str:
    """The model's plural name, as the report counts rows (a lazy string made plain once:
    hashing it as a key would translate it each time)."""
    return str(model._meta.verbose_name_plural)


_MISSING = object()
# The tables a batch writes, parents first (bulk_create gives children their parents' keys).
WRITE_ORDER = (Speaker, Source, Claim, Appearance, Review, Evidence)


@dataclass
class _Plan:
    """What one record will write: ``outcome`` ("created", "updated", "matched"), its new
    rows (``NewRow``s, keyed when written) or the changed review, and what is counted and
    proposed once it is written. ``claim`` is a new row, or a draft claim already here."""

    record: ReviewRecord
    outcome: str
    review: NewRow | Review | None = None
    claim: NewRow | Claim | None = None
    appearances: list[NewRow] = field(default_factory=list)
    evidence: NewRow | None = None
    public_claim: int | None = None
    rows: Counter = field(default_factory=Counter)

    def new_rows(self) -> list[NewRow]:
        found = [self.claim, *self.appearances, self.review, self.evidence]
        return [row for row in found if isinstance(row, NewRow)]


class _Importer:
    """Reads each record into a plan (its rows checked field by field, in Python, without
    model instances: ``core.rows``), then writes a batch's plans together: each table's rows
    and history rows by COPY, in one transaction. Should the database refuse it, that
    transaction is rolled back and the batch is written again record by record, each in its
    own transaction, so that the record refused is skipped, named, and the others are
    written.

    Remembered per batch: the reviews, sources and claims the batch names (looked up in one
    query each); across batches: outlets, speakers and ratings. Outlets and ratings a record
    needs are created as it is planned, in a transaction of the record's own, rolled back if
    the record is skipped; most records write nothing until their batch is written."""

    def __init__(self, report: ImportReport, *, may_add_ratings: bool = True, user=None):
        # Whoever imports without the right to add ratings (a contributor) imports reviews
        # rated on the scales as they are, or nothing.
        self.may_add_ratings = may_add_ratings
        self.user = user  # named in the history rows
        self.report = report
        self.outlets: dict[str, Outlet] = {}
        self.speakers: dict[str, Speaker | NewRow] = {}
        self.ratings: dict[tuple, Rating] = {}
        self.reviews: dict[str, Review | NewRow] = {}
        self.sources: dict[str, Source | NewRow] = {}
        self.unreviewed_claims: dict[tuple, Claim] = {}
        self.public_claims: dict[tuple, int] = {}
        self.found_speakers: dict[str, Speaker] = {}
        self.taken_slugs: set[str] = set()
        self.today = timezone.localdate()
        # What the record being planned changed in the memories above, to undo should it
        # be skipped; its plan; and its own transaction, opened when it first writes.
        self._undo: list[tuple[dict, object, object]] = []
        self._plan: _Plan | None = None
        self._writes: contextlib.ExitStack | None = None
        self._writing = False

    # --- batches and records -------------------------------------------------------------

    def load_batch(self, batch: list[tuple[str, ReviewRecord | RecordError]]) -> None:
        """Looks up what the batch's records name, plans each, and writes the plans."""
        self.prefetch([r for _, r in batch if isinstance(r, ReviewRecord)])
        plans = []
        for position, item in batch:
            if isinstance(item, RecordError):
                self.report.skip(position, item.reason)
                continue
            earlier = self.reviews.get(identity_key(item.url))
            if isinstance(earlier, NewRow) and earlier.pk is None:
                # The same review twice in a batch: the first is written before the second
                # is compared with it.
                self.write(plans)
                plans = []
            if (plan := self.plan_one(item)) is not None:
                plans.append(plan)
        self.write(plans)

    def prefetch(self, records: list[ReviewRecord]) -> None:
        for memory in (self.outlets, self.speakers, self.ratings):
            if len(memory) > CACHE_LIMIT:
                memory.clear()
        # Addresses and texts are looked up as arrays (``AnyOf``), and "url <> ''" lets
        # PostgreSQL use the partial unique indexes on them.
        review_urls = {u for r in records for u in spellings(r.url)}
        self.reviews = {
            identity_key(review.url): review
            for review in Review.objects.filter(AnyOf(F("url"), review_urls)).exclude(url="")
        }
        work_urls = review_urls | {
            u
            for r in records
            for w in [*r.appearances, *([r.first_appearance] if r.first_appearance else [])]
            for u in spellings(w.url)
        }
        self.sources = {
            identity_key(source.url): source
            for source in Source.objects.filter(AnyOf(F("url"), work_urls)).exclude(url="")
        }
        self.prefetch_speakers(records)
        # Claims by their exact text (the hash index claim_text_hash, claims 0015), in one
        # query: those not reviewed yet and still drafts are reused (the oldest first);
        # public ones are matched, never changed: the record is an editor's to change.
        drafting = {PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW}
        self.unreviewed_claims, self.public_claims = {}, {}
        found = (
            Claim.objects.filter(AnyOf(F("text"), {r.claim_text for r in records}))
            .annotate(review_pk=F("review__pk"))
            .order_by("-id")
        )
        for claim in found:
            key = (claim.speaker_id, claim.text)
            if claim.status not in drafting:
                self.public_claims[key] = claim.pk
            elif claim.review_pk is None:
                self.unreviewed_claims[key] = claim

    def plan_one(self, record: ReviewRecord) -> _Plan | None:
        """The record's plan, or None when it is skipped (reported)."""
        self._undo = []
        try:
            # Should the plan write (a new outlet or rating), it does so in a transaction of
            # its own (``writing``), rolled back as the error leaves this block.
            self._writing = False
            with contextlib.ExitStack() as self._writes:
                return self.plan(record)
        except ValidationError as error:
            self._forget()
            self.report.skip(record.position, "; ".join(error.messages))
        except (IntegrityError, DataError) as error:
            self._forget()
            self.report.skip(record.position, _refused(error))
        return None

    def writing(self) -> None:
        """The record being planned writes a row now: in its own transaction from here on
        (a savepoint in a strict run), opened once."""
        if not self._writing:
            self._writes.enter_context(transaction.atomic())
            self._writing = True

    def remember(self, memory: dict, key, value) -> None:
        self._undo.append((memory, key, memory.get(key, _MISSING)))
        memory[key] = value

    def _forget(self) -> None:
        """The record is skipped: what was remembered of it goes too."""
        for memory, key, before in reversed(self._undo):
            if before is _MISSING:
                memory.pop(key, None)
            else:
                memory[key] = before

    def created(self, obj):
        """Counts a row the plan being made writes (shared rows: once written)."""
        self._plan.rows[_plural(_model(obj))] += 1
        return obj

    def plan(self, record: ReviewRecord) -> _Plan:
        key = identity_key(record.url)
        review = self.reviews.get(key)
        plan = self._plan = _Plan(record, "created")
        if review is not None and _value(review, "status") != PublicationStatus.DRAFT:
            # A curator has taken it further: an import never overwrites their work.
            plan.outcome = "matched"
            return plan
        reviewer_outlet = self.outlet(record.reviewer)
        reviewed_on = record.reviewed_on
        if reviewed_on is None:
            if review is not None:
                reviewed_on = _value(review, "reviewed_on")  # settled at the first import
            else:
                reviewed_on = self.today
                record.notes.append(
                    "no readable datePublished: dated the day of this import; correct it "
                    "from the review's page"
                )
        rating = self.rating(record.rating)
        values = {
            "rating_id": rating.pk,
            "summary": record.summary or record.rating.name or record.headline or rating.name,
            "reviewer_name": record.reviewer.name if record.reviewer.is_person else "",
            "reviewer_organisation": reviewer_outlet.name,
            "reviewed_on": reviewed_on,
            "updated_on": record.updated_on,
        }
        if review is None:
            claim = self.claim(record, plan)
            plan.review = self.created(
                new_row(
                    Review,
                    {"claim_id": claim},
                    url=clean_url(record.url),
                    status=PublicationStatus.DRAFT,
                    **values,
                )
            )
            self.remember(self.reviews, key, plan.review)
            self.link_review_source(record, plan, reviewer_outlet, reviewed_on)
            return plan
        if all(_value(review, k) == v for k, v in values.items()):
            plan.outcome = "matched"
            return plan
        if isinstance(review, NewRow):  # created earlier in this batch, and written since
            review = Review.objects.get(pk=review.pk)
        # A copy: should the record be skipped, the one remembered is as it was.
        review = copy.copy(review)
        for name, value in values.items():
            setattr(review, name, value)
        plan.outcome, plan.review = "updated", _checked(review)
        self.remember(self.reviews, key, review)
        return plan

    # --- writing ---------------------------------------------------------------------------

    def write(self, plans: list[_Plan]) -> None:
        """Writes the plans in one transaction; if the database refuses, each in its own."""
        if not plans:
            return
        written: list[NewRow] = []
        try:
            with transaction.atomic():
                self._write(plans, written)
        except (IntegrityError, DataError):
            unwrite(written)
            for plan in plans:
                written = []
                try:
                    with transaction.atomic():
                        self._write([plan], written)
                except (IntegrityError, DataError) as error:
                    unwrite(written)
                    key = identity_key(plan.record.url)
                    if self.reviews.get(key) is plan.review:
                        del self.reviews[key]  # not here after all
                    self.report.skip(plan.record.position, _refused(error))
                else:
                    self._count(plan)
        else:
            for plan in plans:
                self._count(plan)

    def _count(self, plan: _Plan) -> None:
        report = self.report
        setattr(report, plan.outcome, getattr(report, plan.outcome) + 1)
        report.rows.update(plan.rows)
        if plan.public_claim is not None:
            report.proposals.append((plan.claim.pk, plan.public_claim))
        for note in plan.record.notes:
            report.note(plan.record.position, note)

    def _write(self, plans: list[_Plan], written: list[NewRow]) -> None:
        """The plans' rows not yet written (and the new rows they point at: speakers,
        sources), table by table with their history rows; the claims' search vectors once.
        Rows given their keys are added to ``written``."""
        groups: dict[type[Model], dict[int, NewRow]] = {model: {} for model in WRITE_ORDER}

        def add(row: NewRow | Model) -> None:
            if not isinstance(row, NewRow) or row.pk is not None or id(row) in groups[row.model]:
                return
            for parent in row.parents.values():
                add(parent)
            groups[row.model][id(row)] = row

        for plan in plans:
            for row in plan.new_rows():
                add(row)
        order = WRITE_ORDER
        computed = {}
        if search.uses_full_text():
            # Claims are inserted with their search vectors, which take in their
            # appearances' excerpts: the appearances go in first (every key is drawn before
            # any row is written, and foreign keys are checked at the end).
            order = (Speaker, Source, Appearance, Claim, Review, Evidence)
            computed = {Claim: search.vector_columns("inserted")}
        tables = [(model, list(groups[model].values())) for model in order if groups[model]]
        written += [row for _, rows in tables for row in rows]  # keys are drawn first
        now = timezone.now()
        insert_new_rows(tables, now, computed)
        for model, rows in tables:
            self._history(model, rows, now)
        for plan in plans:
            if plan.outcome == "updated":
                plan.review.save()  # its history row through the model's signal
        # Foreign keys are checked at commit (deferred); checked now, a refusal is this
        # batch's or record's, inside its own transaction (a savepoint in a strict run).
        connection.check_constraints(table_names=[model._meta.db_table for model, _ in tables])

    def _history(self, model, rows: list[NewRow], now) -> None:
        """The history rows django-simple-history writes on each save ("+", created), for
        rows written together: their values as written, by COPY on PostgreSQL
        (``core.rows.insert_tuples``; simple-history's own bulk writer builds a model
        instance for each, several times the cost)."""
        history = model.history.model
        names = [
            f.attname
            for f in history._meta.concrete_fields
            if not f.attname.startswith("history_")
        ]
        stamp = (now, None, "+", getattr(self.user, "pk", None))
        pick = itemgetter(*names)
        insert_tuples(
            history,
            [*names, "history_date", "history_change_reason", "history_type", "history_user_id"],
            [pick(row.values) + stamp for row in rows],
        )

    # --- the rows a plan needs -------------------------------------------------------------

    def claim(self, record: ReviewRecord, plan: _Plan) -> NewRow | Claim:
        speaker = self.speaker(record.speaker)
        # The same statement reviewed again (by another fact-checker) is the same claim, as
        # long as it has no review yet: a claim carries one verdict.
        key = (speaker.pk, record.claim_text)
        existing = self.unreviewed_claims.get(key)
        if existing is not None:
            self._undo.append((self.unreviewed_claims, key, existing))
            del self.unreviewed_claims[key]
            plan.claim = existing
            return existing
        stated = record.stated_on
        precision = stated.precision if stated else ""
        claim = new_row(
            Claim,
            {"speaker_id": speaker},
            text=record.claim_text,
            language=record.language or "und",
            # What Claim.save does: equal partial dates compare and sort equal.
            stated_on=normalize_partial_date(stated.date, precision) if stated else None,
            stated_on_precision=precision,
            status=PublicationStatus.DRAFT,
        )
        plan.claim = self.created(claim)
        plan.public_claim = self.public_claims.get(key)
        first = identity_key(record.first_appearance.url) if record.first_appearance else None
        works, seen = [], set()
        for work in [
            *([record.first_appearance] if record.first_appearance else []),
            *record.appearances,
        ]:
            if identity_key(work.url) not in seen:
                seen.add(identity_key(work.url))
                works.append(work)
        for work in works:
            # A new claim: none of its appearances exists yet.
            is_first = identity_key(work.url) == first
            plan.appearances.append(
                self.created(self.appearance(claim, self.source(work), record, is_first))
            )
        return claim

    @staticmethod
    def appearance(claim: NewRow, source: NewRow | Source, record, is_first: bool) -> NewRow:
        located = {}
        if isinstance(source, Source) and source.full_text:
            # What Appearance.clean and save do where a source here keeps its text: the
            # excerpt must be in it, and is located there.
            excerpt = Appearance(source=source, excerpt=record.claim_text)
            excerpt.clean()
            excerpt.locate_excerpt()
            located = {
                "excerpt_offset": excerpt.excerpt_offset,
                "excerpt_text_sha256": excerpt.excerpt_text_sha256,
            }
        return new_row(
            Appearance,
            {"claim_id": claim, "source_id": source},
            excerpt=record.claim_text,
            marked_first=is_first,
            marked_first_reason=FIRST_APPEARANCE_REASON if is_first else "",
            **located,
        )

    def link_review_source(
        self, record: ReviewRecord, plan: _Plan, outlet: Outlet, reviewed_on
    ) -> None:
        """The fact-check itself is a source on the claim: context from its reviewer."""
        source = self.source(
            Work(
                url=record.url,
                title=record.headline or f"Fact check: {record.claim_text[:200]}",
                published_on=reviewed_on,
            ),
            outlet=outlet,
        )
        claim = plan.claim
        # A claim created by this import has no evidence yet; only a reused one may.
        if (
            isinstance(claim, NewRow)
            or isinstance(source, NewRow)
            or not claim.evidence.filter(source=source, backing_claim=None).exists()
        ):
            plan.evidence = self.created(
                new_row(
                    Evidence,
                    {"claim_id": claim, "source_id": source},
                    stance=Stance.CONTEXT,
                    note=f"The fact-check by {outlet.name} this claim was imported from.",
                )
            )

    def outlet(self, party: Party) -> Outlet:
        # A name however written (core.names): "Vérité" composed or not, a zero-width
        # space pasted in.
        key = names.key(party.name)
        if key in self.outlets:
            return self.outlets[key]
        outlet = names.recorded(Outlet, party.name)
        if outlet is None:
            outlet = Outlet(
                name=names.written(party.name)[:255],
                slug=self.unique_slug(Outlet, party.name),
                kind=OutletKind.OTHER,
                homepage=party.url[:500] if party.url.startswith(("http://", "https://")) else "",
            )
            _checked(outlet)
            self.writing()
            outlet.save()
            self.created(outlet)
        self.remember(self.outlets, key, outlet)
        return outlet

    def source(self, work: Work, *, outlet: Outlet | None = None) -> Source | NewRow:
        """The source at ``work.url`` (in any spelling): known, planned by this batch, or
        planned now (written with the batch)."""
        key = identity_key(work.url)
        if key in self.sources:
            return self.sources[key]
        if outlet is None and work.publisher is not None:
            outlet = self.outlet(work.publisher)
        # What Source.clean does: a date without a precision is a day, and "2023-03" stays
        # a month (no day is made up for it), stored as its first day.
        day = work.published_on
        precision = (work.published_on_precision or DatePrecision.DAY) if day else ""
        source = new_row(
            Source,
            url=clean_url(work.url),
            title=(work.title or work.url)[:500],
            outlet_id=outlet.pk if outlet else None,
            published_on=normalize_partial_date(day, precision),
            published_on_precision=precision,
            kind=SourceKind.ARTICLE,
        )
        self.remember(self.sources, key, source)
        return self.created(source)

    def speaker(self, party: Party | None) -> Speaker | NewRow:
        """The speaker ``party`` names: by Wikidata id, name or alias (looked up for the
        whole batch in ``prefetch_speakers``), or a new one, written with the batch."""
        party = party or UNATTRIBUTED
        key = party.wikidata_id or names.key(party.name)
        if key in self.speakers:
            return self.speakers[key]
        speaker = self.found_speakers.get(key)
        if speaker is None and party.wikidata_id:
            speaker = self.found_speakers.get(names.key(party.name))
        if speaker is None:
            speaker = new_row(
                Speaker,
                name=names.written(party.name)[:255],
                slug=self.new_slug(party.name),
                kind=SpeakerKind.PERSON if party.is_person else SpeakerKind.ORGANISATION,
                wikidata_id=party.wikidata_id,
                description="Imported from a ClaimReview; check before publishing."
                if party is not UNATTRIBUTED
                else "Claims imported from reviews that do not name who made them.",
            )
            self.created(speaker)
        self.remember(self.speakers, key, speaker)
        return speaker

    def prefetch_speakers(self, records: list[ReviewRecord]) -> None:
        """The batch's speakers already here, in three queries: by Wikidata id, then by name,
        then by alias, in any case and however written (``core.names``; ``found_speakers``:
        key → speaker, the first way winning); and which of their names' slugs are
        taken."""
        parties = [r.speaker or UNATTRIBUTED for r in records]
        parties = [p for p in parties if (p.wikidata_id or names.key(p.name)) not in self.speakers]
        self.found_speakers = {}
        if not parties:
            self.taken_slugs = set()
            return
        ids = {p.wikidata_id for p in parties if p.wikidata_id}
        spelled = {form.lower() for p in parties for form in names.forms(p.name)}
        for speaker in Speaker.objects.filter(AnyOf(F("wikidata_id"), ids)).order_by("pk"):
            self.found_speakers.setdefault(speaker.wikidata_id, speaker)
        for key in (Lower("name"), Lower("aliases__name")):
            found = Speaker.objects.annotate(key=key).filter(AnyOf(F("key"), spelled))
            for speaker in found.order_by("pk"):
                self.found_speakers.setdefault(names.key(speaker.key), speaker)
        bases = {_slug_base(Speaker, p.name) for p in parties}
        self.taken_slugs = set(
            Speaker.objects.filter(AnyOf(F("slug"), bases)).values_list("slug", flat=True)
        )

    def new_slug(self, name: str) -> str:
        """A speaker slug free in the database and among the batch's new speakers."""
        base = _slug_base(Speaker, name)
        slug, n = base, 1
        while slug in self.taken_slugs or (
            slug != base and Speaker.objects.filter(slug=slug).exists()
        ):
            n += 1
            slug = f"{base}-{n}"
        self.taken_slugs.add(slug)
        return slug

    def rating(self, record: RatingRecord) -> Rating:
        key = (record.name.casefold(), record.value, record.best, record.worst)
        if key not in self.ratings:
            self.remember(self.ratings, key, self._find_rating(record))
        return self.ratings[key]

    def _find_rating(self, record: RatingRecord) -> Rating:
        ratings = Rating.objects.select_related("scale")
        if record.name:
            # The publisher's own words first, on the default scale if it has them.
            named = list(ratings.filter(name__iexact=record.name))
            if named:
                return next((r for r in named if r.scale.slug == DEFAULT_SCALE), named[0])
        if record.value is not None and record.best is not None and record.worst is not None:
            mapped = self._map_numeric(record)
            if mapped is not None:
                return mapped
        # A rating word we do not know: kept as the publisher wrote it, on its own scale.
        if not self.may_add_ratings:
            words = record.name or (f"{record.value:g}" if record.value is not None else NO_RATING)
            raise ValidationError(
                f"the rating “{words}” is on no rating scale here, and adding ratings is "
                "an editor's: ask an editor to add it (or to import this file)",
                code="rating_not_allowed",
            )
        self.writing()
        scale, created = RatingScale.objects.get_or_create(
            slug=IMPORTED_SCALE,
            defaults={
                "name": "Imported ratings",
                "description": "Ratings as other fact-checkers name them; map them to the "
                "standard scale when reviewing imports.",
            },
        )
        if created:
            self.created(scale)
        if record.name:
            name = record.name[:100]
        elif record.value is not None:
            out_of = f" of {record.best:g}" if record.best is not None else ""
            name = f"{record.value:g}{out_of}"
        else:
            name = NO_RATING
        rating = scale.ratings.filter(name__iexact=name).first()
        if rating is None:
            position = (scale.ratings.aggregate(last=Max("position"))["last"] or 0) + 1
            rating = Rating(
                scale=scale, name=name, slug=self.unique_slug(Rating, name, scale=scale),
                position=position,
            )  # fmt: skip
            _checked(rating).save()
            self.created(rating)
        return rating

    def _map_numeric(self, record: RatingRecord) -> Rating | None:
        """A numeric rating placed on the default scale by where it sits between worst and
        best (1 of 5 → False, 5 of 5 → True)."""
        if record.best == record.worst:
            return None
        fraction = (record.value - record.worst) / (record.best - record.worst)
        if not 0 <= fraction <= 1:
            return None
        scale = Rating.objects.filter(scale__slug=DEFAULT_SCALE, value__isnull=False)
        values = sorted(scale.values_list("value", flat=True))
        if not values:
            return None
        target = values[0] + fraction * (values[-1] - values[0])
        best = min(values, key=lambda v: abs(v - target))
        return scale.select_related("scale").get(value=best)

    @staticmethod
    def unique_slug(model, name: str, **scope) -> str:
        base = _slug_base(model, name)
        slug, n = base, 1
        while model.objects.filter(slug=slug, **scope).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug


def _slug_base(model, name: str) -> str:
    field_length = model._meta.get_field("slug").max_length
    return slugify(name)[: field_length - 8] or "imported"
