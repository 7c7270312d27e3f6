"""Results computed over all public data (the home page's lists, the claim list's topic and
verdict choices) kept in the cache under the public data version: every publish, withdrawal
or correction moves the version on, so nothing stale is ever served, and between changes a
million-claim aggregate is read once, not on every request.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache

from record.models import PublicDataVersion

T = TypeVar("T")


def cached_by_data_version(name: str, build: Callable[[], T]) -> T:
    """``build()``, or what it returned for the current data version. Off when
    ``PUBLIC_LISTS_CACHE_SECONDS`` is 0 (the tests, whose writes never commit)."""
    seconds = settings.PUBLIC_LISTS_CACHE_SECONDS
    if not seconds:
        return build()
    version = PublicDataVersion.current().changed_at.isoformat()
    key = f"public-lists:{name}:{version}"
    if (value := cache.get(key)) is not None:
        return value
    value = build()
    cache.set(key, value, timeout=seconds)
    return value
