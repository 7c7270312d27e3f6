"""Dates typed as text in the admin: "27 May 2017", "May 2017", "2017", "27/05/2017".

A curator types a date the way it is written, and the precision follows from what was
typed (``core.dates.parse_partial_date``), instead of a calendar widget that makes up a day
beside a precision menu that must agree with it. The model keeps its own columns (a
``DateField`` and its precision, two bound ``DateField``s); these form fields only read and
show them.

- ``PartialDateField``: the date itself; cleans to ``(date, precision)`` or ``None``.
- ``DateBoundField``: a "not before" or "not after" bound; cleans to a day (a month or a
  year typed there stands for its first or last day).
- ``PartialDateFormMixin``: for a ``ModelForm``; splits the date field's ``(date,
  precision)`` into the model's two columns, and shows the stored date at its precision.
"""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.dates import format_partial_date, parse_not_after, parse_not_before, parse_partial_date

DATE_HELP = _(
    "As written: 27 May 2017, May 2017 or 2017 (also 2017-05-27; 27/05/2017 is read day "
    "first). Leave out what is not known: no day is ever made up."
)
BOUND_HELP = {
    "first": _("A day (27 May 2017); a month or a year typed here means its first day."),
    "last": _("A day (27 May 2017); a month or a year typed here means its last day."),
}


class PartialDateField(forms.CharField):
    """A date typed as text → ``(date, precision)``; empty → ``None``.

    Shows ``(date, precision)`` at its precision ("May 2017"); the parser's refusal ("31 April
    2017 does not exist") is the form error."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 20}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_partial_date(text)
        except ValueError as refusal:
            raise ValidationError(str(refusal), code="invalid_date") from None

    def prepare_value(self, value):
        if isinstance(value, tuple):
            return format_partial_date(*value)
        return value


class DateBoundField(forms.CharField):
    """A "not before" (``end="first"``) or "not after" (``end="last"``) bound typed as text →
    a ``datetime.date`` or ``None``; a month or a year stands for its first or last day."""

    def __init__(self, *, end: str, **kwargs):
        if end not in ("first", "last"):
            raise ValueError(f"end is 'first' or 'last', not {end!r}")
        self.parse = parse_not_before if end == "first" else parse_not_after
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", BOUND_HELP[end])
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 20}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return self.parse(text)
        except ValueError as refusal:
            raise ValidationError(str(refusal), code="invalid_date") from None

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return format_partial_date(value, "day")
        return value


class PartialDateFormMixin(forms.ModelForm):
    """Fills a model's date and precision columns from one ``PartialDateField``.

    Set ``partial_date = ("stated_on", "stated_on_precision")``: the form field named as the
    date column (declared as a ``PartialDateField``) and the precision column it fills (left
    out of the form). Bounds and their validation stay with the model (``Model.clean``)."""

    partial_date: tuple[str, str]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        date_name, precision_name = self.partial_date
        value = getattr(self.instance, date_name)
        # Shown (and compared, for "changed") at its precision: "May 2017", never "2017-05-01".
        self.initial[date_name] = (
            (value, getattr(self.instance, precision_name)) if value is not None else None
        )

    def clean(self):
        cleaned_data = super().clean()
        date_name, precision_name = self.partial_date
        if date_name in cleaned_data:
            value, precision = cleaned_data[date_name] or (None, "")
            cleaned_data[date_name] = value
            # The precision column is not a form field: set it where the model reads it.
            setattr(self.instance, precision_name, precision)
        return cleaned_data
