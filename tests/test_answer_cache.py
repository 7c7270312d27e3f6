"""Public answers stored under the public data version (factcheck/answer_cache.py): served
as built, with the same headers, until published data changes; never for a signed-in
editor; never an error; and the API's key check, rate limit and content negotiation hold
for a stored answer as for a built one."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from claims.models import Claim
from record.models import PublicDataVersion
from record.services import claim_sync
from tests.factories import ClaimFactory, SpeakerFactory, withdraw

# Writes are committed, as in production: the data version moves only on commit.
pytestmark = pytest.mark.django_db(transaction=True)

# Headers that differ between two answers for reasons of their own.
PER_RESPONSE = {"Date"}


@pytest.fixture(autouse=True, params=["memory", "redis"])
def _store_on(request, settings):
    # In the process's memory, or in Redis as deployed (one round trip per stored answer).
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
    if request.param == "redis":
        request.getfixturevalue("redis_cache")
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def version_queries(_store_on) -> int:
    """Queries to read the public data version: none when it lives in Redis."""
    return 0 if _store_on == "redis" else 1


@pytest.fixture
def claim(db):
    return ClaimFactory(text="The corridor was agreed with the Americans.")


def headers(response) -> dict:
    return {name: value for name, value in response.items() if name not in PER_RESPONSE}


def reader_pages(claim: Claim) -> list[str]:
    # Not the claim's page: stored as rendered, in the database (tests/test_stored_pages.py).
    return [
        "/",
        "/claims/",
        "/claims/?q=corridor",
        f"/claims/{claim.pk}/embed/",
        f"/speakers/{claim.speaker.slug}/",
        f"/oembed?url=http://testserver{claim.get_absolute_url()}",
    ]


class TestReaderPages:
    def test_a_repeated_request_is_served_as_built_without_building(
        self, client, claim, version_queries, django_assert_num_queries
    ):
        for path in reader_pages(claim):
            built = client.get(path)
            assert built.status_code == 200, path
            with django_assert_num_queries(version_queries):
                stored = client.get(path)
            assert stored.status_code == 200
            assert stored.content == built.content, path
            assert headers(stored) == headers(built), path

    def test_the_embed_card_keeps_its_own_framing_policy(self, client, claim):
        path = f"/claims/{claim.pk}/embed/"
        client.get(path)
        stored = client.get(path)
        assert "frame-ancestors *" in stored["Content-Security-Policy"]
        assert "X-Frame-Options" not in stored
        page = client.get(claim.get_absolute_url())
        page = client.get(claim.get_absolute_url())
        assert "frame-ancestors 'none'" in page["Content-Security-Policy"]
        assert page["X-Frame-Options"] == "DENY"

    def test_a_published_correction_is_shown_at_once(self, client, claim):
        assert b"agreed with the Americans" in client.get(claim.get_absolute_url()).content
        claim.text = "The corridor was agreed with the Kurds."
        claim.save()
        claim_sync(claim)  # an editor publishes the correction
        page = client.get(claim.get_absolute_url())
        assert b"agreed with the Kurds" in page.content
        assert b"agreed with the Americans" not in page.content

    def test_a_withdrawn_claim_is_gone_at_once(self, client, claim):
        url = claim.get_absolute_url()
        client.get(url)
        withdraw(claim, "Misattributed.")
        assert client.get(url, follow=True).status_code == 410
        assert client.get(f"/claims/{claim.pk}/embed/").status_code == 410

    def test_a_publish_elsewhere_changes_the_lists(self, client, claim):
        client.get("/claims/")
        ClaimFactory(text="Grain exports resumed through the port.")
        assert b"Grain exports resumed" in client.get("/claims/").content

    def test_a_current_copy_is_answered_304(
        self, client, claim, version_queries, django_assert_num_queries
    ):
        url = f"/speakers/{claim.speaker.slug}/"
        first = client.get(url)
        assert first["Cache-Control"] == "public, no-cache"
        with django_assert_num_queries(version_queries):
            unchanged = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert unchanged.status_code == 304
        assert unchanged.content == b""
        assert unchanged["ETag"] == first["ETag"]
        PublicDataVersion.bump()  # as after any committed change
        assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200

    def test_a_signed_in_editor_gets_the_page_built(self, editor_client, claim):
        url = claim.get_absolute_url()
        editor_client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert editor_client.get(url).status_code == 200
        assert len(queries) > 1

    def test_errors_are_never_stored(self, client, claim, version_queries):
        for path in ["/claims/999999/unknown/", "/claims/?stated_after=yesterday"]:
            first = client.get(path)
            assert first.status_code in (400, 404)
            with CaptureQueriesContext(connection) as queries:
                again = client.get(path)
            assert again.status_code == first.status_code
            assert "ETag" not in again
            assert len(queries) > version_queries  # built again, not served from the store

    def test_each_host_has_its_own_answers(self, client, claim, settings):
        # Pages carry absolute addresses (canonical link, JSON-LD): one host's copy is
        # never served to another.
        settings.ALLOWED_HOSTS = ["testserver", "mirror.example"]
        url = claim.get_absolute_url()
        here = client.get(url)
        there = client.get(url, HTTP_HOST="mirror.example")
        assert here["ETag"] != there["ETag"]
        assert b"http://mirror.example/" in there.content
        assert b"http://mirror.example/" not in client.get(url).content


class TestApiAnswers:
    def test_a_stored_answer_has_the_headers_of_a_built_one(self, client, claim):
        path = f"/api/v1/claims/{claim.pk}/"
        built = client.get(path, HTTP_ORIGIN="https://partner.example")
        stored = client.get(path, HTTP_ORIGIN="https://partner.example")
        assert stored.content == built.content
        assert headers(stored) == headers(built)
        assert stored["Access-Control-Allow-Origin"] == "*"
        assert stored["Cache-Control"] == "public, max-age=60"

    def test_unacceptable_media_types_are_refused_as_when_built(self, client, claim):
        path = f"/api/v1/claims/{claim.pk}/"
        cache.clear()
        built = client.get(path, HTTP_ACCEPT="text/csv")
        client.get(path)
        stored = client.get(path, HTTP_ACCEPT="text/csv")
        assert built.status_code == stored.status_code == 406
        assert client.get(path, HTTP_ACCEPT="application/json;q=0.9").status_code == 200

    def test_an_indented_answer_is_indented_as_when_built(self, client, claim):
        path = f"/api/v1/claims/{claim.pk}/"
        client.get(path)
        indented = client.get(path, HTTP_ACCEPT="application/json; indent=2")
        assert indented.content.startswith(b'{\n  "')
        assert not client.get(path).content.startswith(b"{\n")

    def test_an_unknown_key_is_refused_even_when_the_answer_is_stored(self, client, claim):
        client.get("/api/v1/claims/")
        refused = client.get("/api/v1/claims/", HTTP_X_API_KEY="fc_wrong")
        assert refused.status_code == 401
        assert refused.json() == {"detail": "Unknown or revoked API key."}

    def test_a_current_copy_is_answered_304(self, client, claim):
        etag = client.get("/api/v1/claims/")["ETag"]
        client.get("/api/v1/claims/")
        unchanged = client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=etag)
        assert unchanged.status_code == 304
        assert unchanged["Cache-Control"] == "public, max-age=60"

    def test_a_new_speaker_is_listed_at_once(self, client, claim):
        client.get("/api/v1/speakers/")
        SpeakerFactory(name="Maria Zakharova")
        ClaimFactory(speaker__name="Maria Zakharova")
        names = [s["name"] for s in client.get("/api/v1/speakers/").json()["results"]]
        assert "Maria Zakharova" in names


def test_with_the_store_off_every_answer_is_built(client, claim, settings):
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 0
    client.get(f"/speakers/{claim.speaker.slug}/")
    with CaptureQueriesContext(connection) as queries:
        client.get(f"/speakers/{claim.speaker.slug}/")
    assert len(queries) > 1
