"""Reading the shared cache and counting in it in one round trip.

A public answer's hot path reads the data version, a stored answer and a client's
rate-limit counters, and counts the request (serving/answer_cache.py,
serving/throttling.py). With Redis (django-redis) that is one command: a short Lua script
(``_GET_MANY_AND_COUNT``: INCR, EXPIRE on creation, MGET), run atomically by Redis. One
command rather than a pipeline of three, because what it costs is mostly the client's own
work per command (packing, parsing, redis-py's bookkeeping): about 40 µs of CPU a request
where the pipeline took 65 (measured with hiredis on the 2-core machine, 2026-11-30). Other
caches (the per-process memory cache of tests and of a single process) get the same answer
from their own operations.

Redis is a cache: when it cannot be reached the site serves, slower, without it
(docs/scaling.md). django-redis ignores its own connection errors (``IGNORE_EXCEPTIONS`` in
the settings); the raw pipeline here does the same, and the rate-limit counters fall back to
a memory cache in each process: each process then limits on its own, so a client gets at
most the limit times the number of processes until Redis is back.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from redis.commands.core import Script
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import NoScriptError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
T = TypeVar("T")

# What a Redis outage raises: the connection refused, reset or timed out.
UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# This process's rate-limit counters while the shared cache is unreachable.
local_counters = LocMemCache("factcheck-local-counters", {"OPTIONS": {"MAX_ENTRIES": 100_000}})


def django_redis_client():
    """django-redis' client of the default cache, or None for any other cache."""
    client = getattr(cache, "client", None)
    return client if client is not None and hasattr(client, "get_client") else None


def cache_status() -> str:
    """``"ok"`` when the shared cache answers (or there is none to reach: a memory cache),
    ``"unreachable"`` when Redis does not, for the health check."""
    client = django_redis_client()
    if client is None:
        return "ok"
    try:
        client.get_client(write=True).ping()
    except UNREACHABLE:
        return "unreachable"
    return "ok"


# Redis scripts registered with each client (redis-py's Script runs EVALSHA, and loads the
# script again when Redis has forgotten it, after a restart).
_scripts: dict[tuple[int, str], Script] = {}


def redis_script(redis, source: str) -> Script:
    """The Lua script ``source`` registered with the redis-py client ``redis``, once per
    client and script."""
    key = (id(redis), source)
    script = _scripts.get(key)
    if script is None:
        script = _scripts[key] = redis.register_script(source)
    return script


# KEYS[1]: the counter ("" for none), KEYS[2...]: the keys read; ARGV[1]: how long a new
# counter is kept (seconds). Returns {the counter's value (0 without one), the values read}.
_GET_MANY_AND_COUNT = """
local count = 0
if KEYS[1] ~= '' then
  count = redis.call('INCR', KEYS[1])
  if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
end
local found = {}
if #KEYS > 1 then found = redis.call('MGET', unpack(KEYS, 2)) end
return {count, found}
"""


def get_many_and_count(
    keys: list[str], counter: str | None, timeout: int, *, meanwhile: Callable[[], T] | None = None
) -> tuple[dict, int, T | None]:
    """``cache.get_many(keys)``, and ``counter`` incremented (created for ``timeout``
    seconds if missing); returns what was found, the counter's new value (0 without a
    counter), and what ``meanwhile`` returned (None without it). One atomic command on
    Redis, so concurrent processes never lose a count.

    ``meanwhile``: the caller's own I/O (a database read), run while Redis answers: the
    command is sent, ``meanwhile`` runs, then the reply is read, which by then has
    arrived. Under load each request that waits on a socket costs a sleep and a wake-up
    of its process; this way a request needing both waits once. An exception from
    ``meanwhile`` is raised after the connection is dropped (its reply unread)."""
    if (client := django_redis_client()) is not None:
        redis = client.get_client(write=True)
        script = redis_script(redis, _GET_MANY_AND_COUNT)
        made = [client.make_key(counter) if counter is not None else ""]
        made += [client.make_key(key) for key in keys]
        result, ran = None, False
        try:
            if meanwhile is None:
                reply = script(keys=made, args=[timeout])
            else:
                reply, result = _overlapped(redis, script, made, timeout, meanwhile)
                ran = True
        except UNREACHABLE as error:
            reply = error
        if isinstance(reply, Exception):
            # Nothing found: the caller builds what it would have read. Counted here.
            logger.warning("Redis unreachable, counting in this process: %s", reply)
            if meanwhile is not None and not ran:
                result = meanwhile()
            count = _count(local_counters, counter, timeout) if counter is not None else 0
            return {}, count, result
        count, values = reply
        found = {
            key: client.decode(value)
            for key, value in zip(keys, values, strict=True)
            if value is not None
        }
        return found, count, result
    found = cache.get_many(keys)
    count = _count(cache, counter, timeout) if counter is not None else 0
    return found, count, meanwhile() if meanwhile is not None else None


def _overlapped(redis, script: Script, keys: list[str], timeout: int, meanwhile):
    """The script's reply and ``meanwhile()``'s result, the script sent before
    ``meanwhile`` runs and its reply read after (redis-py's connection API: what a
    pipeline does, split in two). A Redis that forgot the script (restarted) runs it
    through redis-py's Script, which loads it again. Raises what the send raises (Redis
    unreachable: ``meanwhile`` has not run); a failure after ``meanwhile`` ran is given
    back as the reply, so that it does not run twice."""
    pool = redis.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_command("EVALSHA", script.sha, len(keys), *keys, timeout)
    except BaseException:
        connection.disconnect()
        pool.release(connection)
        raise
    try:
        result = meanwhile()
        try:
            reply = connection.read_response()
        except NoScriptError:
            reply = None
        except UNREACHABLE as error:
            reply = error
    except BaseException:
        # A reply may be left unread on it: never reused.
        connection.disconnect()
        raise
    finally:
        pool.release(connection)
    if reply is None:
        try:
            reply = script(keys=keys, args=[timeout])
        except UNREACHABLE as error:
            reply = error
    return reply, result


def _count(counters, counter: str, timeout: int) -> int:
    if counters.add(counter, 1, timeout=timeout):
        return 1
    return counters.incr(counter)


def uncount(counter: str) -> None:
    """Takes back one increment of ``counter``: the request it counted was not answered
    here after all (in this process's counters if it was counted there, Redis being
    unreachable)."""
    with contextlib.suppress(ValueError):  # expired meanwhile: nothing left to take back
        if cache.decr(counter) is not None:
            return
    # django-redis ignoring an outage answers None.
    with contextlib.suppress(ValueError):
        local_counters.decr(counter)
