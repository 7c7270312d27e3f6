"""Writing many rows at once, for generated corpora and bulk publishing (model-less)."""

from __future__ import annotations

import enum
import json

from django.db import connection
from django.db.models import JSONField
from django.db.models.fields import AutoFieldMixin


def insert_rows(model, objects: list) -> None:
    """Insert ``objects`` (instances of ``model``, all with their primary key set or none
    of them): with COPY on PostgreSQL, several times faster than INSERT for thousands of
    rows (``bulk_create``'s parameters are quoted one by one in Python); ``bulk_create``
    elsewhere. Nothing is returned: ids the database assigns are not read back. Values go
    through each field's own ``pre_save`` (auto_now dates) and database preparation, as
    ``bulk_create`` does."""
    if connection.vendor != "postgresql":
        model.objects.bulk_create(objects)
        return
    fields = [f for f in model._meta.concrete_fields if f.column and not f.generated]
    if objects and objects[0].pk is None:
        fields = [f for f in fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)

    def value(field, obj):
        prepared = field.get_db_prep_save(field.pre_save(obj, add=True), connection)
        # A choices enum goes in as its value, whatever psycopg makes of enums.
        return prepared.value if isinstance(prepared, enum.Enum) else prepared

    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for obj in objects:
            copy.write_row([value(field, obj) for field in fields])


def insert_values(model, rows: list[dict]) -> None:
    """Insert ``rows`` (dicts of field attname → Python value, the same names in each) into
    ``model``'s table: COPY on PostgreSQL with the values as they are (JSON fields dumped
    with ``json.dumps``; no ``pre_save``, so give every value, auto dates included), and
    ``bulk_create`` of ``model(**row)`` elsewhere. Fields left out take their default. A
    fraction of ``insert_rows``' time on PostgreSQL, where most of it is each field's
    preparation."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create([model(**row) for row in rows])
        return
    fields = {f.attname: f for f in model._meta.concrete_fields if not f.generated}
    # Fields not given take their model default, as Model(**row) would give them.
    defaults = {
        name: field.get_default()
        for name, field in fields.items()
        if name not in rows[0] and not (field.primary_key and isinstance(field, AutoFieldMixin))
    }
    names = [*rows[0], *defaults]
    is_json = [isinstance(fields[name], JSONField) for name in names]
    columns = ", ".join(connection.ops.quote_name(fields[name].column) for name in names)
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            values = [*(row[name] for name in rows[0]), *defaults.values()]
            copy.write_row([_copyable(j, v) for j, v in zip(is_json, values, strict=True)])


def _copyable(is_json: bool, value):
    if value is None:
        return None
    if is_json:
        return json.dumps(value)
    # A choices enum goes in as its value, whatever psycopg makes of enums.
    return value.value if isinstance(value, enum.Enum) else value
