"""Reads from a PostgreSQL read replica when one is configured (DATABASE_REPLICA_URL).

Public pages and the API read from the replica; every write goes to the primary. So do the
reads of a request that curates (the admin, or any unsafe method): a curator must see their
own write at once, whatever the replica's lag. ``PrimaryDatabaseMiddleware`` marks those
requests.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings

REPLICA = "replica"
_use_primary: ContextVar[bool] = ContextVar("use_primary", default=False)


@contextmanager
def primary_database():
    token = _use_primary.set(True)
    try:
        yield
    finally:
        _use_primary.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA in settings.DATABASES and not _use_primary.get():
            return REPLICA
        return "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the primary's rows: objects from either are the same data.
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


class PrimaryDatabaseMiddleware:
    """Curating requests (the admin, any unsafe method) read from the primary."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/admin/") or request.method not in self.SAFE_METHODS:
            with primary_database():
                return self.get_response(request)
        return self.get_response(request)
