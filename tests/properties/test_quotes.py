"""Locked quotes, as properties (docs/domain.md, "Locked quotes"): any real passage of a
source's text is found however its whitespace and quotation marks were retyped, at the place
it was taken from or an earlier copy of it; any passage altered by one character or by an
inserted word, so that it is no longer in the text, is refused, by ``claims.quotes`` and by
the admin's validation (the model's ``clean``) against the seed's TASS article."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from claims.models import Appearance, Claim
from claims.quotes import ExcerptNotFound, locate, normalise
from sources.models import Source
from tests.properties.support import bounded

ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "tass-2017-05-31-lavrov-raqqa.txt"
TASS = ARTICLE.read_bytes().decode("utf-8")

SINGLE = "'‘’‚‛"
DOUBLE = '"“”„‟'
WHITESPACE = [" ", "  ", "\n", "\r\n", "\t", "\u00a0", " \n ", "\u2009"]
# Texts made of what normalisation touches, and what it must leave alone.
ALPHABET = st.sampled_from(
    list("abcxyzABC019.,;—–-′″«»") + list(SINGLE) + list(DOUBLE) + [" ", "\n", "\t", "\u00a0"]
)
texts = st.one_of(st.just(TASS), st.text(ALPHABET, min_size=1, max_size=300))


@st.composite
def passages(draw, text: str) -> tuple[int, int]:
    """A passage ``(start, end)`` of ``text`` with something in it besides whitespace."""
    start = draw(st.integers(0, len(text) - 1))
    end = draw(st.integers(start + 1, min(len(text), start + 400)))
    assume(text[start:end].strip())
    return start, end


def retyped(draw, passage: str) -> str:
    """``passage`` as a curator's tools might give it back: every whitespace run and every
    quotation mark replaced by another of its kind, whitespace added around it."""
    out = []
    in_space = False
    for char in passage:
        if char.isspace():
            if not in_space:
                out.append(draw(st.sampled_from(WHITESPACE)))
            in_space = True
            continue
        in_space = False
        if char in SINGLE:
            char = draw(st.sampled_from(SINGLE))
        elif char in DOUBLE:
            char = draw(st.sampled_from(DOUBLE))
        out.append(char)
    around = st.sampled_from(["", " ", "\n", "  \t"])
    return draw(around) + "".join(out) + draw(around)


@bounded(400)
@given(data=st.data(), text=texts)
def test_any_real_passage_however_retyped_is_found(data, text):
    assume(text.strip())
    start, end = data.draw(passages(text))
    excerpt = retyped(data.draw, text[start:end])
    where = locate(excerpt, text)
    wanted = normalise(excerpt).text.strip()
    # Found where it was taken from, or at an earlier copy of the same words.
    assert normalise(text[where.offset : where.offset + where.length]).text == wanted
    assert where.offset <= start + (len(text[start:end]) - len(text[start:end].lstrip()))


def absent(excerpt: str, text: str) -> bool:
    """Not in the text even once both are normalised (and the excerpt stripped)."""
    wanted = normalise(excerpt).text.strip()
    return bool(wanted) and wanted not in normalise(text).text


@bounded(400)
@given(data=st.data(), text=texts, replacement=ALPHABET | st.characters(codec="utf-8"))
def test_a_passage_with_one_character_changed_is_refused(data, text, replacement):
    assume(text.strip())
    start, end = data.draw(passages(text))
    at = data.draw(st.integers(start, end - 1))
    excerpt = text[start:at] + replacement + text[at + 1 : end]
    assume(absent(excerpt, text))
    with pytest.raises(ExcerptNotFound):
        locate(excerpt, text)


words = st.text(st.characters(categories=["L", "N", "P"]), min_size=1, max_size=12)


@bounded(400)
@given(data=st.data(), text=texts, inserted=st.lists(words, min_size=1, max_size=3))
def test_a_passage_with_words_inserted_is_refused(data, text, inserted):
    assume(text.strip())
    start, end = data.draw(passages(text))
    at = data.draw(st.integers(start, end))
    excerpt = text[start:at] + " " + " ".join(inserted) + " " + text[at:end]
    assume(absent(excerpt, text))
    with pytest.raises(ExcerptNotFound) as refused:
        locate(excerpt, text)
    # What is offered instead is the source's own words.
    assert refused.value.closest in text


# --- Through the admin's validation, against the seed's article -----------------------------


@pytest.fixture
def article(seeded):
    return Source.objects.get(), Claim.objects.order_by("id").first()


def excerpt_errors(claim: Claim, source: Source, excerpt: str) -> list[str]:
    appearance = Appearance(claim=claim, source=source, excerpt=excerpt)
    try:
        appearance.clean()
    except ValidationError as error:
        return error.message_dict["excerpt"]
    return []


@bounded(150)
@given(data=st.data())
def test_the_admin_takes_any_retyped_passage_of_the_article(article, data):
    source, claim = article
    start, end = data.draw(passages(TASS))
    assert excerpt_errors(claim, source, retyped(data.draw, TASS[start:end])) == []


@bounded(150)
@given(data=st.data(), replacement=st.characters(codec="utf-8"))
def test_the_admin_refuses_any_altered_passage_of_the_article(article, data, replacement):
    source, claim = article
    start, end = data.draw(passages(TASS))
    if data.draw(st.booleans(), label="insert a word"):
        at = data.draw(st.integers(start, end))
        excerpt = TASS[start:at] + " " + data.draw(words) + " " + TASS[at:end]
    else:
        at = data.draw(st.integers(start, end - 1))
        excerpt = TASS[start:at] + replacement + TASS[at + 1 : end]
    assume(absent(excerpt, TASS))
    [message] = excerpt_errors(claim, source, excerpt)
    assert message.startswith("This excerpt is not in the source's stored text")
