"""Where statements were published: outlets (publishers) and sources (single documents)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.dates import DatePrecision, format_span, normalize_partial_date, validate_bounds
from core.validators import validate_country_code, validate_language_code


class OutletKind(models.TextChoices):
    NEWS_AGENCY = "news_agency", _("News agency")
    NEWSPAPER = "newspaper", _("Newspaper")
    BROADCASTER = "broadcaster", _("Broadcaster")
    GOVERNMENT = "government", _("Government")
    NGO = "ngo", _("NGO")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER = "other", _("Other")


class Outlet(models.Model):
    name = models.CharField(verbose_name=_("name"), max_length=255, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=255, unique=True)
    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=OutletKind.choices)
    homepage = models.URLField(verbose_name=_("homepage"), max_length=500, blank=True)
    country = models.CharField(
        verbose_name=_("country"), max_length=2, blank=True, validators=[validate_country_code]
    )
    language = models.CharField(
        verbose_name=_("language"), max_length=35, blank=True, validators=[validate_language_code]
    )
    notes = models.TextField(
        verbose_name=_("notes"), blank=True, help_text=_("Ownership, editorial line, reliability.")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OutletKind.values), name="outlet_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name


class SourceKind(models.TextChoices):
    ARTICLE = "article", _("Article")
    PRESS_RELEASE = "press_release", _("Press release")
    TRANSCRIPT = "transcript", _("Transcript")
    VIDEO = "video", _("Video")
    SOCIAL_POST = "social_post", _("Social post")
    OFFICIAL_REPORT = "official_report", _("Official report")
    DATASET = "dataset", _("Dataset")
    OTHER = "other", _("Other")


class Source(models.Model):
    """One document. Its text is kept verbatim: curators annotate, never silently edit what a
    source printed."""

    title = models.CharField(verbose_name=_("title"), max_length=500)
    url = models.URLField(
        _("URL"),
        max_length=1000,
        blank=True,
        help_text=_("The document's own address on the web, when it has one."),
    )
    outlet = models.ForeignKey(
        Outlet,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("outlet"),
    )
    authors = models.CharField(
        verbose_name=_("authors"), max_length=500, blank=True, help_text=_("As printed.")
    )
    published_on = models.DateField(
        verbose_name=_("published on"),
        null=True,
        blank=True,
        help_text=_(
            "For month or year precision, any day in that month or year; "
            "it is stored as the first."
        ),
    )
    published_on_precision = models.CharField(
        verbose_name=_("published on precision"),
        max_length=5,
        choices=DatePrecision.choices,
        blank=True,
    )
    published_not_before = models.DateField(_("not before"), null=True, blank=True)
    published_not_after = models.DateField(_("not after"), null=True, blank=True)
    published_on_note = models.CharField(
        verbose_name=_("published on note"),
        max_length=255,
        blank=True,
        help_text=_("How the date or its bounds were worked out."),
    )
    language = models.CharField(
        verbose_name=_("language"), max_length=35, blank=True, validators=[validate_language_code]
    )
    kind = models.CharField(
        verbose_name=_("kind"),
        max_length=16,
        choices=SourceKind.choices,
        default=SourceKind.ARTICLE,
    )
    dateline = models.CharField(
        verbose_name=_("dateline"), max_length=255, blank=True, help_text=_("“MOSCOW”")
    )
    archive_url = models.URLField(_("archived copy URL"), max_length=1000, blank=True)
    archived_at = models.DateTimeField(_("archived at"), null=True, blank=True)
    full_text = models.TextField(
        verbose_name=_("full text"),
        blank=True,
        help_text=_("The document's text exactly as published, defects included."),
    )
    notes = models.TextField(
        verbose_name=_("notes"), blank=True, help_text=_("A curator's notes on the document.")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-published_on", "-id"]
        indexes = [
            # The sitemap's lastmod: the newest public source, found from the newest down.
            models.Index(fields=["updated_at"], name="source_updated_at"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="source_url_unique",
                violation_error_message=_("A source with this URL is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(published_on_precision__in=[*DatePrecision.values, ""]),
                name="source_published_on_precision_valid",
            ),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True, published_on_precision="")
                | (Q(published_on__isnull=False) & ~Q(published_on_precision="")),
                name="source_published_on_has_precision",
                violation_error_message=_(
                    "A date needs a precision, and a precision needs a date."
                ),
            ),
            models.CheckConstraint(
                condition=Q(published_not_before__isnull=True)
                | Q(published_not_after__isnull=True)
                | Q(published_not_before__lte=models.F("published_not_after")),
                name="source_published_bounds_ordered",
                violation_error_message=_("“Not before” must come before “not after”."),
            ),
            models.CheckConstraint(
                condition=Q(archived_at__isnull=True) | ~Q(archive_url=""),
                name="source_archived_at_needs_archive_url",
                violation_error_message=_("An archive date needs the archived copy's URL."),
            ),
        ]

    def __str__(self):
        return f"{self.outlet.name}: {self.title}" if self.outlet_id else self.title

    def save(self, *args, **kwargs):
        self._settle_date()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("source-detail", kwargs={"pk": self.pk})

    def clean(self):
        super().clean()
        self._settle_date()
        # The bounds must be ordered and leave part of the date's period (core.dates).
        validate_bounds(
            self.published_on,
            self.published_on_precision,
            self.published_not_before,
            self.published_not_after,
            not_before_field="published_not_before",
            not_after_field="published_not_after",
        )

    @property
    def published_on_display(self) -> str:
        """The date as readers see it, bounds included: "November 2017", "on or before
        31 May 2017"."""
        return format_span(
            self.published_on,
            self.published_on_precision,
            self.published_not_before,
            self.published_not_after,
        )

    def _settle_date(self) -> None:
        # A date given without a precision is a day (what every importer and form before
        # precisions meant); the stored form is canonical, so equal partial dates compare and
        # sort equal (as Claim.save).
        if self.published_on is None:
            self.published_on_precision = ""
        elif not self.published_on_precision:
            self.published_on_precision = DatePrecision.DAY
        self.published_on = normalize_partial_date(self.published_on, self.published_on_precision)
