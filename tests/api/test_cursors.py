"""Every cursor of the API walks every row exactly once, whatever the distribution of sort
keys: the claim list in each ordering a partner may choose, speakers, sources, outlets and
the ClaimReview feed (api/pagination.py, a keyset cursor with the id as tie-breaker).

The documents are written straight into the published record's heads, copies of one
published claim (speaker, source, outlet) with the sort keys Hypothesis draws, so that an
example costs a bulk insert and not a publish per row. Each example's rows are rolled back."""

import base64
import datetime
import json
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from record.models import ClaimDocument, OutletDocument, SourceDocument, SpeakerDocument
from tests.factories import AppearanceFactory, ReviewFactory
from tests.properties.support import bounded

pytestmark = pytest.mark.django_db

CLAIM_ORDERINGS = ["-stated_on", "stated_on", "-updated_at", "updated_at"]
UTC = datetime.UTC


# A walk is hundreds of requests from one address.
pytestmark = pytest.mark.usefixtures("no_rate_limit")


@pytest.fixture
def templates(db):
    """One published reviewed claim's documents (claim, speaker, source, outlet), as rows to
    copy; the record is then emptied of them, so that a walk meets only the copies."""
    appearance = AppearanceFactory()
    ReviewFactory(claim=appearance.claim)
    rows = {
        model: _fields(model.objects.get())
        for model in (ClaimDocument, SpeakerDocument, SourceDocument, OutletDocument)
    }
    for model in rows:
        # The claim's speaker document stays: the feed shows its name.
        if model is not SpeakerDocument:
            model.objects.all().delete()
    return rows


def _fields(row) -> dict:
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def _copies(model, template: dict, rows: list[tuple[int, dict]]) -> None:
    """Documents of ``model``, each ``template`` with its id and the given columns; its list
    item and detail carry the id, so that a walk can tell which rows it was served."""
    documents = []
    for pk, columns in rows:
        fields = {**template, "id": pk, **columns}
        card, body = json.loads(template["card"]), json.loads(template["body"])
        card["id"] = body["id"] = pk
        if model is ClaimDocument:
            # What the feed's ClaimReview names the claim by.
            body["page_url"] = f"/claims/{pk}/copy/"
        if model is SpeakerDocument:
            fields["slug"] = card["slug"] = f"speaker-{pk}"
        documents.append(model(**{**fields, "card": json.dumps(card), "body": json.dumps(body)}))
    model.objects.bulk_create(documents)


def _walk(client, path: str, params: dict, ids_of) -> tuple[list[list[int]], list[str]]:
    """Follows ``next`` from the first page to the last, then ``previous`` back to the first:
    the pages' ids forwards, and the answers' ``previous`` links along the way back."""
    forwards, url, seen = [], path, 0
    while url:
        response = client.get(url, params if url == path else None)
        assert response.status_code == 200, response.content
        page, url, _previous = ids_of(response)
        forwards.append(page)
        seen += 1
        assert seen <= 100, "the cursor never ends"
    backwards = [forwards[-1]]
    _page, _next, url = ids_of(response)
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        page, _next, url = ids_of(response)
        backwards.append(page)
        assert len(backwards) <= len(forwards), "the previous links never end"
    return forwards, backwards[::-1]


def _list_page(response) -> tuple[list[int], str | None, str | None]:
    body = response.json()
    return [item["id"] for item in body["results"]], body["next"], body["previous"]


def _feed_page(response) -> tuple[list[int], str | None, str | None]:
    links = {
        rel: url for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', response.get("Link", ""))
    }
    ids = [
        int(re.search(r"/claims/(\d+)/", item["itemReviewed"]["url"])[1])
        for item in response.json()["dataFeedElement"]
    ]
    return ids, links.get("next"), links.get("prev")


def _assert_every_row_once(pages: list[list[int]], backwards, expected: list[int], size: int):
    served = [pk for page in pages for pk in page]
    assert served == expected  # every row once, in the order asked for
    assert all(len(page) == size for page in pages[:-1])
    assert len(pages[-1]) <= size
    # The previous links lead back through the same pages, to a first page without one.
    assert backwards == pages


def _pool(values: st.SearchStrategy) -> st.SearchStrategy:
    """A strategy for one column's keys: mostly a few distinct values, so that ties are the
    rule (a day, a month's first day, undated claims' shared oldest date); or any value."""
    return st.lists(values, min_size=1, max_size=3).map(st.sampled_from) | st.just(values)


dates = st.dates(min_value=datetime.date(1, 1, 1), max_value=datetime.date(9999, 12, 31))
times = st.datetimes(
    min_value=datetime.datetime(1, 1, 2),
    max_value=datetime.datetime(9999, 12, 30),
    timezones=st.just(UTC),
)
ids = st.integers(min_value=1, max_value=2**63 - 1)


@st.composite
def claim_rows(draw):
    """Up to 60 claims: unique ids, and a multiset of (stated_sort, updated_at) keys."""
    stated, updated = draw(_pool(dates)), draw(_pool(times))
    keys = draw(st.lists(st.tuples(stated, updated), max_size=60))
    pks = draw(st.lists(ids, min_size=len(keys), max_size=len(keys), unique=True))
    rows = zip(pks, keys, strict=True)
    return [(pk, {"stated_sort": s, "updated_at": u}) for pk, (s, u) in rows]


def _sorted_ids(rows, column: str, descending: bool) -> list[int]:
    keyed = sorted(((columns[column], pk) for pk, columns in rows), reverse=descending)
    return [pk for _key, pk in keyed]


@bounded(25)
@given(
    data=st.data(),
    ordering=st.sampled_from(CLAIM_ORDERINGS),
    page_size=st.integers(min_value=1, max_value=100),
)
def test_the_claim_cursor_walks_every_claim_once_in_every_ordering(
    client, templates, data, ordering, page_size
):
    # Hypothesis draws the rows inside the example so that it can shrink them.
    rows = data.draw(claim_rows(), label="claims")
    column = {"stated_on": "stated_sort", "updated_at": "updated_at"}[ordering.lstrip("-")]
    with transaction.atomic():
        _copies(ClaimDocument, templates[ClaimDocument], rows)
        pages, back = _walk(
            client,
            "/api/v1/claims/",
            {"ordering": ordering, "page_size": page_size},
            _list_page,
        )
        transaction.set_rollback(True)
    expected = _sorted_ids(rows, column, ordering.startswith("-"))
    _assert_every_row_once(pages, back, expected, page_size)


@bounded(15)
@given(
    reviewed=_pool(dates).flatmap(lambda pool: st.lists(pool, max_size=40)),
    data=st.data(),
    page_size=st.integers(min_value=1, max_value=100),
)
def test_the_claimreview_feed_cursor_walks_every_review_once(
    client, templates, reviewed, data, page_size
):
    pks = data.draw(st.lists(ids, min_size=len(reviewed), max_size=len(reviewed), unique=True))
    rows = [(pk, {"reviewed_on": day}) for pk, day in zip(pks, reviewed, strict=True)]
    with transaction.atomic():
        _copies(ClaimDocument, templates[ClaimDocument], rows)
        pages, back = _walk(client, "/api/v1/claimreviews/", {"page_size": page_size}, _feed_page)
        transaction.set_rollback(True)
    _assert_every_row_once(pages, back, _sorted_ids(rows, "reviewed_on", True), page_size)


@pytest.mark.parametrize(
    ("path", "model"),
    [
        ("/api/v1/speakers/", SpeakerDocument),
        ("/api/v1/sources/", SourceDocument),
        ("/api/v1/outlets/", OutletDocument),
    ],
)
@bounded(8)
@given(pks=st.lists(ids, max_size=40, unique=True), page_size=st.integers(1, 100))
def test_the_other_cursors_walk_every_row_once(client, templates, path, model, pks, page_size):
    with transaction.atomic():
        model.objects.all().delete()
        _copies(model, templates[model], [(pk, {}) for pk in pks])
        pages, back = _walk(client, path, {"page_size": page_size}, _list_page)
        transaction.set_rollback(True)
    _assert_every_row_once(pages, back, sorted(pks, reverse=True), page_size)


@pytest.mark.parametrize("ordering", CLAIM_ORDERINGS)
def test_2100_claims_stated_on_one_day_are_each_served_once(client, templates, ordering):
    # The report: month-precision imports and undated claims sharing one date; DRF's cursor
    # (a value plus an offset capped at 1,000) served pages 11 to 40 as the same 100 rows.
    rows = [(pk, {}) for pk in range(1, 2101)]
    _copies(ClaimDocument, templates[ClaimDocument], rows)
    pages, back = _walk(
        client, "/api/v1/claims/", {"ordering": ordering, "page_size": 100}, _list_page
    )
    expected = sorted(range(1, 2101), reverse=ordering.startswith("-"))
    _assert_every_row_once(pages, back, expected, 100)


def test_2100_reviews_of_one_day_are_each_served_once(client, templates):
    _copies(ClaimDocument, templates[ClaimDocument], [(pk, {}) for pk in range(1, 2101)])
    pages, back = _walk(client, "/api/v1/claimreviews/", {"page_size": 100}, _feed_page)
    _assert_every_row_once(pages, back, list(range(2100, 0, -1)), 100)


# --- Cursors we did not write ---------------------------------------------------------


def _encode(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def _next_cursor(client, path: str, **params) -> str:
    body = client.get(path, {"page_size": 1, **params}).json()
    return parse_qs(urlsplit(body["next"]).query)["cursor"][0]


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        _encode([1, 2]),
        _encode({"o": "-stated_sort,-id", "v": ["2017-05-27"]}),  # a value short
        _encode({"o": "-stated_sort,-id", "v": ["2017-05-27", 1]}),  # not text
        _encode({"o": "-stated_sort,-id", "v": ["2017-02-30", "1"]}),
        _encode({"o": "-stated_sort,-id", "v": ["2017-05-27", str(2**63)]}),
        _encode({"o": "-stated_sort,-id", "v": ["2017-05-27", "-1"]}),
        _encode({"o": "-stated_sort,-id", "v": ["2017-05-27", "1"], "r": 2}),
        _encode({"o": "-stated_sort,-id", "v": ["2017-05-27", "1"], "x": 1}),
        _encode({"o": "-text,-id", "v": ["a", "1"]}),
        _encode({"o": "-updated_at,-id", "v": ["2017-05-27T10:00:00", "1"]}),  # no zone
    ],
)
def test_a_cursor_we_did_not_write_is_a_400_naming_it(client, seeded, cursor):
    response = client.get("/api/v1/claims/", {"cursor": cursor})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["cursor"]


def test_a_cursor_of_another_ordering_is_a_400(client, seeded):
    # The position is a date, and updated_at a time: a client who changes the ordering and
    # keeps the cursor is told so, not served a page from an unrelated place.
    cursor = _next_cursor(client, "/api/v1/claims/", ordering="stated_on")
    response = client.get("/api/v1/claims/", {"ordering": "updated_at", "cursor": cursor})
    assert response.status_code == 400
    assert list(response.json()) == ["cursor"]
    same = client.get("/api/v1/claims/", {"ordering": "stated_on", "cursor": cursor})
    assert same.status_code == 200


def test_a_cursor_keeps_the_filters_and_page_size_of_its_page(client, seeded_claims):
    body = client.get("/api/v1/claims/", {"page_size": 1, "disputed": "true"}).json()
    query = parse_qs(urlsplit(body["next"]).query)
    assert query["disputed"] == ["true"]
    assert query["page_size"] == ["1"]
