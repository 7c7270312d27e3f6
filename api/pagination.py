"""Keyset pagination for every list of the API: a cursor holds the last row's sort values
and its id, and the next page is the rows after that position, so each row is served exactly
once however many share a sort value, and page 10,000 costs what page 1 does.

DRF's ``CursorPagination`` keeps one field's value plus an offset among the rows sharing it,
capped at 1,000: past 1,000 ties (month-precision and undated claims share ``stated_sort``)
it served the same page for ever and never reached the rest.
"""

import base64
import binascii
import datetime
import functools
import json
from collections import namedtuple

from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections, router
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from core.db import RowsAfter, prepared_cursor

MAX_PAGE_SIZE = 100


@functools.cache
def _row_class(*names: str) -> type:
    """A named tuple class with fields ``names``, made once per set of names: making one
    costs more than reading a page of rows into it."""
    return namedtuple("Row", names)


class KeysetPagination(BasePagination):
    """``{"next", "previous", "results"}``; ``page_size`` 1 to 100 (a larger, zero or
    malformed one is a 400, not silently clamped); a cursor we did not write is a 400.

    The ordering is the view's ordering filter's (``StrictOrderingFilter``), else
    ``ordering``: column names, all sorted the same way, ending in ``id`` so that the order
    is total. The columns must be NOT NULL (a row-value comparison never matches a NULL)."""

    page_size = 20
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = f"Results per page, 1 to {MAX_PAGE_SIZE} (default 20)."
    cursor_query_param = "cursor"
    cursor_query_description = "Where a page starts: the next or previous link's cursor."
    ordering: tuple[str, ...] = ("-id",)
    invalid_cursor = "Invalid cursor: use the next or previous link."

    def paginate_queryset(self, queryset, request, view=None):
        self._begin(request, view, queryset.model)
        # Backwards (a previous link): the rows before the position, nearest first.
        descending = self.descending != self.backwards
        if self.position is not None:
            after = RowsAfter(self.columns, self.position, descending=descending)
            queryset = queryset.filter(after)
        sign = "-" if descending else ""
        queryset = queryset.order_by(*(f"{sign}{column}" for column in self.columns))
        # One more than a page: whether there is a page beyond this one, in the same query.
        return self._end(list(queryset[: self.size + 1]))

    def paginate_live(self, model, request, view=None, *, item: str = "card") -> list:
        """The page ``paginate_queryset`` gives of ``model``'s live documents, unfiltered
        (rows of ``item`` and the ordering's columns), read by one statement written out:
        building it through the ORM cost more than running it (api/list_answers.py)."""
        self._begin(request, view, model)
        descending = self.descending != self.backwards
        connection = connections[router.db_for_read(model)]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(column) for column in self.columns)
        where, params = "withdrawn_at IS NULL", []
        if self.position is not None:
            # The row-value comparison of core.db.RowsAfter, values adapted as the ORM does.
            marks = ", ".join(["%s"] * len(self.columns))
            where += f" AND ({columns}) {'<' if descending else '>'} ({marks})"
            params = [
                field.get_db_prep_value(value, connection, prepared=False)
                for field, value in zip(self.fields, self.position, strict=True)
            ]
        order = ", ".join(f"{quote(c)}{' DESC' if descending else ''}" for c in self.columns)
        sql = (
            f"SELECT {quote(item)}, {columns} FROM {quote(model._meta.db_table)} "
            f"WHERE {where} ORDER BY {order} LIMIT %s"
        )
        with prepared_cursor(connection) as cursor:
            cursor.execute(sql, [*params, self.size + 1])
            rows = cursor.fetchall()
        row = _row_class(item, *self.columns)
        return self._end([row(*values) for values in rows])

    def _begin(self, request, view, model) -> None:
        """What a page needs before its rows: its size, its ordering, where it starts."""
        self.base_url = request.build_absolute_uri()
        self.size = self.get_page_size(request)
        self.columns, self.descending = self._keys(self.get_ordering(request, view))
        self.fields = [model._meta.get_field(column) for column in self.columns]
        self.position, self.backwards = self.decode_cursor(request, self.fields)

    def _end(self, rows: list) -> list:
        """The page from its rows (one more than a page when there is a page beyond)."""
        beyond = len(rows) > self.size
        rows = rows[: self.size]
        if self.backwards:
            rows.reverse()
        position = self.position
        # A cursor came from a neighbouring page, so there is one that way.
        self.has_next = position is not None if self.backwards else beyond
        self.has_previous = beyond if self.backwards else position is not None
        self.first = self._position(rows[0]) if rows else position
        self.last = self._position(rows[-1]) if rows else position
        return rows

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return size

    def get_ordering(self, request, view) -> tuple[str, ...]:
        for backend in getattr(view, "filter_backends", ()):
            if hasattr(backend, "get_ordering"):
                return tuple(backend().get_ordering(request, None, view))
        return self.ordering

    @staticmethod
    def _keys(ordering: tuple[str, ...]) -> tuple[list[str], bool]:
        descending = {term.startswith("-") for term in ordering}
        columns = [term.lstrip("-") for term in ordering]
        # A mixed direction cannot be one row-value comparison; without the id last, rows
        # sharing every sort value would be lost between pages.
        if len(descending) != 1 or columns[-1] != "id":
            raise ImproperlyConfigured(
                f"A keyset ordering sorts one way and ends in id, not {ordering!r}."
            )
        return columns, descending.pop()

    def _position(self, row) -> list:
        return [getattr(row, column) for column in self.columns]

    # --- Cursors: base64 of {"o": the ordering, "v": the row's sort values, "r": backwards}

    def encode_cursor(self, position: list, *, backwards: bool) -> str:
        payload = {"o": self._signature(), "v": [_text(value) for value in position]}
        if backwards:
            payload["r"] = 1
        raw = json.dumps(payload, separators=(",", ":")).encode()
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    def decode_cursor(self, request, fields) -> tuple[list | None, bool]:
        """The position and direction a cursor names; a 400 naming ``cursor`` for anything
        we did not write: not base64 JSON, another ordering's cursor (a client changed
        ``ordering`` and kept it), a value its column cannot hold."""
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None, False
        try:
            payload = json.loads(base64.urlsafe_b64decode(raw + "=" * (-len(raw) % 4)))
            if not (
                isinstance(payload, dict)
                and set(payload) <= {"o", "v", "r"}
                and payload.get("o") == self._signature()
                and payload.get("r", 1) == 1
                and isinstance(payload.get("v"), list)
                and len(payload["v"]) == len(fields)
                and all(isinstance(value, str) for value in payload["v"])
            ):
                raise ValueError("not one of our cursors")
            position = [
                _value(field, value) for field, value in zip(fields, payload["v"], strict=True)
            ]
        except (
            binascii.Error,
            ValueError,  # json.JSONDecodeError and UnicodeDecodeError among them
            TypeError,
            OverflowError,
            DjangoValidationError,
            FieldDoesNotExist,
        ):
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from None
        return position, "r" in payload

    def _signature(self) -> str:
        return ",".join(f"{'-' if self.descending else ''}{c}" for c in self.columns)

    def get_next_link(self) -> str | None:
        if not self.has_next:
            return None
        cursor = self.encode_cursor(self.last, backwards=False)
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_previous_link(self) -> str | None:
        if not self.has_previous:
            return None
        cursor = self.encode_cursor(self.first, backwards=True)
        return replace_query_param(self.base_url, self.cursor_query_param, cursor)

    def get_first_link(self) -> str:
        return remove_query_param(self.base_url, self.cursor_query_param)

    def get_paginated_response(self, data):
        return Response(
            {"next": self.get_next_link(), "previous": self.get_previous_link(), "results": data}
        )

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "nullable": True, "format": "uri"}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": self.cursor_query_description,
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": self.page_size_query_description,
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def query_parameters(self) -> set[str]:
        return {self.cursor_query_param, self.page_size_query_param}


def _text(value) -> str:
    if isinstance(value, datetime.date):  # datetimes too
        return value.isoformat()
    return str(value)


def _value(field, text: str):
    """``text`` as a value of ``field`` that the database can compare: a 400, not a 500,
    for an impossible date, an id beyond 64 bits or a time without its zone."""
    value = field.to_python(text)
    field.run_validators(value)
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            raise ValueError("a time without its zone")
        # Stored in UTC: a time near year 1 or 9999 that UTC cannot hold is refused here.
        value = value.astimezone(datetime.UTC)
    return value
