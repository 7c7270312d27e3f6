"""Query parameters an operation does not have are a 400 naming them (docs/api.md), as a
bad value is: ``?updated_since=2026-01-01`` silently ignored would answer everything, and
a partner would take it for a filtered answer."""

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.exceptions import ValidationError
from rest_framework.settings import api_settings

from api.ordering import StrictOrderingFilter


class KnownParametersMixin:
    """Refuses, after authentication and throttling and before anything is read, a GET or
    HEAD carrying a query parameter the operation does not document. The names come from
    what the schema documents too: the filter set, the ordering filter and the paginator of
    a list; a detail or the index takes none. ``?format=`` is DRF's own, on every address."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if request.method not in ("GET", "HEAD"):
            return
        known = self.query_parameters()
        unknown = sorted(set(request.query_params) - known)
        if unknown:
            takes = ", ".join(sorted(known - {api_settings.URL_FORMAT_OVERRIDE}))
            message = f"Unknown parameter; this address takes {takes or 'no parameters'}."
            raise ValidationError({name: [message] for name in unknown})

    def query_parameters(self) -> set[str]:
        names = {api_settings.URL_FORMAT_OVERRIDE}
        if getattr(self, "action", "list") != "list" or self.paginator is None:
            return names
        names |= self.paginator.query_parameters()
        for backend in self.filter_backends:
            if issubclass(backend, DjangoFilterBackend):
                names |= set(self.filterset_class.base_filters)
            elif issubclass(backend, StrictOrderingFilter):
                names.add(backend.ordering_param)
        return names


def single(request, name: str) -> str | None:
    """The one value of query parameter ``name`` (None without it); raises DRF's
    ValidationError when it is given more than once, rather than letting one win."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: ["Given more than once."]})
    return values[0] if values else None
