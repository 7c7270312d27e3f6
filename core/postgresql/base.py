"""Django's PostgreSQL backend, with a health check that costs no round trip while the
connection is quiet.

With ``CONN_HEALTH_CHECKS``, Django checks a persistent connection before its first use in
each request by sending ``SELECT 1`` (``DatabaseWrapper.is_usable``): a round trip to the
server on every request, as many as the answer's own query when that is the only one (the
API's document answers, the claim pages). Here the check first looks at the connection's
socket without waiting (``select`` with a zero timeout). Between requests nothing is owed to
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
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    """``django.db.backends.postgresql``'s wrapper; only the health check differs (see the
    module)."""

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

    def _quiet(self) -> bool:
        """Whether the idle connection's socket has nothing to read, and psycopg knows of
        no failure on it."""
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        try:
            readable, _, _ = select.select([connection.fileno()], [], [], 0)
        except (OSError, ValueError):
            return False
        return not readable
