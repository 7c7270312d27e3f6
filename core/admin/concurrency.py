"""Lost-update protection for the admin's change forms (optimistic concurrency control).

A change form carries, in a hidden field, the version of the object its editor opened. On
save, inside the admin's transaction and before anything is written, the object's row is
locked and its current version compared with that one: if someone saved in between, the form
is shown again with the editor's values and an error saying who changed what and when, and
nothing of the submission (the object, its inline rows) is written.

The version is the row's ``updated_at``, compared exactly (microseconds, on PostgreSQL and
SQLite alike), not a separate counter: every write already stamps it (``auto_now`` on every
``save()``, the workflow methods name it in ``update_fields``, a revert saves), so a counter
would be a second stamp to keep in step on every path. A miss would need a second save in the
same microsecond as the one the editor saw, after that editor loaded it. See docs/admin.md.

Links shown as inline rows on a claim's page (appearances, denials, evidence, corrections)
and a speaker's aliases have no timestamp of their own: their version is their parent's, and
saving one anywhere stamps the parent (``version_parents``), so an open claim page cannot
write an old copy of a link back.
"""

from __future__ import annotations

from datetime import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

VERSION_FIELD = "opened_version"

MISSING_VERSION = _(
    "This form does not say which version of the %(name)s you opened (the field is missing "
    "or damaged), so changes made since cannot be checked. Your changes were not saved: "
    "reload the page and reapply them."
)


def version_token(versions: dict[str, datetime]) -> str:
    """``{pk: updated_at}`` as the hidden field carries it: ``12=2017-05-31T21:04:05.123456+00:00``
    (several, space-separated, for a link whose version is that of two claims)."""
    return " ".join(f"{pk}={moment.isoformat()}" for pk, moment in sorted(versions.items()))


def parse_version_token(token: str | None) -> dict[str, datetime] | None:
    """The versions a form says it opened, or None when the token is missing or damaged."""
    if not token or not token.strip():
        return None
    versions: dict[str, datetime] = {}
    for part in token.split():
        pk, separator, moment = part.partition("=")
        if not separator or not pk:
            return None
        try:
            parsed = datetime.fromisoformat(moment)
        except ValueError:
            return None
        if parsed.tzinfo is None:
            return None
        versions[pk] = parsed
    return versions


def _moment_in_words(moment: datetime) -> str:
    local = timezone.localtime(moment)
    clock = time_format(local, "H:i")
    if local.date() == timezone.localdate():
        return gettext("at %(time)s") % {"time": clock}
    return gettext("at %(time)s on %(date)s") % {
        "time": clock,
        "date": date_format(local, "DATE_FORMAT"),
    }


class ConcurrentEditMixin:
    """For ModelAdmins (before ``SimpleHistoryAdmin``) of models with an ``updated_at``, or,
    with ``version_parents``, of links whose version is their parents' ``updated_at``."""

    # Foreign keys to the objects whose `updated_at` is this object's version: the pages that
    # show this object as an inline row. Empty: the object's own `updated_at`.
    version_parents: tuple[str, ...] = ()

    # --- What the version is ------------------------------------------------------------

    def version_model(self):
        if not self.version_parents:
            return self.model
        return self.model._meta.get_field(self.version_parents[0]).related_model

    def version_pks(self, pk) -> list:
        """The primary keys, in ``version_model()``, of the rows whose ``updated_at`` make up
        the version of object ``pk`` as it is now stored (empty once it is deleted)."""
        if not self.version_parents:
            return [pk]
        attnames = [self.model._meta.get_field(name).attname for name in self.version_parents]
        row = self.model._default_manager.filter(pk=pk).values_list(*attnames).first()
        return sorted({value for value in row or () if value is not None})

    def pks_locked_with(self, pk) -> set:
        """Rows of ``version_model()`` locked with the version, though not compared: rows a
        save may stamp, taken in one ordered lock so that two saves cannot deadlock."""
        return set()

    def current_versions(self, pk) -> dict[str, datetime]:
        rows = self.version_model()._default_manager.filter(pk__in=self.version_pks(pk))
        return {str(key): moment for key, moment in rows.values_list("pk", "updated_at")}

    def locked_versions(self, pk) -> dict[str, datetime]:
        """The current versions, with their rows (and ``pks_locked_with``) locked until the
        transaction ends: the check and the write that follows it are one step. (SQLite
        ignores the lock; it lets one transaction write at a time.)"""
        version_pks = self.version_pks(pk)
        to_lock = sorted({*version_pks, *self.pks_locked_with(pk)})
        rows = (
            self.version_model()
            ._default_manager.select_for_update()
            .filter(pk__in=to_lock)
            .order_by("pk")
            .values_list("pk", "updated_at")
        )
        return {str(key): moment for key, moment in rows if key in version_pks}

    # --- The check ----------------------------------------------------------------------

    def check_version(self, request, obj, token: str | None) -> None:
        """Raise a ValidationError for the form unless ``obj``'s stored version is the one
        the form was opened on. Call inside the transaction that then writes."""
        opened = parse_version_token(token)
        if opened is None:
            raise ValidationError(
                MISSING_VERSION % {"name": self.model._meta.verbose_name}, code="no_version"
            )
        current = self.locked_versions(obj.pk)
        if current == opened:
            return
        raise ValidationError(self.conflict_message(request, obj, opened, current), code="stale")

    def conflict_message(self, request, obj, opened: dict, current: dict):
        name = self.model._meta.verbose_name
        model = self.version_model()
        if self.version_parents:
            what = gettext("The %(parent)s this %(name)s belongs to") % {
                "parent": model._meta.verbose_name,
                "name": name,
            }
            since = gettext("since you opened this page")
        else:
            what = gettext("This %(name)s") % {"name": name}
            since = gettext("since you opened it")
        changed = sorted(key for key in current if opened.get(key) != current[key])
        if not changed:
            # The rows that remain are as opened: one was deleted, or the link moved.
            return format_html(
                gettext(
                    "{} was deleted or replaced {}. Your changes were not saved: they are "
                    "still in the form below."
                ),
                what,
                since,
            )
        key = changed[0]
        info = f"{self.admin_site.name}:{model._meta.app_label}_{model._meta.model_name}"
        return format_html(
            gettext(
                "{what} was changed{who} {when} {since}. Your changes were not saved: they are "
                'still in the form below. <a href="{history}">Review the changes</a>, then '
                'reapply yours on <a href="{current}" target="_blank" rel="noopener">the '
                "current version</a>."
            ),
            what=what,
            who=self._changed_by(request, model, key, current[key]),
            when=_moment_in_words(current[key]),
            since=since,
            history=reverse(f"{info}_history", args=[key]),
            current=reverse(f"{info}_change", args=[key]),
        )

    def _changed_by(self, request, model, key: str, version: datetime) -> str:
        """ " by edgar", " by you, in another window or tab," or nothing when no history
        record made this version (a script's bulk update records none)."""
        record = (
            model.history.filter(**{model._meta.pk.attname: key, "updated_at": version})
            .select_related("history_user")
            .order_by("-history_id")
            .first()
        )
        if record is None or record.history_user is None:
            return ""
        if record.history_user == request.user:
            return gettext(" by you, in another window or tab,")
        return gettext(" by %(user)s") % {"user": record.history_user.get_username()}

    # --- The form -----------------------------------------------------------------------

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None or obj.pk is None:
            return super().get_form(request, obj, change=change, **kwargs)
        base = kwargs.pop("form", self.form)
        # As Django's get_form does: a declared field shown read-only is left out.
        readonly = dict.fromkeys(
            f for f in self.get_readonly_fields(request, obj) if f in base.declared_fields
        )
        kwargs["form"] = type(
            base.__name__,
            (ConcurrentEditForm, base),
            {**readonly, "model_admin": self, "request": request},
        )
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request, obj=None):
        fieldsets = [
            (name, {**options, "fields": [f for f in options["fields"] if f != VERSION_FIELD]})
            for name, options in super().get_fieldsets(request, obj)
        ]
        # The hidden field is rendered with the first fieldset; a read-only view has none.
        if obj is not None and obj.pk is not None and self.has_change_permission(request, obj):
            name, options = fieldsets[0]
            fieldsets[0] = (name, {**options, "fields": [*options["fields"], VERSION_FIELD]})
        return fieldsets

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # The revert form saves from an opened page too: check and write in one transaction,
        # as the change form does.
        if request.method in ("GET", "HEAD"):
            return super().history_form_view(request, object_id, version_id, extra_context)
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)

    # --- Stamping parents ---------------------------------------------------------------

    def stamp_versions(self, request, pks, reason: str) -> None:
        """Give the rows ``pks`` of ``version_model()`` a new version, recorded in their
        history as ``request.user``'s change, so that pages opened on them before are told."""
        model = self.version_model()
        # The reason names the row (a claim's text, an alias): cut to what the history's
        # column holds (simple-history's varchar(100)), which PostgreSQL would refuse.
        limit = model.history.model._meta.get_field("history_change_reason").max_length
        if limit is not None:
            reason = Truncator(reason).chars(limit)
        for parent in model._default_manager.filter(pk__in=set(pks)).order_by("pk"):
            parent._history_user = request.user
            parent._change_reason = reason
            parent.save(update_fields=["updated_at"])

    def _parent_pks(self, obj) -> list:
        return [getattr(obj, self.model._meta.get_field(n).attname) for n in self.version_parents]

    def _stamp_parents(self, request, obj, pks, what: str) -> None:
        reason = f"{self.model._meta.verbose_name.capitalize()} {what}: {obj}"
        self.stamp_versions(request, [pk for pk in pks if pk is not None], reason)

    def save_model(self, request, obj, form, change):
        if not self.version_parents:
            return super().save_model(request, obj, form, change)
        # A link moved to another claim changes both claims' pages.
        before = self.version_pks(obj.pk) if change else []
        super().save_model(request, obj, form, change)
        what = "changed" if change else "added"
        self._stamp_parents(request, obj, [*before, *self._parent_pks(obj)], what)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        if self.version_parents:
            self._stamp_parents(request, obj, self._parent_pks(obj), "deleted")

    def delete_queryset(self, request, queryset):
        if not self.version_parents:
            return super().delete_queryset(request, queryset)
        deleted = list(queryset)
        super().delete_queryset(request, queryset)
        for obj in deleted:
            self._stamp_parents(request, obj, self._parent_pks(obj), "deleted")


class ConcurrentEditForm(forms.ModelForm):
    """Mixed in before the admin's own form for change (never add) forms; ``model_admin``
    and ``request`` are set on the class made for each request."""

    opened_version = forms.CharField(widget=forms.HiddenInput, required=False)

    model_admin: ConcurrentEditMixin
    request = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            # Read from the stored row, not the instance: the revert form's instance is an
            # old version, and the version opened is the one stored now.
            versions = self.model_admin.current_versions(self.instance.pk)
            self.initial[VERSION_FIELD] = version_token(versions)

    def clean(self):
        cleaned_data = super().clean()
        self.model_admin.check_version(self.request, self.instance, self.data.get(VERSION_FIELD))
        return cleaned_data
