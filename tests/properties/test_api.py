"""Every filter of the partner API, fed anything a client can send, answers 200 or a JSON 400
naming the parameter; every detail address answers 200 or a JSON 404. Never a 500.

The endpoints and their parameters are read from the OpenAPI schema drf-spectacular
generates, so a parameter added to a FilterSet (or a new endpoint) is covered without
touching this file.
"""

import re
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from django.test import Client
from drf_spectacular.generators import SchemaGenerator
from hypothesis import given
from hypothesis import strategies as st

from claims.models import Claim, Rating, Speaker, Tag
from sources.models import Outlet, Source
from tests.properties import strategies as hostile
from tests.properties.support import bounded, lenient_client, no_server_error

pytestmark = pytest.mark.django_db

SCHEMA = SchemaGenerator().get_schema(request=None, public=True)
OPERATIONS = {path: ops["get"] for path, ops in SCHEMA["paths"].items()}
LIST_PARAMETERS = {
    path: {p["name"]: p for p in op.get("parameters", []) if p["in"] == "query"}
    for path, op in OPERATIONS.items()
    if "{" not in path
}
DETAILS = {
    path: next(p for p in op["parameters"] if p["in"] == "path")
    for path, op in OPERATIONS.items()
    if "{" in path
}


def test_the_schema_names_what_these_tests_cover():
    # A guard against testing nothing: the schema lists the API's endpoints and filters.
    assert {"/api/v1/claims/", "/api/v1/sources/"} <= set(LIST_PARAMETERS)
    assert {"q", "stated_after", "cursor", "page_size", "ordering"} <= set(
        LIST_PARAMETERS["/api/v1/claims/"]
    )
    assert len(DETAILS) >= 4


def _cursor_of(url: str | None) -> list[str]:
    return parse_qs(urlsplit(url).query).get("cursor", []) if url else []


def _next_cursors(client, path: str, params: dict) -> list[str]:
    response = client.get(path, {**params, "page_size": 1})
    if "Link" in response:
        return _cursor_of(re.search(r"<([^>]+)>", response["Link"])[1])
    body = response.json()
    return _cursor_of(body.get("next")) if isinstance(body, dict) else []


@pytest.fixture(scope="module")
def good_values(seed_for_module) -> dict[str, list[str]]:
    """Values that match rows, by parameter name, so that examples reach the queries that
    run on real results and not only the validation that rejects garbage. A parameter not
    named here still gets every hostile value, and its enum's values from the schema."""
    client = Client()
    cursors = [
        cursor
        for path, parameters in LIST_PARAMETERS.items()
        if "cursor" in parameters
        for ordering in parameters.get("ordering", {}).get("schema", {}).get("enum", [None])
        for cursor in _next_cursors(client, path, {"ordering": ordering} if ordering else {})
    ]
    return {
        "q": ["Raqqa", '"safe corridor" -isis', "raqqa or palmyra", "Lavrov"],
        "speaker": list(Speaker.objects.values_list("slug", flat=True)),
        "tag": list(Tag.objects.values_list("slug", flat=True)),
        "rating": list(Rating.objects.values_list("slug", flat=True)),
        "language": ["en", "ru", "pt-BR"],
        "country": ["RU", "US", "SY"],
        "source": [str(pk) for pk in Source.objects.values_list("pk", flat=True)],
        "outlet": [str(pk) for pk in Outlet.objects.values_list("pk", flat=True)],
        "page_size": ["1", "20", "100"],
        "cursor": cursors,
        "disputed": ["true", "false"],
    }


def values_for(name: str, parameter: dict, good_values: dict) -> st.SearchStrategy:
    schema = parameter.get("schema", {})
    known = [*good_values.get(name, []), *schema.get("enum", [])]
    if schema.get("format") == "date":
        known += ["2017-05-31", "2017-05-27", "2000-01-01"]
    strategy = hostile.query_values(*known)
    if name == "cursor":
        strategy = strategy | hostile.crafted_cursors
    return strategy


def assert_answer_is_200_or_a_400_naming(response, sent: set[str]) -> None:
    assert response.status_code in (200, 400), no_server_error(response)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code == 400:
        named = set(response.json())
        assert named, "a 400 names the bad parameter"
        assert named <= sent, f"{named} named, {sent} sent"


@pytest.mark.parametrize(
    ("path", "name"),
    [(path, name) for path, parameters in LIST_PARAMETERS.items() for name in parameters],
)
@bounded(15)
@given(data=st.data())
def test_any_value_of_one_filter_is_a_200_or_a_400_naming_it(
    seeded, good_values, figure, path, name, data
):
    value = data.draw(values_for(name, LIST_PARAMETERS[path][name], good_values), label=name)
    response = lenient_client().get(path, {name: value})
    figure("API list filters, one at a time").record(
        response, endpoints=path, parameters=f"{path}?{name}"
    )
    assert_answer_is_200_or_a_400_naming(response, {name})


@pytest.mark.parametrize("path", [path for path, p in LIST_PARAMETERS.items() if p])
@bounded(25)
@given(data=st.data())
def test_any_mix_of_filters_is_a_200_or_a_400_naming_one_of_them(
    seeded, good_values, figure, path, data
):
    parameters = LIST_PARAMETERS[path]
    params = data.draw(
        st.fixed_dictionaries(
            {},
            optional={
                name: values_for(name, parameter, good_values)
                for name, parameter in parameters.items()
            },
        ),
        label="params",
    )
    # Parameters the API does not know are ignored, whatever they hold.
    params.update(data.draw(st.dictionaries(hostile.any_text, hostile.scalar_values, max_size=2)))
    response = lenient_client().get(path, params)
    figure("API list filters, mixed").record(response, endpoints=path)
    assert_answer_is_200_or_a_400_naming(response, set(params))


@pytest.fixture(scope="module")
def good_ids(seed_for_module) -> dict[str, list[str]]:
    return {
        "/api/v1/claims/{id}/": [str(pk) for pk in Claim.objects.values_list("pk", flat=True)],
        "/api/v1/speakers/{slug}/": list(Speaker.objects.values_list("slug", flat=True)),
        "/api/v1/sources/{id}/": [str(pk) for pk in Source.objects.values_list("pk", flat=True)],
        "/api/v1/outlets/{id}/": [str(pk) for pk in Outlet.objects.values_list("pk", flat=True)],
    }


@pytest.mark.parametrize("path", list(DETAILS))
@bounded(25)
@given(data=st.data())
def test_any_id_at_a_detail_address_is_a_200_or_a_json_404(seeded, good_ids, figure, path, data):
    name = DETAILS[path]["name"]
    known = good_ids.get(path, [])
    value = data.draw(
        (st.sampled_from(known) if known else st.nothing())
        | hostile.huge_int.map(str)
        | hostile.lookalike_text
        | hostile.any_text.filter(bool),
        label=name,
    )
    response = lenient_client().get(path.replace(f"{{{name}}}", quote(value, safe="")))
    figure("API detail addresses").record(response, endpoints=path)
    assert response.status_code in (200, 404), no_server_error(response)
    assert response["Content-Type"].startswith("application/json")


def test_every_published_claim_is_found_at_its_detail_address(client, seeded_claims):
    # The detail property above also holds for an API that answers 404 to everything.
    for claim in Claim.objects.published():
        assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 200
