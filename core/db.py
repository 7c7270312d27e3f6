"""ORM expressions, cursors and locks any app may use."""

from hashlib import blake2b

from django.db import connections, models
from django.db.models import F, Func, Subquery


def subquery_count(queryset) -> Subquery:
    """A correlated COUNT(*) subquery of ``queryset`` (already filtered on an ``OuterRef``):
    counts without joining, and multiplying, the outer rows."""
    return Subquery(
        queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n"),
        output_field=models.IntegerField(),
    )


class RowsAfter(models.Expression):
    """``(a, b, id) < (%s, %s, %s)`` (``>`` when ascending): the rows that come after
    ``values`` in the order of ``columns``, all sorted one way. A row-value comparison, not
    ``a < x OR (a = x AND …)``: PostgreSQL starts a range scan of an index on the same
    columns at the position, so a keyset page deep in a list costs what the first one does.
    SQLite has row values since 3.15."""

    output_field = models.BooleanField()

    def __init__(self, columns, values, *, descending: bool):
        super().__init__()
        self.columns = [F(column) for column in columns]
        self.values = list(values)
        self.descending = descending

    def get_source_expressions(self):
        return self.columns

    def set_source_expressions(self, exprs):
        self.columns = list(exprs)

    def as_sql(self, compiler, connection):
        left, right, params = [], [], []
        for column in self.columns:
            sql, column_params = compiler.compile(column)
            left.append(sql)
            params.extend(column_params)
        for column, value in zip(self.columns, self.values, strict=True):
            # Adapted as the column's own values are (dates and times on SQLite are text).
            sql, value_params = compiler.compile(models.Value(value, column.output_field))
            right.append(sql)
            params.extend(value_params)
        operator = "<" if self.descending else ">"
        return f"({', '.join(left)}) {operator} ({', '.join(right)})", params


def prepared_cursor(connection):
    """A cursor for a fixed statement run on every request: prepared by PostgreSQL on first
    use (``core.postgresql.base.DatabaseWrapper.prepared_cursor``); on other databases,
    the connection's ordinary cursor. ``connection``: one of ``django.db.connections``."""
    make = getattr(connection, "prepared_cursor", None)
    return make() if make is not None else connection.cursor()


def lock_keys(keys, *, using: str = "default") -> None:
    """Hold a lock on each of ``keys`` (strings) until the current transaction ends, taken
    in one order (sorted) so that two holders of several never wait on each other: on
    PostgreSQL, transaction-level advisory locks on a 64-bit hash of each key; elsewhere
    nothing (SQLite lets one transaction write at a time). Call it inside
    ``transaction.atomic``: a check made after it sees what an earlier holder committed.
    A key is a name the caller chooses: ``"claims.speaker:ivan petrov"``."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            number = int.from_bytes(blake2b(key.encode(), digest_size=8).digest(), signed=True)
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [number])
