from django.contrib.auth.models import AnonymousUser
from rest_framework.authentication import BaseAuthentication

from api import schema  # noqa: F401  (registers the OpenAPI security scheme)
from serving.models import ApiKey
from serving.throttling import API_KEY_HEADER, refuse_unknown_key

HEADER = API_KEY_HEADER


class ApiKeyAuthentication(BaseAuthentication):
    """A partner's key in the ``X-API-Key`` header. The API is public: the key only lifts the
    rate limit. A key that is unknown or revoked is refused (401) rather than ignored, so a
    partner learns at once that theirs stopped working; and counted against the client's
    address like an anonymous request, so that guessing keys is rate limited too (429 over
    the limit: ``refuse_unknown_key``)."""

    def authenticate(self, request):
        raw_key = request.headers.get(HEADER)
        if not raw_key:
            return None
        key = ApiKey.objects.active().named_by(raw_key)
        if key is None:
            refuse_unknown_key(request)
        return AnonymousUser(), key

    def authenticate_header(self, request):
        return HEADER
