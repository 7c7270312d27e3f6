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
from dataclasses import dataclass

from django.db import connection
from django.db.models import Q
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# How many of the newest matches the reader's list ranks.
CANDIDATES = 1000
# Up to this many matches, a search is answered from the matches' ids (ClaimQuerySet.search).
FEW = 2000
# Words in a highlighted snippet, as the claim cards show at most.
SNIPPET_WORDS = 40
# Private-use characters mark the matched words in ts_headline's output.
MARK_START, MARK_STOP = "\ue000", "\ue001"

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


# --- PostgreSQL -------------------------------------------------------------------------

_CONFIG_CASE = "CASE split_part(lower(c.language), '-', 1) {whens} ELSE 'simple' END"


def update_vectors_sql() -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{cfg}'" for code, cfg in TEXT_SEARCH_CONFIGS.items())
    config = _CONFIG_CASE.format(whens=whens)
    # The claim's words weigh most, then the original wording, then how sources put it.
    return f"""
        UPDATE claims_claim AS c SET
            search_config = {config},
            search_vector =
                setweight(to_tsvector(({config})::regconfig, c.text), 'A')
                || setweight(to_tsvector(({config})::regconfig, c.original_text), 'B')
                || setweight(to_tsvector(({config})::regconfig, coalesce((
                    SELECT string_agg(a.excerpt, ' ') FROM claims_appearance AS a
                    WHERE a.claim_id = c.id), '')), 'C')
        WHERE c.id = ANY(%s)
    """


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
    return SearchRank("search_vector", SearchQuery(query, config=config, search_type="websearch"))


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


def parse_websearch(query: str) -> list[list[Term]]:
    """``websearch_to_tsquery``'s syntax as alternatives of terms: words and "phrases" must
    all match, ``-word`` must not, ``or`` separates alternatives."""
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


def add_snippets(claims, query: str) -> None:
    """Set ``search_snippet`` on the claims of the page shown, with the words matched as
    PostgreSQL's headline (``best_matches`` annotated it) or the fallback found them."""
    fallback = plain_pattern(query)
    for claim in claims:
        headline = getattr(claim, "headline", None)
        pattern = headline_pattern(headline) if headline is not None else fallback
        claim.search_snippet = snippet(claim.text, pattern)
