"""Claims that look like a given text: the duplicate warning while a claim is entered.

On PostgreSQL: trigram similarity (``pg_trgm``, GIN-indexed ``%`` operator). Elsewhere:
word overlap (Jaccard) over a bounded set of candidates. Claims by the same speaker come
first either way.
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

from claims.models import Claim

MIN_LENGTH = 12
THRESHOLD = 0.3
CANDIDATES = 300
WORD = re.compile(r"\w{4,}", re.UNICODE)
# Words too common in claims to say two claims are alike.
STOP_WORDS = {"that", "this", "with", "from", "they", "have", "will", "were", "been", "said"}


def _words(text: str) -> set[str]:
    return {w for w in (m.lower() for m in WORD.findall(text)) if w not in STOP_WORDS}


def similar_claims(
    text: str, *, speaker_id: int | None = None, exclude_pk: int | None = None, limit: int = 5
) -> list[Claim]:
    """Up to ``limit`` claims like ``text``, best first, each with a ``similarity`` (0–1)."""
    # PostgreSQL refuses NUL in any text it is sent; it says nothing about likeness.
    text = text.replace("\x00", "").strip()
    if len(text) < MIN_LENGTH:
        return []
    claims = Claim.objects.select_related("speaker")
    if exclude_pk is not None:
        claims = claims.exclude(pk=exclude_pk)
    same_speaker = Case(
        When(speaker_id=speaker_id, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    if connection.vendor == "postgresql":
        return list(
            claims.filter(text__trigram_similar=text)
            .annotate(similarity=TrigramSimilarity("text", text), same_speaker=same_speaker)
            .order_by("-same_speaker", "-similarity", "-id")[:limit]
        )
    return _by_word_overlap(claims, text, speaker_id, limit)


def _by_word_overlap(claims, text: str, speaker_id: int | None, limit: int) -> list[Claim]:
    words = _words(text)
    if not words:
        return []
    # Candidates: the speaker's claims, and claims sharing one of the text's longest words.
    longest = sorted(words, key=len, reverse=True)[:3]
    match = Q()
    for word in longest:
        match |= Q(text__icontains=word)
    if speaker_id is not None:
        match |= Q(speaker_id=speaker_id)
    scored = []
    for claim in claims.filter(match).order_by("-id")[:CANDIDATES]:
        other = _words(claim.text)
        claim.similarity = len(words & other) / len(words | other) if other else 0.0
        if claim.similarity >= THRESHOLD:
            scored.append(claim)
    scored.sort(key=lambda c: (c.speaker_id == speaker_id, c.similarity, c.pk), reverse=True)
    return scored[:limit]
