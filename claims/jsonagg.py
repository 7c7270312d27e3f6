"""Small related lists (a claim's topics, corrections, the claims either side of its denials)
read as JSON inside the claim's own query, on PostgreSQL and SQLite alike.

A page or an API answer that needs five short lists would otherwise pay five queries; each
list here is a correlated subquery that aggregates its rows into one JSON array. The rows
come back as plain dicts, turned into unsaved model instances by the readers below, so the
templates and serializers that show them do not change. Only for short lists of plain
fields: anything long or deeply joined stays a prefetch.
"""

from __future__ import annotations

import datetime

from django.db.models import F, Func, JSONField, OuterRef, QuerySet, Subquery
from django.db.models.functions import JSONObject


class JSONList(Func):
    """``JSON_GROUP_ARRAY(x)`` on SQLite, ``JSONB_AGG(x)`` on PostgreSQL. A plain function,
    not an ``Aggregate``, so that Django adds no GROUP BY: the whole subquery aggregates,
    as ``subquery_count`` does with COUNT."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def json_rows(queryset: QuerySet, **fields) -> Subquery:
    """The rows of ``queryset`` (already filtered on an ``OuterRef``) as a JSON array of
    objects with ``fields`` (name → field path or expression). NULL when there are none."""
    objects = JSONObject(
        **{name: F(value) if isinstance(value, str) else value for name, value in fields.items()}
    )
    return Subquery(
        queryset.order_by().annotate(_rows=JSONList(objects)).values("_rows"),
        output_field=JSONField(),
    )


def rows(value) -> list[dict]:
    """A ``json_rows`` annotation as a list (NULL, no rows, is an empty list)."""
    return value or []


def date_or_none(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value[:10]) if value else None


def tag_rows(outer: str = "pk") -> Subquery:
    from claims.models import Tag

    return json_rows(
        Tag.claims.through.objects.filter(claim=OuterRef(outer)),
        id="tag_id",
        name="tag__name",
        slug="tag__slug",
    )


def tags_from(value) -> list:
    from claims.models import Tag

    return sorted((Tag(**row) for row in rows(value)), key=lambda tag: tag.name)


def correction_rows(outer: str = "pk") -> Subquery:
    from claims.models import Correction

    return json_rows(
        Correction.objects.published().filter(claim=OuterRef(outer)),
        id="id",
        claim_id="claim_id",
        note="note",
        corrected_on="corrected_on",
    )


def corrections_from(value) -> list:
    from claims.models import Correction

    corrections = [
        Correction(**{**row, "corrected_on": date_or_none(row["corrected_on"])})
        for row in rows(value)
    ]
    return sorted(corrections, key=lambda c: (c.corrected_on, c.id))


# The fields a claim summary shows (factcheck/api/serializers.py ClaimSummarySerializer).
CLAIM_SUMMARY_FIELDS = {
    "id": "id",
    "text": "text",
    "is_quote": "is_quote",
    "stated_on": "stated_on",
    "stated_on_precision": "stated_on_precision",
    "speaker_id": "speaker_id",
    "speaker_slug": "speaker__slug",
    "speaker_name": "speaker__name",
    "speaker_kind": "speaker__kind",
}


def claim_summary_rows(queryset: QuerySet, prefix: str) -> Subquery:
    """Claims reached through ``prefix`` (``denied_claim``, say) from each row of
    ``queryset``, summarised."""
    fields = {name: f"{prefix}__{path}" for name, path in CLAIM_SUMMARY_FIELDS.items()}
    return json_rows(queryset, **fields)


def claims_from(value) -> list:
    """Summarised claims, as unsaved instances with their speakers, earliest first."""
    from claims.models import Claim, Speaker

    claims = []
    for row in rows(value):
        claim = Claim(
            id=row["id"],
            text=row["text"],
            is_quote=bool(row["is_quote"]),
            stated_on=date_or_none(row["stated_on"]),
            stated_on_precision=row["stated_on_precision"],
            speaker_id=row["speaker_id"],
        )
        claim.speaker = Speaker(
            id=row["speaker_id"],
            slug=row["speaker_slug"],
            name=row["speaker_name"],
            kind=row["speaker_kind"],
        )
        claims.append(claim)
    return sorted(claims, key=lambda c: (c.stated_on is None, c.stated_on, c.id))
