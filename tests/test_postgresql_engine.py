"""The project's PostgreSQL engine (core/postgresql/base.py): its health check costs no round
trip while a persistent connection is quiet, and a connection the server ended is replaced
before the request's query, so the request does not fail; the statements every public
answer runs are prepared by the server."""

import select
import time

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext

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


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_hot_reads_are_prepared_and_answer_as_before(client, seeded_claims):
    c1 = seeded_claims["C1"]
    first = client.get(f"/api/v1/claims/{c1.pk}/")
    again = client.get(f"/api/v1/claims/{c1.pk}/")
    listed = client.get("/api/v1/claims/", {"page_size": 2})
    listed_again = client.get("/api/v1/claims/", {"page_size": 2})

    assert first.status_code == again.status_code == 200
    assert first.content == again.content
    assert listed.content == listed_again.content
    statements = " ".join(prepared_statements())
    assert "FROM record_claimdocument WHERE id = $1" in statements
    assert "LIMIT $1" in statements


def test_other_statements_are_not_prepared(client, seeded_claims):
    client.get("/api/v1/claims/", {"speaker": "sergey-lavrov"})
    assert not [s for s in prepared_statements() if "speaker_slug" in s]


def test_a_prepared_statement_is_logged_with_its_text(client, seeded_claims):
    # psycopg keeps no text for a statement run by name: the engine gives it back.
    path = f"/api/v1/claims/{seeded_claims['C1'].pk}/"
    client.get(path)
    with CaptureQueriesContext(connections["default"]) as queries:
        assert client.get(path).status_code == 200
    assert [q["sql"] for q in queries if q["sql"] is None] == []
    assert any("FROM record_claimdocument WHERE id = " in q["sql"] for q in queries)
