"""A source's stored text and the excerpts locked to it (docs/domain.md, "Locked quotes"):
what a new text would lose, and locating every excerpt again once it changed.

The one home of that re-check. ``sources`` sits below ``claims`` and cannot call up, so
every write of a source reaches ``relocate_source_excerpts`` through the ``post_save``
receiver ``ClaimsConfig.ready`` connects (``source_saved``): like a cache, a stored
position is derived from the text and must follow it, whoever wrote the text (the admin,
an import, the seeds). The admin refuses a text that would lose an excerpt beforehand
(``excerpts_missing_from``), naming them.
"""

from __future__ import annotations

from claims import quotes
from claims.models import Appearance, Evidence
from claims.models.dispute import LOCATION_FIELDS
from sources.models import Source


def excerpts_missing_from(source_id: int, text: str) -> list[str]:
    """A curator's words for each excerpt of the source's appearances and evidence that is
    not in ``text`` (normalised as ``claims.quotes`` does), appearances first, by id: what
    replacing the source's stored text with ``text`` would lose. Empty when ``text`` is
    empty: a source that keeps no text has nothing to check excerpts against. Two queries."""
    if not text:
        return []
    normalised = quotes.normalise(text)  # once for all the excerpts

    def missing(excerpt: str) -> bool:
        return _missing(excerpt, text, normalised)

    problems = []
    appearances = Appearance.objects.filter(source_id=source_id).order_by("id")
    for claim_id, excerpt in appearances.values_list("claim_id", "excerpt"):
        if missing(excerpt):
            problems.append(
                f"The excerpt of claim {claim_id} in this source, “{excerpt.strip()}”, is not in "
                "the new text."
            )
    evidence = Evidence.objects.filter(source_id=source_id).order_by("id")
    for claim_id, excerpt in evidence.values_list("claim_id", "excerpt"):
        if missing(excerpt):
            problems.append(
                f"The excerpt of this source as evidence on claim {claim_id}, "
                f"“{excerpt.strip()}”, is not in the new text."
            )
    return problems


def _missing(excerpt: str, text: str, normalised: quotes.Normalised) -> bool:
    if not excerpt.strip():
        return False
    try:
        quotes.locate(excerpt, text, closest=False, normalised=normalised)
    except quotes.ExcerptNotFound:
        return True
    return False


def relocate_source_excerpts(source: Source) -> int:
    """Locate again every excerpt of the source's appearances and evidence that was not
    located in its current stored text (``claims.quotes.lock``), and store the new offsets
    and SHA-256; returns how many rows changed. Two queries when the text did not change
    (none to relocate), one update a model more when it did. Written without ``save()``:
    only the derived position changes, not what a curator wrote, so no history row."""
    text = source.full_text
    current = quotes.text_sha256(text) if text else ""
    normalised = None  # made once, when a first excerpt needs it
    changed = 0
    for model in (Appearance, Evidence):
        rows = list(
            model.objects.filter(source=source)
            .exclude(excerpt_text_sha256=current)
            .only("id", "excerpt", *LOCATION_FIELDS)
        )
        stale = []
        for row in rows:
            if normalised is None and text:
                normalised = quotes.normalise(text)
            location = quotes.lock(row.excerpt, text, normalised=normalised)
            if location != (row.excerpt_offset, row.excerpt_text_sha256):
                row.excerpt_offset, row.excerpt_text_sha256 = location
                stale.append(row)
        model.objects.bulk_update(stale, LOCATION_FIELDS, batch_size=500)
        changed += len(stale)
    return changed


def source_saved(sender, instance: Source, raw: bool = False, **kwargs) -> None:
    """``post_save`` receiver of ``Source``: its excerpts follow its text. A raw save (a
    restore, fixtures) writes the excerpts' positions as they were stored with that text."""
    if raw:
        return
    relocate_source_excerpts(instance)
