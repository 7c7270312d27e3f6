"""A published document's date, as every face shows it: the keys the renderer adds to a
claim's or a source's answers, and the columns the date filters read (core.dates).

A claim's content carries ``stated_on`` (ISO, the first day of its month or year at those
precisions), ``stated_on_precision`` and, since issue 17, ``stated_not_before`` /
``stated_not_after`` (ISO days or ``None``); a source's the same under ``published_*``.
Contents published before the bounds existed lack those keys: read as ``None``.

``stated_after`` / ``stated_before``: the date filters' conditions on the span columns (the
partner API's and the reader list's), a claim matching when its span overlaps the range.
"""

import datetime

from django.db.models import Q

from core.dates import edtf, format_span, span


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def _parts(content: dict, prefix: str, date_key: str) -> tuple:
    """``(date, precision, not_before, not_after)`` from a content's ISO strings."""
    return (
        _date(content[date_key]),
        content.get(f"{date_key}_precision") or "",
        _date(content.get(f"{prefix}_not_before")),
        _date(content.get(f"{prefix}_not_after")),
    )


def claim_dated(content: dict) -> dict:
    """The date keys of a claim's summary, card and body: ``stated_on`` (ISO or None),
    ``stated_on_precision`` (day/month/year or None), ``stated_not_before`` /
    ``stated_not_after`` (ISO or None), ``stated_on_display`` (the reader's
    words, bounds included: "between 27 and 31 May 2017"; "" when nothing is known)."""
    parts = _parts(content, "stated", "stated_on")
    return {
        "stated_on": content["stated_on"],
        "stated_on_precision": content["stated_on_precision"] or None,
        # In every summary too: a partner reading a nested claim's date must not take "May
        # 2017" for all it knows when the bounds say 27 to 31 May.
        "stated_not_before": content.get("stated_not_before"),
        "stated_not_after": content.get("stated_not_after"),
        "stated_on_display": format_span(*parts),
    }


def claim_date_details(content: dict) -> dict:
    """What a claim's body adds: ``stated_on_edtf`` (the date and its bounds in EDTF, ""
    when nothing is known)."""
    return {"stated_on_edtf": edtf(*_parts(content, "stated", "stated_on"))}


def claim_span_columns(content: dict) -> dict:
    """``stated_earliest`` / ``stated_latest``: the days the statement can have been made
    between (``None`` where open), for the date filters' overlap test."""
    earliest, latest = span(*_parts(content, "stated", "stated_on"))
    return {"stated_earliest": earliest, "stated_latest": latest}


def source_dated(content: dict) -> dict:
    """The date keys of a source's summary: ``published_on`` (ISO or None),
    ``published_on_precision`` (day/month/year or None) and ``published_on_display``
    ("November 2017", never "1 November 2017" for a month; "" when nothing is known)."""
    return {
        "published_on": content["published_on"],
        "published_on_precision": content.get("published_on_precision") or None,
        "published_on_display": format_span(*_parts(content, "published", "published_on")),
    }


def source_date_details(content: dict) -> dict:
    """What a source's body adds: its bounds (ISO or None), the curator's note on them, and
    ``published_on_edtf``."""
    return {
        "published_not_before": content.get("published_not_before"),
        "published_not_after": content.get("published_not_after"),
        "published_on_note": content.get("published_on_note", ""),
        "published_on_edtf": edtf(*_parts(content, "published", "published_on")),
    }


def stated_after(day: datetime.date) -> Q:
    """Claim documents whose span reaches ``day`` or later: a latest day on or after it, or
    an open latest end after a known earliest one (a claim with no date at all has no span,
    and matches neither filter)."""
    return Q(stated_latest__gte=day) | Q(stated_latest__isnull=True, stated_earliest__isnull=False)


def stated_before(day: datetime.date) -> Q:
    """Claim documents whose span reaches ``day`` or earlier (``stated_after``'s mirror)."""
    return Q(stated_earliest__lte=day) | Q(
        stated_earliest__isnull=True, stated_latest__isnull=False
    )
