"""``?as_of=`` on the API's details (docs/api.md, "As known on"): a document exactly as it
was published at a moment, replayed against the change feed, which carries every version
as the API served it."""

import datetime
import random

import pytest

from record.models import Version
from record.services import claim_sync
from tests.api.answers import read_feed
from tests.factories import ClaimFactory, RatingFactory, ReviewFactory, withdraw

pytestmark = pytest.mark.usefixtures("no_rate_limit")


def at(item: dict) -> str:
    return item["at"]


def test_every_version_is_served_as_it_was_published(client, seeded_claims):
    c1 = seeded_claims["C1"]
    c1.text = "Agreement had been reached, the ministry said."
    c1.save()
    claim_sync(c1)
    review = ReviewFactory(claim=ClaimFactory(), rating=RatingFactory(name="Unproven"))
    review.rating = RatingFactory(scale=review.rating.scale, name="Mostly false")
    review.save()
    claim_sync(review.claim)
    withdraw(ClaimFactory(), "A duplicate.")

    items, _ = read_feed(client)
    assert len(items) == Version.objects.count()
    for item in items:
        answer = client.get(item["api_url"], {"as_of": at(item)})
        assert answer.status_code == (410 if item["event"] == "withdrawn" else 200), item
        assert answer.json() == item["document"], item


def test_before_the_first_publication_it_is_a_404(client, seeded_claims):
    c1 = seeded_claims["C1"]
    first = Version.objects.filter(kind="claim", object_id=c1.pk).order_by("number").first()
    before = (first.published_at - datetime.timedelta(seconds=1)).isoformat()
    assert client.get(f"/api/v1/claims/{c1.pk}/", {"as_of": before}).status_code == 404


def test_a_date_means_the_end_of_that_day_and_the_future_means_now(client, seeded_claims):
    c1 = seeded_claims["C1"]
    now = client.get(f"/api/v1/claims/{c1.pk}/").json()
    today = datetime.datetime.now(datetime.UTC).date()
    assert client.get(f"/api/v1/claims/{c1.pk}/", {"as_of": today.isoformat()}).json() == now
    later = "2999-01-01T00:00:00Z"
    assert client.get(f"/api/v1/claims/{c1.pk}/", {"as_of": later}).json() == now
    yesterday = (today - datetime.timedelta(days=1)).isoformat()
    assert client.get(f"/api/v1/claims/{c1.pk}/", {"as_of": yesterday}).status_code == 404


def test_while_withdrawn_it_is_a_410_and_after_republishing_the_new_version(client, seeded):
    claim = ClaimFactory()
    withdraw(claim, "Sent too early.")
    gone = Version.objects.get(kind="claim", object_id=claim.pk, event="withdrawn")
    claim.status = "published"
    claim.save()
    claim_sync(claim)

    during = client.get(f"/api/v1/claims/{claim.pk}/", {"as_of": gone.published_at.isoformat()})
    assert during.status_code == 410
    assert during.json()["reason"] == "Sent too early."
    assert client.get(f"/api/v1/claims/{claim.pk}/").json()["version"] == gone.number + 1


@pytest.mark.parametrize(
    "value", ["yesterday", "2017-02-30", "2017-13-01T00:00:00Z", "", "1" * 40, "2017-06-01T24:00"]
)
def test_a_bad_moment_is_a_400_naming_it(client, seeded_claims, value):
    c1 = seeded_claims["C1"]
    answer = client.get(f"/api/v1/claims/{c1.pk}/", {"as_of": value})
    assert answer.status_code == 400
    assert list(answer.json()) == ["as_of"]


def test_a_repeated_moment_is_a_400(client, seeded_claims):
    path = f"/api/v1/claims/{seeded_claims['C1'].pk}/?as_of=2017-06-01&as_of=2999-01-01"
    answer = client.get(path)
    assert answer.status_code == 400
    assert list(answer.json()) == ["as_of"]


def test_every_kind_of_document_takes_it(client, seeded_claims):
    body = client.get(f"/api/v1/claims/{seeded_claims['C1'].pk}/").json()
    later = "2999-01-01"
    for url in (body["speaker"]["api_url"], body["appearances"][0]["source"]["api_url"]):
        assert client.get(url, {"as_of": later}).json() == client.get(url).json()


def test_lists_do_not_take_it(client, seeded):
    answer = client.get("/api/v1/claims/", {"as_of": "2017-06-01"})
    assert answer.status_code == 400
    assert list(answer.json()) == ["as_of"]


@pytest.mark.parametrize(
    ("value", "status"),
    [
        # Zones PostgreSQL does not take (it stops at ±15:59): compared in UTC.
        ("2017-06-01T12:00:00-23:59", 404),
        ("2999-06-01T12:00:00+23:59", 200),
        # Past either end of the calendar once in UTC: before everything, or after.
        ("0001-01-01T00:00:00+01:00", 404),
        ("9999-12-31T23:59:59-01:00", 200),
        ("9999-12-31", 200),
        ("0001-01-01", 404),
    ],
)
def test_moments_at_the_edges_answer_without_error(client, seeded_claims, value, status):
    path = f"/api/v1/claims/{seeded_claims['C1'].pk}/"
    assert client.get(path, {"as_of": value}).status_code == status


def test_replayed_at_each_versions_time_it_is_the_answer_the_api_gave_then(client, seeded):
    """A random desk (tests/desk.py); after each action, every document it changed is read
    from the API as it is then. Afterwards, asked ``as_of`` each of those moments, the API
    gives the same bytes."""
    from tests.desk import Desk

    rng = random.Random(14)
    desk, after, then = Desk(rng), read_feed(client)[0][-1]["seq"], []
    for _ in range(60):
        desk.act()
        items, _ = read_feed(client, after=after)
        if not items:
            continue
        after = items[-1]["seq"]
        latest = {item["api_url"]: item for item in items}  # a document's last, this action
        for url, item in latest.items():
            answer = client.get(url)
            then.append((url, item["at"], answer.status_code, answer.content))

    assert len(then) > 60
    for url, moment, status, content in then:
        answer = client.get(url, {"as_of": moment})
        assert (answer.status_code, answer.content) == (status, content), (url, moment)
