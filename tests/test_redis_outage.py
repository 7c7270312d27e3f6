"""Redis unreachable (issue 15, item 5): Redis is a cache, so every public page, the API and
the admin login still answer (slower) without it; rate limits count in each process
meanwhile; /healthz names what is down and stays 200 for the cache alone."""

import pytest
from django.core.cache import cache
from django.db import OperationalError
from django.test import Client
from rest_framework.settings import api_settings

from core.cache_counts import local_counters
from factcheck.settings import redis_cache_config
from record.models import PublicDataVersion

# Nothing listens on port 1: every connection is refused, as when Redis is down.
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"

pytestmark = pytest.mark.django_db


@pytest.fixture
def dead_redis(settings):
    """The cache as deployed with REDIS_URL (data version, stored answers and lists in it),
    pointed at a Redis that is down."""
    settings.CACHES = {"default": redis_cache_config(DEAD_REDIS_URL)}
    settings.PUBLIC_DATA_VERSION_IN_CACHE = True
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
    settings.PUBLIC_LISTS_CACHE_SECONDS = 600
    local_counters.clear()
    yield
    local_counters.clear()


def crawl(client, seeded_claims) -> dict[str, int]:
    claim = seeded_claims["C1"]
    paths = [
        "/",
        "/claims/",
        "/claims/?q=Raqqa",
        claim.get_absolute_url(),
        claim.speaker.get_absolute_url(),
        claim.appearances.first().source.get_absolute_url(),
        "/feeds/claims/",
        "/sitemap.xml",
        "/api/v1/",
        "/api/v1/claims/",
        f"/api/v1/claims/{claim.pk}/",
        "/api/v1/speakers/",
        "/api/v1/claimreviews/",
        "/healthz",
        "/admin/login/",
    ]
    return {path: client.get(path).status_code for path in paths}


def test_every_page_the_api_and_the_admin_login_answer_without_redis(
    dead_redis, seeded_claims, contributor
):
    client = Client()
    # Twice: the second time round, nothing was stored by the first.
    for _ in range(2):
        statuses = crawl(client, seeded_claims)
        assert {path: status for path, status in statuses.items() if status >= 500} == {}
        assert set(statuses.values()) == {200}
    signed_in = client.post(
        "/admin/login/?next=/admin/",
        {"username": "carla", "password": "correct horse battery staple", "next": "/admin/"},
        REMOTE_ADDR="192.0.2.10",
    )
    assert signed_in.status_code == 302
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/claims/claim/").status_code == 200


def test_a_write_without_redis_still_bumps_the_data_version(dead_redis, seeded):
    before = PublicDataVersion.objects.get(pk=1).changed_at
    PublicDataVersion.bump()
    assert PublicDataVersion.objects.get(pk=1).changed_at > before
    assert PublicDataVersion.current().changed_at > before


def test_rate_limits_fall_back_to_counting_in_each_process(dead_redis, settings, seeded):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/min", "partner": "6/min"},
    }
    assert api_settings.DEFAULT_THROTTLE_RATES["anonymous"] == "3/min"
    client = Client()
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get("/api/v1/claims/", REMOTE_ADDR="10.0.0.2").status_code == 200
    # The reader pages' limit likewise (tests/test_reader_rate_limit.py).
    settings.READER_RATE = "3/min"
    pages = [client.get("/claims/", REMOTE_ADDR="10.0.0.3").status_code for _ in range(5)]
    assert pages == [200, 200, 200, 429, 429]


class TestHealthCheck:
    def test_the_cache_down_is_named_but_the_server_stays_in_the_pool(self, client, dead_redis):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "degraded", "database": "ok", "cache": "unreachable"}

    def test_all_well_says_so(self, client, redis_cache):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}

    def test_the_database_down_answers_503_even_with_stored_answers_on(
        self, client, dead_redis, monkeypatch
    ):
        # The stored-answer middleware reads the data version from the database: it must
        # leave the health check alone, or a database outage answers 500 there.
        from factcheck import views

        def broken(*args, **kwargs):
            raise OperationalError("connection refused")

        monkeypatch.setattr(PublicDataVersion, "current", broken)
        monkeypatch.setattr(views.connection, "cursor", broken)
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json() == {
            "status": "unavailable",
            "database": "unreachable",
            "cache": "unreachable",
        }


def test_the_dead_redis_really_is_down(dead_redis):
    # The fixture's premise: reads find nothing, writes are dropped, nothing raises.
    assert cache.set("probe", 1) is None
    assert cache.get("probe") is None
