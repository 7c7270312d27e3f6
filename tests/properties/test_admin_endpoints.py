"""The admin's other doors, fed anything: every change list (search, filters, ordering,
pages, bulk actions), the autocomplete and similar-claims lookups behind the claim form, and
the ClaimReview upload. No 500; a refused upload or action writes nothing, and what an
accepted one writes passes ``full_clean()``.

As in test_admin_forms.py, each example runs in a savepoint rolled back when it ends.
"""

import json
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Claim, Speaker
from tests.html import parse
from tests.properties import strategies as hostile
from tests.properties.database import (
    PROJECT_APPS,
    rolled_back,
    saved_objects,
    snapshot,
    written,
)
from tests.properties.support import bounded, lenient_client, no_server_error

pytestmark = pytest.mark.django_db

ADMINS = sorted(
    model._meta.label for model in admin.site._registry if model._meta.app_label in PROJECT_APPS
)
MODELS = {model._meta.label: model for model in admin.site._registry}
FIXTURES = "tests/fixtures/claimreview"


@pytest.fixture
def superuser_client(seeded, django_user_model):
    client = lenient_client()
    client.force_login(django_user_model.objects.create_superuser("root", password="unused"))
    return client


def _url(label: str, view: str) -> str:
    model = MODELS[label]
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def assert_saved_objects_are_valid(before, after) -> None:
    for obj in saved_objects(before, after):
        try:
            obj.full_clean()
        except ValidationError as error:
            pytest.fail(f"saved {obj._meta.label} {obj.pk} is invalid: {error}")


# --- Change lists ------------------------------------------------------------------------


def changelist_parameters(client, url: str) -> dict[str, list[str]]:
    """The query parameters the change list itself links to (its filters, date hierarchy,
    sorting and pages) with the values it offers: read from the page, so a filter added to
    a ModelAdmin is covered."""
    page = parse(client.get(url))
    offered: dict[str, set] = {"q": {"Raqqa", "Lavrov"}, "p": {"1"}, "o": {"1", "-2.1"}}
    for link in page.xpath("//a[starts-with(@href, '?')]"):
        for name, value in parse_qsl(urlsplit(link.get("href")).query, keep_blank_values=True):
            offered.setdefault(name, set()).add(value)
    return {name: sorted(values) for name, values in offered.items()}


@pytest.fixture
def changelist(superuser_client, label):
    """The change list's address, the parameters it offers, and the bulk actions its form
    offers (as the page shows them)."""
    url = _url(label, "changelist")
    page = parse(superuser_client.get(url))
    actions = [v for v in page.xpath("//select[@name='action']/option/@value") if v]
    return url, changelist_parameters(superuser_client, url), actions


@pytest.mark.parametrize("label", ADMINS)
@bounded(6)
@given(data=st.data())
def test_any_query_of_a_change_list_is_answered_without_a_server_error(
    superuser_client, changelist, figure, label, data
):
    url, offered, _ = changelist
    params = data.draw(
        st.fixed_dictionaries(
            {}, optional={name: hostile.query_values(*values) for name, values in offered.items()}
        ),
        label="query",
    )
    # The popup's parameters: `_to_field` is checked by the admin (a 400 when refused).
    popup = st.sampled_from(["_to_field", "_popup", "e"])
    params.update(data.draw(st.dictionaries(popup, hostile.scalar_values, max_size=1)))
    response = superuser_client.get(url, params)
    figure("Admin change lists").record(response, lists=label)
    # 302: Django sends a query it cannot apply to ?e=1 ("incorrect lookup parameters").
    assert response.status_code in (200, 302, 400), no_server_error(response)


@pytest.mark.parametrize("label", ADMINS)
@bounded(4)
@given(data=st.data())
def test_any_bulk_action_saves_valid_data_or_writes_nothing(
    superuser_client, changelist, figure, label, data
):
    url, _, actions = changelist
    pks = [str(pk) for pk in MODELS[label]._default_manager.values_list("pk", flat=True)]
    chosen = st.sampled_from(pks) if pks else st.nothing()
    post = {
        "action": data.draw(hostile.query_values(*actions), label="action"),
        ACTION_CHECKBOX_NAME: data.draw(st.lists(chosen | hostile.scalar_values, max_size=3)),
        "index": "0",
    }
    # The confirmation steps' fields: delete's "post", withdraw's reason, select across.
    post.update(
        data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "post": st.just("yes"),
                    "reason": hostile.scalar_values,
                    "select_across": st.sampled_from(["0", "1"]) | hostile.scalar_values,
                },
            ),
            label="confirmation",
        )
    )
    tally = figure("Admin bulk actions")
    with rolled_back():
        before = snapshot()
        response = superuser_client.post(url, post)
        after = snapshot()
        action = post["action"] if post["action"] in actions else "(not offered)"
        tally.record(response, lists=label, actions=action)
        assert response.status_code in (200, 302), no_server_error(response)
        if response.status_code == 200:
            # A confirmation page, or the list again: nothing done yet.
            assert not written(before, after)
        else:
            assert_saved_objects_are_valid(before, after)


# --- The claim form's lookups ------------------------------------------------------------


@bounded(25)
@given(data=st.data())
def test_any_similar_claims_lookup_answers_json(superuser_client, figure, data):
    ids = [str(pk) for pk in Claim.objects.values_list("pk", flat=True)]
    ids += [str(pk) for pk in Speaker.objects.values_list("pk", flat=True)]
    params = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                "text": hostile.query_values("Agreement had been reached on a safe corridor"),
                "speaker": hostile.query_values(*ids),
                "exclude": hostile.query_values(*ids),
            },
        ),
        label="query",
    )
    response = superuser_client.get(reverse("admin:claims_claim_similar"), params)
    figure("Admin lookups").record(response, lookups="similar claims")
    assert response.status_code == 200, no_server_error(response)
    assert isinstance(response.json()["results"], list)


@pytest.fixture
def autocompletes() -> list[dict[str, str]]:
    """Every autocomplete field of the project's admins and inlines, as the lookup's query
    names it (the model holding the field, and the field)."""
    found = []
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label not in PROJECT_APPS:
            continue
        for owner in [model_admin, *model_admin.inlines]:
            owner_model = owner.model
            for field_name in owner.autocomplete_fields:
                found.append(
                    {
                        "app_label": owner_model._meta.app_label,
                        "model_name": owner_model._meta.model_name,
                        "field_name": field_name,
                    }
                )
    return found


@bounded(30)
@given(data=st.data())
def test_any_autocomplete_lookup_answers_json_or_refuses(
    superuser_client, autocompletes, figure, data
):
    field = data.draw(st.sampled_from(autocompletes), label="field")
    params = dict(field)
    params.update(
        data.draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "term": hostile.query_values("Lavrov", "Raqqa", "TASS"),
                    "page": hostile.query_values("1", "2"),
                    # Tampered: another model or field than the form's.
                    "model_name": hostile.query_values("claim", "speaker", "user"),
                    "field_name": hostile.query_values("speaker", "tags", "password"),
                },
            ),
            label="query",
        )
    )
    response = superuser_client.get(reverse("admin:autocomplete"), params)
    lookup = f"autocomplete {field['model_name']}.{field['field_name']}"
    figure("Admin lookups").record(response, lookups=lookup)
    # 403: a model or field the admin does not offer for lookups; 404: a page past the end.
    assert response.status_code in (200, 403, 404), no_server_error(response)
    if response.status_code == 200:
        assert isinstance(response.json()["results"], list)


# --- The ClaimReview upload --------------------------------------------------------------


def _leaf_paths(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaf_paths(value, (*path, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _leaf_paths(value, (*path, index))
    else:
        yield path


REMOVED = object()


def _replaced(document, path, value):
    """The document with the value at ``path`` replaced, or left out when ``REMOVED``."""
    copy = dict(document) if isinstance(document, dict) else list(document)
    if len(path) == 1 and value is REMOVED:
        del copy[path[0]]
    else:
        copy[path[0]] = value if len(path) == 1 else _replaced(copy[path[0]], path[1:], value)
    return copy


json_values = st.recursive(
    st.none()
    | st.booleans()
    | hostile.huge_int
    | st.integers(min_value=-(10**400), max_value=10**400)
    | hostile.any_float
    | hostile.scalar_values,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(hostile.any_text, inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def claimreview_files(draw) -> tuple[str, bytes]:
    """A real ClaimReview file from the fixtures with up to three values replaced by anything
    JSON holds (huge numbers, NaN, nesting, markup) or left out, or bytes that are no JSON
    at all."""
    fixture = draw(st.sampled_from(sorted(Path(FIXTURES).glob("*.json"))), label="fixture")
    document = json.loads(fixture.read_text())
    paths = list(_leaf_paths(document))
    for path in draw(st.lists(st.sampled_from(paths), unique=True, max_size=3), label="paths"):
        # A key left out (not a list item: the other paths' indices would shift).
        removable = st.just(REMOVED) if isinstance(path[-1], str) else st.nothing()
        value = draw(removable | json_values, label=str(path))
        document = _replaced(document, path, value)
    content = json.dumps(document).encode()
    content = draw(st.just(content) | st.binary(max_size=200), label="content")
    # Names a browser sends (one Django's upload parser empties, "\x1f", means no file).
    names = [fixture.name, "Überprüfung 2017.json", "no extension", "a" * 300 + ".json"]
    name = draw(st.sampled_from(names), label="name")
    return fixture.name, name, content


@bounded(25)
@given(data=st.data())
def test_any_uploaded_file_imports_valid_data_or_writes_nothing(superuser_client, figure, data):
    fixture, name, content = data.draw(claimreview_files(), label="file")
    post = {"file": SimpleUploadedFile(name, content, content_type="application/json")}
    if data.draw(st.booleans(), label="dry run"):
        post["dry_run"] = "on"
    tally = figure("ClaimReview uploads")
    with rolled_back():
        before = snapshot()
        response = superuser_client.post(reverse("admin:claims_review_import"), post)
        after = snapshot()
        tally.record(response, fixtures=fixture)
        assert response.status_code in (200, 302), no_server_error(response)
        # Record by record: a file is refused whole (a form error, nothing written), or its
        # readable records import and a report names the others (the page again, 200), or
        # everything imports (back to the list, 302).
        refused = response.status_code == 200 and parse(response).cssselect(".errorlist")
        if refused or "dry_run" in post:
            assert not written(before, after)
        if refused:
            tally.note("refused with nothing written")
        elif response.status_code == 200:
            assert parse(response).cssselect("#import-report"), "a partial import says why"
            assert_saved_objects_are_valid(before, after)
            tally.note("imported in part, with a report")
        else:
            assert_saved_objects_are_valid(before, after)
            tally.note("imported and valid")
