"""Plain pages of the API's document lists answered before DRF (api/list_answers.py): the
same answer as DRF's, byte for byte and header for header, in one query; the same key
check, rate limit and errors."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from record import services
from serving.models import ApiKey
from tests.api.answers import answer

pytestmark = pytest.mark.django_db

LISTS = ["/api/v1/claims/", "/api/v1/speakers/", "/api/v1/sources/", "/api/v1/outlets/"]


def pages(client, settings, path: str) -> list[str]:
    """The list's addresses two at a time: the first page, the next, and back."""
    settings.SERVE_DOCUMENTS_BEFORE_DRF = False
    first = f"{path}?page_size=2"
    following = client.get(first).json()["next"]
    addresses = [path, first]
    if following:
        addresses.append(following.removeprefix("http://testserver"))
        back = client.get(following).json()["previous"]
        addresses.append(back.removeprefix("http://testserver"))
    return addresses


def test_the_lists_answer_as_drf_does(client, settings, seeded):
    for path in LISTS:
        for address in pages(client, settings, path):
            drf = answer(client, settings, address, before_drf=False)
            assert drf[0] == 200, address
            assert answer(client, settings, address, before_drf=True) == drf, address
            etag = dict(drf[1])["ETag"]
            unchanged = answer(
                client, settings, address, before_drf=False, HTTP_IF_NONE_MATCH=etag
            )
            assert unchanged[0] == 304
            assert (
                answer(client, settings, address, before_drf=True, HTTP_IF_NONE_MATCH=etag)
                == unchanged
            )


def test_a_partner_key_gets_the_same_answer(client, settings, seeded):
    _, raw_key = ApiKey.issue(name="Example Daily")
    for path in LISTS:
        drf = answer(client, settings, path, before_drf=False, HTTP_X_API_KEY=raw_key)
        assert answer(client, settings, path, before_drf=True, HTTP_X_API_KEY=raw_key) == drf


def test_one_query_and_no_drf(client, settings, seeded, monkeypatch):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True

    def no_drf(*args, **kwargs):
        raise AssertionError("DRF answered")

    for path in LISTS:  # what the layers add is learned from the first answer
        client.get(path)
    monkeypatch.setattr("rest_framework.views.APIView.dispatch", no_drf)
    for path in LISTS:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        # The page (the data version is the cache's, read with the rate limit).
        assert len(queries) <= 2, [q["sql"] for q in queries]
        assert sum("document" in q["sql"] for q in queries) == 1


def test_a_publish_changes_the_list_at_once(client, settings, seeded_claims):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    claim = seeded_claims["C1"]
    client.get("/api/v1/claims/")
    before = client.get("/api/v1/claims/")
    claim.text = claim.text + " (corrected)"
    claim.save()
    assert client.get("/api/v1/claims/").content == before.content  # not published yet
    services.claim_publish(claim=claim)
    after = client.get("/api/v1/claims/")
    assert any(item["text"].endswith("(corrected)") for item in after.json()["results"])


@pytest.mark.parametrize(
    ("query", "headers", "status"),
    [
        ("?format=json", {}, 200),  # DRF's format override
        ("?ordering=stated_on", {}, 200),
        ("?page_size=0", {}, 400),
        ("?page_size=101", {}, 400),
        ("?cursor=bm90LW91cnM", {}, 400),
        ("?colour=red", {}, 400),
        ("", {"HTTP_ACCEPT": "application/json; indent=2"}, 200),
        ("", {"HTTP_ACCEPT": "text/html"}, 406),
    ],
)
def test_what_it_leaves_to_drf(client, settings, seeded, query, headers, status):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    client.get("/api/v1/claims/")  # the layers' headers are learned
    response = client.get("/api/v1/claims/" + query, **headers)
    assert response.status_code == status
    settings.SERVE_DOCUMENTS_BEFORE_DRF = False
    drf = client.get("/api/v1/claims/" + query, **headers)
    assert (response.status_code, response.content) == (drf.status_code, drf.content)


@pytest.mark.usefixtures("low_limits")
def test_the_rate_limit_holds_and_counts_each_request_once(client, settings, seeded):
    settings.SERVE_DOCUMENTS_BEFORE_DRF = True
    statuses = [client.get("/api/v1/claims/").status_code for _ in range(5)]
    assert statuses == [200, 200, 200, 429, 429]
    assert client.get("/api/v1/claims/", HTTP_X_API_KEY="fc_unknown").status_code == 429
