"""Reading the shared cache and counting in it in one round trip.

A stored public answer's hot path reads the data version, the answer and a client's
rate-limit counters, and counts the request (factcheck/answer_cache.py,
factcheck/api/throttling.py). With Redis (django-redis) that is one pipeline: MGET, INCR and
EXPIRE NX, sent together. Other caches (the per-process memory cache of tests and of a
single process) get the same answer from their own operations.
"""

from __future__ import annotations

import contextlib

from django.core.cache import cache


def get_many_and_count(keys: list[str], counter: str | None, timeout: int) -> tuple[dict, int]:
    """``cache.get_many(keys)``, and ``counter`` incremented (created for ``timeout``
    seconds if missing); returns what was found and the counter's new value (0 without a
    counter). The increment is atomic on Redis, so concurrent processes never lose one."""
    client = getattr(cache, "client", None)
    if client is not None and hasattr(client, "get_client"):  # django-redis
        redis = client.get_client(write=True)
        pipeline = redis.pipeline(transaction=False)
        pipeline.mget([client.make_key(key) for key in keys])
        if counter is not None:
            counter_key = client.make_key(counter)
            pipeline.incr(counter_key)
            pipeline.expire(counter_key, timeout, nx=True)
        values, *counted = pipeline.execute()
        found = {
            key: client.decode(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
        return found, counted[0] if counted else 0
    found = cache.get_many(keys)
    if counter is None:
        return found, 0
    if cache.add(counter, 1, timeout=timeout):
        return found, 1
    return found, cache.incr(counter)


def uncount(counter: str) -> None:
    """Takes back one increment of ``counter``: the request it counted was not answered
    here after all."""
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing left to take back
        cache.decr(counter)
