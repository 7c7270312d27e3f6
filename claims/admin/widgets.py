"""Admin widgets that survive bad input."""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet


class _ValidChoicesOnly:
    """Django's autocomplete widgets look the submitted ids up to re-render the form; a
    malformed id ("abc") makes that lookup crash. Drop what cannot be an id first: the
    form field reports it as an invalid choice."""

    def optgroups(self, name, value, attr=None):
        to_field = self.field.remote_field.model._meta.get_field(self.field.target_field.name)
        valid = []
        for item in value:
            try:
                to_field.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_ValidChoicesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeAutocompleteMixin:
    """For ModelAdmins and inlines: autocomplete fields use the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LinkFormSet(BaseInlineFormSet):
    """Inline links (denials, evidence, appearances): a duplicate row is named in words."""

    def get_unique_error_message(self, unique_check):
        return "This link is already recorded: remove the duplicate row."
