"""Shared by the property tests: the seed loaded once per module, no rate limit, quiet
request logs, and the figures printed at the end of the run ("API list filters, one at a
time: 5 endpoints × 33 parameters, 990 examples (200: 444, 400: 546), 0 server errors")."""

import logging

import pytest
from django.core.cache import cache
from django.db import transaction

from seeds.loader import load_seeds
from tests.properties.support import Figure

FIGURES = pytest.StashKey[dict]()


@pytest.fixture(scope="module")
def seed_for_module(django_db_setup, django_db_blocker):
    # The seed takes longer to load than a test's examples take to run. As Django's
    # TestCase.setUpTestData does per class: loaded once in a transaction around the whole
    # module, rolled back at its end; each test's own transaction is a savepoint inside it.
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_seeds()
        transaction.set_rollback(True)


@pytest.fixture
def seeded(seed_for_module, db):
    """The seed dispute, as tests/conftest.py's ``seeded``, loaded once per module."""
    return seed_for_module


@pytest.fixture
def figure(request):
    """``figure(title)``: the run-wide tally of that title, printed at the end of the run."""
    figures = request.config.stash.setdefault(FIGURES, {})

    def get(title: str) -> Figure:
        return figures.setdefault(title, Figure(title))

    return get


def pytest_terminal_summary(terminalreporter, config):
    figures = config.stash.get(FIGURES, {})
    if figures:
        terminalreporter.write_sep("-", "property-based tests")
        for item in figures.values():
            terminalreporter.write_line(item.line())


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    # Thousands of requests from one address: the API's rate limit is not under test here.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "1000000/min", "partner": "1000000/min"},
    }
    cache.clear()


@pytest.fixture(autouse=True)
def _quiet_request_logs():
    # A log line per request (thousands) and Django's "Bad Request" warnings would bury a
    # failure's own report, which carries the server's traceback (support.no_server_error).
    names = ("factcheck.requests", "django.request", "django.security")
    loggers = [logging.getLogger(name) for name in names]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)
