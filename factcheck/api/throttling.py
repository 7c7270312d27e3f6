from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from factcheck.models import ApiKey


class ClientRateThrottle(SimpleRateThrottle):
    """One limit per client: per API key for partners (the ``partner`` rate), per IP address
    otherwise (the ``anonymous`` rate). Counts live in the default cache: shared by every app
    process when that is Redis. Over the limit: 429 with ``Retry-After``."""

    scope = "anonymous"

    def get_rate(self):
        # Read at each request, not at import, so that settings changes take effect.
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]

    def allow_request(self, request, view):
        self.scope = "partner" if isinstance(request.auth, ApiKey) else "anonymous"
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request, view):
        if isinstance(request.auth, ApiKey):
            return f"throttle:partner:{request.auth.pk}"
        return f"throttle:anonymous:{self.get_ident(request)}"
