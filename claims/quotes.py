"""Locked quotes (docs/domain.md, "Locked quotes"): finding an excerpt in its source's
stored text.

An excerpt is found when it occurs in the text once both are *normalised*: every run of
whitespace becomes one space, and typographic single and double quotation marks become
their ASCII forms. Nothing else is forgiven (no case folding, no dashes, no accents), so a
quote that differs from what the source printed in any word, letter or punctuation mark is
not found. Where it is found is given in characters of the *original* text, with the
SHA-256 of that text, so that a later change of the text shows.

Pure: no Django, no database. Whoever stores the result (``claims.models.LocatedExcerpt``,
``claims.excerpts``) decides what a missing excerpt means.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from rapidfuzz import fuzz

# What a curator's tools change on the way: word processors and browsers turn straight
# quotes into curly ones ("smart quotes") and back, and copying from a page turns line
# breaks and non-breaking spaces into plain spaces. Those are the only differences forgiven.
# Prime marks (′ ″, U+2032/U+2033) are left alone: they are marks of measure (5′ 10″, 12′
# of arc), not quotation marks, and no autocorrection produces them from a typed quote, so
# a prime where the source printed a quote (or the reverse) is a different text.
QUOTES = str.maketrans(
    {
        "\u2018": "'",  # ‘ left single quotation mark
        "\u2019": "'",  # ’ right single quotation mark (also the typographic apostrophe)
        "\u201a": "'",  # ‚ single low-9 quotation mark
        "\u201b": "'",  # ‛ single high-reversed-9 quotation mark
        "\u201c": '"',  # “ left double quotation mark
        "\u201d": '"',  # ” right double quotation mark
        "\u201e": '"',  # „ double low-9 quotation mark
        "\u201f": '"',  # ‟ double high-reversed-9 quotation mark
    }
)


@dataclass(frozen=True)
class Normalised:
    """A text normalised for comparison, and where each of its characters came from.

    ``starts[i]`` is the index in the original text of the first character that normalised
    character ``i`` stands for (a space standing for a run of whitespace stands for the whole
    run); ``starts`` has one more item, the original's length, so that the original span of
    normalised ``text[i:j]`` is ``original[starts[i]:starts[j]]``."""

    text: str
    starts: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The ``(start, end)`` in the original text (characters, end exclusive) of
        normalised ``text[start:end]``."""
        return self.starts[start], self.starts[end]


def normalise(text: str) -> Normalised:
    """``text`` with each run of whitespace (``str.isspace``: spaces, tabs, line breaks,
    no-break and thin spaces) as one space and the typographic quotation marks of ``QUOTES``
    as ASCII ``'`` and ``"``; nothing else changes, and no character is dropped but the
    extra whitespace of a run. Leading and trailing whitespace stays (as one space)."""
    out: list[str] = []
    starts: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if in_space:
                continue  # part of the run the previous space stands for
            in_space = True
            out.append(" ")
        else:
            in_space = False
            out.append(char.translate(QUOTES))
        starts.append(index)
    starts.append(len(text))
    return Normalised("".join(out), tuple(starts))


def text_sha256(text: str) -> str:
    """The hex SHA-256 of ``text`` encoded as UTF-8: what a located excerpt was found in."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Located:
    """Where an excerpt is in a text: ``offset`` and ``length`` in characters (code points)
    of the original text, so ``text[offset:offset + length]`` is the passage as printed;
    ``text_sha256``: the hex SHA-256 of the whole text (``text_sha256``)."""

    offset: int
    length: int
    text_sha256: str


class ExcerptNotFound(Exception):
    """The excerpt is not in the text, even normalised. ``closest`` is the passage of the
    original text most like it (whole words, as printed; "" when nothing is alike),
    ``closest_offset`` where it begins (characters), ``score`` how alike they are (0–100,
    rapidfuzz's ``partial_ratio``), ``text_sha256`` the hex SHA-256 of the text searched."""

    def __init__(
        self,
        excerpt: str,
        *,
        closest: str,
        closest_offset: int | None,
        score: float,
        text_sha256: str,
    ):
        self.excerpt = excerpt
        self.closest = closest
        self.closest_offset = closest_offset
        self.score = score
        self.text_sha256 = text_sha256
        super().__init__(f"Excerpt not in the text; the closest passage is {closest!r}.")


# The closest-passage search costs about len(text) × len(excerpt) / 64 steps: above this
# product, only the excerpt's first ``PROBE`` characters are aligned (where the passage the
# curator meant begins), so that a long excerpt in a long text is answered in about a second.
CLOSEST_BUDGET = 200_000_000
PROBE = 200


def locate(excerpt: str, text: str, *, closest: bool = True, normalised=None) -> Located:
    """Where ``excerpt`` first occurs in ``text``, both normalised (``normalise``); the
    excerpt's leading and trailing whitespace is ignored. ``normalised``: ``normalise(text)``
    when the caller has it already (several excerpts of one text).

    Raises ``ValueError`` for an excerpt that is empty or only whitespace (there is nothing
    to locate), and ``ExcerptNotFound`` when it is not in the text, with the closest passage
    when ``closest`` (else ``closest`` is ""). Time: linear in the text for a found excerpt;
    the closest passage of a missing one is aligned by rapidfuzz's
    ``partial_ratio_alignment``, within ``CLOSEST_BUDGET``."""
    wanted = normalise(excerpt).text.strip(" ")
    if not wanted:
        raise ValueError("An empty excerpt is not located.")
    haystack = normalised or normalise(text)
    sha = text_sha256(text)
    found = haystack.text.find(wanted)
    if found >= 0:
        start, end = haystack.original_span(found, found + len(wanted))
        return Located(offset=start, length=end - start, text_sha256=sha)
    if not closest:
        raise ExcerptNotFound(excerpt, closest="", closest_offset=None, score=0.0, text_sha256=sha)
    probe = wanted
    if len(wanted) * len(haystack.text) > CLOSEST_BUDGET:
        probe = wanted[:PROBE]
    start, end, score = _closest(probe, haystack.text)
    if probe is not wanted:
        end = min(len(haystack.text), start + len(wanted))
    if score <= 0:
        raise ExcerptNotFound(excerpt, closest="", closest_offset=None, score=0.0, text_sha256=sha)
    start, end = haystack.original_span(start, end)
    passage = text[start:end]
    raise ExcerptNotFound(
        excerpt,
        closest=passage.strip(),
        closest_offset=start + len(passage) - len(passage.lstrip()),
        score=score,
        text_sha256=sha,
    )


def lock(excerpt: str, text: str, *, normalised=None) -> tuple[int | None, str]:
    """What a record stores of ``excerpt`` in its source's stored ``text``: ``(offset,
    text_sha256)`` when found; ``(None, text_sha256)`` when not (the record then says it was
    not found in that text); ``(None, "")`` when there is no text or no excerpt (nothing to
    check, nothing claimed)."""
    if not text or not excerpt.strip():
        return None, ""
    try:
        return locate(excerpt, text, closest=False, normalised=normalised).offset, text_sha256(
            text
        )
    except ExcerptNotFound as missing:
        return None, missing.text_sha256


def _closest(wanted: str, haystack: str) -> tuple[int, int, float]:
    """The span ``(start, end)`` of normalised ``haystack`` most like ``wanted``, widened to
    whole words (a passage cut mid-word reads as a defect of the source), and its score."""
    alignment = fuzz.partial_ratio_alignment(wanted, haystack)
    start, end = alignment.dest_start, alignment.dest_end
    while start > 0 and not haystack[start - 1].isspace():
        start -= 1
    while end < len(haystack) and not haystack[end].isspace():
        end += 1
    return start, end, alignment.score
