"""Rows written in bulk without model instances: for imports of many thousands of records,
where building, cleaning and saving an instance per row costs more than the database does.

- ``new_row(model, parents, **values)`` is a row as a dict of column values (the model's
  defaults filled in), its given values checked as ``Model.full_clean`` checks fields
  (``clean_fields``: null, blank, length, choices, validators) by checks compiled once per
  field; what fails gets the field's own error, in ``full_clean``'s shape. A parent row
  written in the same go is named in ``parents`` (its key is read when it has one). Model
  ``clean()`` methods and constraints are not run: the caller does what they would (the
  database checks constraints anyway).
- ``insert_new_rows(groups)`` writes them, parents' groups first: on PostgreSQL, every
  group's keys drawn from the tables' sequences in one query, then each table's rows sent by
  COPY as tuples; elsewhere ``bulk_create``, which returns the keys.
- ``insert_tuples(model, names, rows)`` is the COPY (or ``bulk_create``) of plain tuples,
  for rows derived from those (history rows); columns the database works out from the
  others (a search vector) are given as SQL, and the rows go in through a temporary table.

Errors are the database's, raised as Django's (``IntegrityError``, ``DataError``).
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from operator import itemgetter

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    ProhibitNullCharactersValidator,
    URLValidator,
)
from django.db import connection, models, transaction
from django.db.models.fields import AutoFieldMixin

# Origins (scheme and host) of addresses found valid, remembered per field: URLValidator
# is the costliest field check by far, and an import's addresses have few hosts.
ORIGIN_MEMORY = 4096
# Short texts passed, remembered per field (statuses, kinds, languages, names): checked once.
SHORT, SHORT_MEMORY = 100, 1024


class NewRow:
    """A row to insert: ``model``; ``values``, every concrete column by attname; ``parents``,
    attname → the parent row (a ``NewRow`` or a saved instance) whose key goes there when
    this row is written; ``pk`` once written (None again if its transaction is rolled
    back: ``unwrite``)."""

    __slots__ = ("model", "parents", "pk", "values")

    def __init__(self, model, values: dict, parents: dict):
        self.model, self.values, self.parents, self.pk = model, values, parents, None

    def __repr__(self) -> str:
        return f"<NewRow {self.model.__name__} {self.pk}>"


def new_row(model, parents: dict | None = None, **values) -> NewRow:
    """A new ``model`` row: its defaults, then ``values`` (by attname), checked; raises
    ``ValidationError`` as ``full_clean`` would, mapping each failing field to its messages
    in the model's field order. ``parents``: attname → parent row."""
    layout = _layout(model)
    row = layout.defaults.copy()
    for name, make in layout.callables:
        row[name] = make()
    errors = {}
    checks = layout.checks
    for name, value in values.items():
        if type(value) is not str and isinstance(value, enum.Enum):
            value = value.value  # a choices member goes in as its value
        check = checks.get(name)
        if check is not None:
            try:
                value = check(value)
            except ValidationError as error:
                errors[name] = error.error_list
        row[name] = value
    if errors:
        order = layout.order
        raise ValidationError(dict(sorted(errors.items(), key=lambda item: order[item[0]])))
    return NewRow(model, row, parents or {})


def unwrite(rows: Iterable[NewRow]) -> None:
    """Rows whose transaction was rolled back: without keys again, to be written anew."""
    for row in rows:
        row.pk = None


def insert_new_rows(
    groups: Sequence[tuple[type[models.Model], list[NewRow]]],
    now,
    computed: dict[type[models.Model], dict[str, str]] | None = None,
) -> None:
    """Writes each group's rows (``model``, rows), parents' groups before their children's
    (on PostgreSQL, where every key is drawn first, in any order); ``auto_now``/
    ``auto_now_add`` columns get ``now`` (elsewhere, the time ``bulk_create`` gives them).
    Each row gets its key (``pk`` and its primary-key column); ``values`` are then the row
    as written. ``computed``: a model's columns the database works out as its rows go in
    (``insert_tuples``), on PostgreSQL."""
    groups = [(model, rows) for model, rows in groups if rows]
    if not groups:
        return
    if connection.vendor == "postgresql":
        _draw_keys(groups)
    for model, rows in groups:
        layout = _layout(model)
        for row in rows:
            values = row.values
            for name, parent in row.parents.items():
                values[name] = parent.pk
            for name in layout.stamped:
                values[name] = now
        if connection.vendor == "postgresql":
            columns = (computed or {}).get(model, {})
            names = [name for name in layout.names if name not in columns]
            pick = itemgetter(*names)
            insert_tuples(model, names, [pick(row.values) for row in rows], computed=columns)
            continue
        pk = model._meta.pk.attname
        instances = [model(**{k: v for k, v in row.values.items() if k != pk}) for row in rows]
        model.objects.bulk_create(instances)  # stamps them itself (pre_save)
        for row, instance in zip(rows, instances, strict=True):
            row.pk = row.values[pk] = instance.pk
            for name in layout.stamped:
                row.values[name] = getattr(instance, name)


def insert_tuples(
    model, names: Sequence[str], rows: list[tuple], computed: dict[str, str] | None = None
) -> None:
    """Inserts ``rows``, tuples of values in the order of the attnames ``names`` (values as
    the database takes them: dates, numbers, strings, None), by COPY on PostgreSQL;
    ``bulk_create`` elsewhere. Columns left out take their database default.

    ``computed`` (PostgreSQL): column → an SQL expression of the row being inserted,
    aliased ``inserted`` (a claim's search vector): the rows then go by COPY to a temporary
    table and on with one ``INSERT … SELECT``, so that each is written once, complete,
    rather than written and updated."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**dict(zip(names, row, strict=True))) for row in rows])
        return
    quote = connection.ops.quote_name
    fields = {f.attname: f for f in model._meta.concrete_fields}
    columns = ", ".join(quote(fields[name].column) for name in names)
    table = quote(model._meta.db_table)
    target = quote(f"new_{model._meta.db_table}") if computed else table
    with (
        transaction.atomic(savepoint=False),  # the temporary table lives until it ends
        connection.wrap_database_errors,
        connection.cursor() as cursor,
    ):
        if computed:
            # Dropped at commit; emptied after each use, for a strict import's next batch.
            cursor.execute(
                f"CREATE TEMPORARY TABLE IF NOT EXISTS {target} ON COMMIT DROP AS "
                f"SELECT {columns} FROM {table} WITH NO DATA"
            )
        with cursor.cursor.copy(f"COPY {target} ({columns}) FROM STDIN") as copy:
            write = copy.write_row
            for row in rows:
                write(row)
        if computed:
            extra = ", ".join(quote(name) for name in computed)
            values = ", ".join(computed.values())
            cursor.execute(
                f"INSERT INTO {table} ({columns}, {extra}) "
                f"SELECT {columns}, {values} FROM {target} AS inserted"
            )
            cursor.execute(f"DELETE FROM {target}")


def _draw_keys(groups) -> None:
    """Every group's keys from its table's sequence, in one query."""
    parts, params = [], []
    for index, (model, rows) in enumerate(groups):
        meta = model._meta
        parts.append(
            f"SELECT {index}, nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)"
        )
        params += [meta.db_table, meta.pk.column, len(rows)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        keys = [[] for _ in groups]
        for index, key in cursor.fetchall():
            keys[index].append(key)
    for (model, rows), drawn in zip(groups, keys, strict=True):
        pk = model._meta.pk.attname
        for row, key in zip(rows, drawn, strict=True):
            row.pk = row.values[pk] = key


class _Layout:
    """What is known of a model once: its columns, defaults, stamps and field checks."""

    def __init__(self, model):
        fields = [f for f in model._meta.concrete_fields if not f.generated]
        self.names = [f.attname for f in fields]
        self.order = {name: n for n, name in enumerate(self.names)}
        self.defaults, self.callables = {}, []
        for field in fields:
            if field.has_default() and callable(field.default):
                self.callables.append((field.attname, field.default))
                continue
            default = field.get_default()
            if field.primary_key and isinstance(field, AutoFieldMixin):
                default = None
            self.defaults[field.attname] = (
                default.value if isinstance(default, enum.Enum) else default
            )
        self.stamped = [
            f.attname
            for f in fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]
        self.checks = {f.attname: _field_check(f) for f in fields if not f.is_relation}


@cache
def _layout(model) -> _Layout:
    return _Layout(model)


def _field_check(field) -> Callable:
    """A function of a value that returns it (cleaned) or raises the field's own
    ``ValidationError``: the common cases checked inline (a string's type, length, choices
    and validators; a date's, a boolean's type), anything else — and anything failing — by
    ``field.clean``, so that the message is the one ``full_clean`` gives."""

    def slow(value):
        return field.clean(value, None)

    if not field.editable:
        return slow  # Field.validate passes over non-editable fields; clean says the rest
    choices = frozenset(str(key) for key, _ in field.flatchoices) if field.choices else None
    if isinstance(field, (models.CharField, models.TextField)):
        limit = field.max_length
        validators = [
            _by_origin(v) if isinstance(v, URLValidator) else v
            for v in field.validators
            if not isinstance(v, (MaxLengthValidator, ProhibitNullCharactersValidator))
        ]

        passed: dict[str, None] = {}  # short values passed: the same few, row after row

        def check_text(value):
            if type(value) is not str:
                return value if value is None and field.blank else slow(value)
            if value in passed:
                return value
            if value == "":
                return value if field.blank else slow(value)  # as clean_fields passes it
            if "\x00" in value:
                return slow(value)
            if (limit is not None and len(value) > limit) or (
                choices is not None and value not in choices
            ):
                return slow(value)
            try:
                for validator in validators:
                    validator(value)
            except ValidationError:
                return slow(value)
            if len(value) <= SHORT:
                if len(passed) >= SHORT_MEMORY:
                    passed.clear()
                passed[value] = None
            return value

        return check_text
    if choices is not None:
        return slow
    if isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return _typed(field, datetime.date, slow)
    if isinstance(field, models.BooleanField):
        return _typed(field, bool, slow)
    return slow


def _typed(field, kind: type, slow: Callable) -> Callable:
    def check(value):
        if type(value) is kind or (value is None and field.blank):
            return value
        return slow(value)

    return check


# An address made of a scheme, a host name (no user, no port) and, from a "/", "?" or "#"
# on, anything without white space: URLValidator's pattern ends in "(?:[/?#][^\s]*)?", so
# such an address is valid exactly when its "scheme://host/" is, and hosts are few.
_ORIGIN_AND_REST = re.compile(r"([a-z][a-z0-9.+-]*://[a-z0-9.-]+)(?:[/?#]\S*)?", re.IGNORECASE)


def _by_origin(validator: URLValidator) -> Callable:
    """``validator``, checking an address of the common shape (``_ORIGIN_AND_REST``) by its
    origin, each origin once (up to ``ORIGIN_MEMORY`` remembered); others in full."""
    passed: dict[str, None] = {}

    def check(value):
        match = _ORIGIN_AND_REST.fullmatch(value)
        if match is None or len(value) > validator.max_length:
            validator(value)
            return
        origin = match.group(1)
        if origin not in passed:
            validator(origin + "/")  # refused: the caller checks the address in full
            if len(passed) >= ORIGIN_MEMORY:
                passed.clear()
            passed[origin] = None

    return check


__all__ = ["NewRow", "insert_new_rows", "insert_tuples", "new_row", "unwrite"]
