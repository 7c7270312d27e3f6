from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.validators import (
    WIKIDATA_ID_REGEX,
    validate_country_code,
    validate_wikidata_id,
)


class SpeakerKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    UNNAMED_SOURCE = "unnamed_source", _("Unnamed source")


class Speaker(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=255)
    slug = models.SlugField(verbose_name=_("slug"), max_length=255, unique=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=SpeakerKind.choices)
    description = models.TextField(verbose_name=_("description"), blank=True)
    affiliation = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("The organisation the speaker belongs to or speaks for."),
        verbose_name=_("affiliation"),
    )
    country = models.CharField(
        verbose_name=_("country"),
        max_length=2,
        blank=True,
        validators=[validate_country_code],
        help_text=_("ISO code: RU"),
    )
    wikidata_id = models.CharField(
        _("Wikidata id"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata_id],
        help_text=_("Q followed by digits, such as Q42."),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SpeakerKind.values), name="speaker_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(wikidata_id="") | Q(wikidata_id__regex=WIKIDATA_ID_REGEX),
                name="speaker_wikidata_id_format",
                violation_error_message=_("A Wikidata id is the letter Q followed by digits."),
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="speaker_wikidata_id_unique",
                violation_error_message=_("Another speaker already has this Wikidata id."),
            ),
            models.CheckConstraint(
                condition=~Q(affiliation=models.F("pk")),
                name="speaker_not_own_affiliation",
                violation_error_message=_("A speaker cannot be its own affiliation."),
            ),
            # "A source in the Defense Ministry" means nothing without the ministry.
            models.CheckConstraint(
                condition=~Q(kind=SpeakerKind.UNNAMED_SOURCE) | Q(affiliation__isnull=False),
                name="speaker_unnamed_source_has_affiliation",
                violation_error_message=_("An unnamed source must belong to an organisation."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("speaker-detail", kwargs={"slug": self.slug})


class SpeakerAlias(models.Model):
    """Another name the speaker goes by ("SDF"; "IS", "ISIS", "Daesh"), for search and
    de-duplication."""

    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="aliases", verbose_name=_("speaker")
    )
    name = models.CharField(verbose_name=_("name"), max_length=255)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("speaker aliases")
        constraints = [
            models.UniqueConstraint(fields=["speaker", "name"], name="speaker_alias_unique"),
        ]

    def __str__(self):
        return self.name
