"""Searching claims with the syntax people type into search boxes:
``"safe corridor" -isis``, ``raqqa or palmyra``.

PostgreSQL: a stored, GIN-indexed ``tsvector`` per claim (its text, original text and every
excerpt reporting it), built with the text search configuration of the claim's language
(``simple`` where PostgreSQL has none), queried with ``websearch_to_tsquery`` in that same
configuration. Elsewhere (SQLite): the same syntax parsed here and matched
case-insensitively, without stemming.

The reader's list ranks a bounded candidate set — the newest ``CANDIDATES`` matches — so a
word found in half a million claims costs a walk of the newest rows, not a ranking of every
match; the words matched are highlighted on the page shown, and only there.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import ngettext_lazy

# How many of the newest matches the reader's list ranks.
CANDIDATES = 1000
# Up to this many matches, a search is answered from the matches' ids (ClaimQuerySet.search).
FEW = 2000
# Words in a highlighted snippet, as the claim cards show at most.
SNIPPET_WORDS = 40
# Private-use characters mark the matched words in ts_headline's output.
MARK_START, MARK_STOP = "\ue000", "\ue001"

# The largest query searched (docs/api.md): every word is one more index lookup in each of
# the configurations below, so 290 OR'd words took seconds at 100,000 claims.
MAX_QUERY_CHARACTERS = 200
MAX_QUERY_WORDS = 16

# PostgreSQL's built-in configurations, by ISO 639-1 code.
TEXT_SEARCH_CONFIGS = {
    "ar": "arabic", "ca": "catalan", "da": "danish", "de": "german", "el": "greek",
    "en": "english", "es": "spanish", "eu": "basque", "fi": "finnish", "fr": "french",
    "ga": "irish", "hi": "hindi", "hu": "hungarian", "hy": "armenian", "id": "indonesian",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "nl": "dutch", "no": "norwegian",
    "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian", "sv": "swedish",
    "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
SIMPLE = "simple"
CONFIGS = sorted({*TEXT_SEARCH_CONFIGS.values(), SIMPLE})


def config_for(language: str) -> str:
    return TEXT_SEARCH_CONFIGS.get(language.split("-")[0].lower(), SIMPLE)


def uses_full_text() -> bool:
    return connection.vendor == "postgresql"


# --- What is searched: one form of the text, on every database -----------------------

# Scripts written without spaces between words: Han, kana, Hangul (Korean words carry their
# particles), Bopomofo, Thai, Lao, Khmer, Myanmar. Blocks rather than scripts, so that the
# kana's prolonged sound mark (ー, script "Common") and 々 stay inside their word.
_UNSPACED = re.compile(
    "["
    "\u0e00-\u0eff"  # Thai, Lao
    "\u1000-\u109f"  # Myanmar
    "\u1100-\u11ff"  # Hangul Jamo
    "\u1780-\u17ff"  # Khmer
    "\u3005-\u3007\u3021-\u3029\u3031-\u3035\u303b\u303c"  # 々〆〇, Suzhou numerals, kana repeats
    "\u3040-\u30ff"  # Hiragana, Katakana (with ー)
    "\u3100-\u312f\u3130-\u318f\u31a0-\u31bf\u31f0-\u31ff"  # Bopomofo, Jamo, kana ext.
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # Han, its extension A, compatibility
    "\uac00-\ud7af"  # Hangul syllables
    "\U00020000-\U0003134f"  # Han extensions B–G
    "]+"
)


def normalize(text: str) -> str:
    """One form for every way of typing the same text: NFKC (full-width Ｃ, half-width ｶ,
    ligatures, composed or decomposed accents), then case folded (ß → ss)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _bigrams(run: str) -> str:
    if len(run) == 1:
        return f" {run} "
    return " " + " ".join(run[i : i + 2] for i in range(len(run) - 1)) + " "


def search_form(text: str, *, singles: bool = True) -> str:
    """``text`` as search stores and reads it: normalized, on one line, and in scripts
    without spaces each run of letters as its overlapping pairs (疫苗接种 → 疫苗 苗接 接种),
    then (``singles``, for stored text) the single letters of those runs once each, after
    the rest: a one-letter query finds them, and pairs stay next to the words around them
    for phrases.
    PostgreSQL's parser reads each pair as a word; SQLite's substring match finds them."""
    normal = normalize(text)
    letters: dict[str, None] = {}
    if singles:
        for run in _UNSPACED.findall(normal):
            if len(run) > 1:
                letters.update(dict.fromkeys(run))
    paired = _UNSPACED.sub(lambda match: _bigrams(match.group()), normal)
    return " ".join([*paired.split(), *letters])


def search_query(query: str) -> str:
    """The query in the same form as the stored text, its syntax kept (``"…"``, ``-``,
    ``or``): a word that becomes several (マイクロチップ → マイ イク … ップ) is quoted, a
    phrase of them in order."""
    parts = []
    for match in TOKEN.finditer(query):
        phrase_sign, phrase, word_sign, word = match.groups()
        if word is not None and word.lower() == "or":
            parts.append("or")
            continue
        sign = phrase_sign or word_sign or ""
        text = search_form(phrase if phrase is not None else word, singles=False)
        text = text.replace('"', " ")
        words = text.split()
        if not words:
            continue
        if phrase is not None or len(words) > 1:
            parts.append(f'{sign}"{" ".join(words)}"')
        else:
            parts.append(f"{sign}{words[0]}")
    return " ".join(parts)


def validate_query(query: str) -> None:
    """Refuse a query over the documented limits (``MAX_QUERY_CHARACTERS``,
    ``MAX_QUERY_WORDS``), with a ``ValidationError`` a form or the API shows as it is (codes
    ``max_length``, ``too_many_words``)."""
    if len(query) > MAX_QUERY_CHARACTERS:
        raise ValidationError(
            ngettext_lazy(
                "Search for at most %(limit)d character (this query has %(count)d).",
                "Search for at most %(limit)d characters (this query has %(count)d).",
                "limit",
            ),
            code="max_length",
            params={"limit": MAX_QUERY_CHARACTERS, "count": len(query)},
        )
    words = query_words(query)
    if words > MAX_QUERY_WORDS:
        raise ValidationError(
            ngettext_lazy(
                "Search for at most %(limit)d word (this query has %(count)d; in Chinese, "
                "Japanese, Korean or Thai every two letters count as a word).",
                "Search for at most %(limit)d words (this query has %(count)d; in Chinese, "
                "Japanese, Korean or Thai every two letters count as a word).",
                "limit",
            ),
            code="too_many_words",
            params={"limit": MAX_QUERY_WORDS, "count": words},
        )


def query_words(query: str) -> int:
    """The words a query looks up: each word of each phrase, excluded ones too, as the
    stored form counts them (``or`` is not one)."""
    return sum(
        len(term.text.split())
        for terms in parse_websearch(search_query(query), keep_excluded=True)
        for term in terms
    )


# --- PostgreSQL -------------------------------------------------------------------------

_CONFIG_CASE = "CASE split_part(lower({row}.language), '-', 1) {whens} ELSE 'simple' END"


def vector_columns(row: str = "c") -> dict[str, str]:
    """The stored search columns as SQL expressions of a claim row aliased ``row``: its
    ``search_config`` and ``search_vector``. The vector takes in the excerpts of the claim's
    appearances as they are in the table (rows inserted with their vector: their appearances
    first)."""
    whens = " ".join(f"WHEN '{code}' THEN '{cfg}'" for code, cfg in TEXT_SEARCH_CONFIGS.items())
    config = _CONFIG_CASE.format(row=row, whens=whens)
    # The claim's words weigh most, then the original wording, then how sources put it.
    vector = f"""
        setweight(to_tsvector(({config})::regconfig, {row}.text), 'A')
        || setweight(to_tsvector(({config})::regconfig, {row}.original_text), 'B')
        || setweight(to_tsvector(({config})::regconfig, coalesce((
            SELECT string_agg(a.excerpt, ' ') FROM claims_appearance AS a
            WHERE a.claim_id = {row}.id), '')), 'C')"""
    return {"search_config": config, "search_vector": vector}


def update_vectors_sql() -> str:
    """Rebuilds the stored search columns of the claims whose ids are the parameter."""
    columns = ", ".join(f"{name} = {sql}" for name, sql in vector_columns("c").items())
    return f"UPDATE claims_claim AS c SET {columns} WHERE c.id = ANY(%s)"


def full_text_filter(query: str):
    """One branch per configuration, each a constant tsquery the GIN index can answer."""
    from django.contrib.postgres.search import SearchQuery

    condition = Q()
    for config in CONFIGS:
        ts_query = SearchQuery(query, config=config, search_type="websearch")
        condition |= Q(search_config=config, search_vector=ts_query)
    return condition


def rank_expression(query: str):
    """``ts_rank`` with the query in each row's own configuration. Not a constant query,
    which is fine here: ranking reads the bounded candidates only, never the index."""
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import F

    config = F("search_config")
    # The stored vector itself: given its name as a string, SearchRank would read it as a
    # text to parse again (to_tsvector(search_vector::text)), losing weights and positions.
    query = SearchQuery(query, config=config, search_type="websearch")
    return SearchRank(F("search_vector"), query)


def headline_expression(query: str):
    """The claim's text with the words the query matched between MARK_START and MARK_STOP.
    Only to learn which words matched (stemmed forms included): ts_headline drops what its
    parser takes for markup, so the marks are put on the claim's own text (``snippet``).
    PostgreSQL computes it after the sort and limit, for the rows shown only."""
    from django.contrib.postgres.search import SearchHeadline, SearchQuery
    from django.db.models import F

    config = F("search_config")
    return SearchHeadline(
        "text",
        SearchQuery(query, config=config, search_type="websearch"),
        config=config,
        start_sel=MARK_START,
        stop_sel=MARK_STOP,
        highlight_all=True,
    )


def headline_pattern(headline: str) -> re.Pattern | None:
    """The words a headline marked, as a pattern matching them as whole words."""
    words = set(re.findall(f"{MARK_START}(.*?){MARK_STOP}", headline))
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# --- Other databases --------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    negated: bool = False


TOKEN = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def parse_websearch(query: str, *, keep_excluded: bool = False) -> list[list[Term]]:
    """``websearch_to_tsquery``'s syntax as alternatives of terms: words and "phrases" must
    all match, ``-word`` must not, ``or`` separates alternatives. Alternatives with nothing
    to look for (only exclusions) are dropped, unless ``keep_excluded``."""
    alternatives: list[list[Term]] = [[]]
    for match in TOKEN.finditer(query):
        phrase_sign, phrase, word_sign, word = match.groups()
        if word is not None and word.lower() == "or":
            alternatives.append([])
            continue
        text = phrase if phrase is not None else word
        negated = (phrase_sign or word_sign) == "-"
        text = " ".join(text.split())
        if text:
            alternatives[-1].append(Term(text, negated))
    if keep_excluded:
        return alternatives
    return [terms for terms in alternatives if any(not t.negated for t in terms)]


def plain_pattern(query: str) -> re.Pattern | None:
    """The fallback's matches: each searched word or phrase, anywhere, in any case."""
    words = {term.text for terms in parse_websearch(query) for term in terms if not term.negated}
    if not words:
        return None
    # The longest first, so that a phrase wins over a word inside it.
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(alternatives, re.IGNORECASE)


def snippet(text: str, pattern: re.Pattern | None) -> SafeString:
    """Up to SNIPPET_WORDS words of ``text``, from just before its first match when the
    text is longer, escaped, with every match in <mark>."""
    words = [match.span() for match in re.finditer(r"\S+", text)]
    if not words:
        return escape(text)
    first_word = 0
    first_match = pattern.search(text) if pattern else None
    if first_match and len(words) > SNIPPET_WORDS:
        before = sum(1 for start, _ in words if start < first_match.start())
        first_word = max(0, min(before - 5, len(words) - SNIPPET_WORDS))
    shown_words = words[first_word : first_word + SNIPPET_WORDS]
    shown = text[shown_words[0][0] : shown_words[-1][1]]
    parts = ["…" if first_word else ""]
    position = 0
    for match in pattern.finditer(shown) if pattern else ():
        parts.append(escape(shown[position : match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    parts.append(escape(shown[position:]))
    parts.append("…" if first_word + SNIPPET_WORDS < len(words) else "")
    return mark_safe("".join(parts))  # every part of the text escaped


def unspaced_pattern(query: str) -> re.Pattern | None:
    """The searched words in scripts without spaces, anywhere: PostgreSQL's headline reads
    a whole run of them as one word, and marks none of the pairs it matched."""
    words = {
        normalize(term.text)
        for terms in parse_websearch(query)
        for term in terms
        if not term.negated and _UNSPACED.search(normalize(term.text))
    }
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(alternatives, re.IGNORECASE)


def add_snippets(claims, query: str) -> None:
    """Set ``search_snippet`` on the claims of the page shown, with the words matched as
    PostgreSQL's headline (``best_matches`` annotated it, and the words in scripts without
    spaces) or the fallback found them."""
    fallback = plain_pattern(query)
    unspaced = unspaced_pattern(query)
    for claim in claims:
        headline = getattr(claim, "headline", None)
        pattern = fallback
        if headline is not None:
            found = [p.pattern for p in (headline_pattern(headline), unspaced) if p is not None]
            pattern = re.compile("|".join(found), re.IGNORECASE) if found else None
        claim.search_snippet = snippet(claim.text, pattern)
