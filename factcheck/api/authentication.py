from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication
from rest_framework.exceptions import AuthenticationFailed

from factcheck.api import schema  # noqa: F401  (registers the OpenAPI security scheme)
from factcheck.models import ApiKey, hash_api_key

HEADER = "X-API-Key"


class ApiKeyAuthentication(BaseAuthentication):
    """A partner's key in the ``X-API-Key`` header. The API is public: the key only lifts the
    rate limit. A key that is unknown or revoked is refused (401) rather than ignored, so a
    partner learns at once that theirs stopped working."""

    def authenticate(self, request):
        raw_key = request.headers.get(HEADER)
        if not raw_key:
            return None
        key = ApiKey.objects.active().filter(key_hash=hash_api_key(raw_key)).first()
        if key is None:
            raise AuthenticationFailed("Unknown or revoked API key.")
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return HEADER
