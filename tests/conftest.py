import os

import pytest

from factcheck.settings import redis_cache_config
from seeds.loader import load_seeds


@pytest.fixture(autouse=True)
def _fast_test_settings(settings):
    # Tests override settings here, never in a second settings module.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # The memory cache outlives a test (it is the module's): no rate-limit count, stored
    # answer or budget carries over from one test to the next.
    from django.core.cache import cache

    cache.clear()
    # A test's writes are never committed, so the data version never moves inside a test:
    # answers cached by version would go stale. Tests of the cache turn it on, with commits.
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 0
    settings.PUBLIC_LISTS_CACHE_SECONDS = 0
    settings.PUBLIC_DATA_VERSION_IN_CACHE = False
    # Tests run with DEBUG off but without `collectstatic`: serve static files from the apps.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True
    # Reader pages unlimited: suites and browser tests read hundreds of pages from one
    # address. tests/test_reader_rate_limit.py sets a limit of its own.
    settings.READER_RATE = None
    # No search time budgets: a test process searches thousands of times from one address.
    # tests/test_search_budget.py sets budgets of its own.
    settings.SEARCH_SECONDS_PER_MINUTE = 0


# Tests that need Redis use a database of their own, emptied before and after each: one per
# pytest-xdist worker (gw0: 15, gw1: 14, …; the bench uses 7).
_WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
TEST_REDIS_URL = f"redis://127.0.0.1:6379/{15 - _WORKER % 8}"


def api_rates(settings, anonymous: str, partner: str):
    """The API's rate limits set, with no counters from another test (cleared after too)."""
    from django.core.cache import cache
    from rest_framework.settings import api_settings

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": anonymous, "partner": partner},
    }
    assert api_settings.DEFAULT_THROTTLE_RATES["anonymous"] == anonymous
    yield
    cache.clear()


@pytest.fixture
def low_limits(settings):
    """The API's rate limits lowered (anonymous clients 3 a minute, partners 6)."""
    yield from api_rates(settings, "3/min", "6/min")


@pytest.fixture
def no_rate_limit(settings):
    """The API's rate limits out of the way, for tests that walk it with hundreds of
    requests from one address: the limit is not what they test."""
    yield from api_rates(settings, "1000000/min", "1000000/min")


@pytest.fixture
def redis_cache(settings):
    """The cache as deployed with REDIS_URL: django-redis, the data version kept in it."""
    import redis

    try:
        redis.Redis.from_url(TEST_REDIS_URL).ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    settings.CACHES = {"default": redis_cache_config(TEST_REDIS_URL, key_prefix="factcheck-test")}
    settings.PUBLIC_DATA_VERSION_IN_CACHE = True
    from django.core.cache import cache

    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def seeded(db):
    """The seed dispute (TASS, 31 May 2017) loaded as `make run` loads it."""
    return load_seeds()


@pytest.fixture
def seeded_claims(seeded):
    """The seed's claims by their keys in docs/domain.md (C1 … C7)."""
    from claims.models import Claim

    starts = {
        "C1": "Agreement had been",
        "C2": "The Syrian Democratic Forces",
        "C3": "Our Defense Ministry confirms",
        "C4": "A missile strike destroyed",
        "C5": "The situation that has emerged",
        "C6": "US forces will encircle Raqqa",
        "C7": "As you know, units of the Russian",
    }
    return {key: Claim.objects.get(text__startswith=start) for key, start in starts.items()}


@pytest.fixture
def roles(db):
    from curation.roles import setup_roles

    setup_roles()


def _staff(django_user_model, username: str, group: str):
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user(
        username=username, password="correct horse battery staple", is_staff=True
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def contributor(roles, django_user_model):
    return _staff(django_user_model, "carla", "Contributors")


@pytest.fixture
def editor(roles, django_user_model):
    return _staff(django_user_model, "edgar", "Editors")


@pytest.fixture
def contributor_client(contributor):
    from django.test import Client

    client = Client()
    client.force_login(contributor)
    return client


@pytest.fixture
def editor_client(editor):
    from django.test import Client

    client = Client()
    client.force_login(editor)
    return client


# The longest tests first among those that commit. pytest-django runs the tests that commit
# after the others (a test that commits empties the database after it, rows migrations made
# included); with one process per core (pytest-xdist), a test of minutes that started last
# of them would leave the other processes idle while it runs.
LONGEST_FIRST = ("tests/webhooks/test_worker.py",)


def pytest_collection_modifyitems(items):
    longest = [item for item in items if item.nodeid.startswith(LONGEST_FIRST)]
    rest = [item for item in items if not item.nodeid.startswith(LONGEST_FIRST)]
    first = next((n for n, item in enumerate(rest) if _commits(item)), len(rest))
    items[:] = [*rest[:first], *longest, *rest[first:]]


def _commits(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(fixtures)
    )
