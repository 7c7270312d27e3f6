"""Change lists that answer bad input with the admin's own answers to it (the "incorrect
lookup" page, a message, a 400), never a 500: some input gets past Django's own checks."""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext

from core.admin.widgets import can_be_id


class SafeChangeList(ChangeList):
    def get_filters(self, request):
        # PostgreSQL refuses NUL in any text it is sent, and Django's filters only find out
        # when the list's query runs: a 500. No lookup value holds one.
        if any("\x00" in v for values in self.get_filters_params().values() for v in values):
            raise IncorrectLookupParameters("NUL in a lookup value")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            # The date hierarchy makes a date of ?year=&month=&day= and the one after it.
            # Django answers a ValueError there with "incorrect lookup parameters", but not a
            # year beyond C's int (OverflowError), nor 9999 (the next year does not exist).
            if not self.date_hierarchy or f"{self.date_hierarchy}__year" not in request.GET:
                raise
            raise IncorrectLookupParameters(error) from error


class SafeChangeListMixin:
    """For ModelAdmins: the change list above, bulk actions on a selection of ids only, a
    popup's field to return (``_to_field``) checked without crashing, and search terms
    without NUL."""

    def get_changelist(self, request, **kwargs):
        return SafeChangeList

    def to_field_allowed(self, request, to_field):
        # Django reads ``primary_key`` of whatever the name finds, and a reverse relation
        # ("sources", or "+" for the history tables' hidden links) has none: a 500. Only a
        # concrete field can be returned to a popup; refused, the admin answers 400.
        try:
            field = self.opts.get_field(to_field)
        except FieldDoesNotExist:
            return False
        return field.concrete and super().to_field_allowed(request, to_field)

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete lookup passes its term as typed, and PostgreSQL refuses NUL in
        # any text it is sent (a 500). (The change list's own search form refuses it.)
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def response_action(self, request, queryset):
        # Django filters by the posted ids as they come: one that cannot be an id ("abc",
        # NUL, 2**64) crashes the lookup.
        selected = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if not all(can_be_id(self.model._meta.pk, value) for value in selected):
            self.message_user(
                request,
                gettext("Nothing was done: the selection names items that do not exist."),
                messages.WARNING,
            )
            return None
        return super().response_action(request, queryset)
