"""Search time each client may spend (docs/search.md, "Limits and the statement timeout").

A search's cost is bounded (200 characters, 16 words, the statement timeout), but a client
asking for costly searches one after another, within its rate limit, still takes a core of
the database for itself: four such clients on two cores slow every other reader's search.
So each client (its partner key, or its address: ``core.client_address``) has a budget of
search time: ``SEARCH_SECONDS_PER_MINUTE`` seconds of it a minute, spent by the wall time
of each search it makes and earned back at that rate, with ``SEARCH_SECONDS_BURST`` seconds
to start with. A client past its budget gets 429 with ``Retry-After`` (JSON in the API, a
page for readers) until it has earned enough back; a reader typing searches never comes
near it (an ordinary search takes a few hundredths of a second).

The budget lives in the cache (Redis, shared by every process): a "debt" of seconds and
when it was last written, changed in one atomic step (a Lua script) so that searches
ending together are all charged. A search let in is charged ``RESERVED`` seconds at once
and settled to its own time when it ends, so that searches a client runs side by side
count against its burst together. With the cache unreachable nobody is refused (the site
serves without its cache; the rate limits fall back as docs/scaling.md says).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.cache_counts import django_redis_client, redis_script
from core.client_address import client_address
from serving.models import ApiKey

logger = logging.getLogger(__name__)

# Kept this long after the last search (seconds): long enough for any debt to be paid back.
KEEP_SECONDS = 3600
# The clocks: wall time for the debt (shared by every process), a timer for a search.
now = time.time
timer = time.perf_counter


# What a search is charged when it is let in, before its time is known, so that searches a
# client runs side by side count against its budget together (seconds); settled to the
# search's own time when it ends.
RESERVED = 1.0

# One atomic step on the client's debt, stored as "debt:written at" (seconds, Unix time):
# the debt paid back since it was written, then, unless the client must wait (ARGV[5]
# asks for a check and the debt is past the burst), ARGV[4] added. Returns the debt and
# whether it was let in. KEYS[1]: the client's key; ARGV: now, rate, burst, add, check,
# seconds to keep it.
_STEP = """
local now, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local debt = 0
local stored = redis.call('GET', KEYS[1])
if stored then
  local owed, at = string.match(stored, '^([^:]+):([^:]+)$')
  owed, at = tonumber(owed), tonumber(at)
  if owed and at then debt = math.max(0, owed - (now - at) * rate) end
end
if ARGV[5] == '1' and debt > tonumber(ARGV[3]) then
  return {tostring(debt), 0}
end
debt = math.max(0, debt + tonumber(ARGV[4]))
redis.call('SET', KEYS[1], string.format('%.6f:%.6f', debt, now), 'EX', ARGV[6])
return {tostring(debt), 1}
"""


class SearchBudget:
    """One client's search time: ``admit`` before a search, ``spending`` around it."""

    def __init__(self, ident: str):
        self.key = f"search-time:{ident}"
        self.rate = settings.SEARCH_SECONDS_PER_MINUTE / 60  # seconds earned per second
        self.burst = float(settings.SEARCH_SECONDS_BURST)

    @classmethod
    def for_request(cls, request: HttpRequest, key: ApiKey | None = None) -> SearchBudget | None:
        """The budget of the client making ``request`` (of the partner ``key`` when it
        sent one); None when there are no budgets (``SEARCH_SECONDS_PER_MINUTE`` 0)."""
        if not settings.SEARCH_SECONDS_PER_MINUTE:
            return None
        ident = f"partner:{key.pk}" if key is not None else f"address:{client_address(request)}"
        return cls(ident)

    def admit(self) -> int | None:
        """None when the client may search now (``RESERVED`` seconds are then charged
        until ``spending`` settles them), else the seconds (at least 1) it must wait."""
        debt, admitted = self._step(RESERVED, check=True)
        if admitted:
            return None
        # Less a microsecond: a float's last digit is no reason to wait a second more.
        return max(1, math.ceil((debt - self.burst) / self.rate - 1e-6))

    @contextmanager
    def spending(self) -> Iterator[None]:
        """Settles the search run inside, admitted by ``admit``: its wall time charged in
        place of what was reserved, whatever its outcome (a search stopped at the statement
        timeout cost its three seconds)."""
        started = timer()
        try:
            yield
        finally:
            self._step(timer() - started - RESERVED, check=False)

    def _step(self, add: float, *, check: bool) -> tuple[float, bool]:
        """The debt after adding ``add`` seconds (refused, and nothing added, when
        ``check`` and the debt is past the burst), and whether it was added. Atomic on
        Redis; with the cache unreachable, (0, True): nobody is refused."""
        at = now()
        client = django_redis_client()
        try:
            if client is not None:
                script = redis_script(client.get_client(write=True), _STEP)
                args = [at, self.rate, self.burst, add, int(check), KEEP_SECONDS]
                debt, admitted = script(keys=[client.make_key(self.key)], args=args)
                return float(debt), bool(admitted)
            return self._step_in_cache(at, add, check=check)
        except Exception:  # the cache is down, or holds what it should not: nobody refused
            logger.warning("search budget: the cache cannot say", exc_info=True)
            return 0.0, True

    def _step_in_cache(self, at: float, add: float, *, check: bool) -> tuple[float, bool]:
        """``_step`` for a cache of one process (tests, development): not atomic."""
        debt = 0.0
        owed, _, written = str(cache.get(self.key) or "").partition(":")
        with contextlib.suppress(ValueError):
            debt = max(0.0, float(owed) - (at - float(written)) * self.rate)
        if check and debt > self.burst:
            return debt, False
        debt = max(0.0, debt + add)
        cache.set(self.key, f"{debt:.6f}:{at:.6f}", KEEP_SECONDS)
        return debt, True
