"""The OpenAPI schema is the contract: it generates without warnings, documents every
response an operation gives, and real responses (rich ones included) match it."""

import datetime

import pytest
import requests
import schemathesis
from django.core.management import call_command
from schemathesis.core.transport import Response

from claims.models import Correction
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def openapi(client):
    schema = client.get("/api/v1/schema/", {"format": "json"}).json()
    return schemathesis.openapi.from_dict(schema)


def as_schemathesis_response(response, url: str) -> Response:
    """A Django test response in the shape schemathesis validates."""
    return Response(
        status_code=response.status_code,
        headers={name: [value] for name, value in response.headers.items()},
        content=response.content,
        request=requests.Request("GET", url).prepare(),
        elapsed=0.0,
        message=response.reason_phrase,
        encoding=response.charset,
        http_version="1.1",
        verify=True,
    )


def test_the_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml")


def test_every_operation_documents_its_errors(openapi):
    raw = openapi.raw_schema
    for path, operations in raw["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert {"200", "304", "401", "429"} <= codes, (method, path)
            # Every operation refuses a parameter it does not have.
            assert "400" in codes, path
            if "{" in path:
                assert "404" in codes, path


def test_an_operation_takes_exactly_the_parameters_it_documents(client, openapi, seeded):
    # What the schema documents is what the API accepts: Schemathesis sends documented
    # parameters only, and a partner's generated client sends nothing else either.
    for path, operations in openapi.raw_schema["paths"].items():
        address = path.replace("{id}", "1").replace("{slug}", "sergey-lavrov")
        parameters = operations["get"].get("parameters", [])
        # Query parameters: a path's (id, slug, a release's name and filename) are in it.
        for name in [p["name"] for p in parameters if p["in"] == "query"]:
            answer = client.get(address, {name: "x"})
            assert "Unknown parameter" not in answer.content.decode(), (path, name)
        answer = client.get(address, {"undocumented": "x"})
        assert answer.status_code == 400, path
        assert list(answer.json()) == ["undocumented"]


@pytest.fixture
def rich_claim(seeded_claims):
    """A claim with every optional part filled: review, correction, source-only evidence,
    original text, and an undated, quoted claim denying it."""
    claim = seeded_claims["C1"]
    claim.original_text = "Между командованием курдских формирований…"
    claim.original_language = "ru"
    claim.save()
    ReviewFactory(claim=claim, rating__value=None)
    Correction.objects.create(
        claim=claim, note="Speaker corrected.", corrected_on=datetime.date(2017, 6, 3)
    )
    EvidenceFactory(claim=claim, stance="contradicts", source=AppearanceFactory().source)
    undated = ClaimFactory(stated_on=None, stated_on_precision="", is_quote=True)
    ClaimLinkFactory(from_claim=undated, to_claim=claim)
    return claim


def test_rich_responses_match_the_schema(client, openapi, rich_claim):
    source_id = rich_claim.appearances.get().source_id
    outlet_id = rich_claim.appearances.get().source.outlet_id
    calls = [
        ("/", {}),
        ("/claims/", {}),
        ("/claims/{id}/", {"id": rich_claim.pk}),
        ("/speakers/", {}),
        ("/speakers/{slug}/", {"slug": rich_claim.speaker.slug}),
        ("/sources/", {}),
        ("/sources/{id}/", {"id": source_id}),
        ("/outlets/", {}),
        ("/outlets/{id}/", {"id": outlet_id}),
        ("/claimreviews/", {}),
    ]
    for template, parameters in calls:
        operation = openapi[f"/api/v1{template}"]["GET"]
        url = "http://testserver/api/v1" + template.format(**parameters)
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        operation.validate_response(as_schemathesis_response(response, url))


def test_the_html_reference_is_served_from_local_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()
    # Swagger UI's start-up script, which names the schema, is a file too (no inline code).
    assert '<script src="/api/v1/docs/?script="></script>' in html
    assert "/api/v1/schema/" in client.get("/api/v1/docs/?script=").content.decode()


def test_the_response_check_rejects_a_wrong_shape(client, openapi, seeded_claims):
    # The check above can fail: a claim whose id is a string does not match the schema.
    claim = seeded_claims["C1"]
    url = f"http://testserver/api/v1/claims/{claim.pk}/"
    response = client.get(url)
    response.content = response.content.replace(f'"id":{claim.pk},'.encode(), b'"id":"one",', 1)
    with pytest.raises(Exception, match='"one" is not of type "integer"'):
        openapi["/api/v1/claims/{id}/"]["GET"].validate_response(
            as_schemathesis_response(response, url)
        )
