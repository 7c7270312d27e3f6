"""How claims bear on each other: typed links (the dispute thread) and evidence."""

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from claims import quotes


class LinkType(models.TextChoices):
    """How one statement answers another (docs/domain.md, "Disputes as evidence"). The
    value is the verb of "<claim> <type> <other claim>"."""

    DENIES = "denies", _("denies")
    CONFIRMS = "confirms", _("confirms")
    RETRACTS = "retracts", _("retracts")
    CLARIFIES = "clarifies", _("clarifies")
    REPEATS = "repeats", _("repeats")
    COUNTER_ACCUSES = "counter_accuses", _("counter-accuses")


class ClaimLink(models.Model):
    """``from_claim`` answers ``to_claim``: denies it, confirms it, retracts it (the same
    speaker takes back their own claim), clarifies it, repeats it or answers it with a
    counter-accusation. The linking claim is a claim in its own right, so it can be answered
    in turn: that chain is the dispute thread. One link per ordered pair of claims."""

    from_claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.PROTECT,
        related_name="links_out",
        help_text=_("The claim that answers."),
        verbose_name=_("from claim"),
    )
    to_claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.PROTECT,
        related_name="links_in",
        help_text=_("The claim it answers."),
        verbose_name=_("to claim"),
    )
    type = models.CharField(
        verbose_name=_("type"), max_length=16, choices=LinkType.choices, default=LinkType.DENIES
    )
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("A curator's note on the link.")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name = _("link between claims")
        verbose_name_plural = _("links between claims")
        constraints = [
            models.CheckConstraint(
                condition=Q(type__in=LinkType.values), name="claim_link_type_valid"
            ),
            models.CheckConstraint(
                condition=~Q(from_claim=F("to_claim")),
                name="claim_link_not_self",
                violation_error_message=_("A claim cannot answer itself."),
            ),
            models.UniqueConstraint(
                fields=["from_claim", "to_claim"],
                name="claim_link_unique_pair",
                violation_error_message=_("These two claims are already linked."),
            ),
        ]

    def __str__(self):
        return f"claim {self.from_claim_id} {self.get_type_display()} claim {self.to_claim_id}"

    def _claim(self, name: str):
        """The claim at ``name`` (``from_claim`` or ``to_claim``), saved or not; None when
        the row names none yet."""
        try:
            return getattr(self, name)
        except ObjectDoesNotExist:
            return None

    def clean(self):
        super().clean()
        # Also checked by the database; said here because an inline form leaves its parent
        # out of constraint validation, and the curator deserves words, not a crash.
        if self.from_claim_id is not None and self.from_claim_id == self.to_claim_id:
            raise ValidationError(_("A claim cannot answer itself."), code="self_link")
        # The claims as the form holds them: on a new claim's page the claim being added
        # has no id yet, but its inline rows already point at it (with its speaker).
        answering, answered = self._claim("from_claim"), self._claim("to_claim")
        if (
            self.type == LinkType.RETRACTS
            and answering is not None
            and answered is not None
            and answering.speaker_id != answered.speaker_id
        ):
            raise ValidationError(
                {
                    "type": _(
                        "Only a claim's own speaker can retract it; another speaker's "
                        "answer denies or clarifies it."
                    )
                },
                code="retraction_by_other_speaker",
            )


class Stance(models.TextChoices):
    CORROBORATES = "corroborates", _("Corroborates")
    CONTRADICTS = "contradicts", _("Contradicts")
    CONTEXT = "context", _("Adds context")


class LocatedExcerpt(models.Model):
    """An excerpt locked to its source's stored text (docs/domain.md, "Locked quotes"):
    where it begins in the text and the SHA-256 of the text it was found in. Both are empty
    when the source keeps no text. Set by ``claims.quotes``, never typed by a curator."""

    excerpt_offset = models.PositiveIntegerField(
        verbose_name=_("excerpt offset"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Where the excerpt begins in the source's stored text, in characters."),
    )
    excerpt_text_sha256 = models.CharField(
        _("SHA-256 of the source's text"),
        max_length=64,
        blank=True,
        editable=False,
        help_text=_("The text the excerpt was found in, as a hex SHA-256."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or {"excerpt", "source", "source_id"} & set(update_fields):
            self.locate_excerpt()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, *LOCATION_FIELDS}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # Where the source keeps its text, an excerpt must be in it: a quote the source did
        # not print is refused with the passage it most likely meant, so that the curator
        # can copy it as printed.
        text = self._source_text()
        if not text or not self.excerpt.strip():
            return
        try:
            quotes.locate(self.excerpt, text)
        except quotes.ExcerptNotFound as missing:
            raise ValidationError(
                {"excerpt": excerpt_not_in_text(missing)}, code="excerpt_not_in_source"
            ) from None

    def locate_excerpt(self) -> None:
        """Set where the excerpt is in its source's stored text (``claims.quotes.lock``):
        offset and the text's SHA-256 when found, no offset when not (a write that did not
        go through ``clean``), neither when the source keeps no text or there is no excerpt
        (or, for evidence, no source)."""
        self.excerpt_offset, self.excerpt_text_sha256 = quotes.lock(
            self.excerpt, self._source_text()
        )

    def _source_text(self) -> str:
        # The source the form chose is cached on the row: no query from a form.
        return self.source.full_text if self.source_id is not None else ""


# The stored result of locating an excerpt.
LOCATION_FIELDS = ("excerpt_offset", "excerpt_text_sha256")


def excerpt_not_in_text(missing: quotes.ExcerptNotFound) -> str:
    """A curator's words for an excerpt not in its source's stored text, with the closest
    passage (``claims.quotes.ExcerptNotFound``)."""
    if not missing.closest:
        return "This excerpt is not in the source's stored text, nor anything like it."
    return (
        "This excerpt is not in the source's stored text. "
        f"The closest passage is: “{missing.closest}”."
    )


class Evidence(LocatedExcerpt):
    """A source and/or another claim that corroborates, contradicts or adds context to a
    claim."""

    claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.CASCADE,
        related_name="evidence",
        help_text=_("The claim this evidence bears on."),
        verbose_name=_("claim"),
    )
    stance = models.CharField(verbose_name=_("stance"), max_length=16, choices=Stance.choices)
    source = models.ForeignKey(
        "sources.Source",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
        help_text=_("The document, report or footage."),
        verbose_name=_("source"),
    )
    backing_claim = models.ForeignKey(
        "claims.Claim",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cited_as_evidence",
        help_text=_("A statement by someone else that bears on the claim."),
        verbose_name=_("backing claim"),
    )
    excerpt = models.TextField(verbose_name=_("excerpt"), blank=True)
    note = models.TextField(
        verbose_name=_("note"), blank=True, help_text=_("Why it bears on the claim.")
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["id"]
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=Q(stance__in=Stance.values), name="evidence_stance_valid"
            ),
            models.CheckConstraint(
                condition=Q(source__isnull=False) | Q(backing_claim__isnull=False),
                name="evidence_has_source_or_claim",
                violation_error_message=_("Evidence needs a source, a claim, or both."),
            ),
            models.CheckConstraint(
                condition=~Q(backing_claim=F("claim")),
                name="evidence_not_own_claim",
                violation_error_message=_("A claim cannot be evidence for itself."),
            ),
            models.UniqueConstraint(
                fields=["claim", "backing_claim"],
                condition=Q(backing_claim__isnull=False),
                name="evidence_unique_backing_claim",
                violation_error_message=_("This claim is already evidence here."),
            ),
            models.UniqueConstraint(
                fields=["claim", "source"],
                condition=Q(backing_claim__isnull=True),
                name="evidence_unique_source",
                violation_error_message=_("This source is already evidence here."),
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
                {"backing_claim": _("A claim cannot be evidence for itself.")},
                code="self_evidence",
            )
