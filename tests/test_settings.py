"""Settings come from the environment and refuse an unsafe production start."""

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]


def run_check(**env):
    environment = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_it_starts_with_a_development_key_when_debug_is_on():
    result = run_check(DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_it_starts_with_a_secret_key_when_debug_is_off():
    result = run_check(DEBUG="false", SECRET_KEY="x" * 50, ALLOWED_HOSTS="claims.example")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("debug", [True, False])
def test_a_django_log_line_is_written_once(settings, capsys, debug):
    from django.utils.log import configure_logging

    settings.DEBUG = debug
    try:
        # Configured anew, so that its handlers write to the stderr the test captures.
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
        capsys.readouterr()
        logging.getLogger("django.request").warning("Bad Request: /written-once/")
        assert capsys.readouterr().err.count("Bad Request: /written-once/") == 1
    finally:
        # As configured at start-up: handlers writing to the process's stderr, not to this
        # test's capture, which is closed after it.
        configure_logging(settings.LOGGING_CONFIG, settings.LOGGING)
        for name in ("", "django.server", *settings.LOGGING["loggers"]):
            for handler in logging.getLogger(name).handlers:
                if isinstance(handler, logging.StreamHandler):
                    handler.setStream(sys.__stderr__)
