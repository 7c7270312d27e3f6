"""Claims that may already be recorded: the duplicate warning on the claim form, while a
claim is typed and after it is saved (docs/admin.md, "Duplicates").

Each candidate is scored on its wording and on what the two claims answer:

- **wording**: trigram similarity, 0–1: ``pg_trgm``'s ``similarity()`` on PostgreSQL, and
  the same function computed here elsewhere (``wording_similarity``), so that a pair of
  texts scores the same on both databases;
- **the same answer**: both claims answer the same claim the same way (both deny C1):
  ``SAME_ANSWER``, and ``SAME_ANSWER_SAME_SIDE`` more when the speakers are the same, or
  speak for the same organisation (then it is likely one statement reported twice);
- **the same side**: by the same speaker or organisation, both answer the same way claims
  of one organisation, but different claims (the SDF denying a Defence Ministry claim in
  2017, and another in 2019): ``SAME_SIDE``. A look-alike for the curator to check, never
  the same statement: such a candidate has ``may_be_same_claim`` False, and nothing may
  merge it with the claim on the strength of this list.

A candidate scoring at least ``THRESHOLD`` is listed, best first. The claim itself and the
claims its form links (in either direction, any type of link, and the claims cited as its
evidence) are never listed: the curator already knows them.

Candidates are bounded on both databases: the ``WORDING_CANDIDATES`` best wordings
(PostgreSQL: the GIN-indexed ``%`` operator, whose threshold is pg_trgm's
``similarity_threshold``, 0.3 by default; elsewhere the ``CANDIDATES`` newest claims sharing
one of the text's longest words), and the ``CANDIDATES`` newest claims answering alike.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import TrigramSimilarity
from django.db import connection
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext

from claims.models import Claim, ClaimLink, Evidence, LinkType, Speaker, SpeakerKind

MIN_LENGTH = 12
THRESHOLD = 0.3
SAME_ANSWER = 0.15
SAME_ANSWER_SAME_SIDE = 0.10
SAME_SIDE = 0.15
WORDING_CANDIDATES = 50
CANDIDATES = 300
# What one claim's form answers, at most, for the look-up (a claim answers a few).
MAX_ANSWERS = 50
# pg_trgm's words: runs of letters and digits.
TRIGRAM_WORD = re.compile(r"[^\W_]+")
# The fallback's candidates share one of these words (of four letters or more).
WORD = re.compile(r"\w{4,}", re.UNICODE)
# Words too common in claims to say two claims are alike.
STOP_WORDS = {"that", "this", "with", "from", "they", "have", "will", "were", "been", "said"}


@dataclass(frozen=True)
class Answer:
    """What the claim being entered answers: "this claim <type> claim <claim_id>"
    (``type`` a ``LinkType`` value)."""

    type: str
    claim_id: int


def trigrams(text: str) -> set[str]:
    """``pg_trgm``'s trigrams of ``text`` (its ``show_trgm``): each run of letters and
    digits, lower-cased, padded with two spaces before and one after, cut in threes."""
    found = set()
    for word in TRIGRAM_WORD.findall(text.lower()):
        padded = f"  {word} "
        found.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return found


def wording_similarity(first: str, second: str) -> float:
    """``pg_trgm``'s ``similarity()``: the trigrams two texts share over all their trigrams,
    0 (none shared) to 1 (the same words)."""
    one, other = trigrams(first), trigrams(second)
    shared = len(one & other)
    return shared / (len(one) + len(other) - shared) if shared else 0.0


def form_links(claim_pk: int) -> tuple[set[int], list[Answer]]:
    """A saved claim's links as its form shows them: the ids of every claim linked to it
    (answered, answering, cited as its evidence), and what it answers."""
    linked: set[int] = set()
    answers = []
    links = ClaimLink.objects.filter(Q(from_claim=claim_pk) | Q(to_claim=claim_pk))
    for from_id, to_id, link_type in links.values_list("from_claim_id", "to_claim_id", "type"):
        if from_id == claim_pk:
            answers.append(Answer(link_type, to_id))
        linked.add(to_id if from_id == claim_pk else from_id)
    backing = Evidence.objects.filter(claim=claim_pk, backing_claim__isnull=False)
    linked.update(backing.values_list("backing_claim_id", flat=True))
    return linked, answers


def similar_claims(
    text: str,
    *,
    speaker_id: int | None = None,
    exclude_pk: int | None = None,
    linked: Iterable[int] = (),
    answers: Iterable[Answer] = (),
    limit: int = 5,
) -> list[Claim]:
    """Up to ``limit`` claims that may be the one being entered, best first: its ``text``,
    ``speaker_id``, the claims its form ``answers``; never ``exclude_pk`` (the claim itself)
    nor the ``linked`` claims (those its form links, answered ones included).

    Each claim carries ``similarity`` (the wording, 0–1), ``score`` (with what the claims
    answer), ``reasons`` (why it is listed, in words: "same speaker", "22% similar
    wording", "also denies “Agreement had been reached…”") and ``may_be_same_claim``
    (False when it answers another claim the way this one answers its own: a look-alike,
    not the same statement)."""
    # PostgreSQL refuses NUL in any text it is sent; it says nothing about likeness.
    text = text.replace("\x00", "").strip()
    if len(text) < MIN_LENGTH:
        return []
    answers = list(dict.fromkeys(answers))[:MAX_ANSWERS]
    excluded = {pk for pk in (exclude_pk, *linked) if pk is not None}
    excluded.update(answer.claim_id for answer in answers)
    speaker = None
    if speaker_id is not None:
        speaker = Speaker.objects.select_related("affiliation").filter(pk=speaker_id).first()
    answered = {}
    if answers:
        targets = Claim.objects.select_related("speaker__affiliation")
        answered = {c.pk: c for c in targets.filter(pk__in=[a.claim_id for a in answers])}
        answers = [answer for answer in answers if answer.claim_id in answered]

    found = {claim.pk: claim for claim in _by_wording(text, excluded)}
    alike = _answering_alike(answers, answered, speaker, excluded) - found.keys()
    if alike:
        found.update((c.pk, c) for c in _with_wording(Claim.objects.filter(pk__in=alike), text))
    their_answers = _answers_of(found.keys(), {answer.type for answer in answers})
    listed = []
    for claim in found.values():
        _judge(claim, speaker, answers, answered, their_answers.get(claim.pk, []))
        if claim.score >= THRESHOLD:
            listed.append(claim)
    same_speaker = speaker.pk if speaker else None
    listed.sort(
        key=lambda c: (c.score, c.speaker_id == same_speaker, c.similarity, c.pk), reverse=True
    )
    return listed[:limit]


def similar_to_saved(claim: Claim, *, limit: int = 5) -> list[Claim]:
    """``similar_claims`` for a saved claim, with the links its form saved."""
    linked, answers = form_links(claim.pk)
    return similar_claims(
        claim.text,
        speaker_id=claim.speaker_id,
        exclude_pk=claim.pk,
        linked=linked,
        answers=answers,
        limit=limit,
    )


# --- Candidates ---------------------------------------------------------------------------


def _by_wording(text: str, excluded: set[int]) -> list[Claim]:
    claims = Claim.objects.select_related("speaker").exclude(pk__in=excluded)
    if connection.vendor == "postgresql":
        return list(
            claims.filter(text__trigram_similar=text)
            .annotate(similarity=TrigramSimilarity("text", text))
            .order_by("-similarity", "-id")[:WORDING_CANDIDATES]
        )
    words = {w for w in (m.lower() for m in WORD.findall(text)) if w not in STOP_WORDS}
    if not words:
        return []
    match = Q()
    for word in sorted(words, key=lambda w: (-len(w), w))[:3]:
        match |= Q(text__icontains=word)
    candidates = list(claims.filter(match).order_by("-id")[:CANDIDATES])
    for claim in candidates:
        claim.similarity = wording_similarity(text, claim.text)
    return candidates


def _with_wording(claims, text: str) -> list[Claim]:
    claims = claims.select_related("speaker")
    if connection.vendor == "postgresql":
        return list(claims.annotate(similarity=TrigramSimilarity("text", text)))
    claims = list(claims)
    for claim in claims:
        claim.similarity = wording_similarity(text, claim.text)
    return claims


def _organisation(speaker_id: int, kind: str, affiliation_id: int | None) -> int:
    """Whom a speaker speaks for: itself when it is an organisation or belongs to none,
    else its organisation (the ministry of a minister or of an unnamed official)."""
    if kind == SpeakerKind.ORGANISATION or affiliation_id is None:
        return speaker_id
    return affiliation_id


def _organisation_of(speaker: Speaker) -> int:
    return _organisation(speaker.pk, speaker.kind, speaker.affiliation_id)


def _members(organisation: int):
    return Speaker.objects.filter(Q(pk=organisation) | Q(affiliation_id=organisation)).values("pk")


def _answering_alike(answers, answered, speaker, excluded) -> set[int]:
    """Claims answering, the same way, a claim this one answers, or (by the same speaker or
    organisation) another claim of the same organisation."""
    condition = Q()
    for answer in answers:
        condition |= Q(type=answer.type, to_claim_id=answer.claim_id)
        if speaker is not None:
            target_side = _organisation_of(answered[answer.claim_id].speaker)
            condition |= Q(
                type=answer.type,
                to_claim__speaker__in=_members(target_side),
                from_claim__speaker__in=_members(_organisation_of(speaker)),
            )
    if not condition:
        return set()
    links = ClaimLink.objects.filter(condition).exclude(from_claim__in=excluded)
    return set(
        links.order_by("-from_claim_id").values_list("from_claim_id", flat=True)[:CANDIDATES]
    )


def _answers_of(claim_ids, types: set[str]) -> dict[int, list[tuple[str, int, int]]]:
    """What each candidate answers, as ``(type, claim id, that claim's organisation)``."""
    if not claim_ids or not types:
        return {}
    rows = ClaimLink.objects.filter(from_claim__in=list(claim_ids), type__in=types)
    found: dict[int, list[tuple[str, int, int]]] = {}
    for from_id, link_type, to_id, *side in rows.values_list(
        "from_claim_id",
        "type",
        "to_claim_id",
        "to_claim__speaker_id",
        "to_claim__speaker__kind",
        "to_claim__speaker__affiliation_id",
    ):
        found.setdefault(from_id, []).append((link_type, to_id, _organisation(*side)))
    return found


# --- Scores and reasons ---------------------------------------------------------------------


def _judge(claim, speaker, answers, answered, theirs) -> None:
    """Set ``score``, ``reasons`` and ``may_be_same_claim`` on a candidate; ``theirs`` is
    what it answers (``_answers_of``)."""
    reasons = []
    same_side = False
    if speaker is not None:
        side = _organisation_of(speaker)
        if claim.speaker_id == speaker.pk:
            reasons.append(gettext("same speaker"))
            same_side = True
        elif _organisation_of(claim.speaker) == side:
            reasons.append(
                gettext("same organisation (%(name)s)") % {"name": _name_of(side, speaker)}
            )
            same_side = True
    score = claim.similarity
    percent = round(claim.similarity * 100)
    reasons.append(gettext("%(percent)d%% similar wording") % {"percent": percent})
    pairs = {(link_type, to_id) for link_type, to_id, _ in theirs}
    # It answers other claims the way this one answers its own: another statement.
    another = None
    for link_type in sorted({answer.type for answer in answers}):
        their_targets = {to_id for t, to_id in pairs if t == link_type}
        my_targets = {answer.claim_id for answer in answers if answer.type == link_type}
        if their_targets and not their_targets & my_targets:
            another = gettext("%(verb)s another claim") % {"verb": LinkType(link_type).label}
    same_answers = [answer for answer in answers if (answer.type, answer.claim_id) in pairs]
    if same_answers:
        answer = same_answers[0]
        score += SAME_ANSWER + (SAME_ANSWER_SAME_SIDE if same_side else 0)
        short = Truncator(answered[answer.claim_id].text).words(6)
        reasons.append(
            gettext("also %(verb)s “%(claim)s”")
            % {"verb": LinkType(answer.type).label, "claim": short}
        )
    elif same_side:
        for answer in answers:
            target = answered[answer.claim_id].speaker
            side = _organisation_of(target)
            if any(t == answer.type and org == side for t, _, org in theirs):
                score += SAME_SIDE
                verb = LinkType(answer.type).label
                another = gettext("%(verb)s another claim of %(name)s") % {
                    "verb": verb,
                    "name": _name_of(side, target),
                }
                break
    if another:
        reasons.append(gettext("%(reason)s: not the same statement") % {"reason": another})
    claim.score = score
    claim.reasons = reasons
    claim.may_be_same_claim = another is None


def _name_of(organisation: int, speaker: Speaker) -> str:
    """The name of ``speaker``'s organisation (``organisation``), loaded with it."""
    return speaker.name if speaker.pk == organisation else speaker.affiliation.name
