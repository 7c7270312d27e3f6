"""A research release: one bundle of files, written once from the published record as it
stood at ``last_seq`` (the change feed's position), kept in the "releases" storage under
``<name>/``. The row is written after every file is, so a listed release is whole."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

NAME_PREFIX = "seq-"


def release_name(last_seq: int) -> str:
    """The name of the release of the record at ``last_seq``: the same record, the same
    name (``seq-42``)."""
    return f"{NAME_PREFIX}{last_seq}"


class Release(models.Model):
    name = models.CharField(
        max_length=40,
        unique=True,
        validators=[RegexValidator(r"\Aseq-[0-9]+\Z")],
        help_text="seq-<last_seq>: where the storage keeps its files, and its address.",
    )
    last_seq = models.PositiveBigIntegerField(
        unique=True, help_text="The change feed's last seq the bundle holds (0: empty record)."
    )
    record_changed_at = models.DateTimeField(
        null=True, blank=True, help_text="When that version was published."
    )
    format_version = models.PositiveSmallIntegerField()
    files = models.JSONField(
        help_text='The bundle\'s files, by name: [{"name", "size", "sha256", "media_type"}].'
    )
    counts = models.JSONField(help_text="Rows in each table, by table name.")
    created_at = models.DateTimeField(default=timezone.now, help_text="When it was written.")

    class Meta:
        ordering = ["-last_seq"]
        constraints = [
            models.CheckConstraint(
                condition=Q(name__startswith=NAME_PREFIX), name="releases_release_name"
            )
        ]

    def __str__(self):
        return self.name

    def file(self, filename: str) -> dict | None:
        """The manifest entry of one of its files, or None."""
        return next((entry for entry in self.files if entry["name"] == filename), None)

    @property
    def digest(self) -> str:
        """The SHA-256 of its ``SHA256SUMS``, which names every other file's: one value
        that identifies the whole bundle."""
        return self.file("SHA256SUMS")["sha256"]
