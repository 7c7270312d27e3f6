"""Scale-out settings: a read replica for public reads, persistent connections, Redis."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from claims.models import Claim
from core.routers import PrimaryDatabaseMiddleware, ReplicaRouter, primary_database

PROJECT = Path(__file__).resolve().parents[1]


@pytest.fixture
def with_replica(settings):
    # Only the router reads the alias here; no query goes to it.
    settings.DATABASES = {**settings.DATABASES, "replica": dict(settings.DATABASES["default"])}


def test_without_a_replica_everything_uses_the_primary(settings):
    router = ReplicaRouter()
    assert router.db_for_read(Claim) == "default"
    assert router.db_for_write(Claim) == "default"


def test_public_reads_go_to_the_replica_and_writes_to_the_primary(with_replica):
    router = ReplicaRouter()
    assert router.db_for_read(Claim) == "replica"
    assert router.db_for_write(Claim) == "default"
    assert router.allow_migrate("default", "claims")
    assert not router.allow_migrate("replica", "claims")


def test_curating_requests_read_from_the_primary(with_replica):
    router = ReplicaRouter()
    chosen = {}

    def view(request):
        chosen[request.path, request.method] = router.db_for_read(Claim)

    middleware = PrimaryDatabaseMiddleware(view)
    factory = RequestFactory()
    middleware(factory.get("/claims/"))
    middleware(factory.get("/api/v1/claims/"))
    middleware(factory.get("/admin/claims/claim/"))
    middleware(factory.post("/admin/claims/claim/add/"))
    assert chosen == {
        ("/claims/", "GET"): "replica",
        ("/api/v1/claims/", "GET"): "replica",
        ("/admin/claims/claim/", "GET"): "default",
        ("/admin/claims/claim/add/", "POST"): "default",
    }
    with primary_database():
        assert router.db_for_read(Claim) == "default"
    assert router.db_for_read(Claim) == "replica"


def settings_in_subprocess(**env) -> str:
    code = (
        "from django.conf import settings; d = settings.DATABASES; "
        "cache = settings.CACHES['default']['BACKEND'].rsplit('.', 1)[-1]; "
        "print(sorted(d), d['default']['CONN_MAX_AGE'], d['default']['CONN_HEALTH_CHECKS'], "
        "d.get('replica', {}).get('HOST'), cache)"
    )
    environment = {**os.environ, "SECRET_KEY": "x", "DEBUG": "false"}
    for name in ("DATABASE_REPLICA_URL", "REDIS_URL", "CONN_MAX_AGE"):
        environment.pop(name, None)
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def test_the_environment_configures_replica_connections_and_redis():
    out = settings_in_subprocess(
        DATABASE_URL="postgres://app@primary.internal:5432/factcheck",
        DATABASE_REPLICA_URL="postgres://app@replica.internal:5432/factcheck",
        CONN_MAX_AGE="60",
        REDIS_URL="redis://cache.internal:6379/0",
    )
    assert out == "['default', 'replica'] 60 True replica.internal RedisCache"


def test_by_default_there_is_no_replica_and_a_local_cache():
    out = settings_in_subprocess(REDIS_URL="")
    assert out.endswith("0 True None LocMemCache")
