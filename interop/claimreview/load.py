"""Writing parsed ClaimReview records: outlets, sources, speakers, claims, appearances and
reviews, all new claims and reviews as drafts for a curator to check.

Idempotent: a review is matched on its URL, so importing a file twice creates nothing. A file
is written in one transaction, whole or not at all.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.db.models import Max
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
from interop.claimreview.parse import ParseErrors, Party, RatingRecord, ReviewRecord, Work, records
from sources.models import Outlet, OutletKind, Source, SourceKind

# The publisher's ClaimReview names the claim's first appearance (schema.org firstAppearance).
FIRST_APPEARANCE_REASON = "Named as the first appearance by the imported ClaimReview."

DEFAULT_SCALE = "standard"
IMPORTED_SCALE = "imported"
UNATTRIBUTED = "unattributed"


class ImportFailed(Exception):
    """A file could not be imported; nothing from it was written."""

    def __init__(self, path: str, reasons: list[str]):
        super().__init__(f"{path}: " + "; ".join(reasons))
        self.path, self.reasons = path, reasons


@dataclass
class ImportReport:
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: int = 0
    records: int = 0
    # (imported draft claim id, public claim id): a review of a statement already public.
    # The import never touches a public claim; an editor decides (curation turns these
    # into changes submitted for review).
    proposals: list[tuple[int, int]] = field(default_factory=list)

    def __str__(self) -> str:
        def describe(counter):
            return ", ".join(f"{n} {name}" for name, n in sorted(counter.items())) or "nothing"

        proposed = (
            f" {len(self.proposals)} matched a public claim: proposed to an editor."
            if self.proposals
            else ""
        )
        return (
            f"{self.records} reviews read. Created {describe(self.created)}. "
            f"Updated {describe(self.updated)}. Unchanged: {self.unchanged}.{proposed}"
        )


# Far deeper than any ClaimReview (a DataFeed of items of reviews of claims with their
# appearances is about 8 levels): deeper is no ClaimReview, and Python's parser and the
# walk over the nodes would run out of stack (RecursionError) on it.
MAX_DEPTH = 64


def check_size(name: str, size: int) -> None:
    """Refuses a file over ``CLAIMREVIEW_UPLOAD_MAX_BYTES`` before it is read: parsing holds
    it whole in memory, several times over."""
    limit = settings.CLAIMREVIEW_UPLOAD_MAX_BYTES
    if size > limit:
        raise ImportFailed(
            name,
            [
                f"the file is {size / 1_000_000:,.1f} MB; the limit is "
                f"{limit / 1_000_000:,.1f} MB (CLAIMREVIEW_UPLOAD_MAX_BYTES). Split it into "
                "smaller files."
            ],
        )


def read_document(path: Path, content: bytes | None = None):
    """The parsed JSON of a ClaimReview file (``content``, or read from ``path``); raises
    ``ImportFailed`` for a file over the size limit, that is not JSON, or that is nested
    deeper than any ClaimReview (``MAX_DEPTH``)."""
    if content is None:
        check_size(str(path), path.stat().st_size)
        content = path.read_bytes()
    else:
        check_size(str(path), len(content))
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(str(path), [f"not JSON: {error}"]) from None
    except RecursionError:
        too_deep = True  # nested beyond what the parser can follow
    else:
        too_deep = _depth_over(document, MAX_DEPTH)
    if too_deep:
        raise ImportFailed(
            str(path), [f"JSON nested more than {MAX_DEPTH} levels deep: not a ClaimReview."]
        )
    return document


def _depth_over(document, limit: int) -> bool:
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


def import_document(
    document, *, name: str, dry_run: bool = False, may_add_ratings: bool = True
) -> ImportReport:
    """Import every review in ``document`` (parsed JSON) or none of them."""
    try:
        parsed = records(document)
    except ParseErrors as errors:
        raise ImportFailed(name, [str(e) for e in errors.errors]) from None
    importer = _Importer(parsed, may_add_ratings=may_add_ratings)
    with transaction.atomic():
        problems = []
        for record in parsed:
            try:
                importer.load(record)
            except ValidationError as error:
                # Field checks run before any write of the record: go on, to name them all.
                problems.append(f"{record.position}: {'; '.join(error.messages)}")
            except (IntegrityError, DataError) as error:
                # The database refused a write: the transaction is spent, stop here.
                problems.append(f"{record.position}: refused by the database ({error})")
                break
        if problems:
            # Leaving the block with an exception rolls the whole file back.
            raise ImportFailed(name, problems)
        if dry_run:
            transaction.set_rollback(True)
    return importer.report


def import_path(path: Path, *, dry_run: bool = False) -> ImportReport:
    """A file, or every .json / .jsonld file of a folder (each file whole or not at all)."""
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in {".json", ".jsonld"})
    else:
        files = [path]
    total = ImportReport()
    for file in files:
        report = import_document(read_document(file), name=str(file), dry_run=dry_run)
        total.created.update(report.created)
        total.updated.update(report.updated)
        total.unchanged += report.unchanged
        total.records += report.records
        total.proposals += report.proposals
    return total


def _checked(obj):
    """Field checks (formats, lengths, choices) on a new row. Constraints, uniqueness and
    foreign keys (all rows this importer just read or wrote) are left to the database, which
    checks them on insert anyway: asking first would cost a query for each, for each row."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
    return obj


class _Importer:
    def __init__(self, records: list[ReviewRecord], *, may_add_ratings: bool = True):
        # Whoever imports without the right to add ratings (a contributor) imports reviews
        # rated on the scales as they are, or nothing.
        self.may_add_ratings = may_add_ratings
        self.report = ImportReport()
        # Lookups made once per file, not once per record: 10,000 records name few outlets,
        # speakers and ratings, and most of their reviews and sources are new.
        self.outlets: dict[str, Outlet] = {}
        self.speakers: dict[str, Speaker] = {}
        self.ratings: dict[tuple, Rating] = {}
        urls = {r.url for r in records}
        self.existing_reviews = set(
            Review.objects.filter(url__in=urls).values_list("url", flat=True)
        )
        work_urls = urls | {
            w.url
            for r in records
            for w in [*r.appearances, *([r.first_appearance] if r.first_appearance else [])]
        }
        self.sources = {s.url: s for s in Source.objects.filter(url__in=work_urls)}
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

    def created(self, obj):
        self.report.created[obj._meta.verbose_name_plural] += 1
        return obj

    def load(self, record: ReviewRecord) -> None:
        self.report.records += 1
        review = None
        if record.url in self.existing_reviews:
            review = Review.objects.select_related("claim").get(url=record.url)
        if review is not None and review.status != PublicationStatus.DRAFT:
            # A curator has taken it further: an import never overwrites their work.
            self.report.unchanged += 1
            return
        reviewer_outlet = self.outlet(record.reviewer)
        if review is None:
            claim = self.claim(record)
            review = Review(claim=claim, url=record.url, status=PublicationStatus.DRAFT)
        rating = self.rating(record.rating)
        values = {
            "rating": rating,
            "summary": record.summary or record.rating.name or record.headline or rating.name,
            "reviewer_name": record.reviewer.name if record.reviewer.is_person else "",
            "reviewer_organisation": reviewer_outlet.name,
            "reviewed_on": record.reviewed_on,
            "updated_on": record.updated_on,
        }
        changed = review.pk is None or any(getattr(review, k) != v for k, v in values.items())
        if not changed:
            self.report.unchanged += 1
            return
        for name, value in values.items():
            setattr(review, name, value)
        is_new = review.pk is None
        _checked(review).save()
        if is_new:
            self.created(review)
            self.link_review_source(record, review.claim, reviewer_outlet)
        else:
            self.report.updated[Review._meta.verbose_name_plural] += 1

    def claim(self, record: ReviewRecord) -> Claim:
        speaker = self.speaker(record.speaker)
        # The same statement reviewed again (by another fact-checker) is the same claim, as
        # long as it has no review yet: a claim carries one verdict.
        existing = self.unreviewed_claims.pop((speaker.pk, record.claim_text), None)
        if existing is not None:
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
            self.report.proposals.append((claim.pk, public))
        first_url = record.first_appearance.url if record.first_appearance else None
        works = list(record.appearances)
        if record.first_appearance and first_url not in {w.url for w in works}:
            works.insert(0, record.first_appearance)
        for work in works:
            # A new claim: none of its appearances exists yet.
            self.created(
                Appearance.objects.create(
                    claim=claim,
                    source=self.source(work),
                    excerpt=record.claim_text,
                    marked_first=work.url == first_url,
                    marked_first_reason=FIRST_APPEARANCE_REASON if work.url == first_url else "",
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
        self.outlets[key] = outlet
        return outlet

    def source(self, work: Work, *, outlet: Outlet | None = None) -> Source:
        if work.url in self.sources:
            return self.sources[work.url]
        if outlet is None and work.publisher is not None:
            outlet = self.outlet(work.publisher)
        source = Source(
            url=work.url,
            title=(work.title or work.url)[:500],
            outlet=outlet,
            published_on=work.published_on,
            # "2023-03" stays a month: no day is made up for it.
            published_on_precision=work.published_on_precision,
            kind=SourceKind.ARTICLE,
        )
        _checked(source).save()
        self.sources[work.url] = source
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
        self.speakers[key] = speaker
        return speaker

    def rating(self, record: RatingRecord) -> Rating:
        key = (record.name.casefold(), record.value, record.best, record.worst)
        if key not in self.ratings:
            self.ratings[key] = self._find_rating(record)
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
            words = record.name or f"{record.value:g}"
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
        # Without a name there is a value; the best rating may be missing.
        out_of = f" of {record.best:g}" if record.best is not None else ""
        name = (record.name or f"{record.value:g}{out_of}")[:100]
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
