"""Dates with a precision: a day, a month or a year (Wikidata's time + precision model).

A date of month precision is stored as the first of that month and a date of year precision
as 1 January; only the parts the precision covers carry meaning, so nothing here ever shows
the stored day or month of a less precise date.
"""

import datetime

from django.db import models

# Spelled out rather than taken from strftime("%B"), which follows the process locale.
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


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
