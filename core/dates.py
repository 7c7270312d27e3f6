"""Dates with a precision and bounds: what a statement's or a document's date can say.

The model is Wikidata's time value: a date with a precision (a day, a month or a year), plus
an "earliest date" and a "latest date" (here *not before* and *not after*, both days) where
the evidence narrows it. A date of month precision is stored as the first of that month and a
date of year precision as 1 January; only the parts the precision covers carry meaning, so
nothing here ever shows the stored day or month of a less precise date.

The pieces, all pure functions of ``(date, precision, not_before, not_after)``:

- ``parse_partial_date(text)``: what a curator types ("27 May 2017", "May 2017", "2017",
  "27/05/2017"…) → ``(date, precision)``; ``parse_not_before`` / ``parse_not_after`` read a
  bound the same way, a month or a year standing for its first or last day.
- ``period(date, precision)``: the days the date covers; ``span(...)``: that period narrowed
  by the bounds, the days the event can have happened on (``None`` where open).
- ``format_span(...)``: the reader's words ("between 27 and 31 May 2017", "on or before
  31 May 2017"); ``edtf(...)``: the Library of Congress's Extended Date/Time Format
  (https://www.loc.gov/standards/datetime/, levels 0 and 1); ``iso_interval(...)``: an
  ISO 8601 interval of whole days (schema.org ``temporalCoverage``).
- ``bounds_errors(...)`` / ``validate_bounds(...)``: bounds must be ordered and must overlap
  the date's period.
"""

import calendar
import datetime
import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import translation
from django.utils.translation import gettext, pgettext, pgettext_lazy

# Spelled out rather than taken from strftime("%B"), which follows the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# "may" → 5, "sep"/"sept" → 9: full English names and their usual abbreviations.
_MONTHS_BY_NAME = {name.lower(): number for number, name in enumerate(MONTH_NAMES, 1)} | {
    name[:3].lower(): number for number, name in enumerate(MONTH_NAMES, 1)
}
_MONTHS_BY_NAME["sept"] = 9

# The reader's month names, translated (our catalogue, not Django's: its Russian names are
# capitalised, as in a calendar's heading, where a sentence wants "май").
_MONTHS_ALONE = (
    pgettext_lazy("month name alone", "January"),
    pgettext_lazy("month name alone", "February"),
    pgettext_lazy("month name alone", "March"),
    pgettext_lazy("month name alone", "April"),
    pgettext_lazy("month name alone", "May"),
    pgettext_lazy("month name alone", "June"),
    pgettext_lazy("month name alone", "July"),
    pgettext_lazy("month name alone", "August"),
    pgettext_lazy("month name alone", "September"),
    pgettext_lazy("month name alone", "October"),
    pgettext_lazy("month name alone", "November"),
    pgettext_lazy("month name alone", "December"),
)
_MONTHS_AFTER_DAY = (
    pgettext_lazy("month name after a day", "January"),
    pgettext_lazy("month name after a day", "February"),
    pgettext_lazy("month name after a day", "March"),
    pgettext_lazy("month name after a day", "April"),
    pgettext_lazy("month name after a day", "May"),
    pgettext_lazy("month name after a day", "June"),
    pgettext_lazy("month name after a day", "July"),
    pgettext_lazy("month name after a day", "August"),
    pgettext_lazy("month name after a day", "September"),
    pgettext_lazy("month name after a day", "October"),
    pgettext_lazy("month name after a day", "November"),
    pgettext_lazy("month name after a day", "December"),
)


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


def normalize_partial_date(value: datetime.date | None, precision: str) -> datetime.date | None:
    """The canonical stored form: the first day of the month or year the precision names."""
    if value is None:
        return None
    if precision == DatePrecision.MONTH:
        return value.replace(day=1)
    if precision == DatePrecision.YEAR:
        return value.replace(month=1, day=1)
    return value


def format_partial_date(value: datetime.date | None, precision: str) -> str:
    """A reader's form of the date at its precision: "27 May 2017", "May 2017", "2017"."""
    if value is None:
        return ""
    if precision == DatePrecision.YEAR:
        return f"{value.year}"
    month = MONTH_NAMES[value.month - 1]
    if precision == DatePrecision.MONTH:
        return f"{month} {value.year}"
    return f"{value.day} {month} {value.year}"


# ---------------------------------------------------------------------------------------
# Parsing what people type


def _month_number(word: str) -> int | None:
    return _MONTHS_BY_NAME.get(word.lower().rstrip("."))


def _year(text: str, whole: str) -> int:
    if len(text) != 4:
        raise ValueError(
            gettext("%(date)s: write the year in full, with four digits (2017)") % {"date": whole}
        )
    year = int(text)
    if year < 1:
        raise ValueError(gettext("%(date)s: there is no year 0") % {"date": whole})
    return year


def _not_a_month(whole: str, month: int) -> ValueError:
    return ValueError(
        gettext("%(date)s: %(month)s is not a month") % {"date": whole, "month": month}
    )


def _day_date(year: int, month: int, day: int, whole: str) -> datetime.date:
    if not 1 <= month <= 12:
        raise _not_a_month(whole, month)
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        # The date as curators type it (English month names: what the parser reads).
        date = f"{day} {MONTH_NAMES[month - 1]} {year}"
        raise ValueError(gettext("%(date)s does not exist") % {"date": date})
    return datetime.date(year, month, day)


def _month_date(year: int, month: int, whole: str) -> datetime.date:
    if not 1 <= month <= 12:
        raise _not_a_month(whole, month)
    return datetime.date(year, month, 1)


def _examples() -> str:
    return gettext("write it as 27 May 2017, May 2017 or 2017")


_ISO = re.compile(r"(\d+)(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_NUMERIC = re.compile(r"(\d{1,2})([/.\-])(\d{1,2})\2(\d+)")
_NUMERIC_MONTH = re.compile(r"(\d{1,2})[/.\-](\d+)")
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+\.?),?\s+(\d+)", re.I)
_MONTH_DAY_YEAR = re.compile(r"([a-z]+\.?)\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d+)", re.I)
_MONTH_YEAR = re.compile(r"([a-z]+\.?),?\s+(\d+)", re.I)


def parse_partial_date(text: str) -> tuple[datetime.date, str]:
    """A typed date → ``(date, precision)``, the date in its stored (first-day) form.

    Reads "2017-05-27", "27 May 2017", "May 27, 2017", "27/05/2017" and "27.05.2017" (day
    first) as days; "November 2017", "Nov 2017", "2017-11" and "11/2017" as months; "2017" as
    a year. A text without a day is never given one: it has month or year precision.

    Raises ``ValueError`` with a message a curator can act on: a slash date whose two numbers
    could each be the month ("05/06/2017 could be 5 June or May 6: …"), a month-first US date
    ("05/27/2017: dates with slashes are read day first, and 27 is not a month"), a day that
    does not exist ("31 April 2017 does not exist"), a two-digit year, or anything else.
    """
    whole = " ".join(str(text).split())
    if not whole:
        raise ValueError(gettext("No date given: %(examples)s") % {"examples": _examples()})
    if len(whole) > 40:
        raise ValueError(gettext("Too long for a date: %(examples)s") % {"examples": _examples()})

    if match := _ISO.fullmatch(whole):
        year_text, month_text, day_text = match.groups()
        if month_text is None and len(year_text) != 4:
            raise ValueError(
                gettext("%(date)s is not a date: %(examples)s")
                % {"date": whole, "examples": _examples()}
            )
        year = _year(year_text, whole)
        if day_text is not None:
            return _day_date(year, int(month_text), int(day_text), whole), DatePrecision.DAY
        if month_text is not None:
            return _month_date(year, int(month_text), whole), DatePrecision.MONTH
        return datetime.date(year, 1, 1), DatePrecision.YEAR

    if match := _NUMERIC.fullmatch(whole):
        first, separator, second, year_text = match.groups()
        day, month, year = int(first), int(second), _year(year_text, whole)
        if separator != "." and month > 12 and 1 <= day <= 12:
            raise ValueError(
                gettext(
                    "%(date)s: dates with slashes are read day first, and %(month)s is not a month"
                )
                % {"date": whole, "month": month}
            )
        if separator != "." and day <= 12 and month <= 12 and day != month and day and month:
            raise ValueError(
                gettext("%(date)s could be %(one)s or %(other)s: write %(written)s or %(iso)s")
                % {
                    "date": whole,
                    "one": f"{day} {MONTH_NAMES[month - 1]}",
                    "other": f"{MONTH_NAMES[day - 1]} {month}",
                    "written": f"{day} {MONTH_NAMES[month - 1]} {year}",
                    "iso": f"{year:04d}-{month:02d}-{day:02d}",
                }
            )
        return _day_date(year, month, day, whole), DatePrecision.DAY

    if match := _NUMERIC_MONTH.fullmatch(whole):
        month_text, year_text = match.groups()
        return _month_date(_year(year_text, whole), int(month_text), whole), DatePrecision.MONTH

    if match := _DAY_MONTH_YEAR.fullmatch(whole):
        day_text, month_word, year_text = match.groups()
        if (month := _month_number(month_word)) is not None:
            year = _year(year_text, whole)
            return _day_date(year, month, int(day_text), whole), DatePrecision.DAY

    if match := _MONTH_DAY_YEAR.fullmatch(whole):
        month_word, day_text, year_text = match.groups()
        if (month := _month_number(month_word)) is not None:
            year = _year(year_text, whole)
            return _day_date(year, month, int(day_text), whole), DatePrecision.DAY

    if match := _MONTH_YEAR.fullmatch(whole):
        month_word, year_text = match.groups()
        if (month := _month_number(month_word)) is not None:
            return _month_date(_year(year_text, whole), month, whole), DatePrecision.MONTH

    raise ValueError(
        gettext("“%(date)s” is not a date: %(examples)s")
        % {"date": whole, "examples": _examples()}
    )


def period(value: datetime.date, precision: str) -> tuple[datetime.date, datetime.date]:
    """The first and last day the date covers: the day itself, its whole month or year."""
    if precision == DatePrecision.YEAR:
        return datetime.date(value.year, 1, 1), datetime.date(value.year, 12, 31)
    if precision == DatePrecision.MONTH:
        last = calendar.monthrange(value.year, value.month)[1]
        return value.replace(day=1), value.replace(day=last)
    return value, value


def parse_not_before(text: str) -> datetime.date:
    """A typed "not before" bound → a day: a month or a year stands for its first day.

    Raises ``ValueError`` as ``parse_partial_date`` does."""
    return period(*parse_partial_date(text))[0]


def parse_not_after(text: str) -> datetime.date:
    """A typed "not after" bound → a day: a month or a year stands for its last day.

    Raises ``ValueError`` as ``parse_partial_date`` does."""
    return period(*parse_partial_date(text))[1]


# ---------------------------------------------------------------------------------------
# The span, and how readers and machines see it


def span(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
) -> tuple[datetime.date | None, datetime.date | None]:
    """``(earliest, latest)``: the days the event can have happened on, ``None`` where open.

    The date's period (its day, whole month or whole year) narrowed by the bounds; without a
    date, the bounds alone. Meant for valid input (``bounds_errors`` empty): otherwise the
    earliest may come after the latest.
    """
    earliest, latest = period(value, precision) if value is not None else (None, None)
    if not_before is not None and (earliest is None or not_before > earliest):
        earliest = not_before
    if not_after is not None and (latest is None or not_after < latest):
        latest = not_after
    return earliest, latest


def _narrowing(value, precision, not_before, not_after):
    """The period (``None`` without a date), and the bounds that fall within it (``None``
    for one that does not: it says nothing the date does not already say). A bound on the
    period's edge counts: the curator gave that day."""
    if value is None:
        return None, not_before, not_after
    first, last = period(value, precision)
    return (
        (first, last),
        not_before if not_before is not None and first <= not_before <= last else None,
        not_after if not_after is not None and first <= not_after <= last else None,
    )


# A date's words are built from a phrase: what is known, as one of these shapes, with its
# days. ``format_span`` says it in English (the record's words, which partners read);
# ``span_words`` in the active language; ``translate_span`` reads the English back.
_DAY, _PERIOD, _BETWEEN, _BEFORE, _AFTER, _PERIOD_BEFORE, _PERIOD_AFTER = (
    "day", "period", "between", "before", "after", "period_before", "period_after"
)  # fmt: skip


def _phrase(value, precision, not_before, not_after) -> tuple | None:
    """What the words say (a shape and its dates), or None when nothing is known. The only
    days ever in it are the date itself (at day precision) and the bounds."""
    periods, not_before, not_after = _narrowing(value, precision, not_before, not_after)
    if not_before is not None and not_after is not None:
        if not_before == not_after:
            return (_DAY, not_before)
        return (_BETWEEN, not_before, not_after)
    if periods is None:
        if not_after is not None:
            return (_BEFORE, not_after)
        if not_before is not None:
            return (_AFTER, not_before)
        return None
    first, last = periods
    precision = DatePrecision(precision or DatePrecision.DAY)
    if not_after is not None and not_after != last:
        if not_after == first:
            return (_DAY, not_after)
        return (_PERIOD_BEFORE, value, precision, not_after)
    if not_before is not None and not_before != first:
        if not_before == last:
            return (_DAY, not_before)
        return (_PERIOD_AFTER, value, precision, not_before)
    # A lone bound on the period's own end says no more than the period.
    if precision == DatePrecision.DAY:
        return (_DAY, value)
    return (_PERIOD, value, precision)


def _month(number: int, *, with_day: bool) -> str:
    # After a day number, the form a language uses in a full date (Russian's genitive,
    # "31 мая"); else the name alone, as inside a sentence ("май 2017 г.").
    return str((_MONTHS_AFTER_DAY if with_day else _MONTHS_ALONE)[number - 1])


def _day_words(day: datetime.date, *, year: bool = True) -> str:
    if not year:
        return pgettext("date", "%(day)s %(month)s") % {
            "day": day.day,
            "month": _month(day.month, with_day=True),
        }
    return pgettext("date", "%(day)s %(month)s %(year)s") % {
        "day": day.day,
        "month": _month(day.month, with_day=True),
        "year": day.year,
    }


def _period_words(value: datetime.date, precision: str) -> str:
    if precision == DatePrecision.YEAR:
        return pgettext("date", "%(year)s") % {"year": value.year}
    if precision == DatePrecision.MONTH:
        return pgettext("date", "%(month)s %(year)s") % {
            "month": _month(value.month, with_day=False),
            "year": value.year,
        }
    return _day_words(value)


def _within_year(day: datetime.date, year: int) -> str:
    # "31 May" inside "2017, on or before 31 May": the year is already said.
    return _day_words(day, year=day.year != year)


def _words(phrase: tuple | None) -> str:
    """The phrase in the active language."""
    if phrase is None:
        return ""
    shape, *dates = phrase
    if shape == _DAY:
        return _day_words(dates[0])
    if shape == _PERIOD:
        return _period_words(*dates)
    if shape == _BEFORE:
        return pgettext("date", "on or before %(day)s") % {"day": _day_words(dates[0])}
    if shape == _AFTER:
        return pgettext("date", "on or after %(day)s") % {"day": _day_words(dates[0])}
    if shape == _BETWEEN:
        earliest, latest = dates
        if (earliest.year, earliest.month) == (latest.year, latest.month):
            start = str(earliest.day)
        elif earliest.year == latest.year:
            start = _day_words(earliest, year=False)
        else:
            start = _day_words(earliest)
        return pgettext("date", "between %(start)s and %(end)s") % {
            "start": start,
            "end": _day_words(latest),
        }
    value, precision, day = dates
    words = {"period": _period_words(value, precision), "day": _within_year(day, value.year)}
    if shape == _PERIOD_BEFORE:
        return pgettext("date", "%(period)s, on or before %(day)s") % words
    return pgettext("date", "%(period)s, on or after %(day)s") % words


def span_words(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
) -> str:
    """``format_span``'s words in the active language ("между 27 и 31 мая 2017 г.",
    "بين 27 و31 مايو 2017"); in English, the same words."""
    return _words(_phrase(value, precision, not_before, not_after))


def format_span(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
) -> str:
    """The reader's words for the date and its bounds, in English, as the record keeps them
    and the API gives them; "" when nothing is known (``span_words`` in the reader's
    language, ``translate_span`` from these words).

    Without bounds that narrow it, the date at its precision ("27 May 2017", "May 2017",
    "2017"). With both: "between 27 and 31 May 2017", "between 27 April and 3 May 2017",
    "between 30 December 2016 and 2 January 2017" (equal ends: that day). With one:
    "on or before 31 May 2017" / "on or after 27 May 2017", after the date's period when
    there is one ("May 2017, on or before 29 May"). The only days ever shown are the date
    itself (at day precision) and the bounds: never a day nobody gave.
    """
    # No catalogue: the msgids are the English words.
    with translation.override(None):
        return span_words(value, precision, not_before, not_after)


# ``format_span``'s English words, read back into their phrase (``translate_span``).
_BETWEEN_WORDS = re.compile(
    r"between (?P<start>\d{1,2}(?: [A-Z][a-z]+(?: \d{1,4})?)?) and (?P<end>.+)"
)
_BOUND_WORDS = re.compile(r"(?:(?P<period>.+), )?on or (?P<side>before|after) (?P<day>.+)")


def _read_day(text: str, *, year: int | None = None, month: int | None = None):
    """A day as ``format_span`` writes it ("31 May 2017"; "31 May" or "31" where the year,
    or the month and year, are said elsewhere), or None."""
    parts = text.split(" ")
    try:
        day = int(parts[0])
        if len(parts) > 1:
            month = MONTH_NAMES.index(parts[1]) + 1
        if len(parts) > 2:
            year = int(parts[2])
        if len(parts) > 3 or month is None or year is None:
            return None
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _read_period(text: str) -> tuple | None:
    """ "31 May 2017", "May 2017" or "2017" (format_partial_date's three forms, any year)
    → (date, precision), or None."""
    parts = text.split(" ")
    try:
        if len(parts) == 1:
            return datetime.date(int(parts[0]), 1, 1), DatePrecision.YEAR
        if len(parts) == 2:
            month = MONTH_NAMES.index(parts[0]) + 1
            return datetime.date(int(parts[1]), month, 1), DatePrecision.MONTH
    except ValueError:
        return None
    day = _read_day(text)
    return None if day is None else (day, DatePrecision.DAY)


def _read_phrase(words: str) -> tuple | None:
    """The phrase ``format_span`` said in ``words``; raises ValueError for other words."""
    if not words:
        return None
    if match := _BETWEEN_WORDS.fullmatch(words):
        end = _read_day(match["end"])
        start = end and _read_day(match["start"], year=end.year, month=end.month)
        if start is None:
            raise ValueError(words)
        return (_BETWEEN, start, end)
    if match := _BOUND_WORDS.fullmatch(words):
        side = _BEFORE if match["side"] == "before" else _AFTER
        if match["period"] is None:
            day = _read_day(match["day"])
            if day is None:
                raise ValueError(words)
            return (side, day)
        period = _read_period(match["period"])
        day = period and _read_day(match["day"], year=period[0].year)
        if day is None:
            raise ValueError(words)
        return (_PERIOD_BEFORE if side == _BEFORE else _PERIOD_AFTER, *period, day)
    if (period := _read_period(words)) is None:
        raise ValueError(words)
    value, precision = period
    return (_DAY, value) if precision == DatePrecision.DAY else (_PERIOD, value, precision)


def translate_span(words: str) -> str:
    """``format_span``'s English ``words`` (as a published document keeps them, in every
    summary, card and body) in the active language. Words it did not write are returned
    as they are."""
    if not words or (translation.get_language() or "en").split("-")[0] == "en":
        return words
    try:
        phrase = _read_phrase(words)
    except ValueError:
        return words
    return _words(phrase)


def _edtf_date(value: datetime.date, precision: str) -> str:
    iso = value.isoformat()
    return {DatePrecision.DAY: iso, DatePrecision.MONTH: iso[:7], DatePrecision.YEAR: iso[:4]}[
        DatePrecision(precision)
    ]


def edtf(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
) -> str:
    """The date and its bounds in EDTF (levels 0 and 1); "" when nothing is known.

    "2017-05-27", "2017-05", "2017" without bounds that narrow it; an interval with them:
    "2017-05-27/2017-05-31", "2017-05/2017-05-29" (an end the bounds leave is the date's own,
    at its precision), "../2017-05-31" and "2017-05-27/.." (open ends, level 1). Spec:
    https://www.loc.gov/standards/datetime/.
    """
    earliest, latest = span(value, precision, not_before, not_after)
    if earliest is not None and earliest == latest:
        return earliest.isoformat()  # a bound on the period's near end leaves one day
    periods, not_before, not_after = _narrowing(value, precision, not_before, not_after)
    if periods is not None and (not_before, not_after) in (
        (periods[0], None),
        (None, periods[1]),
    ):
        not_before = not_after = None  # a lone bound on the period's own end, as format_span
    if not_before is None and not_after is None:
        return _edtf_date(value, precision) if value is not None else ""
    own = _edtf_date(value, precision) if value is not None else ".."
    start = not_before.isoformat() if not_before is not None else own
    end = not_after.isoformat() if not_after is not None else own
    return start if start == end else f"{start}/{end}"


def iso_interval(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
) -> str:
    """The span as an ISO 8601 interval of whole days, ".." for an open end (ISO 8601-2, as
    schema.org's ``temporalCoverage`` takes it): "2017-05-01/2017-05-31" for May 2017,
    "../2017-05-31"; a single day as itself; "" when nothing is known."""
    earliest, latest = span(value, precision, not_before, not_after)
    if earliest is None and latest is None:
        return ""
    if earliest == latest:
        return earliest.isoformat()
    start = earliest.isoformat() if earliest is not None else ".."
    end = latest.isoformat() if latest is not None else ".."
    return f"{start}/{end}"


# ---------------------------------------------------------------------------------------
# Validation


def bounds_errors(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
) -> dict[str, str]:
    """What is wrong with the bounds, keyed "not_before" / "not_after"; empty when nothing.

    The bounds must be ordered, and each must leave some of the date's period: "Not before
    3 June 2017 is after the whole of May 2017."
    """
    errors = {}
    if not_before is not None and not_after is not None and not_before > not_after:
        errors["not_after"] = gettext(
            "Not after %(not_after)s comes before not before %(not_before)s."
        ) % {"not_after": _day_words(not_after), "not_before": _day_words(not_before)}
    if value is not None:
        first, last = period(value, precision)
        if precision == DatePrecision.DAY:
            whole = _day_words(value)
        else:
            whole = gettext("the whole of %(period)s") % {
                "period": _period_words(value, precision)
            }
        if not_before is not None and not_before > last:
            errors["not_before"] = gettext("Not before %(day)s is after %(whole)s.") % {
                "day": _day_words(not_before),
                "whole": whole,
            }
        if not_after is not None and not_after < first:
            errors.setdefault(
                "not_after",
                gettext("Not after %(day)s is before %(whole)s.")
                % {"day": _day_words(not_after), "whole": whole},
            )
    return errors


def validate_bounds(
    value: datetime.date | None,
    precision: str,
    not_before: datetime.date | None,
    not_after: datetime.date | None,
    *,
    not_before_field: str,
    not_after_field: str,
) -> None:
    """Raise ``ValidationError`` on the model's own field names when ``bounds_errors``
    finds anything (for ``Model.clean``)."""
    errors = bounds_errors(value, precision, not_before, not_after)
    names = {"not_before": not_before_field, "not_after": not_after_field}
    if errors:
        raise ValidationError(
            {
                names[key]: ValidationError(message, code=f"date_{key}_outside")
                for key, message in errors.items()
            }
        )
