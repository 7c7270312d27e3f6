"""The published record (docs/architecture.md): what readers and partners see, kept apart
from the working copy that curators edit.

- ``Version``: one published version of one document, never changed once written. Its
  ``seq`` orders every version of every document in commit order: the change feed.
- ``ClaimDocument``, ``SpeakerDocument``, ``SourceDocument``, ``OutletDocument``: the
  current version of each public document (the head), with the columns that lists,
  filters, ordering and search run on, and the answers stored as JSON text.
- ``Link``: the edges between documents as their published contents state them (a claim's
  speaker, its appearances' sources, the claims it denies, its evidence), so that a
  document shows what links to it and a publish knows which documents show it.

Only ``record.services`` writes these tables.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.cache_counts import get_many_and_count


class Kind(models.TextChoices):
    CLAIM = "claim", _("Claim")
    SPEAKER = "speaker", _("Speaker")
    SOURCE = "source", _("Source")
    OUTLET = "outlet", _("Outlet")


class Event(models.TextChoices):
    # The first version, or the first after a withdrawal: the document (re)appears.
    PUBLISHED = "published", "Published"
    UPDATED = "updated", "Updated"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Version(models.Model):
    """One version of one public document, as it was published. Immutable."""

    seq = models.BigAutoField(primary_key=True, help_text="Commit order across documents.")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    number = models.PositiveIntegerField(help_text="1 for the first version, then 2, 3, …")
    event = models.CharField(max_length=9, choices=Event.choices)
    published_at = models.DateTimeField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The editor who published it; empty when a document showing another was "
        "updated with it, or the account is gone. Never shown to the public.",
    )
    summary = models.CharField(
        max_length=500, blank=True, help_text="What changed, in words: “Verdict: False”."
    )
    changes = models.JSONField(
        default=dict,
        blank=True,
        help_text='Fields changed ({"text": null, "verdict": {"from": …, "to": …}}), or '
        '{"reason": …} for a withdrawal.',
    )
    content = models.JSONField(
        null=True,
        blank=True,
        help_text="The document's own published content; null when withdrawn.",
    )
    body = models.TextField(help_text="The API answer at this version, as JSON text.")

    class Meta:
        ordering = ["seq"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "number"], name="record_version_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="record_version_number"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="record_version_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(event__in=Event.values), name="record_version_event_valid"
            ),
        ]
        indexes = [models.Index(fields=["kind", "object_id", "number"], name="record_version_doc")]

    def __str__(self):
        return f"{self.kind} {self.object_id} v{self.number} ({self.event})"

    def save(self, *args, **kwargs):
        # Written once: the record is what it said, whoever asks later.
        if self.pk is not None and not self._state.adding:
            raise ValidationError("A published version is never changed.", code="immutable")
        super().save(*args, **kwargs)


class DocumentQuerySet(models.QuerySet):
    def live(self):
        """Documents readers and partners see: published, not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Document(models.Model):
    """The head of one public document: its current version, stored whole."""

    # The working object's id: the document keeps the address it was published at.
    id = models.PositiveBigIntegerField(primary_key=True)
    version = models.PositiveIntegerField()
    version_published_at = models.DateTimeField()
    first_published_at = models.DateTimeField()
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)
    content = models.JSONField(help_text="The last published content (working copy snapshot).")
    summary = models.JSONField(help_text="How other documents show this one.")
    body = models.TextField(help_text="The detail answer, JSON text.")
    card = models.TextField(
        blank=True, help_text="The list item, JSON text; empty when withdrawn."
    )

    objects = DocumentQuerySet.as_manager()

    kind: Kind

    class Meta:
        abstract = True

    def __str__(self):
        state = "live" if self.is_live else "withdrawn"
        return f"{self.kind} {self.pk} v{self.version} ({state})"

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None


class ClaimDocument(Document):
    kind = Kind.CLAIM

    text = models.TextField()
    language = models.CharField(max_length=35)
    speaker_id = models.PositiveBigIntegerField(db_index=True)
    speaker_slug = models.CharField(max_length=255, db_index=True)
    stated_on = models.DateField(null=True, blank=True)
    stated_on_precision = models.CharField(max_length=5, blank=True)
    # Undated claims sort as the oldest, so a cursor never compares with NULL.
    stated_sort = models.DateField()
    # The span the statement can have been made in: its date's period narrowed by its
    # bounds (core.dates.span); None where open. Date filters select the claims whose span
    # overlaps the range asked for.
    stated_earliest = models.DateField(null=True, blank=True)
    stated_latest = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(help_text="When this version was published.")
    rating = models.CharField(max_length=100, blank=True, help_text="The verdict's slug.")
    reviewed_on = models.DateField(
        null=True, blank=True, help_text="When the verdict was published."
    )
    denial_count = models.PositiveIntegerField(default=0)
    evidence_count = models.PositiveIntegerField(default=0)
    # What search reads: the text, the original text and the excerpts, one line each, in
    # their search form (claims.search.search_form; record.search builds the vector).
    search_text = models.TextField(blank=True)
    search_config = models.CharField(max_length=20, default="simple")
    # The configuration of the original text's language (original_language).
    original_search_config = models.CharField(max_length=20, default="simple")
    search_vector = SearchVectorField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(
                "stated_sort",
                "id",
                condition=Q(withdrawn_at__isnull=True),
                name="record_claim_stated",
            ),
            models.Index(
                "updated_at", "id", condition=Q(withdrawn_at__isnull=True), name="record_claim_upd"
            ),
            models.Index(
                "first_published_at",
                "id",
                condition=Q(withdrawn_at__isnull=True),
                name="record_claim_first_pub",
            ),
            # The ClaimReview feed's order.
            models.Index(
                "reviewed_on",
                "id",
                condition=Q(withdrawn_at__isnull=True, reviewed_on__isnull=False),
                name="record_claim_reviewed",
            ),
        ]


class ClaimTopic(models.Model):
    """A published claim's topic, by slug (what the ``tag`` filter reads)."""

    claim = models.ForeignKey(ClaimDocument, on_delete=models.CASCADE, related_name="topics")
    slug = models.SlugField(max_length=100)
    name = models.CharField(max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["claim", "slug"], name="record_claim_topic_unique")
        ]
        indexes = [models.Index(fields=["slug", "claim"], name="record_topic_slug")]

    def __str__(self):
        return self.name


class SpeakerDocument(Document):
    kind = Kind.SPEAKER

    slug = models.SlugField(max_length=255, unique=True)
    name = models.CharField(max_length=255)
    speaker_kind = models.CharField(max_length=16)
    country = models.CharField(max_length=2, blank=True)
    # The name and every alias, one per line: what the name search reads.
    names = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["name", "id"], name="record_speaker_name")]


class OutletDocument(Document):
    kind = Kind.OUTLET

    name = models.CharField(max_length=255)
    outlet_kind = models.CharField(max_length=16)
    country = models.CharField(max_length=2, blank=True)


class SourceDocument(Document):
    kind = Kind.SOURCE

    title = models.CharField(max_length=500)
    outlet_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    source_kind = models.CharField(max_length=16)
    language = models.CharField(max_length=35, blank=True)
    published_on = models.DateField(null=True, blank=True)


DOCUMENT_MODELS = {
    Kind.CLAIM: ClaimDocument,
    Kind.SPEAKER: SpeakerDocument,
    Kind.SOURCE: SourceDocument,
    Kind.OUTLET: OutletDocument,
}


class Relation(models.TextChoices):
    SPEAKER = "speaker", "said by"
    APPEARANCE = "appearance", "reported in"
    # The typed links between claims (claims.LinkType), each its own relation, so that a
    # claim's incoming links of one type are one indexed lookup.
    DENIES = "denies", "denies"
    CONFIRMS = "confirms", "confirms"
    RETRACTS = "retracts", "retracts"
    CLARIFIES = "clarifies", "clarifies"
    REPEATS = "repeats", "repeats"
    COUNTER_ACCUSES = "counter_accuses", "counter-accuses"
    RELAY = "relay", "is relayed from"
    # A speaker on whose affiliation a claim's independence count depends (the claimant's
    # and its corroborating statements' speakers, up to the top): publishing one of them
    # writes the claim again.
    SIDE = "side", "counts the side of"
    EVIDENCE = "evidence", "is evidence from"
    AFFILIATION = "affiliation", "belongs to"
    OUTLET = "outlet", "published by"


class Link(models.Model):
    """An edge of the record: document ``from`` links to document ``to``, as the published
    content of ``from`` says. Kept for live documents only."""

    from_kind = models.CharField(max_length=8, choices=Kind.choices)
    from_id = models.PositiveBigIntegerField()
    relation = models.CharField(max_length=16, choices=Relation.choices)
    to_kind = models.CharField(max_length=8, choices=Kind.choices)
    to_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["from_kind", "from_id", "relation", "to_kind", "to_id"],
                name="record_link_unique",
            )
        ]
        indexes = [
            models.Index(fields=["to_kind", "to_id", "relation"], name="record_link_to"),
        ]

    def __str__(self):
        return f"{self.from_kind} {self.from_id} {self.relation} {self.to_kind} {self.to_id}"


class Lock(models.Model):
    """One row, locked by every publish: versions are numbered in commit order, so the
    change feed never shows a later version before an earlier one commits."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)

    def __str__(self):
        return "record lock"


VERSION_CACHE_KEY = "public-data-version"
# Kept in the cache for a minute at a time, not for ever: a bump that could not reach Redis
# (an outage, core/cache_counts.py) leaves it holding an older version, which then names
# stale answers for a minute at most once it is back.
VERSION_CACHE_SECONDS = 60


class PublicDataVersion(models.Model):
    """When curated data last changed: a single row, bumped after every committed write to
    the claims and sources apps. HTTP validators (ETag, Last-Modified) derive from it, so a
    conditional request is answered without building the response."""

    changed_at = models.DateTimeField()

    class Meta:
        # Moved here from the project's app; the table kept its name.
        db_table = "factcheck_publicdataversion"

    def __str__(self):
        return f"Public data changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls) -> "PublicDataVersion":
        shared = settings.PUBLIC_DATA_VERSION_IN_CACHE
        if shared and (changed_at := cache.get(VERSION_CACHE_KEY)) is not None:
            return cls(pk=1, changed_at=changed_at)
        version = cls.objects.filter(pk=1).first()
        version = version or cls.objects.create(pk=1, changed_at=timezone.now())
        if shared:
            cache.set(VERSION_CACHE_KEY, version.changed_at, timeout=VERSION_CACHE_SECONDS)
        return version

    @classmethod
    def current_and_cached(
        cls, keys: list[str], counter: str | None = None, keep_for: int = 0
    ) -> tuple["PublicDataVersion", dict, int]:
        """The current version, what the cache holds under ``keys``, and ``counter``
        counted once (factcheck/cache_counts.py): one round trip to Redis when the version
        lives there (a stored answer's hot path)."""
        if settings.PUBLIC_DATA_VERSION_IN_CACHE:
            found, count, _ = get_many_and_count([VERSION_CACHE_KEY, *keys], counter, keep_for)
            if (changed_at := found.pop(VERSION_CACHE_KEY, None)) is not None:
                return cls(pk=1, changed_at=changed_at), found, count
            return cls.current(), found, count
        found, count, _ = get_many_and_count(keys, counter, keep_for)
        return cls.current(), found, count

    @classmethod
    def bump(cls) -> None:
        changed_at = timezone.now()
        cls.objects.update_or_create(pk=1, defaults={"changed_at": changed_at})
        # Runs after the write is committed (factcheck.signals), so no reader can see the
        # new version before the data it stands for.
        cache.set(VERSION_CACHE_KEY, changed_at, timeout=VERSION_CACHE_SECONDS)
