"""Admin widgets that survive bad input."""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet


def can_be_id(field, value) -> bool:
    """Whether ``value`` can be stored in ``field``: of its type and, for an integer, in the
    database's range (SQLite raises OverflowError on a number beyond 64 bits in an ``IN``
    lookup instead of matching nothing)."""
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class _ValidChoicesOnly:
    """Django's autocomplete widgets look the submitted ids up to re-render the form; a
    malformed id ("abc", 2**64) makes that lookup crash. Drop what cannot be an id first: the
    form field reports it as an invalid choice."""

    def optgroups(self, name, value, attr=None):
        to_field = self.field.remote_field.model._meta.get_field(self.field.target_field.name)
        valid = [item for item in value if can_be_id(to_field, item)]
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_ValidChoicesOnly, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_ValidChoicesOnly, AutocompleteSelectMultiple):
    pass


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's field checks each submitted id's type but not its range, then looks them all
    up with ``IN``: an id beyond 64 bits is refused here as an invalid value instead."""

    def _check_values(self, value):
        key = self.to_field_name or self.queryset.model._meta.pk.name
        to_field = self.queryset.model._meta.get_field(key)
        for pk in value:
            if not can_be_id(to_field, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


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
            kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class LinkFormSet(BaseInlineFormSet):
    """Inline links (denials, evidence, appearances): a duplicate row is named in words."""

    def get_unique_error_message(self, unique_check):
        return "This link is already recorded: remove the duplicate row."
