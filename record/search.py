"""Search over published claims, on the record's own columns (claims.search has the
syntax, the search form of text and queries, the limits and the PostgreSQL
configurations): the stored vector on PostgreSQL, the stored ``search_text`` elsewhere.
Nothing here reads the working copy.

``search_text`` is the claim's text, its original text and its excerpts, one line each, in
their search form (normalized; scripts without spaces as pairs of letters), so both
databases match the same words; PostgreSQL builds the vector from those lines, the
original text in the configuration of its own language."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import OperationalError, connections, router, transaction
from django.db.models import F, Q

from claims import search as syntax
from record.models import ClaimDocument

# psycopg's QueryCanceled: the statement timeout expired.
QUERY_CANCELED = "57014"


class SearchTimedOut(Exception):
    """A search ran past ``SEARCH_STATEMENT_TIMEOUT_MS`` and was cancelled."""


def search_text(parts: list[str]) -> str:
    """``[text, original_text, *excerpts]`` as stored: one line each, in search form (the
    first two lines always there, empty when there is no original)."""
    text, original, *excerpts = parts
    lines = [syntax.search_form(text), syntax.search_form(original or "")]
    lines += [syntax.search_form(excerpt) for excerpt in excerpts if excerpt]
    return "\n".join(lines).rstrip("\n")


def _config_sql(language: str) -> str:
    whens = " ".join(
        f"WHEN '{code}' THEN '{cfg}'" for code, cfg in syntax.TEXT_SEARCH_CONFIGS.items()
    )
    return f"CASE split_part(lower({language}), '-', 1) {whens} ELSE NULL END"


def vector_assignments(search_text_sql: str = "d.search_text") -> str:
    """The ``SET`` list that gives ``record_claimdocument AS d`` its configurations and
    vector from ``search_text_sql`` (its stored ``search_text`` by default): the claim's
    words weigh most, then its original text (in the configuration of
    ``original_language``), then the excerpts."""
    config = f"coalesce({_config_sql('d.language')}, 'simple')"
    original_language = "d.content->>'original_language'"
    original = f"coalesce({_config_sql(original_language)}, {config})"
    lines = f"string_to_array({search_text_sql}, E'\\n')"
    return f"""
        search_config = {config},
        original_search_config = {original},
        search_vector =
            setweight(to_tsvector(({config})::regconfig, coalesce(({lines})[1], '')), 'A')
            || setweight(to_tsvector(({original})::regconfig, coalesce(({lines})[2], '')), 'B')
            || setweight(to_tsvector(({config})::regconfig,
                array_to_string(({lines})[3:], ' ')), 'C')
    """


def update_search_vectors(ids: list[int]) -> None:
    """Rebuild the configurations and vectors of these claim documents from their
    ``search_text`` (PostgreSQL; a no-op elsewhere)."""
    if not syntax.uses_full_text() or not ids:
        return
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"UPDATE record_claimdocument AS d SET {vector_assignments()} WHERE d.id = ANY(%s)",
            [ids],
        )


def matching(query: str) -> Q:
    """Claim documents matching ``query`` (``"safe corridor" -isis``, ``raqqa or palmyra``),
    in any Unicode form of it. On PostgreSQL, one branch per configuration, each a constant
    tsquery the GIN index answers, taken by the claims in that language or with an original
    in it."""
    form = syntax.search_query(query)
    if syntax.uses_full_text():
        condition = Q()
        for config in syntax.CONFIGS:
            ts_query = SearchQuery(form, config=config, search_type="websearch")
            in_config = Q(search_config=config) | Q(original_search_config=config)
            condition |= Q(search_vector=ts_query) & in_config
        return condition
    condition = Q(pk__in=[])
    for terms in syntax.parse_websearch(form):
        branch = Q()
        for term in terms:
            # Both sides are in search form (normalized and case folded).
            contains = Q(search_text__contains=term.text)
            branch &= ~contains if term.negated else contains
        condition |= branch
    return condition


def rank_expression(query: str):
    """``ts_rank`` for the query in the claim's configuration or its original's."""
    form = syntax.search_query(query)
    in_own = SearchQuery(form, config=F("search_config"), search_type="websearch")
    in_original = SearchQuery(form, config=F("original_search_config"), search_type="websearch")
    # The stored vector itself: given its name as a string, SearchRank would read it as a
    # text to parse again (to_tsvector(search_vector::text)), losing weights and positions.
    return SearchRank(F("search_vector"), in_own | in_original)


def headline_expression(query: str):
    return syntax.headline_expression(syntax.search_query(query))


@contextmanager
def time_limit() -> Iterator[None]:
    """Run the search queries inside in one transaction whose statements PostgreSQL cancels
    after ``SEARCH_STATEMENT_TIMEOUT_MS`` (``SET LOCAL``: the connection's other
    transactions keep their own limit), on the database public reads use. Raises
    ``SearchTimedOut`` when one is cancelled. A no-op on other databases."""
    alias = router.db_for_read(ClaimDocument)
    connection = connections[alias]
    if connection.vendor != "postgresql":
        yield
        return
    try:
        # The request's own transaction, for SET LOCAL. Inside one already (a test's), the
        # setting lasts until that one ends: opening another would take a savepoint.
        with nullcontext() if connection.in_atomic_block else transaction.atomic(using=alias):
            with connection.cursor() as cursor:
                # SET LOCAL, as a function that takes a parameter.
                cursor.execute(
                    "SELECT set_config('statement_timeout', %s, true)",
                    [str(int(settings.SEARCH_STATEMENT_TIMEOUT_MS))],
                )
            yield
    except OperationalError as error:
        if getattr(error.__cause__, "sqlstate", None) == QUERY_CANCELED:
            raise SearchTimedOut(str(error)) from error
        raise
