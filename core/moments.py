"""``as_of``: a moment named in a query string, read the same way by the partner API
(``/api/v1/claims/7/?as_of=…``) and the claim page (``/claims/7/…/?as_of=…``), so that
both answer the same version for the same words (docs/api.md, "As known on")."""

from __future__ import annotations

import datetime
import re

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# What a reader or a client is told when a moment cannot be read (in the reader's language;
# the API's answers are in English, as it always is).
MOMENT_HELP = _("An ISO date (2017-06-01) or date-time (2017-06-01T12:00:00Z).")

# What ``as_of`` accepts: an ISO 8601 date, or date-time in its extended form with an
# optional zone (Python's fromisoformat alone takes far more: "20170601", week dates).
_MOMENT = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?"
)
_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
_LATEST = datetime.datetime.max.replace(tzinfo=datetime.UTC)


def parse_moment(raw: str) -> datetime.datetime:
    """The moment ``raw`` names, in UTC: a date-time (without a zone, UTC), or a date, which
    means the end of that day (as known on 1 June includes what was published that day).
    A moment past either end of the calendar in UTC is that end: before everything, or
    after. Raises ``ValueError`` (``MOMENT_HELP``) for anything else."""
    moment = None
    if _MOMENT.fullmatch(raw):
        try:
            if len(raw) == len("2017-06-01"):
                day = datetime.date.fromisoformat(raw)
                moment = datetime.datetime.combine(day, datetime.time.max)
            else:
                moment = datetime.datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError:
            moment = None
    if moment is None:
        raise ValueError(str(MOMENT_HELP))
    if not timezone.is_aware(moment):
        return moment.replace(tzinfo=datetime.UTC)
    try:
        # In UTC before it reaches the database: PostgreSQL takes zones up to ±15:59 only.
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        return _EARLIEST if moment.utcoffset() > datetime.timedelta() else _LATEST


def format_moment(moment: datetime.datetime) -> str:
    """``moment`` as ``parse_moment`` reads it back exactly: ISO 8601 in UTC with ``Z``
    (``2017-06-03T14:00:00Z``, microseconds when it has them), for an ``as_of`` link that
    names one version's publication."""
    return moment.astimezone(datetime.UTC).isoformat().replace("+00:00", "Z")
