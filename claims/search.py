"""Searching claims with the syntax people type into search boxes:
``"safe corridor" -isis``, ``raqqa or palmyra``.

PostgreSQL: a stored, GIN-indexed ``tsvector`` per claim (its text, original text and every
excerpt reporting it), built with the text search configuration of the claim's language
(``simple`` where PostgreSQL has none), queried with ``websearch_to_tsquery`` in that same
configuration, and ranked. Elsewhere (SQLite): the same syntax parsed here and matched
case-insensitively, without stemming.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, Q

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
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models import Case, FloatField, Value, When

    return Case(
        *(
            When(
                search_config=config,
                then=SearchRank(
                    "search_vector", SearchQuery(query, config=config, search_type="websearch")
                ),
            )
            for config in CONFIGS
        ),
        default=Value(0.0),
        output_field=FloatField(),
    )


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


def plain_filter(query: str):
    from claims.models import Appearance

    def contains(text: str) -> Q:
        in_excerpt = Appearance.objects.filter(claim=OuterRef("pk"), excerpt__icontains=text)
        return Q(text__icontains=text) | Q(original_text__icontains=text) | Q(Exists(in_excerpt))

    condition = Q(pk__in=[])
    for terms in parse_websearch(query):
        branch = Q()
        for term in terms:
            branch &= ~contains(term.text) if term.negated else contains(term.text)
        condition |= branch
    return condition
