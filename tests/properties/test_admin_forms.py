"""Every admin form of the project's apps, posted anything: the answer is the form again with
its errors (200) or a save (302), never a 500. A refused form writes nothing at all (no row,
no history record, no log entry), and a save leaves only data that passes ``full_clean()``.

What is posted is what a browser would post, then tampered with. The form is fetched as the
user sees it and every input is read back (hidden ones too: management forms of the inlines,
and whatever else a form carries, such as the version the change forms check), so these tests
need no list of fields. Then Hypothesis
- on an add form, fills every field with a value that field accepts on its own, so that
  forms do get saved (and their saves checked);
- changes up to three inputs, main form or inline rows, to a valid value, a hostile one
  (any text, NUL, huge numbers, impossible dates), a repeated one or none at all;
- may add a row to an inline, tamper with an inline's management form (INITIAL_FORMS="-1"
  or a count that leaves stored rows out, TOTAL_FORMS="abc" or "²"), and press any of the
  form's buttons ("Save as new" included). Counts of 2,000 and more are left out: see
  form_values.management_values.

Examples and the database: pytest-django runs each test in a transaction, and Hypothesis runs
all of a test's examples inside it. Each example runs in a savepoint that is rolled back when
it ends (``database.rolled_back``), so a save made by one example is gone before the next:
every example starts from the seed, and a change form's version is the one it was fetched
with. Inside the savepoint, every project row is read before and after the request
(``database.snapshot``: contents, not counts, so a stray UPDATE shows too).
"""

import copy
import re
from collections import Counter

import pytest
from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.test import RequestFactory
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Claim, Correction, Tag
from curation.roles import EDITORS, ROLES
from serving.models import ApiKey
from tests.admin_forms import form_data
from tests.factories import ReviewFactory
from tests.properties import form_values
from tests.properties.database import (
    PROJECT_APPS,
    rolled_back,
    saved_objects,
    snapshot,
    written,
)
from tests.properties.support import bounded, lenient_client, no_server_error

pytestmark = pytest.mark.django_db

# The editors' queue has no form to post: the change forms write it.
READ_ONLY_ADMINS = {"curation.ChangeRequest"}
ADMINS = {
    model._meta.label: model
    for model in admin.site._registry
    if model._meta.app_label in PROJECT_APPS and model._meta.label not in READ_ONLY_ADMINS
}
# Editors are posted the forms they may open; elsewhere they get a 403 page, not a form.
EDITOR_PERMISSIONS = ROLES[EDITORS]
INLINE_INPUT = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-(?P<field>[^-]+)$")
MANAGEMENT = ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")
BUTTONS = {"add": ["_save", "_continue", "_addanother"]}
BUTTONS["change"] = [*BUTTONS["add"], "_saveasnew"]


def _may(persona: str, model, view: str) -> bool:
    if persona == "superuser":
        return True
    return (model._meta.app_label, f"{view}_{model._meta.model_name}") in EDITOR_PERMISSIONS


def _cases(persona: str) -> list:
    return [
        pytest.param(label, view, id=f"{label}-{view}")
        for label, model in sorted(ADMINS.items())
        for view in ("add", "change")
        if _may(persona, model, view)
    ]


# Rows the seed does not have, for the change form of every model.
MISSING_FROM_THE_SEED = {
    "claims.Review": lambda: ReviewFactory(claim=Claim.objects.order_by("pk").first()),
    "claims.Correction": lambda: Correction.objects.create(
        claim=Claim.objects.order_by("pk").first(),
        note="The speaker's title was corrected.",
        corrected_on="2017-06-03",
    ),
    "serving.ApiKey": lambda: ApiKey.issue(name="Example Daily")[0],
}


def test_every_admin_of_the_project_is_posted_to():
    assert len(ADMINS) >= 14
    assert {case.values[0] for case in _cases("superuser")} == set(ADMINS)


def test_the_snapshot_sees_an_update_that_changes_no_count(seeded):
    # The "nothing written" check would hold vacuously if it could not see a write.
    with rolled_back():
        before = snapshot()
        Tag.objects.filter(pk=Tag.objects.order_by("pk").first().pk).update(name="Renamed")
        assert written(before, snapshot()) == {"claims.Tag": 1}


class AdminForm:
    """One admin form as a user gets it, and the POSTs Hypothesis makes of it."""

    def __init__(self, model, view: str, user):
        self.label, self.view = model._meta.label, view
        self.model_admin = admin.site._registry[model]
        self.client = lenient_client()
        self.client.force_login(user)
        obj = None
        name = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        if view == "add":
            self.url = reverse(f"{name}_add")
        else:
            obj = (
                model.objects.order_by("pk").first() or MISSING_FROM_THE_SEED[model._meta.label]()
            )
            self.url = reverse(f"{name}_change", args=[obj.pk])
        response = self.client.get(self.url)
        assert response.status_code == 200, no_server_error(response)
        self.rendered = form_data(response, f"{model._meta.model_name}_form")
        self.rendered.pop("csrfmiddlewaretoken", None)
        self._read_fields(RequestFactory().get(self.url), user, obj)

    def _read_fields(self, request, user, obj) -> None:
        """The form fields behind the inputs, as the admin builds them for this user."""
        request.user = user
        form = self.model_admin.get_form(request, obj, change=obj is not None)
        self.fields = _with_model_validators(form)
        self.inline_fields = {}
        prefixes = Counter()
        for formset, _ in self.model_admin.get_formsets_with_inlines(request, obj):
            # The admin's own naming of the inline prefixes (ModelAdmin._create_formsets).
            prefix = formset.get_default_prefix()
            prefixes[prefix] += 1
            if prefixes[prefix] != 1 or not prefix:
                prefix = f"{prefix}-{prefixes[prefix]}"
            # The link to the parent is the formset's to fill, not the user's.
            fields = _with_model_validators(formset.form)
            fields.pop(formset.fk.name, None)
            self.inline_fields[prefix] = fields

    def field_of(self, name: str) -> tuple[str, object]:
        """The field behind an input, and the field's own name (a split date and time posts
        ``name_0`` and ``name_1``); None for an input no field reads."""
        split = re.sub(r"_[01]$", "", name)
        for candidate in (name, split):
            if candidate in self.fields:
                return candidate, self.fields[candidate]
            match = INLINE_INPUT.match(candidate)
            if match and match["prefix"] in self.inline_fields:
                field = self.inline_fields[match["prefix"]].get(match["field"])
                if field is not None:
                    return candidate, field
        return name, None

    def _value(self, name: str, field) -> st.SearchStrategy:
        if name.endswith(MANAGEMENT):
            return st.lists(form_values.management_values, max_size=2).map(lambda v: {name: v})
        valid = form_values.valid_values(name, field) if field is not None else None
        bad = form_values.hostile_values(name, field)
        return bad if valid is None else valid | bad

    def draw_post(self, draw) -> dict[str, list[str]]:
        data = {key: list(values) for key, values in self.rendered.items()}
        if self.view == "add":
            for name, field in self.fields.items():
                if (valid := form_values.valid_values(name, field)) is not None:
                    data.update(draw(valid, label=f"valid {name}"))
        inputs = sorted(name for name in data if "__prefix__" not in name)
        for name in draw(
            st.lists(st.sampled_from(inputs), unique=True, max_size=3), label="tamper"
        ):
            name, field = self.field_of(name)
            data.update(draw(self._value(name, field), label=name))
        if prefixes := sorted(self.inline_fields):
            for prefix in draw(st.lists(st.sampled_from(prefixes), unique=True, max_size=2)):
                self._add_row(draw, data, prefix)
            if draw(st.booleans(), label="tamper with a management form"):
                key = f"{draw(st.sampled_from(prefixes))}-{draw(st.sampled_from(MANAGEMENT))}"
                data.update(draw(self._value(key, None), label=key))
        data[draw(st.sampled_from(BUTTONS[self.view]), label="button")] = ["Save"]
        return data

    def _add_row(self, draw, data: dict, prefix: str) -> None:
        total = (data.get(f"{prefix}-TOTAL_FORMS") or ["0"])[0]
        index = int(total) if total.isascii() and total.isdigit() else 0
        for field_name, field in self.inline_fields[prefix].items():
            if field_name in ("id", "DELETE") or field.widget.is_hidden:
                continue
            name = f"{prefix}-{index}-{field_name}"
            data.update(draw(self._value(name, field), label=name))
        data[f"{prefix}-TOTAL_FORMS"] = [str(index + 1)]


def _with_model_validators(form) -> dict:
    """The form's fields, each with its model field's validators too (a ModelForm runs them
    after its own, in ``_post_clean``): a value guessed valid must satisfy both."""
    fields = {}
    for name, field in form.base_fields.items():
        try:
            model_field = form._meta.model._meta.get_field(name)
        except FieldDoesNotExist:
            fields[name] = field
            continue
        fields[name] = copy.copy(field)
        fields[name].validators = [*field.validators, *model_field.validators]
    return fields


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", password="not used here")


# Each form is fetched once per test, not once per example: its inputs and fields are the
# same for every example (each example's writes are rolled back).
@pytest.fixture
def superuser_form(seeded, superuser, label, view) -> AdminForm:
    return AdminForm(ADMINS[label], view, superuser)


@pytest.fixture
def editor_form(seeded, editor, label, view) -> AdminForm:
    return AdminForm(ADMINS[label], view, editor)


@pytest.mark.parametrize(("label", "view"), _cases("superuser"))
@bounded(6, shrink=False)
@given(data=st.data())
def test_any_post_by_a_superuser_saves_valid_data_or_writes_nothing(
    superuser_form, figure, label, view, data
):
    post = superuser_form.draw_post(data.draw)
    post_and_check(superuser_form, post, figure("Admin forms"), "superuser")


# The editor's forms differ from the superuser's where permissions shape them (the statuses
# offered, read-only fields, the inlines they may add to): fewer examples, same property.
@pytest.mark.parametrize(("label", "view"), _cases("editor"))
@bounded(3, shrink=False)
@given(data=st.data())
def test_any_post_by_an_editor_saves_valid_data_or_writes_nothing(
    editor_form, figure, label, view, data
):
    post_and_check(editor_form, editor_form.draw_post(data.draw), figure("Admin forms"), "editor")


def post_and_check(form: AdminForm, post: dict, tally, persona: str) -> None:
    with rolled_back():
        before = snapshot()
        response = form.client.post(form.url, post)
        after = snapshot()
        tally.record(response, forms=f"{form.label} {form.view}", personas=persona)
        assert response.status_code in (200, 302), no_server_error(response)
        changes = written(before, after)
        if response.status_code == 200:
            assert not changes, f"a refused form wrote {changes}"
            assert b"errornote" in response.content or b"errorlist" in response.content
            tally.note("refused with nothing written")
            return
        for obj in saved_objects(before, after):
            try:
                obj.full_clean()
            except ValidationError as error:
                pytest.fail(f"saved {obj._meta.label} {obj.pk} is invalid: {error}")
        tally.note("saved and valid")
