"""Admin widgets that survive bad input."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db.models import UniqueConstraint, Value
from django.forms.formsets import TOTAL_FORM_COUNT
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext


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


def _field_values(instance) -> dict:
    """The instance's values as a constraint's condition reads them (by name and attname)."""
    values = {"pk": Value(instance.pk, instance._meta.pk)}
    for field in instance._meta.concrete_fields:
        value = Value(getattr(instance, field.attname), field)
        values[field.name] = values[field.attname] = value
    return values


class BoundedInlineFormSet(BaseInlineFormSet):
    """An inline formset that builds no more forms than it can accept. Django builds as many
    as the management form announces, up to ``absolute_max``, before refusing the post for
    announcing too many; and then renders them all again. A post announcing more is refused
    just the same (``full_clean`` checks the announced total), with the stored rows alone
    built and shown."""

    def total_form_count(self):
        if self.is_bound and self.management_form.is_valid():
            announced = self.management_form.cleaned_data[TOTAL_FORM_COUNT]
            if announced > self.absolute_max:
                return min(self.initial_form_count(), self.absolute_max)
        return super().total_form_count()


class ConstrainedInlineFormSet(BoundedInlineFormSet):
    """Inline rows checked against the model's unique constraints as the rows will stand
    after the save. Django checks a constraint with a condition ("one first appearance per
    claim") neither on a row (its link to the parent is left out) nor across the rows, and
    any constraint only across the rows posted: two rows ticked "first", or a tampered
    management form leaving a stored row out, reached the database, which refused: a 500."""

    def initial_form_count(self):
        # A tampered INITIAL_FORMS of -1 would make Python's slicing take rows for stored ones.
        return max(0, super().initial_form_count())

    def clean(self):
        super().clean()
        # The rows after the save: those posted (kept, changed or new), and those stored
        # that the post did not name, which the save leaves as they are.
        rows = [
            form.instance
            for form in self.forms
            if form not in self.deleted_forms
            and form.is_valid()
            and (form.instance.pk is not None or form.has_changed())
        ]
        if self.instance.pk is not None:
            posted = [form.instance.pk for form in self.initial_forms]
            rows += self.get_queryset().exclude(pk__in=[pk for pk in posted if pk is not None])
        for constraint in self.model._meta.constraints:
            if isinstance(constraint, UniqueConstraint) and constraint.fields:
                self._check_unique(constraint, rows)

    def _check_unique(self, constraint, rows) -> None:
        opts = self.model._meta
        attnames = [opts.get_field(name).attname for name in constraint.fields]
        seen = set()
        for row in rows:
            if constraint.condition and not constraint.condition.check(_field_values(row)):
                continue
            # The parent's id is None on an add page: every row shares that parent.
            key = tuple(
                "parent" if name == self.fk.attname else getattr(row, name) for name in attnames
            )
            if None in key:
                continue  # NULLs are never equal: the database accepts them
            if key in seen:
                message = (
                    constraint.get_violation_error_message()
                    if constraint.condition
                    else self.get_unique_error_message(list(constraint.fields))
                )
                raise ValidationError(message)
            seen.add(key)


class LinkFormSet(ConstrainedInlineFormSet):
    """Inline links (denials, evidence, appearances): a duplicate row is named in words."""

    def get_unique_error_message(self, unique_check):
        return gettext("This link is already recorded: remove the duplicate row.")


class BoundedInlineMixin:
    """Every admin inline, capped: at most ``ADMIN_INLINE_MAX_ROWS`` rows, however many the
    management form claims. Django builds one form per row the post announces, up to
    ``absolute_max`` (by default its ``max_num`` plus 1,000, so 2,000 when unset): a tampered
    ``TOTAL_FORMS=100000`` on a page of five inlines built 10,000 forms, with their widgets,
    for 53 s. Capped, the post is answered at once with the formset's own error ("Please
    submit at most … forms") and nothing is saved. The cap also bounds what an add page
    offers (``max_num``), and is far above what a curator enters on one page; longer lists
    are edited in their own admin (appearances, evidence, denials). An inline's own formset
    must derive from ``BoundedInlineFormSet``, which builds no form beyond the cap."""

    formset = BoundedInlineFormSet

    def get_max_num(self, request, obj=None, **kwargs):
        own = super().get_max_num(request, obj, **kwargs)
        limit = settings.ADMIN_INLINE_MAX_ROWS
        return limit if own is None else min(own, limit)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("absolute_max", settings.ADMIN_INLINE_MAX_ROWS)
        return super().get_formset(request, obj, **kwargs)


class BoundedTabularInline(BoundedInlineMixin, admin.TabularInline):
    """The base of every tabular inline (see ``BoundedInlineMixin``)."""


class BoundedStackedInline(BoundedInlineMixin, admin.StackedInline):
    """The base of every stacked inline (see ``BoundedInlineMixin``)."""
