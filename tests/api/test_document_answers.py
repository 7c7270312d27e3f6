"""The API's document details served from the record before DRF
(serving/document_answers.py): the same answer as DRF's, byte for byte and header for
header, in one query; and the same key check and rate limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from record import services
from record.models import ClaimDocument, OutletDocument, SourceDocument, SpeakerDocument
from serving.models import ApiKey
from tests.api.answers import answer, answer_headers

pytestmark = pytest.mark.django_db


@pytest.fixture
def addresses(seeded):
    """One live document's API address of each kind."""
    claim = ClaimDocument.objects.live().order_by("pk").first()
    speaker = SpeakerDocument.objects.live().order_by("pk").first()
    source = SourceDocument.objects.live().order_by("pk").first()
    outlet = OutletDocument.objects.live().order_by("pk").first()
    return [
        f"/api/v1/claims/{claim.pk}/",
        f"/api/v1/speakers/{speaker.slug}/",
        f"/api/v1/sources/{source.pk}/",
        f"/api/v1/outlets/{outlet.pk}/",
    ]


def test_the_record_answers_as_drf_does(client, settings, addresses):
    for path in addresses:
        drf = answer(client, settings, path, before_drf=False)
        assert drf[0] == 200
        assert answer(client, settings, path, before_drf=True) == drf
        etag = dict(drf[1])["ETag"]
        not_modified = answer(client, settings, path, before_drf=False, HTTP_IF_NONE_MATCH=etag)
        assert not_modified[0] == 304
        assert (
            answer(client, settings, path, before_drf=True, HTTP_IF_NONE_MATCH=etag)
            == not_modified
        )


def test_a_partner_key_gets_the_same_answer(client, settings, addresses):
    _, raw_key = ApiKey.issue(name="Example Daily")
    for path in addresses:
        drf = answer(client, settings, path, before_drf=False, HTTP_X_API_KEY=raw_key)
        assert drf[0] == 200
        assert answer(client, settings, path, before_drf=True, HTTP_X_API_KEY=raw_key) == drf


def test_one_query_and_no_drf(client, settings, addresses, monkeypatch):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True

    def no_drf(*args, **kwargs):
        raise AssertionError("DRF answered")

    for path in addresses:  # what the layers add is learned from the first answer
        client.get(path)
    monkeypatch.setattr("rest_framework.views.APIView.dispatch", no_drf)
    for path in addresses:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        assert len(queries) == 1, [q["sql"] for q in queries]


def test_the_first_request_after_a_publish_reads_the_new_version(client, seeded_claims):
    claim = seeded_claims["C1"]
    path = f"/api/v1/claims/{claim.pk}/"
    before = client.get(path)
    claim.text = claim.text + " (corrected)"
    claim.save()
    assert client.get(path).content == before.content  # an unpublished change: nothing
    services.claim_publish(claim=claim)
    after = client.get(path)
    assert after.json()["text"].endswith("(corrected)")
    assert after["ETag"] != before["ETag"]


@pytest.mark.parametrize(
    ("suffix", "headers", "status"),
    [
        ("?format=json", {}, 200),  # DRF's format override
        ("", {"HTTP_ACCEPT": "application/json; indent=2"}, 200),
        ("", {"HTTP_ACCEPT": "text/html"}, 406),
    ],
)
def test_what_it_leaves_to_drf(client, settings, addresses, suffix, headers, status):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    for path in addresses:
        assert client.get(path + suffix, **headers).status_code == status


def test_gone_and_unknown_documents_are_drfs(client, seeded_claims):
    claim = seeded_claims["C6"]
    services.claim_withdraw(claim=claim, reason="Duplicate of C2.")
    gone = client.get(f"/api/v1/claims/{claim.pk}/")
    assert gone.status_code == 410
    assert gone.json()["reason"] == "Duplicate of C2."
    assert client.get("/api/v1/claims/999999999/").status_code == 404
    assert client.get("/api/v1/speakers/nobody-at-all/").status_code == 404
    assert client.get("/api/v1/claims/99999999999999999999999/").status_code == 404


@pytest.fixture(params=["memory", "redis"])
def counters(request):
    """Counted in the process's memory, or in Redis (the document read while Redis counts:
    core.cache_counts.get_many_and_count's ``meanwhile``)."""
    if request.param == "redis":
        return request.getfixturevalue("redis_cache")
    return None


def test_rate_limits_and_keys_hold(client, settings, addresses, low_limits, counters):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    path = addresses[0]
    assert [client.get(path).status_code for _ in range(4)] == [200, 200, 200, 429]
    assert int(client.get(path)["Retry-After"]) > 0
    # A made-up key is refused, and counted against the address like DRF counts it.
    assert client.get(path, HTTP_X_API_KEY="fc_guess", REMOTE_ADDR="10.1.1.1").status_code == 401
    _, raw_key = ApiKey.issue(name="Example Daily")
    statuses = [client.get(path, HTTP_X_API_KEY=raw_key).status_code for _ in range(7)]
    assert statuses == [200] * 6 + [429]


def test_drf_answers_what_the_record_does_not_serve_with_one_query(
    client, settings, seeded_claims
):
    """The first answer (DRF's, whose headers are learned), a withdrawn claim's 410 and an
    unknown id's 404: the same as without the record's answers, in one query."""
    claim = seeded_claims["C6"]
    services.claim_withdraw(claim=claim, reason="Duplicate of C2.")
    live = f"/api/v1/claims/{seeded_claims['C1'].pk}/"
    for path in (live, f"/api/v1/claims/{claim.pk}/", "/api/v1/claims/999999999/"):
        expected = answer(client, settings, path, before_drf=False)
        settings.SERVE_DOCUMENTS_BEFORE_DRF = True
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert len(queries) == 1, [q["sql"] for q in queries]
        assert (response.status_code, answer_headers(response), response.content) == expected


@pytest.mark.parametrize("before_drf", [True, False], ids=["record", "drf"])
def test_what_drf_refuses_the_record_refuses(client, settings, addresses, before_drf):
    """Reported: a final newline in the path (``$`` matches before one) was served, an empty
    Accept header was answered 200 (DRF: 406), and a refused Host was counted."""
    settings.SERVE_DOCUMENTS_BEFORE_DRF = before_drf
    for path in addresses:
        client.get(path)  # the headers learned
        assert client.get(path + "%0A").status_code == 404
        assert client.get(path, HTTP_ACCEPT="").status_code == 406
        assert client.get(path, HTTP_HOST="evil.example").status_code == 400


def test_a_refused_host_is_not_counted(client, settings, addresses, low_limits):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    path = addresses[0]
    for _ in range(5):
        assert client.get(path, HTTP_HOST="evil.example").status_code == 400
    assert client.get(path).status_code == 200


def test_a_withdrawn_claim_is_gone_whatever_the_client_holds(client, seeded_claims):
    claim = seeded_claims["C6"]
    services.claim_withdraw(claim=claim, reason="Duplicate of C2.")
    path = f"/api/v1/claims/{claim.pk}/"
    assert client.get(path, HTTP_IF_NONE_MATCH="*").status_code == 410
    assert (
        client.get(path, HTTP_IF_MODIFIED_SINCE="Fri, 01 Jan 2100 00:00:00 GMT").status_code == 410
    )


def test_a_redis_that_forgot_the_counting_script_still_counts(
    client, settings, addresses, low_limits, redis_cache
):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    path = addresses[0]
    first = client.get(path)
    redis_cache.client.get_client(write=True).script_flush()  # as after a restart

    assert first.status_code == 200
    assert [client.get(path).status_code for _ in range(3)] == [200, 200, 429]
