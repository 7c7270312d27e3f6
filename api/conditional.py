"""HTTP validators for public API reads, derived from the public data version
(factcheck/answer_cache.py): a client's conditional request is answered 304 before the view
reads or serializes anything, and a built answer is stored for the next client."""

from rest_framework import status
from rest_framework.exceptions import APIException

from serving.answer_cache import (
    API_CACHE_CONTROL,
    answer_validators,
    document_validators,
    mark_public,
    not_modified,
)


class NotModified(APIException):
    status_code = status.HTTP_304_NOT_MODIFIED
    default_detail = ""


class ConditionalGetMixin:
    """Adds ETag, Last-Modified and Cache-Control to GET/HEAD answers and answers 304 when
    the client's copy is current. Runs after authentication and throttling, so a 304 counts
    against the client's rate limit like any other answer."""

    # Views answering one document validate it by its own version, once they have read it.
    validated_by_document = ()

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.validators = None
        action = getattr(self, "action", None)
        if request.method not in ("GET", "HEAD") or action in self.validated_by_document:
            return
        self.validators = answer_validators(request._request)
        if not_modified(request._request, self.validators):
            raise NotModified()

    def validate_document(self, request, document) -> None:
        """Validators from ``document``'s version; raises ``NotModified`` (a 304) when the
        client's copy is current."""
        self.validators = document_validators(request._request, document)
        if not_modified(request._request, self.validators):
            raise NotModified()

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "validators", None):
            mark_public(response, self.validators, API_CACHE_CONTROL, throttled=True)
        return response
