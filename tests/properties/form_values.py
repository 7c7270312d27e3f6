"""POST values for Django form fields, as Hypothesis strategies: values each field accepts on
its own (so that whole forms get saved often enough to check what a save writes), and hostile
ones. Each strategy gives the field's POST keys with their values: a list per key, empty for
an absent key, several for a repeated one.
"""

import datetime

from django import forms
from django.core.validators import RegexValidator
from hypothesis import strategies as st

from tests.properties import strategies as hostile

PostValues = dict[str, list[str]]

# Readable text without control characters: valid for any text field.
_TEXT = st.characters(exclude_categories=("Cs", "Cc"))
_DATES = st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31))


def post_names(name: str, field: forms.Field) -> list[str]:
    """The keys a field's widget posts: a split date and time posts two."""
    if isinstance(field, forms.SplitDateTimeField):
        return [f"{name}_0", f"{name}_1"]
    return [name]


def _optional(field: forms.Field, strategy: st.SearchStrategy) -> st.SearchStrategy:
    return strategy if field.required else st.just([""]) | strategy


def _one(strategy: st.SearchStrategy) -> st.SearchStrategy:
    return strategy.map(lambda value: [str(value)])


def _text(field: forms.CharField) -> st.SearchStrategy:
    regexes = [v.regex for v in field.validators if isinstance(v, RegexValidator)]
    longest = min(field.max_length or 60, 60)
    if regexes:
        text = st.from_regex(regexes[0], fullmatch=True)
    else:
        text = st.text(_TEXT, min_size=max(field.min_length or 1, 1), max_size=longest)
    return _one(text.filter(lambda value: value.strip() and len(value) <= longest))


def _choice_values(field: forms.ChoiceField) -> list[str]:
    values = []
    for value, label in field.choices:
        if isinstance(label, (list, tuple)):
            values.extend(str(v) for v, _ in label)
        else:
            values.append(str(value))
    return [value for value in values if value != ""]


def _valid(field: forms.Field) -> st.SearchStrategy | None:
    """Values the field accepts on its own, or None when there is no good guess (the
    rendered value is kept)."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:50]]
        return st.lists(st.sampled_from(pks), unique=True, max_size=3) if pks else st.just([])
    if isinstance(field, forms.ModelChoiceField):
        pks = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:50]]
        return _optional(field, _one(st.sampled_from(pks))) if pks else None
    if isinstance(field, forms.BooleanField):
        return st.sampled_from([[], ["on"]])
    if isinstance(field, forms.ChoiceField):
        values = _choice_values(field)
        return _optional(field, _one(st.sampled_from(values))) if values else None
    if isinstance(field, forms.DateField):
        return _optional(field, _one(_DATES.map(datetime.date.isoformat)))
    if isinstance(field, forms.IntegerField):
        low = field.min_value if field.min_value is not None else -1000
        high = field.max_value if field.max_value is not None else 1000
        return _optional(field, _one(st.integers(min_value=low, max_value=high)))
    if isinstance(field, forms.URLField):
        return _optional(field, _one(st.integers(0, 10**6).map("https://news.example/{}".format)))
    if isinstance(field, forms.EmailField):
        return _optional(field, _one(st.from_regex(r"[a-z]{1,10}@example\.org", fullmatch=True)))
    if isinstance(field, forms.SlugField):
        slug = st.from_regex(r"[a-z0-9]{1,20}(-[a-z0-9]{1,20}){0,2}", fullmatch=True)
        return _optional(field, _one(slug))
    if isinstance(field, forms.CharField):
        return _optional(field, _text(field))
    return None


def valid_values(name: str, field: forms.Field) -> st.SearchStrategy[PostValues] | None:
    if isinstance(field, forms.SplitDateTimeField):
        moments = st.datetimes(
            min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2040, 1, 1)
        ).map(lambda m: {f"{name}_0": [m.date().isoformat()], f"{name}_1": [f"{m:%H:%M:%S}"]})
        blank = st.just({f"{name}_0": [""], f"{name}_1": [""]})
        return moments if field.required else blank | moments
    values = _valid(field)
    return None if values is None else values.map(lambda v: {name: v})


def hostile_values(name: str, field: forms.Field | None) -> st.SearchStrategy[PostValues]:
    """Anything, for each key the field posts: absent, one hostile value, or repeated."""
    names = post_names(name, field) if field is not None else [name]
    return st.fixed_dictionaries(
        {key: st.lists(hostile.scalar_values, max_size=3) for key in names}
    )


# What a tampered management form may say: counts out of range or of the wrong type. Not
# counts of 2,000 and more: Django then builds (and the admin re-renders) 2,000 inline forms,
# a request of a minute that answers correctly and would take this suite's whole budget.
management_values = st.sampled_from(
    ["", "-1", "0", "1", "2", "5", "60", "1.5", "1e3", "0x10", " 3 ", "\x00", "²", "٣"]
) | st.lists(st.sampled_from(["0", "1", "abc"]), min_size=2, max_size=2).map(" ".join)
