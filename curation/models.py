from django.conf import settings
from django.db import models
from django.db.models import Q

from record.models import Kind


class ChangeRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ChangeRequest(models.Model):
    """A contributor's changes to something public, submitted for an editor to review and
    publish ("Submit changes for review"). Resolved when an editor publishes it."""

    kind = models.CharField(max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    note = models.TextField(blank=True, help_text="What changed and why, for the editor.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "change submitted for review"
        verbose_name_plural = "changes submitted for review"
        constraints = [
            # One open request per document: submitting again updates it.
            models.UniqueConstraint(
                fields=["kind", "object_id"],
                condition=Q(resolved_at__isnull=True),
                name="curation_one_open_change_request",
            )
        ]

    def __str__(self):
        return f"Changes to {self.kind} {self.object_id}"
