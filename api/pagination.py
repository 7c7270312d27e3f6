from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

MAX_PAGE_SIZE = 100


class ApiCursorPagination(CursorPagination):
    """Cursor pagination: as fast on page 10,000 as on page 1. ``page_size`` up to 100; a
    larger, zero or malformed one is a 400, not silently clamped."""

    page_size = 20
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    page_size_query_description = f"Results per page, 1 to {MAX_PAGE_SIZE} (default 20)."
    ordering = ("-id",)

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {self.page_size_query_param: [f"A whole number from 1 to {self.max_page_size}."]}
            )
        return size

    invalid_cursor = "Invalid cursor: use the next or previous link."

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from None

    def paginate_queryset(self, queryset, request, view=None):
        # A cursor can be crafted: its position must be a value of the ordering's first
        # field, or the filter built from it fails in the database layer (a 500).
        cursor = self.decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            field = self.get_ordering(request, queryset, view)[0].lstrip("-")
            try:
                queryset.filter(**{field: cursor.position})
            except (DjangoValidationError, ValueError, TypeError):
                raise ValidationError({self.cursor_query_param: [self.invalid_cursor]}) from None
        return super().paginate_queryset(queryset, request, view)
