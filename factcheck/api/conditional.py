"""HTTP validators for public API reads, derived from the public data version: a client's
conditional request is answered 304 before the view reads or serializes anything."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from rest_framework import status
from rest_framework.exceptions import APIException
from rest_framework.response import Response

from factcheck.models import PublicDataVersion

# Bump when a response shape changes, so that clients do not keep a stale body.
API_REVISION = "1"
CACHE_CONTROL = "public, max-age=60"


# Answers are cached under their ETag, which names the data version: a committed change to
# the data makes new keys, so a cached answer is never stale and needs no invalidation.
# (settings.API_ANSWER_CACHE_SECONDS; 0 turns it off.)


class NotModified(APIException):
    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = ""


class CachedAnswer(APIException):
    """Carries a cached body out of ``initial()``: the view never runs."""

    status_code = status.HTTP_200_OK

    def __init__(self, cached: dict):
        super().__init__()
        self.cached = cached


def _body_key(etag: str) -> str:
    return f"api-answer:{etag.strip(chr(34))}"


class ConditionalGetMixin:
    """Adds ETag, Last-Modified and Cache-Control to GET/HEAD answers and answers 304 when
    the client's copy is current. Runs after authentication and throttling."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = None
        if request.method not in ("GET", "HEAD"):
            return
        version = PublicDataVersion.current()
        key = f"{API_REVISION}|{version.changed_at.isoformat()}|{request.get_full_path()}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        last_modified = int(version.changed_at.timestamp())
        self.validators = (etag, last_modified)
        response = get_conditional_response(
            request._request, etag=etag, last_modified=last_modified
        )
        if response is not None and response.status_code == status.HTTP_304_NOT_MODIFIED:
            raise NotModified()
        if (
            request.method == "GET"
            and settings.API_ANSWER_CACHE_SECONDS
            and (cached := cache.get(_body_key(etag))) is not None
        ):
            raise CachedAnswer(cached)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        validators = getattr(self, "validators", None)
        if validators and response.status_code in (200, 304):
            etag, last_modified = validators
            cache_seconds = settings.API_ANSWER_CACHE_SECONDS
            if cache_seconds and isinstance(response, Response) and response.status_code == 200:
                response.render()
                cache.set(
                    _body_key(etag),
                    {
                        "content": response.content,
                        "content_type": response["Content-Type"],
                        "link": response.get("Link"),
                    },
                    cache_seconds,
                )
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = CACHE_CONTROL
        return response
