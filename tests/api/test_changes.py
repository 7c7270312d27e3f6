"""The change feed (api/changes.py; docs/api.md, "Following changes"): every version of the
published record in commit order, and a mirror that follows it holds what the API serves."""

import random

import pytest

from record.models import Version
from record.services import claim_sync, review_sync
from tests.api.answers import FEED, read_feed
from tests.desk import Desk, Mirror
from tests.factories import ClaimFactory, RatingFactory, ReviewFactory, withdraw

# A mirror polls the feed and reads every document back: many requests from one address.
pytestmark = pytest.mark.usefixtures("no_rate_limit")


def test_the_feed_gives_every_version_in_commit_order(client, seeded):
    items, _ = read_feed(client, page_size=3)

    assert [item["seq"] for item in items] == list(
        Version.objects.order_by("seq").values_list("seq", flat=True)
    )
    first = items[0]
    assert set(first) == {
        "seq",
        "at",
        "event",
        "object",
        "id",
        "version",
        "api_url",
        "changes",
        "document",
    }
    assert (first["event"], first["version"], first["changes"]) == ("published", 1, {})
    assert first["api_url"].startswith("http://testserver/api/v1/")


def test_each_document_is_what_the_api_served_at_that_version(client, seeded):
    items, _ = read_feed(client)
    latest = {item["api_url"]: item for item in items}
    for url, item in latest.items():
        answer = client.get(url)
        assert answer.status_code == 200
        assert answer.json() == item["document"]
        assert answer.json()["version"] == item["version"]


def test_next_at_the_end_is_where_to_poll(client, seeded_claims):
    items, next_url = read_feed(client)
    assert next_url.endswith(f"?after={items[-1]['seq']}")
    assert client.get(next_url).json() == {"next": next_url, "results": []}

    c1 = seeded_claims["C1"]
    c1.text = "Agreement had been reached on the corridor, the ministry said."
    c1.save()
    claim_sync(c1)

    news = client.get(next_url).json()["results"]
    assert (news[0]["object"], news[0]["id"], news[0]["event"]) == ("claim", c1.pk, "updated")
    assert news[0]["changes"]["text"] is None
    assert news[0]["document"]["text"] == c1.text


def test_a_verdict_change_says_from_and_to(client, seeded):
    review = ReviewFactory(claim=ClaimFactory(), rating=RatingFactory(name="Unproven"))
    _, next_url = read_feed(client)
    review.rating = RatingFactory(scale=review.rating.scale, name="Mostly false")
    review.save()
    review_sync(review=review)

    (item,) = client.get(next_url).json()["results"]
    assert item["event"] == "updated"
    assert item["changes"]["verdict"] == {"from": "Unproven", "to": "Mostly false"}
    assert item["document"]["review"]["rating"]["name"] == "Mostly false"


def test_a_withdrawal_gives_its_reason_and_the_410(client, seeded):
    claim = ClaimFactory()
    _, next_url = read_feed(client)
    withdraw(claim, "The quote was misattributed.")

    items = client.get(next_url).json()["results"]
    item = next(i for i in items if i["object"] == "claim" and i["id"] == claim.pk)
    assert item["event"] == "withdrawn"
    assert item["changes"] == {"reason": "The quote was misattributed."}
    gone = client.get(item["api_url"])
    assert gone.status_code == 410
    assert gone.json() == item["document"]


def test_drafts_and_unpublished_changes_leave_the_feed_alone(client, seeded_claims):
    before = client.get(FEED).content
    ClaimFactory(draft=True, text="A rebuttal being drafted.")
    c1 = seeded_claims["C1"]
    c1.text = "An edit nobody has published."
    c1.save()
    assert client.get(FEED).content == before


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"after": "-1"}, "after"),
        ({"after": "1.5"}, "after"),
        ({"after": "x"}, "after"),
        ({"after": str(2**63)}, "after"),
        ({"after": "9" * 5000}, "after"),  # past what Python reads as a number (found by CI)
        ({"page_size": "1" * 5000}, "page_size"),
        ({"after": "١٢"}, "after"),  # Arabic-Indic digits: isdigit(), but not ours
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "1001"}, "page_size"),
        ({"cursor": "abc"}, "cursor"),
    ],
)
def test_bad_parameters_are_a_400_naming_them(client, seeded, params, name):
    answer = client.get(FEED, params)
    assert answer.status_code == 400
    assert list(answer.json()) == [name]


def test_a_repeated_parameter_is_a_400(client, seeded):
    answer = client.get(f"{FEED}?after=1&after=5")
    assert answer.status_code == 400
    assert list(answer.json()) == ["after"]


def test_a_cursor_beyond_the_end_is_a_400_saying_where_the_end_is(client, seeded):
    items, next_url = read_feed(client)
    last = items[-1]["seq"]
    assert client.get(next_url).status_code == 200  # the end itself: where to poll
    answer = client.get(FEED, {"after": last + 1000})
    assert answer.status_code == 400
    assert answer.json() == {"after": [f"Beyond the end of the feed: the last seq is {last}."]}


def test_the_index_names_it(client, db):
    assert client.get("/api/v1/").json()["changes"] == "http://testserver/api/v1/changes/"


def test_a_page_is_three_queries_at_most(client, seeded, django_assert_max_num_queries):
    # The data version (the page's validators; none with Redis), the versions, the slugs of
    # the speakers among them.
    with django_assert_max_num_queries(3):
        assert client.get(FEED, {"page_size": 1000}).status_code == 200


# --- A mirror ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2])
def test_a_mirror_following_the_feed_holds_what_the_api_serves(client, seeded, seed):
    rng = random.Random(seed)
    desk, mirror = Desk(rng), Mirror(client)
    for _ in range(150):
        desk.act()
        if rng.random() < 0.3:
            mirror.poll()
    mirror.poll()

    mirror.assert_holds_what_the_api_serves()
