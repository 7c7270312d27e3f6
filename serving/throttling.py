import math
from http import HTTPStatus
from types import SimpleNamespace

from csp.middleware import CSPMiddleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.shortcuts import render
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from core.cache_counts import get_many_and_count, uncount
from core.client_address import client_address
from serving.models import ApiKey

# The header partners send their key in (factcheck/api/authentication.py).
API_KEY_HEADER = "X-API-Key"
UNKNOWN_KEY = "Unknown or revoked API key."


class ClientRateThrottle(SimpleRateThrottle):
    """One limit per client: per API key for partners (the ``partner`` rate), per IP address
    otherwise (the ``anonymous`` rate). Over the limit: 429 with ``Retry-After``.

    Counts live in the default cache, shared by every app process when that is Redis. Each
    client has one counter per window (a minute for ``/min``); the limit applies to the last
    full duration, estimated from this window's count and the previous window's, weighted by
    how much of it still falls inside (a sliding window counter). Unlike DRF's own throttle,
    which reads and writes a list of every request's time, the cost is the same at any rate
    and the count is an atomic increment, so concurrent processes cannot lose requests. A
    refused request is not counted."""

    scope = "anonymous"

    def get_rate(self):
        # Read at each request, not at import, so that settings changes take effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def get_ident(self, request):
        # Not DRF's: it keys on the whole X-Forwarded-For when NUM_PROXIES is unset, so a
        # client writing a new one per request got a new budget each time; and on ip:port.
        return client_address(request)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return f"throttle:partner:{request.auth.pk}"
        return f"throttle:anonymous:{self.get_ident(request)}"

    def allow_request(self, request, view):
        if not self.counter_keys(request):
            return True
        found, count, _ = get_many_and_count([self.previous_key], self.current_key, self.keep_for)
        return self.allow_counted(found, count)

    def counter_keys(self, request) -> tuple[str, ...]:
        """The cache keys of the client's counters for this window and the previous one;
        none when the client's rate is unlimited."""
        self.scope = "partner" if isinstance(request.auth, ApiKey) else "anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        if self.rate is None:
            return ()
        window, self.elapsed = divmod(self.timer(), self.duration)
        key = self.get_cache_key(request, None)
        self.current_key, self.previous_key = f"{key}:{int(window)}", f"{key}:{int(window) - 1}"
        # A window's counter is kept while it still counts: through the next window.
        self.keep_for = 2 * self.duration
        return self.current_key, self.previous_key

    def allow_counted(self, found: dict, count: int) -> bool:
        """Whether the client may go on, given the previous window's counter (in ``found``)
        and this window's once this request is counted (``count``). A refused request is
        taken back off the count."""
        self.current_count = count - 1
        self.previous_count = found.get(self.previous_key, 0)
        self.previous_weight = 1 - self.elapsed / self.duration
        self.until_next_window = self.duration - self.elapsed
        estimate = self.previous_count * self.previous_weight + self.current_count
        if estimate < self.num_requests:
            return True
        uncount(self.current_key)
        return False

    def wait(self):
        """Seconds until the estimate is back under the limit, if no request comes meanwhile
        (at least one: Retry-After is a whole number of seconds)."""
        limit, duration = self.num_requests, self.duration
        if self.current_count >= limit:
            # After this window, it becomes the previous one and fades out.
            seconds = self.until_next_window + duration * (1 - limit / self.current_count)
        else:
            # This window's count fits: wait for the previous one's share to fade enough.
            needed_weight = (limit - self.current_count) / self.previous_count
            seconds = (self.previous_weight - needed_weight) * duration
        return max(1.0, round(seconds, 3))  # no 11 s for a float just over 10


def refuse_unknown_key(request) -> None:
    """Refuses a request whose API key is unknown or revoked, after counting it as the
    client's address's, like an anonymous request: 401 within the anonymous limit, 429 over
    it. Otherwise nothing would limit guessing keys, and a client sending a made-up key would
    escape the anonymous limit. Called by the authentication, which runs before DRF's
    throttles."""
    throttle = ClientRateThrottle()
    # The throttle reads the key and the address; DRF's request has no key yet.
    if not throttle.allow_request(SimpleNamespace(auth=None, META=request.META), None):
        raise Throttled(wait=throttle.wait())
    raise AuthenticationFailed(UNKNOWN_KEY)


class StoredAnswerLimit:
    """The key check and rate limit of DRF's dispatch, for an answer served from the store
    before DRF runs (factcheck/answer_cache.py): the counters are read and the request
    counted together with the stored answer's read, in one round trip. When the key is
    refused or the client is over its limit, the request goes on to DRF, which answers 401
    or 429; the count is taken back, so the client is counted once either way."""

    def __init__(self, request):
        self.throttle = ClientRateThrottle()
        self.counter, self.keys, self.keep_for = None, [], 0
        key = None
        if raw_key := request.headers.get(API_KEY_HEADER):
            key = ApiKey.objects.active().named_by(raw_key)
        # A refused key goes on to DRF, which counts it and answers 401 or 429.
        self.refused = bool(raw_key) and key is None
        if self.refused:
            return
        # What the throttle reads of DRF's request: the key, the address.
        client = SimpleNamespace(auth=key, META=request.META)
        if self.throttle.counter_keys(client):
            self.counter, self.keys = self.throttle.current_key, [self.throttle.previous_key]
            self.keep_for = self.throttle.keep_for

    def allow(self, found: dict, count: int) -> bool:
        """Whether to serve, from what was read and counted (the count is taken back when
        not)."""
        if self.refused:
            return False
        return self.counter is None or self.throttle.allow_counted(found, count)

    def take_back(self) -> None:
        """The request was counted but is not served here (DRF will count it)."""
        if self.counter is not None:
            uncount(self.counter)


class ReaderRateThrottle(ClientRateThrottle):
    """The reader pages' limit (``READER_RATE``, per client address): the API's sliding
    window counter, in the same cache, with counters of its own, so that reading pages
    and calling the API do not share a budget."""

    def get_rate(self):
        # Read at each request, so that settings changes (and tests) take effect.
        return settings.READER_RATE

    def get_cache_key(self, request, view):
        return f"throttle:reader:{self.get_ident(request)}"


# Paths outside the reader pages: the API has its own limit, the admin is staff's (its login
# has django-axes), the health check is the load balancer's, and static files are served by
# WhiteNoise before any of this runs.
NOT_READER_PREFIXES = ("/api/", "/admin/", "/healthz", "/preview/")


class ReaderRateLimitMiddleware:
    """Limits each client address's requests to the reader pages (``READER_RATE``): over
    it, 429 with ``Retry-After`` and a short page saying when to come back. Placed before
    ``PublicAnswerCacheMiddleware``, so that stored pages count too.

    Signed-in staff are never limited. Their requests carry a session cookie, but anyone can
    send one, so the cookie alone proves nothing: such requests are counted in
    ``process_view``, once the session has named the user, unless the user is staff.
    With Redis down, counts fall back to each process's memory as the API's do
    (core/cache_counts.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.applies(request):
            return self.get_response(request)
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            request._reader_limit_pending = True
            response = self.get_response(request)
            # No view ran (an address nothing answers): counted now, as it would have been.
            return self.process_view(request, None, (), {}) or response
        return self.refusal(request) or self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(request, "_reader_limit_pending", False):
            return None
        request._reader_limit_pending = False
        user = getattr(request, "user", None)
        if user is not None and user.is_active and user.is_staff:
            return None
        return self.refusal(request)

    @staticmethod
    def applies(request: HttpRequest) -> bool:
        return settings.READER_RATE is not None and not request.path_info.startswith(
            NOT_READER_PREFIXES
        )

    @staticmethod
    def refusal(request: HttpRequest) -> HttpResponse | None:
        """The 429 answer when the client is over the limit (the request then uncounted),
        else None (the request counted)."""
        throttle = ReaderRateThrottle()
        # The throttle reads only the address from the request, and a key it never has here.
        if throttle.allow_request(SimpleNamespace(auth=None, META=request.META), None):
            return None
        seconds = math.ceil(throttle.wait())
        response = render(
            request, "429.html", {"retry_after": seconds}, status=HTTPStatus.TOO_MANY_REQUESTS
        )
        # Refused before the layers that give every page its policy headers: theirs, here.
        for layer in (CSPMiddleware, XFrameOptionsMiddleware):
            response = layer(lambda request: None).process_response(request, response)
        response["Retry-After"] = str(seconds)
        # Never stored by a cache on the way: the next request may be allowed.
        response["Cache-Control"] = "no-store"
        return response
