"""The PostgreSQL health check (core/postgresql/base.py): no round trip while a persistent
connection is quiet, and a connection the server ended is replaced before the request's
query, so the request does not fail."""

import select
import time

import pytest
from django.db import connection, connections

from core.postgresql.base import DatabaseWrapper

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def persistent():
    """A persistent, health-checked connection to the test database, as a web process
    holds one between requests (CONN_MAX_AGE, CONN_HEALTH_CHECKS)."""
    wrapper = DatabaseWrapper(
        {**connection.settings_dict, "CONN_MAX_AGE": 60, "CONN_HEALTH_CHECKS": True},
        alias="default",
    )
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def next_request(wrapper) -> None:
    # What Django does at the start and end of each request (close_old_connections).
    wrapper.close_if_unusable_or_obsolete()


def test_the_engine_is_the_projects():
    assert isinstance(connections["default"], DatabaseWrapper)


def test_a_quiet_connection_is_reused_without_a_round_trip(persistent, monkeypatch):
    pid = backend_pid(persistent)
    next_request(persistent)
    # Django's own check sends SELECT 1: it must not run.
    monkeypatch.setattr(persistent, "is_usable", lambda: pytest.fail("SELECT 1 was sent"))
    assert backend_pid(persistent) == pid


def test_a_connection_the_server_ended_is_replaced_before_the_query(persistent):
    pid = backend_pid(persistent)
    next_request(persistent)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's FATAL message, or the closed socket, reaches the client.
    fd = persistent.connection.fileno()
    deadline = time.monotonic() + 5
    while not select.select([fd], [], [], 0.05)[0] and time.monotonic() < deadline:
        pass

    # The request's query runs on a new connection instead of failing.
    assert backend_pid(persistent) != pid


def test_a_closed_connection_is_replaced(persistent):
    pid = backend_pid(persistent)
    next_request(persistent)
    persistent.connection.close()

    assert backend_pid(persistent) != pid
