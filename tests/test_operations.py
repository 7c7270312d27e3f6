"""Production settings, the health check, and structured request logs."""

import json
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

PROJECT = Path(__file__).resolve().parents[1]


def test_check_deploy_reports_nothing_in_production(capsys):
    environment = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "claims.example.org",
    }
    # Production has neither of the test run's defaults (pyproject.toml, pytest-env).
    for name in ("SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    with capsys.disabled():  # the figure shows in every run, captured or not
        print("\ncheck --deploy (DEBUG off, fail level WARNING): 0 issues")


@pytest.mark.django_db
def test_healthz_says_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


@pytest.mark.django_db
def test_healthz_says_so_when_the_database_does_not(client, monkeypatch):
    from factcheck import views

    def broken_cursor():
        raise DatabaseError("connection refused")

    monkeypatch.setattr(views.connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


@pytest.mark.django_db
def test_every_request_is_logged_as_one_json_line(client, admin_client, admin_user, caplog):
    from factcheck.logging import JsonFormatter

    with caplog.at_level(logging.INFO, logger="factcheck.requests"):
        client.get("/claims/")
        admin_client.get("/admin/")
    reader, editor = [JsonFormatter().format(r) for r in caplog.records][-2:]
    reader, editor = json.loads(reader), json.loads(editor)
    assert {k: reader[k] for k in ("method", "path", "status", "user_id")} == {
        "method": "GET",
        "path": "/claims/",
        "status": 200,
        "user_id": None,
    }
    assert reader["duration_ms"] >= 0
    assert editor["user_id"] == admin_user.pk
