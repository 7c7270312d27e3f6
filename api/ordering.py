from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ValidationError
from rest_framework.filters import OrderingFilter


class StrictOrderingFilter(OrderingFilter):
    """DRF's ordering filter, except that an unknown field is a 400 naming it (DRF's own
    ignores it), and public names map onto the record's columns (``ordering_map``): one
    public term each, whose columns end in the id so that the order is total (the keyset
    cursor of ``api.pagination`` needs that)."""

    ordering_description = _("Sort order.")

    def get_ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        if not raw:
            return self.get_default_ordering(view)
        allowed = view.ordering_map
        if raw not in allowed:
            choices = ", ".join(allowed)
            raise ValidationError({self.ordering_param: [f"One of: {choices}."]})
        return allowed[raw]

    def get_default_ordering(self, view):
        return view.ordering_map[view.ordering]

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": f"Sort order (default {view.ordering}).",
                "schema": {"type": "string", "enum": list(view.ordering_map)},
            }
        ]
