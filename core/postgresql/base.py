"""Django's PostgreSQL backend, with a health check that costs no round trip while the
connection is quiet.

With ``CONN_HEALTH_CHECKS``, Django checks a persistent connection before its first use in
each request by sending ``SELECT 1`` (``DatabaseWrapper.is_usable``): a round trip to the
server on every request, as many as the answer's own query when that is the only one (the
API's document answers, the claim pages). Here the check first looks at the connection's
socket without waiting (``poll`` with a zero timeout). Between requests nothing is owed to
the client: psycopg has read every result up to the server's ReadyForQuery, and the project
uses no LISTEN. So a quiet socket means the server has neither closed the connection nor
said anything, and the connection is taken as usable. A server that ends a connection
(a restart, a fast or smart shutdown, ``pg_terminate_backend``, a crash) sends its FATAL
message or closes the socket, which makes it readable: then Django's own check runs, fails,
and Django connects again before the request's query, so the request does not fail. Any
other readable state (a NOTICE, a parameter report) also gets Django's own check, which
reads it.

What neither check sees in time: a network that drops packets without closing anything
(``SELECT 1`` would wait for the TCP timeout too).

It also gives a cursor for the few statements every public answer runs
(``prepared_cursor``): those are prepared by PostgreSQL on first use and run by name
afterwards, skipping the parse and the plan, which cost more than the lookup itself (a
document by its id: about 45 µs of the server's CPU a statement less, and 15 of ours,
measured with psycopg on the 2-core machine, 2026-11-30). Django binds parameters on the
client and prepares nothing, so that a pooler in transaction mode works; PgBouncer does
so with prepared statements from version 1.21 (``max_prepared_statements``).
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base, operations

# Executions after which psycopg would prepare a statement by itself: never, in practice
# (and Django's own cursors bind on the client, which psycopg never prepares).
NEVER_BY_COUNT = 2**31 - 1


class PreparedCursor(base.ServerBindingCursor):
    """Django's server-binding cursor whose every statement is prepared (psycopg's
    ``prepare=True``; Django sets no threshold, so nothing is prepared otherwise)."""

    def execute(self, query, params=None, *, prepare=True, binary=None):
        return super().execute(query, params, prepare=prepare, binary=binary)


class DatabaseOperations(operations.DatabaseOperations):
    def last_executed_query(self, cursor, sql, params):
        text = super().last_executed_query(cursor, sql, params)
        if text is None and sql is not None:
            # A prepared statement run by name keeps no text in psycopg: the statement with
            # its parameters, as a statement bound on the client reads (debug logs, tests
            # that capture queries).
            try:
                return self.compose_sql(sql, params)
            except Exception:  # for a log only: the statement as written
                return sql
        return text


class DatabaseWrapper(base.DatabaseWrapper):
    """``django.db.backends.postgresql``'s wrapper, with a cheaper health check and
    prepared statements on request (see the module)."""

    ops_class = DatabaseOperations

    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self._quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def get_connection_params(self) -> dict:
        params = super().get_connection_params()
        if params.get("prepare_threshold") is None:
            # psycopg prepares nothing, even when asked, without a threshold (Django sets
            # none): one no statement reaches by count, so only ``prepared_cursor``'s are.
            params["prepare_threshold"] = NEVER_BY_COUNT
        return params

    def prepared_cursor(self):
        """A cursor (Django's wrapper, so counted and logged as any) whose statements are
        prepared by the server on first use, with their parameters bound there. For fixed
        statements written out, run on every request: each distinct statement stays
        prepared for the connection's life (psycopg keeps up to 100)."""
        self.close_if_health_check_failed()
        self.ensure_connection()
        with self.wrap_database_errors:
            return self._prepare_cursor(PreparedCursor(self.connection))

    def _quiet(self) -> bool:
        """Whether the idle connection's socket has nothing to read, and psycopg knows of
        no failure on it."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        try:
            # poll, not select: select cannot watch a descriptor numbered 1024 or more.
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
            return not poller.poll(0)
        except (OSError, ValueError):
            return False
