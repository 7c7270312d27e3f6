"""A deterministic, realistic corpus for benchmarks and load tests: speakers (people,
organisations, unnamed sources), outlets, sources, claims in several languages with
appearances, denial chains of varied depth, evidence, reviews and topics.

Written in batches (COPY on PostgreSQL, ``bulk_create`` elsewhere) with ids assigned here,
so a million claims load in minutes; the history is not written for generated rows (they
are not curated), and the search vectors and the public data version are brought up to
date at the end. On PostgreSQL the claim table's own indexes (the trigram and full-text
GIN indexes above all) are set aside while it fills and built again once at the end:
building an index from sorted rows is many times faster than growing it row by row, and
the search-vector update would otherwise write a new entry into every one of them for
every claim.
"""

from __future__ import annotations

import datetime
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Evidence,
    LinkType,
    PublicationStatus,
    Rating,
    Review,
    Speaker,
    SpeakerKind,
    Stance,
    Tag,
)
from core.bulk_write import insert_rows
from core.dates import DatePrecision
from record.bulk import publish_in_bulk
from record.models import Kind, PublicDataVersion
from sources.models import Outlet, OutletKind, Source, SourceKind

VOCABULARY = {
    "en": (
        "the government minister army agreement corridor militants city border election "
        "vaccine economy prices unemployment report strike column attack ceasefire "
        "refugees aid budget tax schools hospitals water energy gas oil grain exports"
    ).split(),
    "ru": (
        "правительство министр армия соглашение коридор боевики город граница выборы "
        "вакцина экономика цены безработица доклад удар колонна атака перемирие"
    ).split(),
    "es": (
        "gobierno ministro ejército acuerdo corredor militantes ciudad frontera "
        "elecciones vacuna economía precios desempleo informe ataque columna alto el "
        "fuego"
    ).split(),
    "fr": (
        "gouvernement ministre armée accord corridor militants ville frontière élections "
        "vaccin économie prix chômage rapport frappe colonne attaque cessez-le-feu"
    ).split(),
    "de": (
        "Regierung Minister Armee Abkommen Korridor Kämpfer Stadt Grenze Wahlen Impfstoff "
        "Wirtschaft Preise Arbeitslosigkeit Bericht Angriff Kolonne Waffenruhe"
    ).split(),
}
LANGUAGES = ["en"] * 14 + ["ru"] * 2 + ["es"] * 2 + ["fr", "de"]
BATCH = 5000


def _batches(rows: Iterator, size: int = BATCH) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Progress:
    """A one-line progress bar on standard error."""

    def __init__(self, label: str, total: int, out=sys.stderr, enabled: bool = True):
        self.label, self.total, self.out, self.enabled, self.done = label, total, out, enabled, 0

    def advance(self, count: int) -> None:
        self.done += count
        if self.enabled and self.total:
            filled = int(30 * self.done / self.total)
            bar = "#" * filled + "-" * (30 - filled)
            self.out.write(f"\r{self.label:<12} [{bar}] {self.done:>9,}/{self.total:,}")
            if self.done >= self.total:
                self.out.write("\n")
            self.out.flush()


@contextmanager
def _indexes_set_aside(table: str, *, progress: bool):
    """Drop ``table``'s indexes that back no constraint, and build them again on the way
    out, in the same transaction (PostgreSQL; elsewhere nothing happens)."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s AND indexname "
            "NOT IN (SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass)",
            [table, table],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    bar = Progress("indexes", len(indexes), enabled=progress)
    with connection.cursor() as cursor:
        # Django's foreign keys are checked at commit; an index cannot be built on a table
        # with checks pending, so they run now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for _, definition in indexes:
            cursor.execute(definition)
            bar.advance(1)


def generate_corpus(
    *, claims: int, seed: int, progress: bool = True, publish: bool = True
) -> dict[str, int]:
    """Add ``claims`` generated claims (and what they need) drawn from ``seed``; with
    ``publish``, the published and withdrawn ones get their first version in the record
    (``record.bulk``), as ``publish_claims`` would give them. Returns the rows written by
    label (``counts["claims"]``) and, when published, ``counts["record seconds"]``.
    Raises ``RuntimeError`` when the seeds' rating scale is missing."""
    rng = random.Random(seed)
    now = timezone.now()
    counts: dict[str, int] = {}

    def next_id(model) -> int:
        return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1

    def insert(model, rows: Callable[[int], Iterator], total: int, label: str) -> list[int]:
        start = next_id(model)
        bar = Progress(label, total, enabled=progress)
        ids = []
        for batch in _batches(rows(start)):
            insert_rows(model, batch)
            ids.extend(obj.pk for obj in batch)
            bar.advance(len(batch))
        counts[label] = len(ids)  # the total was an estimate for the bar
        return ids

    with transaction.atomic():
        with _indexes_set_aside(Claim._meta.db_table, progress=progress):
            claim_ids = _generate(rng, now, claims, seed, counts, insert, progress)
        if publish:
            # What the generator made public goes into the published record the way an
            # editor's publish would put it there, without the editor's cascade.
            started = time.perf_counter()
            bar = Progress("record", len(claim_ids), enabled=progress)
            result = publish_in_bulk(claim_ids, on_batch=bar.advance)
            bar.advance(len(claim_ids) - bar.done)  # drafts are not published
            counts["record versions"] = result.versions
            seconds = time.perf_counter() - started
            if progress:
                rate = result.documents[Kind.CLAIM] / seconds if seconds else 0
                sys.stderr.write(
                    f"record: {result.documents[Kind.CLAIM]:,} claims published in "
                    f"{seconds:.1f} s ({rate:,.0f} claims/s)\n"
                )
        transaction.on_commit(PublicDataVersion.bump)
    return counts


def _generate(rng, now, claims, seed, counts, insert, progress) -> list[int]:
    """Write the corpus's working rows (in ``insert``'s batches); returns the claims' ids."""
    tags = [
        Tag.objects.get_or_create(slug=f"topic-{n}", defaults={"name": f"Topic {n}"})[0]
        for n in range(40)
    ]
    ratings = list(Rating.objects.filter(scale__slug="standard"))
    if not ratings:
        raise RuntimeError("The standard rating scale is missing: run loadseeds first.")

    n_orgs, n_people, n_unnamed = (
        max(claims // 400, 5),
        max(claims // 60, 10),
        max(claims // 500, 2),
    )
    n_outlets, n_sources = max(claims // 2000, 10), max(claims // 3, 10)

    def organisations(start):
        for i in range(n_orgs):
            yield Speaker(
                id=start + i, name=f"Organisation {start + i}", slug=f"org-{start + i}",
                kind=SpeakerKind.ORGANISATION, country=rng.choice(["RU", "US", "SY", "FR"]),
            )  # fmt: skip

    org_ids = insert(Speaker, organisations, n_orgs, "organisations")

    def people(start):
        for i in range(n_people + n_unnamed):
            unnamed = i >= n_people
            yield Speaker(
                id=start + i,
                name=f"{'A source in' if unnamed else 'Person'} {start + i}",
                slug=f"speaker-{start + i}",
                kind=SpeakerKind.UNNAMED_SOURCE if unnamed else SpeakerKind.PERSON,
                affiliation_id=rng.choice(org_ids) if unnamed or rng.random() < 0.5 else None,
            )

    speaker_ids = org_ids + insert(Speaker, people, n_people + n_unnamed, "speakers")

    def outlets(start):
        for i in range(n_outlets):
            yield Outlet(
                id=start + i, name=f"Outlet {start + i}", slug=f"outlet-{start + i}",
                kind=rng.choice(OutletKind.values),
                homepage=f"https://outlet{start + i}.example/",
            )  # fmt: skip

    outlet_ids = insert(Outlet, outlets, n_outlets, "outlets")
    first_day = datetime.date(2010, 1, 1)

    def sources(start):
        for i in range(n_sources):
            yield Source(
                id=start + i,
                title=f"Report {start + i}",
                url=f"https://news.example/{seed}/{start + i}",
                outlet_id=rng.choice(outlet_ids),
                published_on=first_day + datetime.timedelta(days=rng.randrange(5400)),
                published_on_precision=DatePrecision.DAY,
                language="en",
                kind=SourceKind.ARTICLE,
            )

    source_ids = insert(Source, sources, n_sources, "sources")

    def claim_rows(start):
        for i in range(claims):
            language = rng.choice(LANGUAGES)
            words = rng.choices(VOCABULARY[language], k=rng.randint(8, 18))
            precision = rng.choices(
                [DatePrecision.DAY, DatePrecision.MONTH, DatePrecision.YEAR], [85, 12, 3]
            )[0]
            day = first_day + datetime.timedelta(days=rng.randrange(5400))
            roll = rng.random()
            status = (
                PublicationStatus.PUBLISHED if roll < 0.95
                else PublicationStatus.DRAFT if roll < 0.98
                else PublicationStatus.WITHDRAWN
            )  # fmt: skip
            claim = Claim(
                id=start + i,
                text=" ".join(words).capitalize() + f" ({start + i}).",
                is_quote=rng.random() < 0.4,
                language=language,
                speaker_id=rng.choice(speaker_ids),
                stated_on=day,
                stated_on_precision=precision,
                status=status,
                published_at=now if status != PublicationStatus.DRAFT else None,
                withdrawn_at=now if status == PublicationStatus.WITHDRAWN else None,
                withdrawn_reason="Generated withdrawal."
                if status == PublicationStatus.WITHDRAWN
                else "",
            )
            claim.stamp_status_dates()
            claim.stated_on = day if precision == "day" else day.replace(day=1)
            yield claim

    claim_ids = insert(Claim, claim_rows, claims, "claims")
    first_claim = claim_ids[0]

    def appearances(start):
        n = 0
        for claim_id in claim_ids:
            for source_id in rng.sample(source_ids, rng.randint(1, 2)):
                yield Appearance(
                    id=start + n, claim_id=claim_id, source_id=source_id,
                    excerpt=f"As reported: claim {claim_id}.",
                )  # fmt: skip
                n += 1

    insert(Appearance, appearances, int(claims * 1.5), "appearances")

    # Denials: about one claim in ten denies an earlier one, so chains of every depth
    # form (a denial of a denial of …).
    def denials(start):
        n = 0
        for claim_id in claim_ids[1:]:
            if rng.random() < 0.1:
                yield ClaimLink(
                    id=start + n,
                    from_claim_id=claim_id,
                    to_claim_id=rng.randint(max(first_claim, claim_id - 50), claim_id - 1),
                    type=LinkType.DENIES,
                )
                n += 1

    insert(ClaimLink, denials, claims // 10, "denials")

    def evidence(start):
        n = 0
        for claim_id in claim_ids:
            if rng.random() < 0.2:
                backing = rng.choice(claim_ids)
                yield Evidence(
                    id=start + n, claim_id=claim_id,
                    stance=rng.choice(Stance.values), source_id=rng.choice(source_ids),
                    backing_claim_id=backing if backing != claim_id else None,
                    note="Generated evidence.",
                )  # fmt: skip
                n += 1

    insert(Evidence, evidence, claims // 5, "evidence")

    def reviews(start):
        n = 0
        for claim_id in claim_ids:
            if rng.random() < 0.15:
                yield Review(
                    id=start + n, claim_id=claim_id, rating=rng.choice(ratings),
                    summary="Generated verdict.", reviewer_organisation="Generated Desk",
                    reviewed_on=first_day + datetime.timedelta(days=rng.randrange(5400)),
                    status=PublicationStatus.PUBLISHED, published_at=now,
                )  # fmt: skip
                n += 1

    insert(Review, reviews, int(claims * 0.15), "reviews")

    through = Claim.tags.through
    tag_bar = Progress("topics", claims, enabled=progress)
    for batch in _batches(iter(claim_ids)):
        insert_rows(
            through,
            [
                through(claim_id=claim_id, tag_id=tag.pk)
                for claim_id in batch
                for tag in rng.sample(tags, rng.randint(0, 3))
            ],
        )
        tag_bar.advance(len(batch))

    # Ids were assigned here: move PostgreSQL's sequences past them.
    models = [Speaker, Outlet, Source, Claim, Appearance, ClaimLink, Evidence, Review]
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)
    search_bar = Progress("search", claims, enabled=progress)
    for batch in _batches(iter(claim_ids), 20_000):
        Claim.objects.filter(pk__in=batch).update_search_vectors()
        search_bar.advance(len(batch))
    return claim_ids
