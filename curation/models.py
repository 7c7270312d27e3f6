from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from record.models import Kind


class ChangeRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(resolved_at__isnull=True)


class ChangeRequest(models.Model):
    """A contributor's changes to something public, submitted for an editor to review and
    publish ("Submit changes for review"). Resolved when an editor publishes it."""

    kind = models.CharField(verbose_name=_("kind"), max_length=8, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(verbose_name=_("object id"))
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("What changed and why, for the editor.")
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"))
    resolved_at = models.DateTimeField(verbose_name=_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("resolved by"),
    )

    objects = ChangeRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("change submitted for review")
        verbose_name_plural = _("changes submitted for review")
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
