"""Public answers (API resources and reader pages) validated and cached under the public
data version (docs/scaling.md).

Every public answer is built from published data only, so the data version and the address
name it: its ETag and Last-Modified are known before the view does any work, a conditional
request is answered 304 at once, and a built answer can be stored whole with its ETag. A
committed change to the data makes new ETags, so nothing stored is ever stale and nothing
needs invalidating: an answer stored with an older ETag is never served, and the next one
built for its address replaces it.

``PublicAnswerCacheMiddleware`` serves stored answers before the session, CSRF,
authentication and DRF layers run. Views opt in: the API through
``api.conditional.ConditionalGetMixin``, reader pages through ``@public_page``.
Only a 200 that sets no cookie and does not vary by cookie is stored.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import datetime
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, has_vary_header
from django.utils.http import http_date

from core.cache_counts import get_many_and_count
from core.languages import prefix_pattern
from core.origin import request_origin
from record.models import PublicDataVersion
from serving.throttling import StoredAnswerLimit

# Bump when the shape of an answer changes within a release (settings.RELEASE names the
# release), so that neither clients nor the cache keep an old one.
REVISION = "2"

API_CACHE_CONTROL = "public, max-age=60"
# Readers see a new verdict at once: browsers revalidate every time, and a 304 costs little.
PAGE_CACHE_CONTROL = "public, no-cache"


@dataclass(frozen=True)
class Validators:
    etag: str
    last_modified: datetime

    @property
    def last_modified_timestamp(self) -> int:
        return int(self.last_modified.timestamp())


def answer_address(request: HttpRequest) -> str:
    """What names an answer apart from the data: the code that builds it and the absolute
    address (answers carry absolute links, so each host has its own)."""
    address = getattr(request, "_public_answer_address", None)
    if address is None:
        address = (
            f"{REVISION}|{settings.RELEASE}|{request_origin(request)}|{request.get_full_path()}"
        )
        request._public_answer_address = address
    return address


def answer_validators(
    request: HttpRequest, version: PublicDataVersion | None = None
) -> Validators:
    """The ETag and Last-Modified of the public answer to ``request``: read once per request
    (or taken from ``version``, already read) and kept on it, so the middleware and the view
    agree."""
    validators = getattr(request, "_public_answer_validators", None)
    if validators is None:
        changed_at = (version or PublicDataVersion.current()).changed_at
        key = f"{answer_address(request)}|{changed_at.isoformat()}"
        etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
        validators = Validators(etag=etag, last_modified=changed_at)
        request._public_answer_validators = validators
    return validators


def document_validators(request: HttpRequest, document) -> Validators:
    """The ETag and Last-Modified of one document's own answer (a claim, speaker, source or
    outlet in the API): from its version, so a publish changes the validators of the
    documents it wrote and of no other. ``document``: a head of the published record."""
    key = (
        f"{answer_address(request)}|{document.kind}|{document.pk}|{document.version}"
        f"|{document.version_published_at.isoformat()}"
    )
    etag = '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'
    return Validators(etag=etag, last_modified=document.version_published_at)


# The API's address of one document: its answer is one row of the record, validated by its
# own version (``document_validators``), so the store of answers by the data version skips it.
# (\Z, not $: "$" also matches before a final newline, which the URL resolver refuses.)
DOCUMENT_PATH = re.compile(r"^/api/v1/(?:claims|speakers|sources|outlets)/[^/]+/\Z")
# A claim's page in any language (web/urls.py: claims/<int:pk>/<slug:slug>/, after
# claims/<int:pk>/embed/; under /ru/ and the other prefixes, core.languages): stored as
# rendered, with its own validators (serving.renditions), so the store of answers skips it
# too.
PAGE_PATH = re.compile(
    rf"^{prefix_pattern()}/claims/(?P<pk>[0-9]{{1,18}})/(?!embed/)(?P<slug>[-a-zA-Z0-9_]+)/\Z"
)


def not_modified(request: HttpRequest, validators: Validators) -> HttpResponse | None:
    """A 304 when the client's copy is current, else None."""
    response = get_conditional_response(
        request, etag=validators.etag, last_modified=validators.last_modified_timestamp
    )
    if response is not None and response.status_code == 304:
        return response
    return None


def mark_public(
    response: HttpResponse, validators: Validators, cache_control: str, *, throttled: bool
) -> HttpResponse:
    """Adds the validators to a 200 or 304 and lets the middleware store a 200. A
    ``throttled`` answer (the API's) is counted against the client's rate limit when it is
    served from the store."""
    if response.status_code in (200, 304):
        response["ETag"] = validators.etag
        response["Last-Modified"] = http_date(validators.last_modified_timestamp)
        response["Cache-Control"] = cache_control
    if response.status_code == 200:
        response.public_answer = (validators.etag, throttled)
    return response


def public_page(view):
    """For reader pages built only from published data: validators from the data version,
    a 304 before the view runs, and the page stored by the middleware."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        validators = answer_validators(request)
        if request.method in ("GET", "HEAD") and (unchanged := not_modified(request, validators)):
            unchanged["Cache-Control"] = PAGE_CACHE_CONTROL
            return unchanged
        response = view(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return response
        return mark_public(response, validators, PAGE_CACHE_CONTROL, throttled=False)

    return wrapped


def _store_key(request: HttpRequest) -> str:
    """One stored answer per address (the newest built), which names the ETag it was built
    under: the middleware reads it together with the data version, in one cache read."""
    return "public-answer:" + hashlib.sha256(answer_address(request).encode()).hexdigest()[:32]


def accepts_json(request: HttpRequest) -> bool:
    """Whether DRF's content negotiation would give the stored JSON as it is: JSON or
    anything accepted, and no media type parameter but the weight (DRF's JSON renderer
    honours ``indent``). Otherwise DRF answers: 406, or JSON indented as asked."""
    accepted = False
    for part in request.headers.get("Accept", "*/*").split(","):
        media_type, *parameters = part.split(";")
        if any(not parameter.strip().startswith("q=") for parameter in parameters):
            return False
        # An empty Accept header accepts nothing, for DRF (406): only a missing one is */*.
        accepted |= media_type.strip() in ("*/*", "application/*", "application/json")
    return accepted


# factcheck/urls.py: never stored, and never waits on the data version.
HEALTH_CHECK_PATH = "/healthz"

# Answers under it are the partner API's: served only within the client's rate limit.
API_PREFIX = "/api/"


class PublicAnswerCacheMiddleware:
    """Serves a stored public answer before the layers it does not need run. Place it after
    the middleware whose headers depend on the request (security, CORS) and before the rest,
    whose headers are stored with the answer.

    With Redis, a stored answer costs one round trip to it: the data version, the answer
    and, for the API, the client's rate-limit counters are read and the request counted
    together (factcheck/cache_counts.py)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._applies(request):
            return self.get_response(request)
        store_key = _store_key(request)
        limit = None
        if request.path.startswith(API_PREFIX) and accepts_json(request):
            limit = self._limit(request)
        version, found, count = PublicDataVersion.current_and_cached(
            [store_key, *(limit.keys if limit else ())],
            limit.counter if limit else None,
            limit.keep_for if limit else 0,
        )
        validators = answer_validators(request, version)
        if answer := self._serve(request, found.get(store_key), validators, limit, found, count):
            return answer
        response = self.get_response(request)
        self._store(request, response, validators, store_key)
        return response

    @staticmethod
    def _applies(request: HttpRequest) -> bool:
        # A signed-in editor's requests go the whole way: their pages are built, not stored.
        # The health check too: it must answer 503 when the database is down, which reading
        # the data version here would turn into a 500.
        return (
            bool(settings.PUBLIC_ANSWER_CACHE_SECONDS)
            and request.method == "GET"
            and request.path_info != HEALTH_CHECK_PATH
            and not DOCUMENT_PATH.match(request.path_info)
            and not PAGE_PATH.match(request.path_info)
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def _limit(request):
        return StoredAnswerLimit(request)

    def _serve(self, request, stored, validators: Validators, limit, found: dict, count: int):
        """The stored answer, or None for the request to go on. The API's key check and rate
        limit hold as in DRF's dispatch: a refused key, a client over its limit or an
        unacceptable Accept header go on to DRF, which answers them (401, 429, 406) and
        counts the request, so a request counted here and not served is taken back."""
        if stored is None or stored["etag"] != validators.etag:
            # None stored yet, or built before the latest change.
            return limit.take_back() if limit else None
        if stored["throttled"]:
            if not accepts_json(request):
                return None  # nothing was counted (see __call__)
            if limit is None:  # not under API_PREFIX: read and count on their own
                limit = self._limit(request)
                found, count, _ = get_many_and_count(limit.keys, limit.counter, limit.keep_for)
            if not limit.allow(found, count):
                return None
        elif limit is not None:
            limit.take_back()
        if unchanged := not_modified(request, validators):
            headers = dict(stored["headers"])
            for header in ("ETag", "Last-Modified", "Cache-Control"):
                unchanged[header] = headers[header]
            return unchanged
        return HttpResponse(stored["content"], headers=dict(stored["headers"]))

    @staticmethod
    def _store(request, response: HttpResponse, validators: Validators, store_key: str):
        marked = getattr(response, "public_answer", None)
        if (
            marked is None
            or marked[0] != validators.etag
            or response.status_code != 200
            or response.streaming
            or response.cookies
            or has_vary_header(response, "Cookie")
            # Built for an Accept of its own (indented JSON): not for the next client.
            or (marked[1] and not accepts_json(request))
        ):
            return
        cache.set(
            store_key,
            {
                "etag": validators.etag,
                "content": response.content,
                "headers": list(response.items()),
                "throttled": marked[1],
            },
            settings.PUBLIC_ANSWER_CACHE_SECONDS,
        )
