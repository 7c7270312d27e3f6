"""Writing fact-checks read from a file: outlets, sources, speakers, claims, appearances and
reviews, all new claims and reviews as drafts for a curator to check.

Record by record: the file is read as a stream (``formats.open_records``), a few hundred
records at a time (``BATCH``: what is already here is looked up once per batch), and each
record is written in its own transaction. A record that cannot be read or written is skipped
and named in the report with its reason; the others import. ``strict`` keeps a file
all-or-nothing (one transaction; any skipped record rolls it back).

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
from itertools import islice
from pathlib import Path
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

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
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Imports one open binary file (any format ``formats`` reads) and returns the report.
    ``progress(bytes_read)`` is called as it goes. Raises ``ImportFailed`` when nothing was
    imported (the file unreadable, every record skipped) or, ``strict``, when a record was
    skipped (then nothing is written). ``dry_run`` writes nothing and reports all the same."""
    report = ImportReport(name=name, dry_run=dry_run)
    try:
        reading = open_records(
            file, name, max_whole_bytes=settings.CLAIMREVIEW_UPLOAD_MAX_BYTES, size=size
        )
    except FileUnreadable as error:
        raise ImportFailed(name, [error.reason], report) from None
    report.format = reading.format
    importer = _Importer(report, may_add_ratings=may_add_ratings)
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


def _checked(obj):
    """Field checks (formats, lengths, choices) on a new row. Constraints, uniqueness and
    foreign keys (all rows this importer just read or wrote) are left to the database, which
    checks them on insert anyway: asking first would cost a query for each, for each row."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    return obj


_MISSING = object()


class _Importer:
    """Writes records, one transaction each, remembering what it looked up and wrote: per
    batch, the reviews, sources and claims the batch names; across batches, outlets,
    speakers and ratings."""

    def __init__(self, report: ImportReport, *, may_add_ratings: bool = True):
        # Whoever imports without the right to add ratings (a contributor) imports reviews
        # rated on the scales as they are, or nothing.
        self.may_add_ratings = may_add_ratings
        self.report = report
        self.outlets: dict[str, Outlet] = {}
        self.speakers: dict[str, Speaker] = {}
        self.ratings: dict[tuple, Rating] = {}
        self.reviews: dict[str, Review] = {}
        self.sources: dict[str, Source] = {}
        self.unreviewed_claims: dict[tuple, Claim] = {}
        self.public_claims: dict[tuple, int] = {}
        self.today = timezone.localdate()
        # What the record being written changed in the memories above, to undo it when its
        # transaction is rolled back; and what it did, counted once it is committed.
        self._undo: list[tuple[dict, object, object]] = []
        self._rows: Counter = Counter()
        self._proposals: list[tuple[int, int]] = []

    # --- batches and records -------------------------------------------------------------

    def load_batch(self, batch: list[tuple[str, ReviewRecord | RecordError]]) -> None:
        """Looks up what the batch's records name, then writes each in its own transaction."""
        self.prefetch([r for _, r in batch if isinstance(r, ReviewRecord)])
        for position, item in batch:
            if isinstance(item, RecordError):
                self.report.skip(position, item.reason)
            else:
                self.load_one(item)

    def prefetch(self, records: list[ReviewRecord]) -> None:
        for memory in (self.outlets, self.speakers, self.ratings):
            if len(memory) > CACHE_LIMIT:
                memory.clear()
        review_urls = {u for r in records for u in spellings(r.url)}
        self.reviews = {
            identity_key(review.url): review
            for review in Review.objects.filter(url__in=review_urls).select_related("claim")
        }
        work_urls = review_urls | {
            u
            for r in records
            for w in [*r.appearances, *([r.first_appearance] if r.first_appearance else [])]
            for u in spellings(w.url)
        }
        self.sources = {
            identity_key(source.url): source for source in Source.objects.filter(url__in=work_urls)
        }
        texts = {r.claim_text for r in records}
        drafting = [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW]
        self.unreviewed_claims = {
            (c.speaker_id, c.text): c
            for c in Claim.objects.filter(
                text__in=texts, review__isnull=True, status__in=drafting
            ).order_by("-id")
        }
        # Public claims are matched, never changed: the record is an editor's to change.
        self.public_claims = {
            (c.speaker_id, c.text): c.pk
            for c in Claim.objects.filter(text__in=texts).exclude(status__in=drafting)
        }

    def load_one(self, record: ReviewRecord) -> None:
        """One record in its own transaction (a savepoint inside a strict or dry run)."""
        self._undo, self._rows, self._proposals = [], Counter(), []
        try:
            with transaction.atomic():
                outcome = self.load(record)
        except ValidationError as error:
            self._forget()
            self.report.skip(record.position, "; ".join(error.messages))
        except (IntegrityError, DataError) as error:
            self._forget()
            reason = (
                str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            )
            self.report.skip(record.position, f"refused by the database: {reason}")
        else:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)
            self.report.rows.update(self._rows)
            self.report.proposals += self._proposals
            for note in record.notes:
                self.report.note(record.position, note)

    def remember(self, memory: dict, key, value) -> None:
        self._undo.append((memory, key, memory.get(key, _MISSING)))
        memory[key] = value

    def _forget(self) -> None:
        """The record's transaction was rolled back: what it wrote is gone, so is what was
        remembered of it."""
        for memory, key, before in reversed(self._undo):
            if before is _MISSING:
                memory.pop(key, None)
            else:
                memory[key] = before

    def created(self, obj):
        self._rows[obj._meta.verbose_name_plural] += 1
        return obj

    def load(self, record: ReviewRecord) -> str:
        """Writes one record; returns "created", "updated" or "matched"."""
        key = identity_key(record.url)
        review = self.reviews.get(key)
        if review is not None and review.status != PublicationStatus.DRAFT:
            # A curator has taken it further: an import never overwrites their work.
            return "matched"
        reviewer_outlet = self.outlet(record.reviewer)
        reviewed_on = record.reviewed_on
        if reviewed_on is None:
            if review is not None:
                reviewed_on = review.reviewed_on  # settled at the first import: kept
            else:
                reviewed_on = self.today
                record.notes.append(
                    "no readable datePublished: dated the day of this import; correct it "
                    "from the review's page"
                )
        is_new = review is None
        if is_new:
            claim = self.claim(record)
            review = Review(claim=claim, url=clean_url(record.url), status=PublicationStatus.DRAFT)
        rating = self.rating(record.rating)
        values = {
            "rating_id": rating.pk,
            "summary": record.summary or record.rating.name or record.headline or rating.name,
            "reviewer_name": record.reviewer.name if record.reviewer.is_person else "",
            "reviewer_organisation": reviewer_outlet.name,
            "reviewed_on": reviewed_on,
            "updated_on": record.updated_on,
        }
        if not is_new and all(getattr(review, k) == v for k, v in values.items()):
            return "matched"
        if not is_new:
            # A copy: should its transaction be rolled back, the one remembered is as stored.
            review = copy.copy(review)
        for name, value in values.items():
            setattr(review, name, value)
        _checked(review).save()
        self.remember(self.reviews, key, review)
        if not is_new:
            return "updated"
        self.created(review)
        self.link_review_source(record, review.claim, reviewer_outlet)
        return "created"

    def claim(self, record: ReviewRecord) -> Claim:
        speaker = self.speaker(record.speaker)
        # The same statement reviewed again (by another fact-checker) is the same claim, as
        # long as it has no review yet: a claim carries one verdict.
        existing = self.unreviewed_claims.get((speaker.pk, record.claim_text))
        if existing is not None:
            self._undo.append((self.unreviewed_claims, (speaker.pk, record.claim_text), existing))
            del self.unreviewed_claims[(speaker.pk, record.claim_text)]
            existing.imported_now = False
            return existing
        public = self.public_claims.get((speaker.pk, record.claim_text))
        stated = record.stated_on
        claim = Claim(
            text=record.claim_text,
            speaker=speaker,
            language=record.language or "und",
            stated_on=stated.date if stated else None,
            stated_on_precision=stated.precision if stated else "",
            status=PublicationStatus.DRAFT,
        )
        _checked(claim).save()
        claim.imported_now = True
        self.created(claim)
        if public is not None:
            self._proposals.append((claim.pk, public))
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
            self.created(
                Appearance.objects.create(
                    claim=claim,
                    source=self.source(work),
                    excerpt=record.claim_text,
                    marked_first=is_first,
                    marked_first_reason=FIRST_APPEARANCE_REASON if is_first else "",
                )
            )
        return claim

    def link_review_source(self, record: ReviewRecord, claim: Claim, outlet: Outlet) -> None:
        """The fact-check itself is a source on the claim: context from its reviewer."""
        source = self.source(
            Work(
                url=record.url,
                title=record.headline or f"Fact check: {record.claim_text[:200]}",
                published_on=record.reviewed_on,
            ),
            outlet=outlet,
        )
        # A claim created by this import has no evidence yet; only a reused one may.
        if (
            claim.imported_now
            or not claim.evidence.filter(source=source, backing_claim=None).exists()
        ):
            self.created(
                Evidence.objects.create(
                    claim=claim,
                    source=source,
                    stance=Stance.CONTEXT,
                    note=f"The fact-check by {outlet.name} this claim was imported from.",
                )
            )

    def outlet(self, party: Party) -> Outlet:
        key = party.name.casefold()
        if key in self.outlets:
            return self.outlets[key]
        outlet = Outlet.objects.filter(name__iexact=party.name).first()
        if outlet is None:
            outlet = Outlet(
                name=party.name[:255],
                slug=self.unique_slug(Outlet, party.name),
                kind=OutletKind.OTHER,
                homepage=party.url[:500] if party.url.startswith(("http://", "https://")) else "",
            )
            _checked(outlet).save()
            self.created(outlet)
        self.remember(self.outlets, key, outlet)
        return outlet

    def source(self, work: Work, *, outlet: Outlet | None = None) -> Source:
        key = identity_key(work.url)
        if key in self.sources:
            return self.sources[key]
        if outlet is None and work.publisher is not None:
            outlet = self.outlet(work.publisher)
        source = Source(
            url=clean_url(work.url),
            title=(work.title or work.url)[:500],
            outlet=outlet,
            published_on=work.published_on,
            kind=SourceKind.ARTICLE,
        )
        _checked(source).save()
        self.remember(self.sources, key, source)
        return self.created(source)

    def speaker(self, party: Party | None) -> Speaker:
        if party is None:
            party = Party(name="Unattributed", is_person=False)
        key = party.wikidata_id or party.name.casefold()
        if key in self.speakers:
            return self.speakers[key]
        speaker = None
        if party.wikidata_id:
            speaker = Speaker.objects.filter(wikidata_id=party.wikidata_id).first()
        if speaker is None:
            speaker = (
                Speaker.objects.filter(name__iexact=party.name).first()
                or Speaker.objects.filter(aliases__name__iexact=party.name).first()
            )
        if speaker is None:
            speaker = Speaker(
                name=party.name[:255],
                slug=self.unique_slug(Speaker, party.name),
                kind=SpeakerKind.PERSON if party.is_person else SpeakerKind.ORGANISATION,
                wikidata_id=party.wikidata_id,
                description="Imported from a ClaimReview; check before publishing."
                if party.name != "Unattributed"
                else "Claims imported from reviews that do not name who made them.",
            )
            _checked(speaker).save()
            self.created(speaker)
        self.remember(self.speakers, key, speaker)
        return speaker

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
        field_length = model._meta.get_field("slug").max_length
        base = slugify(name)[: field_length - 8] or "imported"
        slug, n = base, 1
        while model.objects.filter(slug=slug, **scope).exists():
            n += 1
            slug = f"{base}-{n}"
        return slug
