from django.db import models
from django.db.models import F, Func, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from factcheck.validators import (
    WIKIDATA_ID_REGEX,
    validate_country_code,
    validate_wikidata_id,
)


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    UNNAMED_SOURCE = "unnamed_source", "Unnamed source"


class HasPublishedClaimAtOrBelow(Func):
    """EXISTS a published claim by the speaker, or by anyone below it in the affiliation tree
    (its members, their members, and so on). Recursive, so it holds at any depth; UNION keeps
    the walk finite when affiliations form a cycle."""

    output_field = models.BooleanField()

    def as_sql(self, compiler, connection, **extra_context):
        from claims.models.claim import Claim
        from claims.models.workflow import PublicationStatus

        speaker_sql, params = compiler.compile(self.source_expressions[0])
        quote = connection.ops.quote_name
        speakers, claims = quote(Speaker._meta.db_table), quote(Claim._meta.db_table)
        sql = f"""EXISTS (
            WITH RECURSIVE below(id) AS (
                SELECT {speaker_sql}
                UNION
                SELECT member.id FROM {speakers} member
                JOIN below ON member.affiliation_id = below.id
            )
            SELECT 1 FROM {claims} claim JOIN below ON claim.speaker_id = below.id
            WHERE claim.status = %s
        )"""
        return sql, (*params, PublicationStatus.PUBLISHED)


class SpeakerQuerySet(models.QuerySet):
    def published(self):
        """Speakers a reader can meet: those with a published claim, and the organisations
        above them, however many steps up (a speaker page links to its affiliation, and that
        page to its own)."""
        return self.filter(HasPublishedClaimAtOrBelow(F("pk")))


class Speaker(models.Model):
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=255, unique=True)
    kind = models.CharField(max_length=16, choices=SpeakerKind.choices)
    description = models.TextField(blank=True)
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text="The organisation the speaker belongs to or speaks for.",
    )
    country = models.CharField(
        max_length=2, blank=True, validators=[validate_country_code], help_text="ISO code: RU"
    )
    wikidata_id = models.CharField(
        "Wikidata id",
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
        help_text="Q followed by digits, such as Q42.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_REGEX),
                name="speaker_wikidata_id_format",
                violation_error_message="A Wikidata id is the letter Q followed by digits.",
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="speaker_wikidata_id_unique",
                violation_error_message="Another speaker already has this Wikidata id.",
            ),
            models.CheckConstraint(
                condition=~Q(affiliation=models.F("pk")),
                name="speaker_not_own_affiliation",
                violation_error_message="A speaker cannot be its own affiliation.",
            ),
            # "A source in the Defense Ministry" means nothing without the ministry.
            models.CheckConstraint(
                condition=~Q(kind=SpeakerKind.UNNAMED_SOURCE) | Q(affiliation__isnull=False),
                name="speaker_unnamed_source_has_affiliation",
                violation_error_message="An unnamed source must belong to an organisation.",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("speaker-detail", kwargs={"slug": self.slug})


class SpeakerAlias(models.Model):
    """Another name the speaker goes by ("SDF"; "IS", "ISIS", "Daesh"), for search and
    de-duplication."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=255)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "speaker aliases"
        constraints = [
            models.UniqueConstraint(fields=["speaker", "name"], name="speaker_alias_unique"),
        ]

    def __str__(self):
        return self.name
