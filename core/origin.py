"""The origin a request was made to, for the addresses in public answers."""

from __future__ import annotations

from django.http import HttpRequest


def request_origin(request: HttpRequest) -> str:
    """``scheme://host[:port]`` as the client asked (what ``build_absolute_uri("/")`` gives,
    without the slash), computed once per request: stored answers hold site-relative
    addresses that each answer makes absolute for the host asked
    (``record.render.absolute_json``). ``request``: Django's, or DRF's wrapping it. Raises
    DisallowedHost for a Host outside ALLOWED_HOSTS, as ``get_host`` does."""
    http = getattr(request, "_request", request)
    origin = getattr(http, "_origin", None)
    if origin is None:
        # The host is validated against ALLOWED_HOSTS, which admits ASCII only: nothing in
        # it for build_absolute_uri's IRI quoting to change.
        origin = http._origin = f"{http.scheme}://{http.get_host()}"
    return origin
