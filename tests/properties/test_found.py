"""What the property tests found, kept as fixed cases: each was a 500 (on SQLite, on
PostgreSQL or both) until the code was fixed, and each now runs every time, whatever
Hypothesis draws. The answer is the one a user gets for bad input there."""

import base64
import json

import pytest

from claims.models import Claim, Speaker
from tests.admin_forms import form_data
from tests.properties.support import lenient_client, no_server_error

pytestmark = pytest.mark.django_db


def cursor(ordering: str, *values: str) -> str:
    raw = json.dumps({"o": ordering, "v": list(values)}).encode()
    return base64.urlsafe_b64encode(raw).decode()


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        # A well-formed cursor whose position is no value of the ordering's columns.
        (
            "/api/v1/claimreviews/",
            {"cursor": cursor("-reviewed_on,-id", "2026-11-25 21:38:29+00:00", "1")},
            400,
        ),
        ("/api/v1/claims/", {"cursor": cursor("-stated_sort,-id", "abc", "1")}, 400),
        (
            "/api/v1/claims/",
            {"ordering": "updated_at", "cursor": cursor("updated_at,id", "2017-02-30", "1")},
            400,
        ),
        # An id beyond 64 bits; a time UTC cannot hold (SQLite stores times in UTC).
        ("/api/v1/speakers/", {"cursor": cursor("-id", str(2**64))}, 400),
        (
            "/api/v1/claims/",
            {
                "ordering": "-updated_at",
                "cursor": cursor("-updated_at,-id", "0001-01-01T00:00+05:00", "1"),
            },
            400,
        ),
        # Superscript digits pass str.isdigit() and fail int().
        ("/oembed", {"maxwidth": "²"}, 400),
        ("/oembed", {"maxheight": "9" * 5000}, 404),
        # An unbalanced IPv6 bracket makes urlsplit() raise.
        ("/oembed", {"url": "http://[/claims/1/"}, 404),
        # Only an exclusion: nothing to look for, so nothing to rank (PostgreSQL).
        ("/claims/", {"q": "-isis"}, 200),
    ],
)
def test_a_reader_or_partner_gets_an_answer(seeded, path, params, status):
    response = lenient_client().get(path, params)
    assert response.status_code == status, no_server_error(response)
    if path.startswith("/api/") and status == 400:
        assert list(response.json()) == ["cursor"]


@pytest.fixture
def superuser_client(seeded, django_user_model):
    client = lenient_client()
    client.force_login(django_user_model.objects.create_superuser("root", password="unused"))
    return client


@pytest.mark.parametrize(
    ("path", "params", "status"),
    [
        # A date hierarchy year Django cannot make a date range of: "incorrect lookup" (?e=1).
        ("/admin/claims/claim/", {"stated_on__year": "2147483648"}, 302),
        ("/admin/sources/source/", {"published_on__year": "9999"}, 302),
        # A popup's field to return that is a reverse relation: refused.
        ("/admin/sources/outlet/", {"_to_field": "sources"}, 400),
        ("/admin/sources/outlet/", {"_to_field": "+"}, 400),
        # NUL in a list filter's value: PostgreSQL refuses it when the list's query runs.
        ("/admin/claims/evidence/", {"stance__exact": "\x00"}, 302),
        ("/admin/claims/speaker/", {"country": "\x00"}, 302),
        ("/admin/claims/claim/", {"rating": "²"}, 200),
        ("/admin/claims/claim/similar/", {"speaker": "²", "text": "a safe corridor out"}, 200),
        ("/admin/claims/claim/similar/", {"speaker": str(2**63), "text": "a safe corridor"}, 200),
        # NUL in text sent to PostgreSQL.
        ("/admin/claims/claim/similar/", {"text": "Agreement had been\x00 reached"}, 200),
        (
            "/admin/autocomplete/",
            {"app_label": "claims", "model_name": "claimlink", "field_name": "to_claim"}
            | {"term": "\x00"},
            200,
        ),
        (
            "/admin/autocomplete/",
            {"app_label": "claims", "model_name": "claim", "field_name": "speaker"}
            | {"term": "Lav\x00"},
            200,
        ),
    ],
)
def test_a_curator_gets_an_answer(superuser_client, path, params, status):
    response = superuser_client.get(path, params)
    assert response.status_code == status, no_server_error(response)


@pytest.mark.parametrize("selected", ["\x00", "abc", str(2**64)])
def test_a_bulk_action_on_ids_that_cannot_exist_does_nothing(superuser_client, selected):
    before = Claim.objects.count()
    response = superuser_client.post(
        "/admin/claims/claim/",
        {"action": "delete_selected", "_selected_action": [selected], "post": "yes"},
    )
    assert response.status_code == 302, no_server_error(response)
    assert Claim.objects.count() == before


@pytest.mark.parametrize("field", ["speaker", "tags"])
def test_an_id_beyond_64_bits_in_an_autocomplete_field_is_a_form_error(superuser_client, field):
    data = form_data(superuser_client.get("/admin/claims/claim/add/"), "claim_form")
    data.update(text=["Words."], **{field: [str(2**63)]})
    response = superuser_client.post("/admin/claims/claim/add/", data)
    assert response.status_code == 200, no_server_error(response)
    assert "Please correct the error" in response.content.decode()
    assert not Claim.objects.filter(text="Words.").exists()


def test_a_tampered_count_of_stored_rows_cannot_duplicate_one(superuser_client, seeded_claims):
    # INITIAL_FORMS=-1: the stored first appearance, posted again, was taken for a new one.
    claim = seeded_claims["C1"]
    url = f"/admin/claims/claim/{claim.pk}/change/"
    data = form_data(superuser_client.get(url), "claim_form")
    data["appearances-INITIAL_FORMS"] = ["-1"]
    response = superuser_client.post(url, data)
    assert response.status_code == 200, no_server_error(response)
    assert claim.appearances.count() == 1


def test_a_tampered_count_of_stored_aliases_cannot_duplicate_one(superuser_client):
    # INITIAL_FORMS one short: the last stored alias, posted again, was taken for a new one.
    speaker = Speaker.objects.filter(aliases__isnull=False).order_by("pk").first()
    url = f"/admin/claims/speaker/{speaker.pk}/change/"
    data = form_data(superuser_client.get(url), "speaker_form")
    data["aliases-INITIAL_FORMS"] = [str(speaker.aliases.count() - 1)]
    aliases = sorted(speaker.aliases.values_list("name", flat=True))
    response = superuser_client.post(url, data)
    assert response.status_code == 200, no_server_error(response)
    assert sorted(speaker.aliases.values_list("name", flat=True)) == aliases
