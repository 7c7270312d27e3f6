"""How claims bear on each other: denials (the dispute thread) and evidence."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from simple_history.models import HistoricalRecords


class Denial(models.Model):
    """``denying_claim`` denies ``denied_claim``. The denying claim is a claim in its own right,
    so it can be denied in turn: that chain is the dispute thread."""

    denying_claim = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, related_name="denials_made"
    )
    denied_claim = models.ForeignKey(
        "claims.Claim", on_delete=models.PROTECT, related_name="denials_received"
    )
    note = models.TextField(blank=True, help_text="A curator's note on the link.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(denying_claim=F("denied_claim")),
                name="denial_not_self",
                violation_error_message="A claim cannot deny itself.",
            ),
            models.UniqueConstraint(
                fields=["denying_claim", "denied_claim"],
                name="denial_unique_pair",
                violation_error_message="This denial is already recorded.",
            ),
        ]

    def __str__(self):
        return f"claim {self.denying_claim_id} denies claim {self.denied_claim_id}"

    def clean(self):
        super().clean()
        # Also checked by the database; said here because an inline form leaves its parent
        # out of constraint validation, and the curator deserves words, not a crash.
        if self.denying_claim_id is not None and self.denying_claim_id == self.denied_claim_id:
            raise ValidationError("A claim cannot deny itself.", code="self_denial")


class Stance(models.TextChoices):
    CORROBORATES = "corroborates", "Corroborates"
    CONTRADICTS = "contradicts", "Contradicts"
    CONTEXT = "context", "Adds context"


class Evidence(models.Model):
    """A source and/or another claim that corroborates, contradicts or adds context to a
    claim."""

    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.CASCADE,
        related_name="evidence",
        help_text="The claim this evidence bears on.",
    )
    stance = models.CharField(max_length=16, choices=Stance.choices)
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text="The document, report or footage.",
    )
    backing_claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_as_evidence",
        help_text="A statement by someone else that bears on the claim.",
    )
    excerpt = models.TextField(blank=True)
    note = models.TextField(blank=True, help_text="Why it bears on the claim.")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=False) | Q(backing_claim__isnull=False),
                name="evidence_has_source_or_claim",
                violation_error_message="Evidence needs a source, a claim, or both.",
            ),
            models.CheckConstraint(
                condition=~Q(backing_claim=F("claim")),
                name="evidence_not_own_claim",
                violation_error_message="A claim cannot be evidence for itself.",
            ),
            models.UniqueConstraint(
                fields=["claim", "backing_claim"],
                condition=Q(backing_claim__isnull=False),
                name="evidence_unique_backing_claim",
                violation_error_message="This claim is already evidence here.",
            ),
            models.UniqueConstraint(
                fields=["claim", "source"],
                condition=Q(backing_claim__isnull=True),
                name="evidence_unique_source",
                violation_error_message="This source is already evidence here.",
            ),
        ]

    def __str__(self):
        backing = f"claim {self.backing_claim_id}" if self.backing_claim_id else self.source
        return f"{backing} {self.get_stance_display().lower()} claim {self.claim_id}"

    def clean(self):
        super().clean()
        # As Denial.clean: the inline form does not validate constraints on its parent.
        if self.claim_id is not None and self.claim_id == self.backing_claim_id:
            raise ValidationError(
                {"backing_claim": "A claim cannot be evidence for itself."}, code="self_evidence"
            )
