"""The publication workflow shared by claims and reviews: draft → in review → published,
and withdrawn (a published item taken down, which keeps its address and says why)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class PublishableQuerySet(models.QuerySet):
    def published(self):
        """What readers and partners may see. Every public read starts here."""
        return self.filter(status=PublicationStatus.PUBLISHED)


class Publishable(models.Model):
    status = models.CharField(
        verbose_name=_("status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.DRAFT,
        db_index=True,
    )
    published_at = models.DateTimeField(
        verbose_name=_("published at"),
        null=True,
        blank=True,
        help_text=_("When it was first published."),
    )
    withdrawn_at = models.DateTimeField(verbose_name=_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(
        verbose_name=_("withdrawn reason"),
        blank=True,
        help_text=_("Shown to readers at the withdrawn item's address."),
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=PublicationStatus.values),
                name="%(app_label)s_%(class)s_status_valid",
            ),
            # Anything that has been public carries the date it went public.
            models.CheckConstraint(
                condition=Q(status__in=[PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW])
                | Q(published_at__isnull=False),
                name="%(app_label)s_%(class)s_published_has_date",
            ),
            # Readers are told when and why a withdrawn item was taken down.
            models.CheckConstraint(
                condition=~Q(status=PublicationStatus.WITHDRAWN)
                | (Q(withdrawn_at__isnull=False) & ~Q(withdrawn_reason="")),
                name="%(app_label)s_%(class)s_withdrawn_has_reason",
            ),
        ]

    def save(self, *args, **kwargs):
        self.stamp_status_dates()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.stamp_status_dates()
        if self.status == PublicationStatus.WITHDRAWN and not self.withdrawn_reason.strip():
            raise ValidationError(
                {"withdrawn_reason": _("Say why it is withdrawn: readers see the reason.")},
                code="no_reason",
            )
        if self.status == PublicationStatus.WITHDRAWN and self.published_at is None:
            raise ValidationError(
                {"status": _("Only a published item can be withdrawn.")}, code="not_published"
            )

    def stamp_status_dates(self) -> None:
        """Keep the dates in step with the status, whichever way it was set (a form, an
        action, the shell): first publication kept, withdrawal dated, a republished item's
        withdrawal cleared."""
        if self.status == PublicationStatus.PUBLISHED:
            self.published_at = self.published_at or timezone.now()
            self.withdrawn_at = None
            self.withdrawn_reason = ""
        elif self.status == PublicationStatus.WITHDRAWN:
            self.withdrawn_at = self.withdrawn_at or timezone.now()

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_withdrawn(self) -> bool:
        return self.status == PublicationStatus.WITHDRAWN

    def submit_for_review(self) -> None:
        if self.status != PublicationStatus.DRAFT:
            raise ValidationError(_("Only a draft can be submitted for review."), code="not_draft")
        self.status = PublicationStatus.IN_REVIEW
        self.save(update_fields=["status", "updated_at"])

    def publish(self) -> None:
        """Publish, keeping the first publication date when an item is published again."""
        self.status = PublicationStatus.PUBLISHED
        self.save(
            update_fields=[
                "status",
                "published_at",
                "withdrawn_at",
                "withdrawn_reason",
                "updated_at",
            ]
        )

    def withdraw(self, *, reason: str) -> None:
        if self.status != PublicationStatus.PUBLISHED:
            raise ValidationError(
                _("Only a published item can be withdrawn."), code="not_published"
            )
        if not reason.strip():
            raise ValidationError(
                _("Say why it is withdrawn: readers see the reason."), code="reason"
            )
        self.status = PublicationStatus.WITHDRAWN
        self.withdrawn_reason = reason.strip()
        self.save(update_fields=["status", "withdrawn_at", "withdrawn_reason", "updated_at"])
