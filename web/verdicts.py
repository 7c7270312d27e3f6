"""Verdicts drawn: a verdict placed on its rating scale, as the claim page shows it (the
scale's ratings on the true–false line, best first, the verdict's marked, and the ratings
off that line, such as Unproven, beside it; with the same in a sentence, for screen
readers), and a speaker's verdicts counted, as their page charts them.

The scale comes from the verdict as published (``record.documents.PublishedReview``): its
scale's ratings (``scale_ratings``, kept since the record stores them), else the numeric
line of the ClaimReview's ``reviewRating`` (``worst_rating`` … ``best_rating``), whose
steps are numbers. Nothing here queries.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from record.documents import PublishedReview
from record.queries import SpeakerRecord

# Colour steps from the worst rating (0) to the best (TONES - 1): site.css's .tone-0 … .tone-4.
TONES = 5
# A numeric line longer than this (a 0–100 score) is said in words only: steps would not fit.
MOST_NUMBERED_STEPS = 11


@dataclass(frozen=True)
class ScaleStep:
    """One rating on the scale: its label, whether it is the verdict, and its colour step
    (None: off the true–false line)."""

    label: str
    is_current: bool
    tone: int | None


@dataclass(frozen=True)
class VerdictScale:
    """``line``: the ratings on the true–false line, best first; ``off_line``: those off it;
    ``description``: the verdict's place on the scale in a sentence (its text equivalent)."""

    rating: str
    line: tuple[ScaleStep, ...]
    off_line: tuple[ScaleStep, ...]
    description: str

    @property
    def steps(self) -> tuple[ScaleStep, ...]:
        return self.line + self.off_line


def tone(value: int, worst: int, best: int) -> int:
    """The colour step of ``value`` on a line from ``worst`` to ``best``: 0 … TONES - 1."""
    if best <= worst:
        return TONES // 2
    return round((value - worst) / (best - worst) * (TONES - 1))


def verdict_scale(review: PublishedReview | None) -> VerdictScale | None:
    """``review``'s rating on its scale; None without a review."""
    if review is None:
        return None
    if review.scale_ratings:
        return _named_scale(review)
    return _numbered_scale(review)


def _named_scale(review: PublishedReview) -> VerdictScale:
    rating = review.rating
    valued = [r for r in review.scale_ratings if r.value is not None]
    # Best first, whatever order the curators gave the scale's positions.
    valued.sort(key=lambda r: -r.value)
    best = valued[0].value if valued else None
    worst = valued[-1].value if valued else None
    line = tuple(
        ScaleStep(r.name, r.slug == rating.slug, tone(r.value, worst, best)) for r in valued
    )
    off_line = tuple(
        ScaleStep(r.name, r.slug == rating.slug, None)
        for r in review.scale_ratings
        if r.value is None
    )
    words = {"rating": rating.name, "scale": review.scale}
    if valued:
        words |= {"best": valued[0].name, "worst": valued[-1].name, "count": len(valued)}
    on_line = [step.is_current for step in line]
    if True in on_line:
        words["place"] = on_line.index(True) + 1
        description = _(
            "%(rating)s: rating %(place)s of %(count)s on the %(scale)s scale, "
            "from %(best)s (best) to %(worst)s (worst)."
        )
    elif valued:
        description = _(
            "%(rating)s: outside the %(scale)s scale's line from %(best)s (best) to "
            "%(worst)s (worst)."
        )
    else:
        description = _("%(rating)s, on the %(scale)s scale.")
    return VerdictScale(rating.name, line, off_line, description % words)


def _numbered_scale(review: PublishedReview) -> VerdictScale:
    """A verdict published before the record kept its scale's ratings: the numeric line of
    its ClaimReview rating, numbers for steps."""
    rating = review.rating
    best, worst = review.best_rating, review.worst_rating
    words = {"rating": rating.name, "value": rating.value, "best": best, "worst": worst}
    if best is None or worst is None:
        return VerdictScale(rating.name, (), (), "")
    if rating.value is None:
        description = _("%(rating)s: off the scale from %(best)s (best) to %(worst)s (worst).")
        return VerdictScale(rating.name, (), (), description % words)
    description = _("%(rating)s: %(value)s on a scale from %(best)s (best) to %(worst)s (worst).")
    line: tuple[ScaleStep, ...] = ()
    if best - worst < MOST_NUMBERED_STEPS:
        line = tuple(
            ScaleStep(
                rating.name if value == rating.value else str(value),
                value == rating.value,
                tone(value, worst, best),
            )
            for value in range(best, worst - 1, -1)
        )
    return VerdictScale(rating.name, line, (), description % words)


# --- A speaker's verdicts ---------------------------------------------------------------


@dataclass(frozen=True)
class ChartRow:
    """One bar of a speaker's verdict chart: the verdict (``label``), how many of their
    claims carry it, that share of their claims in percent, the bar's width in the chart's
    units (0–100, written for an SVG attribute, never localised) and its colour step
    (``tone``: None off the true–false line; ``unrated``: the claims without a verdict)."""

    label: str
    claims: int
    share: int
    width: str
    tone: int | None
    unrated: bool = False


def verdict_chart(record: SpeakerRecord) -> list[ChartRow]:
    """The rows of a speaker's verdict chart, in ``record.verdicts``' order (best first on
    each scale, the claims without a verdict last); empty when none of their claims has a
    published verdict (the page then says so in words)."""
    if not any(v.slug for v in record.verdicts):
        return []
    total = record.claims or 1
    scales = {v.scale for v in record.verdicts if v.slug}
    rows = []
    for verdict in record.verdicts:
        if not verdict.slug:
            label = _("No verdict yet")
        elif len(scales) > 1:
            label = _("%(rating)s (%(scale)s scale)") % {
                "rating": verdict.name,
                "scale": verdict.scale,
            }
        else:
            label = verdict.name
        on_line = None not in (verdict.value, verdict.best, verdict.worst)
        rows.append(
            ChartRow(
                label=label,
                claims=verdict.claims,
                share=round(verdict.claims * 100 / total),
                width=f"{verdict.claims * 100 / total:.1f}",
                tone=tone(verdict.value, verdict.worst, verdict.best) if on_line else None,
                unrated=not verdict.slug,
            )
        )
    return rows
