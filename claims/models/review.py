"""Fact-checkers' verdicts (reviews on a rating scale) and public corrections."""

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims.models.workflow import PublicationStatus, Publishable, PublishableQuerySet


class RatingScale(models.Model):
    """A publisher's ordered set of ratings (True … False, Unproven)."""

    name = models.CharField(verbose_name=_("name"), max_length=100, unique=True)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    description = models.TextField(verbose_name=_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Rating(models.Model):
    scale = models.ForeignKey(
        RatingScale, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("scale")
    )
    name = models.CharField(
        verbose_name=_("name"), max_length=100, help_text=_("As readers see it: “Mostly false”.")
    )
    slug = models.SlugField(verbose_name=_("slug"), max_length=100)
    position = models.PositiveSmallIntegerField(
        verbose_name=_("position"), help_text=_("Order on the scale, 1 first.")
    )
    value = models.PositiveSmallIntegerField(
        verbose_name=_("value"),
        null=True,
        blank=True,
        help_text=_(
            "Numeric rating for schema.org (higher is truer); "
            "empty for a rating off the true–false line, such as Unproven."
        ),
    )
    description = models.TextField(verbose_name=_("description"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "position"], name="rating_unique_position"),
            models.UniqueConstraint(fields=["scale", "slug"], name="rating_unique_slug"),
            models.UniqueConstraint(fields=["scale", "name"], name="rating_unique_name"),
            models.UniqueConstraint(
                fields=["scale", "value"],
                condition=Q(value__isnull=False),
                name="rating_unique_value",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.scale})"


class Review(Publishable):
    """A fact-checker's verdict on one claim; what becomes schema.org ClaimReview."""

    claim = models.OneToOneField(
        "claims.Claim", on_delete=models.PROTECT, related_name="review", verbose_name=_("claim")
    )
    rating = models.ForeignKey(
        Rating, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("rating")
    )
    summary = models.TextField(
        verbose_name=_("summary"), help_text=_("The verdict in a sentence or two.")
    )
    reasoning = models.TextField(verbose_name=_("reasoning"), blank=True)
    reviewer_name = models.CharField(verbose_name=_("reviewer name"), max_length=255, blank=True)
    reviewer_organisation = models.CharField(
        verbose_name=_("reviewer organisation"), max_length=255
    )
    url = models.URLField(
        verbose_name=_("url"),
        max_length=500,
        blank=True,
        help_text=_("Where the review was first published, when it was imported."),
    )
    reviewed_on = models.DateField(
        verbose_name=_("reviewed on"), help_text=_("When the verdict was first published.")
    )
    updated_on = models.DateField(verbose_name=_("updated on"), null=True, blank=True)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(verbose_name=_("updated at"), auto_now=True)

    history = HistoricalRecords()

    objects = PublishableQuerySet.as_manager()

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        indexes = [
            # The ClaimReview feed, newest verdict first: read in order, not sorted.
            models.Index(
                fields=["-reviewed_on", "-id"],
                condition=Q(status=PublicationStatus.PUBLISHED),
                name="review_published_order",
            ),
        ]
        constraints = [
            *Publishable.Meta.constraints,
            models.UniqueConstraint(
                fields=["url"],
                condition=~Q(url=""),
                name="review_url_unique",
                violation_error_message=_("A review with this URL is already recorded."),
            ),
            models.CheckConstraint(
                condition=Q(updated_on__isnull=True) | Q(updated_on__gte=F("reviewed_on")),
                name="review_updated_after_reviewed",
                violation_error_message=_("The update date cannot be before the review date."),
            ),
        ]

    def __str__(self):
        return f"{self.rating.name}: claim {self.claim_id}"


class Correction(models.Model):
    """A public, dated note that a published claim or its review changed in substance."""

    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("claim"),
    )
    note = models.TextField(
        verbose_name=_("note"), help_text=_("What changed, in words a reader understands.")
    )
    corrected_on = models.DateField(verbose_name=_("corrected on"))
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["corrected_on", "id"]

    def __str__(self):
        return f"Correction of {self.corrected_on:%Y-%m-%d} to claim {self.claim_id}"
