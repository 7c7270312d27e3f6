"""Reader pages have a rate limit (issue on hardening): each client address may read
``READER_RATE`` pages, stored or built; over it, 429 with Retry-After and a short page. The
API keeps its own budget; signed-in staff are never limited; with Redis down the counts
fall back to each process, as the API's do."""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client

from core.cache_counts import local_counters
from factcheck.settings import redis_cache_config
from tests.factories import ClaimFactory

pytestmark = pytest.mark.django_db

DEAD_REDIS_URL = "redis://127.0.0.1:1/0"


@pytest.fixture
def three_a_minute(settings):
    # The counters live in the cache: each test starts with none.
    cache.clear()
    settings.READER_RATE = "3/min"
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "100/min", "partner": "100/min"},
    }


def statuses(client, path: str, times: int, **headers) -> list[int]:
    return [client.get(path, **headers).status_code for _ in range(times)]


def test_reader_pages_are_rate_limited_per_address(three_a_minute):
    claim = ClaimFactory()
    client = Client()
    paths = ["/", "/claims/", claim.get_absolute_url(), "/feeds/claims/"]
    assert [client.get(path).status_code for path in paths] == [200, 200, 200, 429]
    refused = client.get("/claims/")
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Cache-Control"] == "no-store"
    assert refused["Content-Type"].startswith("text/html")
    # The headers every page carries, though the layers adding them never ran.
    assert "default-src" in refused["Content-Security-Policy"]
    assert refused["X-Frame-Options"] == "DENY"
    body = refused.content.decode()
    assert "Too many requests" in body
    assert f"try again in {refused['Retry-After']} second" in body
    # Another address has its own budget; the API its own limit.
    assert statuses(client, "/claims/", 1, REMOTE_ADDR="10.0.0.2") == [200]
    assert statuses(client, "/api/v1/claims/", 1) == [200]


def test_stored_pages_count_too(three_a_minute, settings):
    # The stored-answer middleware serves pages before the views run: they still count.
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
    assert statuses(Client(), "/claims/", 5) == [200, 200, 200, 429, 429]


def test_signed_in_staff_are_not_limited(three_a_minute, contributor_client):
    assert set(statuses(contributor_client, "/claims/", 6)) == {200}


def test_a_made_up_session_cookie_does_not_escape_the_limit(three_a_minute):
    client = Client()
    client.cookies[settings.SESSION_COOKIE_NAME] = "not-a-session"
    assert statuses(client, "/claims/", 5) == [200, 200, 200, 429, 429]
    # Addresses no view answers count too.
    assert statuses(client, "/no-such-page/", 1) == [429]


def test_no_limit_when_the_setting_is_empty(settings):
    settings.READER_RATE = None
    assert set(statuses(Client(), "/claims/", 10)) == {200}


def test_without_redis_pages_are_limited_in_each_process(three_a_minute, settings):
    settings.CACHES = {"default": redis_cache_config(DEAD_REDIS_URL)}
    local_counters.clear()
    try:
        assert statuses(Client(), "/claims/", 5) == [200, 200, 200, 429, 429]
    finally:
        local_counters.clear()
