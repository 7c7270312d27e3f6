"""Search over published claims, on the record's own columns (claims.search has the
syntax and the PostgreSQL configurations): the stored vector on PostgreSQL, the stored
``search_text`` elsewhere. Nothing here reads the working copy."""

from __future__ import annotations

from django.db import connection
from django.db.models import Q

from claims import search as syntax


def update_search_vectors(ids: list[int]) -> None:
    """Rebuild the vectors of these claim documents (PostgreSQL; a no-op elsewhere): the
    claim's words weigh most, then the excerpts and original wording."""
    if not syntax.uses_full_text() or not ids:
        return
    whens = " ".join(
        f"WHEN '{code}' THEN '{cfg}'" for code, cfg in syntax.TEXT_SEARCH_CONFIGS.items()
    )
    config = f"CASE split_part(lower(d.language), '-', 1) {whens} ELSE 'simple' END"
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE record_claimdocument AS d SET
                search_config = {config},
                search_vector =
                    setweight(to_tsvector(({config})::regconfig, d.text), 'A')
                    || setweight(to_tsvector(({config})::regconfig, d.search_text), 'C')
            WHERE d.id = ANY(%s)
            """,
            [ids],
        )


def matching(query: str) -> Q:
    """Claim documents matching ``query`` (``"safe corridor" -isis``, ``raqqa or palmyra``)."""
    if syntax.uses_full_text():
        return syntax.full_text_filter(query)
    condition = Q(pk__in=[])
    for terms in syntax.parse_websearch(query):
        branch = Q()
        for term in terms:
            contains = Q(search_text__icontains=term.text)
            branch &= ~contains if term.negated else contains
        condition |= branch
    return condition
