"""What partners rely on: read-only, clear errors, conditional requests, CORS, rate limits,
and a fixed number of queries per request."""

import datetime

import pytest
from django.core.cache import cache
from rest_framework.settings import api_settings

from claims.models import Claim
from record.models import PublicDataVersion
from record.services import claim_publish, claim_sync, claim_withdraw
from serving.models import ApiKey
from serving.throttling import ClientRateThrottle
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    ReviewFactory,
)

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/",
    "/api/v1/claims/",
    "/api/v1/speakers/",
    "/api/v1/sources/",
    "/api/v1/outlets/",
    "/api/v1/claimreviews/",
]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


class TestReadOnly:
    @pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
    @pytest.mark.parametrize("path", [*ENDPOINTS, "/api/v1/claims/{id}/"])
    def test_writes_answer_405_in_json(self, client, seeded_claims, method, path):
        path = path.format(id=seeded_claims["C1"].pk)
        response = getattr(client, method)(path, data="{}", content_type="application/json")
        assert response.status_code == 405
        assert response.json()["detail"].startswith("Method")
        assert "GET" in response["Allow"]

    def test_head_and_options_are_allowed(self, client, seeded):
        assert client.head("/api/v1/claims/").status_code == 200
        assert client.options("/api/v1/claims/").status_code == 200


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "bad"),
        [
            ({"stated_after": "yesterday"}, "stated_after"),
            ({"stated_before": "2017-13-40"}, "stated_before"),
            ({"disputed": "maybe"}, "disputed"),
            ({"page_size": "100000"}, "page_size"),
            ({"page_size": "0"}, "page_size"),
            ({"page_size": "ten"}, "page_size"),
            ({"ordering": "text"}, "ordering"),
            ({"ordering": "-id"}, "ordering"),
            ({"source": "abc"}, "source"),
            ({"outlet": "99999999999999999999999"}, "outlet"),
            ({"cursor": "not-a-cursor"}, "cursor"),
            ({"q": "nul\x00byte"}, "q"),
        ],
    )
    def test_a_bad_claim_filter_is_a_400_naming_it(self, client, seeded, params, bad):
        response = client.get("/api/v1/claims/", params)
        assert response.status_code == 400
        assert list(response.json()) == [bad]

    @pytest.mark.parametrize(
        ("path", "bad"),
        [
            ("/api/v1/speakers/?kind=robot", "kind"),
            ("/api/v1/sources/?published_after=soon", "published_after"),
            ("/api/v1/sources/?outlet=-1", "outlet"),
            ("/api/v1/outlets/?kind=blog", "kind"),
            ("/api/v1/claimreviews/?page_size=101", "page_size"),
        ],
    )
    def test_other_bad_filters_are_400s_too(self, client, seeded, path, bad):
        response = client.get(path)
        assert response.status_code == 400
        assert bad in response.json()

    @pytest.mark.parametrize(
        "path",
        [
            "/api/v1/claims/999999/",
            "/api/v1/claims/99999999999999999999999/",
            "/api/v1/claims/abc/",
            "/api/v1/speakers/nobody/",
            "/api/v1/sources/999999/",
            "/api/v1/outlets/999999/",
            "/api/v1/nothing-here/",
            "/api/v1/nothing-here",
            "/api/v1/claims/1/extra/",
            "/api/v1/claims/%C2%84/",
            "/api/v1/claims/%0A/",
            "/api/v1/speakers/%C2%84/",
        ],
    )
    @pytest.mark.parametrize("debug", [False, True], ids=["production", "make-run"])
    def test_unknown_addresses_answer_a_json_404(self, client, settings, seeded, path, debug):
        # With DEBUG on (make run) Django answers an address no route matches with its HTML
        # debug page, not handler404: the API's last route takes every other path.
        settings.DEBUG = debug
        response = client.get(path)
        assert response.status_code == 404
        assert response["Content-Type"] == "application/json"
        assert "detail" in response.json()

    def test_an_address_missing_its_final_slash_is_still_redirected(self, client, seeded):
        response = client.get("/api/v1/claims?ordering=stated_on")
        assert response.status_code == 301
        assert response["Location"] == "/api/v1/claims/?ordering=stated_on"

    @pytest.mark.parametrize(
        ("path", "params"),
        [
            ("/api/v1/claims/", {"updated_since": "2026-01-01"}),
            ("/api/v1/claims/", {"speaker": "sergey-lavrov", "sort": "stated_on"}),
            ("/api/v1/claims/", {"page": "2"}),
            ("/api/v1/speakers/", {"ordering": "name"}),
            ("/api/v1/sources/", {"speaker": "sergey-lavrov"}),
            ("/api/v1/outlets/", {"Q": "tass"}),
            ("/api/v1/claimreviews/", {"q": "raqqa"}),
            ("/api/v1/", {"x": "1"}),
            ("/api/v1/claims/{id}/", {"version": "1"}),
            ("/api/v1/changes/", {"since": "1"}),
            ("/api/v1/claims/{id}/", {"speaker": "nobody"}),
            ("/api/v1/speakers/sergey-lavrov/", {"page_size": "1"}),
        ],
    )
    def test_an_unknown_parameter_is_a_400_naming_it(self, client, seeded_claims, path, params):
        path = path.format(id=seeded_claims["C1"].pk)
        response = client.get(path, params)
        assert response.status_code == 400
        assert response["Content-Type"] == "application/json"
        known = {"speaker", "page_size"} if path.endswith("/claims/") else set()
        assert set(response.json()) == set(params) - known

    def test_known_parameters_and_format_are_not_unknown(self, client, seeded):
        params = {"format": "json", "ordering": "stated_on", "page_size": "2", "q": "Raqqa"}
        assert client.get("/api/v1/claims/", params).status_code == 200
        assert client.get("/api/v1/", {"format": "json"}).status_code == 200
        assert client.get("/api/v1/speakers/sergey-lavrov/", {"format": "json"}).status_code == 200

    @pytest.mark.parametrize("fmt", ["api", "xml", "html"])
    def test_errors_are_json_whatever_the_format_asks(self, client, seeded, fmt):
        response = client.get("/api/v1/claims/", {"format": fmt, "disputed": "maybe"})
        assert response["Content-Type"] == "application/json"
        assert response.status_code in (400, 404)


class TestConditionalRequests:
    def test_a_matching_etag_gets_304_without_a_body(self, client, seeded):
        first = client.get("/api/v1/claims/")
        assert first["Cache-Control"] == "public, max-age=60"
        etag = first["ETag"]
        again = client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304
        assert again.content == b""
        assert again["ETag"] == etag

    def test_if_modified_since_gets_304(self, client, seeded):
        first = client.get("/api/v1/claims/")
        again = client.get("/api/v1/claims/", HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
        assert again.status_code == 304

    @pytest.mark.django_db(transaction=True)
    def test_a_committed_change_to_the_data_changes_the_etag(self, client):
        # Real commits: the version is bumped by the on-commit hook, as in production.
        from seeds.loader import load_seeds

        load_seeds()
        etag = client.get("/api/v1/claims/")["ETag"]
        claim_withdraw(
            claim=Claim.objects.get(text__startswith="The situation"), reason="Misquoted."
        )
        response = client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response["ETag"] != etag
        assert len(response.json()["results"]) == 6

    def test_each_address_has_its_own_etag(self, client, seeded):
        assert client.get("/api/v1/claims/")["ETag"] != client.get("/api/v1/speakers/")["ETag"]
        assert client.get("/api/v1/claims/")["ETag"] != client.get("/api/v1/claims/?q=x")["ETag"]

    def test_a_304_costs_two_queries(self, client, seeded, django_assert_num_queries):
        etag = client.get("/api/v1/claims/")["ETag"]
        PublicDataVersion.current()
        with django_assert_num_queries(1):
            # 1. the public data version; the claims are never read
            assert client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=etag).status_code == 304


class TestCors:
    def test_any_origin_may_read(self, client, seeded):
        response = client.get("/api/v1/claims/", HTTP_ORIGIN="https://partner.example")
        assert response["Access-Control-Allow-Origin"] == "*"
        assert "ETag" in response["Access-Control-Expose-Headers"]

    def test_a_preflight_allows_get_only(self, client, seeded):
        response = client.options(
            "/api/v1/claims/",
            HTTP_ORIGIN="https://partner.example",
            HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
            HTTP_ACCESS_CONTROL_REQUEST_HEADERS="x-api-key",
        )
        assert response.status_code == 200
        assert response["Access-Control-Allow-Origin"] == "*"
        assert set(response["Access-Control-Allow-Methods"].split(", ")) == {
            "GET",
            "HEAD",
            "OPTIONS",
        }
        assert "x-api-key" in response["Access-Control-Allow-Headers"]

    def test_reader_pages_send_no_cors_headers(self, client, seeded):
        response = client.get("/claims/", HTTP_ORIGIN="https://partner.example")
        assert "Access-Control-Allow-Origin" not in response


class TestRateLimits:
    @pytest.fixture(autouse=True, params=[0, 600], ids=["built", "stored"])
    def _answer_cache(self, request, settings):
        # The same limits whether the answer is built or served from the answer cache
        # before DRF runs (factcheck/answer_cache.py).
        settings.PUBLIC_ANSWER_CACHE_SECONDS = request.param

    @pytest.fixture(autouse=True, params=["memory", "redis"])
    def _counters(self, request):
        # Counted in the process's memory, or in Redis, in one round trip with the read.
        if request.param == "redis":
            request.getfixturevalue("redis_cache")

    @pytest.fixture
    def low_limits(self, settings):
        settings.REST_FRAMEWORK = {
            **settings.REST_FRAMEWORK,
            "DEFAULT_THROTTLE_RATES": {"anonymous": "3/min", "partner": "6/min"},
        }
        assert api_settings.DEFAULT_THROTTLE_RATES["anonymous"] == "3/min"

    def test_an_anonymous_client_is_limited_with_429_and_retry_after(
        self, client, seeded, low_limits
    ):
        statuses = [client.get("/api/v1/claims/").status_code for _ in range(4)]
        assert statuses == [200, 200, 200, 429]
        limited = client.get("/api/v1/claims/")
        assert int(limited["Retry-After"]) > 0
        assert limited.json()["detail"].startswith("Request was throttled")

    def test_a_partner_key_lifts_the_limit(self, client, seeded, low_limits):
        _, raw_key = ApiKey.issue(name="Example Daily")
        for _ in range(3):
            client.get("/api/v1/claims/")
        assert client.get("/api/v1/claims/").status_code == 429
        keyed = [
            client.get("/api/v1/claims/", HTTP_X_API_KEY=raw_key).status_code for _ in range(7)
        ]
        assert keyed == [200] * 6 + [429]

    def test_the_limit_slides_with_time(self, client, seeded, low_limits, monkeypatch):
        # 3 a minute, counted per minute; the previous minute's count weighs what of it
        # still falls inside the last 60 seconds.
        clock = {"now": 600.0}
        monkeypatch.setattr(ClientRateThrottle, "timer", lambda self: clock["now"])

        def statuses(count):
            answers = [client.get("/api/v1/claims/") for _ in range(count)]
            return [answer.status_code for answer in answers], answers[-1]

        assert statuses(4)[0] == [200, 200, 200, 429]
        clock["now"] = 630.0
        codes, refused = statuses(1)
        assert codes == [429]
        assert refused["Retry-After"] == "30"  # the minute ends; its 3 then start to fade
        clock["now"] = 690.0  # half of the last minute's 3 still count
        codes, refused = statuses(3)
        assert codes == [200, 200, 429]
        assert refused["Retry-After"] == "10"  # when 1.5 has faded to 1
        clock["now"] = 720.0  # the last minute held 2
        assert statuses(2)[0] == [200, 429]

    def test_limits_are_per_client(self, client, seeded, low_limits):
        for _ in range(3):
            client.get("/api/v1/claims/", REMOTE_ADDR="10.0.0.1")
        assert client.get("/api/v1/claims/", REMOTE_ADDR="10.0.0.1").status_code == 429
        assert client.get("/api/v1/claims/", REMOTE_ADDR="10.0.0.2").status_code == 200

    def test_an_unknown_or_revoked_key_is_refused(self, client, seeded):
        key, raw_key = ApiKey.issue(name="Old partner")
        assert client.get("/api/v1/claims/", HTTP_X_API_KEY="fc_wrong").status_code == 401
        key.revoke()
        response = client.get("/api/v1/claims/", HTTP_X_API_KEY=raw_key)
        assert response.status_code == 401
        assert response.json() == {"detail": "Unknown or revoked API key."}

    def test_keys_are_stored_hashed(self, db):
        key, raw_key = ApiKey.issue(name="Example Daily")
        key.refresh_from_db()
        assert raw_key not in (key.key_hash, key.prefix)
        assert raw_key.startswith(key.prefix)


@pytest.mark.parametrize("page_size", [1, 100])
def test_the_claim_list_takes_a_fixed_number_of_queries(
    client, page_size, django_assert_num_queries
):
    for _ in range(100):
        claim = ClaimLinkFactory().to_claim
        claim.tags.create(name=f"Topic {claim.pk}", slug=f"topic-{claim.pk}")
    with django_assert_num_queries(2):
        # 1. the public data version (ETag), 2. the page of claims' stored list items
        response = client.get("/api/v1/claims/", {"page_size": page_size, "disputed": "true"})
    assert len(response.json()["results"]) == page_size


@pytest.mark.parametrize("rows", [1, 20])
def test_the_claim_detail_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    claim = ClaimFactory()
    for _ in range(rows):
        ClaimLinkFactory(to_claim=claim)
        ClaimLinkFactory(from_claim=claim)
        EvidenceFactory(claim=claim, backing_claim=ClaimFactory())
        AppearanceFactory(claim=claim)
    ReviewFactory(claim=claim)
    claim.corrections.create(note="The date was wrong.", corrected_on=datetime.date(2017, 6, 1))
    claim.tags.create(name="Topic", slug="topic")
    claim_sync(claim)  # an editor publishes the correction and the topic
    with django_assert_num_queries(1):
        # The claim's stored document: everything its page shows, decided when it was
        # published, and its version (the ETag)
        response = client.get(f"/api/v1/claims/{claim.pk}/")
    answer = response.json()
    assert len(answer["denied_by"]) == len(answer["denies"]) == rows
    assert len(answer["evidence"]) == len(answer["appearances"]) == rows
    assert answer["review"] is not None
    assert [tag["slug"] for tag in answer["tags"]] == ["topic"]
    assert len(answer["corrections"]) == 1


@pytest.mark.parametrize("page_size", [1, 100])
def test_the_other_lists_take_a_fixed_number_of_queries(
    client, page_size, django_assert_num_queries
):
    for _ in range(100):
        appearance = AppearanceFactory()
        ReviewFactory(claim=appearance.claim)
        appearance.claim.speaker.aliases.create(name="Alias")
    expected = {
        # version, the page of speakers' stored list items
        "/api/v1/speakers/": 2,
        # version, the page of sources' stored list items
        "/api/v1/sources/": 2,
        # version, the page of outlets' stored list items
        "/api/v1/outlets/": 2,
        # version, reviews with claims, speakers, ratings and bounds, appearances
        "/api/v1/claimreviews/": 3,
    }
    for path, queries in expected.items():
        with django_assert_num_queries(queries):
            assert client.get(path, {"page_size": page_size}).status_code == 200


def test_a_server_error_under_the_api_is_json(client, seeded, monkeypatch):
    from api import views

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.ClaimViewSet, "get_queryset", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/claims/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}


@pytest.mark.django_db(transaction=True)
class TestAnswerCache:
    """With real commits, as in production: answers are served from the cache until
    published data changes."""

    @pytest.fixture(autouse=True)
    def _cache_on(self, settings):
        settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
        from seeds.loader import load_seeds

        load_seeds()

    def test_a_repeated_request_is_served_from_the_cache(self, client, django_assert_num_queries):
        first = client.get("/api/v1/claims/")
        with django_assert_num_queries(1):
            # 1. the public data version; the answer itself comes from the cache
            again = client.get("/api/v1/claims/")
        assert again.status_code == 200
        assert again.content == first.content
        assert again["ETag"] == first["ETag"]
        assert again["Content-Type"] == "application/json"

    def test_publishing_and_withdrawing_change_the_answer(self, client):
        assert len(client.get("/api/v1/claims/").json()["results"]) == 7
        claim = Claim.objects.get(text__startswith="The situation")
        claim_withdraw(claim=claim, reason="Misquoted.")
        assert len(client.get("/api/v1/claims/").json()["results"]) == 6
        claim_publish(claim=claim)
        assert len(client.get("/api/v1/claims/").json()["results"]) == 7

    def test_the_feed_keeps_its_link_header(self, client):
        from tests.factories import ReviewFactory

        for claim in Claim.objects.all()[:3]:
            ReviewFactory(claim=claim)
        first = client.get("/api/v1/claimreviews/", {"page_size": 2})
        again = client.get("/api/v1/claimreviews/", {"page_size": 2})
        assert again["Link"] == first["Link"]


@pytest.mark.django_db(transaction=True)
def test_with_redis_the_version_is_shared_and_a_304_needs_no_query(
    redis_cache, client, django_assert_num_queries
):
    etag = client.get("/api/v1/claims/")["ETag"]
    with django_assert_num_queries(0):
        assert client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    PublicDataVersion.bump()  # as after a commit, in any process
    assert client.get("/api/v1/claims/", HTTP_IF_NONE_MATCH=etag).status_code == 200


class TestDocumentValidators:
    """A document's ETag and Last-Modified come from its own version: a publish changes
    those of the documents it wrote, and no other (docs/api.md, Caching)."""

    def test_a_publish_changes_only_what_it_wrote(self, client, seeded_claims):
        c1, c6 = seeded_claims["C1"], seeded_claims["C6"]
        etag_c1 = client.get(f"/api/v1/claims/{c1.pk}/")["ETag"]
        first = client.get(f"/api/v1/claims/{c6.pk}/")
        c1.text = "Agreement had been reached, the source said."
        c1.save()
        claim_sync(c1)
        assert client.get(f"/api/v1/claims/{c1.pk}/")["ETag"] != etag_c1
        again = client.get(f"/api/v1/claims/{c6.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304
        assert again["Last-Modified"] == first["Last-Modified"]

    def test_a_conditional_detail_costs_one_query(
        self, client, seeded_claims, django_assert_num_queries
    ):
        url = f"/api/v1/claims/{seeded_claims['C2'].pk}/"
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(1):
            # 1. the document's version; nothing is built
            assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
