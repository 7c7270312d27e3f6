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
when it was last written. With the cache unreachable nobody is refused (the site serves
without its cache; the rate limits fall back as docs/scaling.md says). Searches a client
runs side by side may all start before any is charged: the debt then goes past the burst
by at most one search per connection, and is paid back before the next.
"""

from __future__ import annotations

import logging
import math
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from core.client_address import client_address
from serving.models import ApiKey

logger = logging.getLogger(__name__)

# Kept this long after the last search (seconds): long enough for any debt to be paid back.
KEEP_SECONDS = 3600
# The clocks: wall time for the debt (shared by every process), a timer for a search.
now = time.time
timer = time.perf_counter


class SearchBudget:
    """One client's search time: ``wait`` before a search, ``spending`` around it."""

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

    def _debt(self, at: float) -> float | None:
        """The client's debt now (seconds), or None when the cache cannot say."""
        try:
            stored = cache.get(self.key)
        except Exception:  # the cache is down: nobody is refused
            logger.warning("search budget: the cache is unreachable", exc_info=True)
            return None
        if not stored:
            return 0.0
        debt, written = stored
        return max(0.0, debt - (at - written) * self.rate)

    def wait(self) -> int | None:
        """Seconds (at least 1) the client must wait before its next search, or None when
        it may search now."""
        debt = self._debt(now())
        if debt is None or debt <= self.burst:
            return None
        return max(1, math.ceil((debt - self.burst) / self.rate))

    def charge(self, seconds: float) -> None:
        """Add a search of ``seconds`` to the client's debt."""
        at = now()
        debt = self._debt(at)
        if debt is None:
            return
        try:
            cache.set(self.key, (debt + seconds, at), KEEP_SECONDS)
        except Exception:
            logger.warning("search budget: the cache is unreachable", exc_info=True)

    @contextmanager
    def spending(self) -> Iterator[None]:
        """Charges the wall time of what runs inside, whatever its outcome (a search stopped
        at the statement timeout cost its three seconds)."""
        started = timer()
        try:
            yield
        finally:
            self.charge(timer() - started)
