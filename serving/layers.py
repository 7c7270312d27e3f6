"""What the middleware that answer before the stack (``serving.document_answers``,
``serving.renditions``) need of the layers they skip."""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse


def allowed_host(request: HttpRequest) -> bool:
    """Whether the request's Host is in ALLOWED_HOSTS: otherwise Django's 400, from the
    stack, before anything is counted or read."""
    try:
        request.get_host()
    except DisallowedHost:
        return False
    return True


class LayersHeaders:
    """The headers the layers below a middleware add to its answers (the content policy,
    X-Frame-Options, the media type, DRF's Allow and Vary): the same for every answer of a
    status, so learned from the first answer of each status the whole stack builds in this
    process, and given to the next ones."""

    # What differs from one answer to another: never learned.
    OWN = frozenset({"ETag", "Last-Modified", "Content-Length"})

    def __init__(self):
        self.by_status: dict[int, list[tuple[str, str]]] = {}

    def known(self, status: int) -> bool:
        return status in self.by_status

    def learn(self, get_response, request: HttpRequest, status: int) -> HttpResponse:
        """The whole stack's answer to ``request``, whose headers (but its own) are kept for
        the next answers of ``status`` if it has that status and sets no cookie."""
        response = get_response(request)
        if response.status_code == status and not response.cookies and not response.streaming:
            self.by_status[status] = [
                (header, value) for header, value in response.items() if header not in self.OWN
            ]
        return response

    def add(self, response: HttpResponse) -> HttpResponse:
        """``response`` with the layers' headers, and its length as
        django.middleware.common.CommonMiddleware gives it."""
        for header, value in self.by_status[response.status_code]:
            response[header] = value
        response["Content-Length"] = str(len(response.content))
        return response
