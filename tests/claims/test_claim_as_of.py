"""A claim page's versions, and the page as it was published at a past moment
(``?as_of=``, docs/pages.md "As known on"): what a reader sees of each, and that the stored
current page and a past page never stand in for each other."""

import datetime
from contextlib import contextmanager
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from record.models import Event
from record.services import claim_sync
from serving.models import ClaimPageRendition
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    RatingFactory,
    ReviewFactory,
    withdraw,
)
from tests.html import css, parse, text_of
from web.pages.claims import describe_version

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
JUNE_3 = datetime.datetime(2017, 6, 3, 14, 0, tzinfo=UTC)
JUNE_5 = datetime.datetime(2017, 6, 5, 9, 30, tzinfo=UTC)
JUNE_9 = datetime.datetime(2017, 6, 9, 18, 45, tzinfo=UTC)
JUNE_12 = datetime.datetime(2017, 6, 12, 8, 0, tzinfo=UTC)


@contextmanager
def published_at(moment: datetime.datetime):
    """Publishes inside it are dated ``moment`` (the record's writer reads the clock)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@pytest.fixture
def history(db):
    """A claim published on 3 June (Unproven), its verdict changed on 5 June (Mostly
    false), its text edited on 9 June."""
    with published_at(JUNE_3):
        claim = ClaimFactory(text="The corridor was agreed with the Americans.", draft=True)
        review = ReviewFactory(claim=claim, rating=RatingFactory(name="Unproven"))
        claim.status = "published"
        claim.save()
        claim_sync(claim)
    with published_at(JUNE_5):
        review.rating = RatingFactory(scale=review.rating.scale, name="Mostly false")
        review.save()
        claim_sync(claim)
    with published_at(JUNE_9):
        claim.text = "The corridor was agreed with the Americans, the ministry said."
        claim.save()
        claim_sync(claim)
    claim.refresh_from_db()
    return claim


def versions_of(document) -> list[str]:
    return [text_of(item) for item in css(document, ".versions__item")]


def version_links(document) -> list[str | None]:
    links = []
    for item in css(document, ".versions__item"):
        found = item.cssselect(".versions__title a")
        links.append(found[0].get("href") if found else None)
    return links


def as_of(url: str) -> str:
    return parse_qs(urlsplit(url).query)["as_of"][0]


class TestTheVersionList:
    def test_the_current_page_lists_every_version_in_words(self, client, history):
        document = parse(client.get(history.get_absolute_url()))
        assert text_of(css(document, "#versions-heading")[0]) == "Versions"
        assert versions_of(document) == [
            "Version 1 3 June 2017, 14:00 UTC: First published.",
            "Version 2 5 June 2017, 09:30 UTC: Verdict changed from Unproven to Mostly false.",
            "Version 3 (current) 9 June 2017, 18:45 UTC: Text edited.",
        ]
        times = [t.get("datetime") for t in css(document, ".versions__item time")]
        assert times == [
            "2017-06-03T14:00:00+00:00",
            "2017-06-05T09:30:00+00:00",
            "2017-06-09T18:45:00+00:00",
        ]
        # Each past version links to the page as of its own time; the current one is here.
        page = history.get_absolute_url()
        assert version_links(document) == [
            f"{page}?as_of=2017-06-03T14%3A00%3A00Z",
            f"{page}?as_of=2017-06-05T09%3A30%3A00Z",
            None,
        ]

    def test_a_withdrawal_and_a_new_publication_are_listed(self, client, db):
        with published_at(JUNE_3):
            claim = ClaimFactory()
        with published_at(JUNE_5):
            withdraw(claim, "Attributed to the wrong speaker.")
        with published_at(JUNE_9):
            claim.status = "published"
            claim.save()
            claim_sync(claim)
        document = parse(client.get(claim.get_absolute_url()))
        assert versions_of(document) == [
            "Version 1 3 June 2017, 14:00 UTC: First published.",
            "Version 2 5 June 2017, 09:30 UTC: Withdrawn: Attributed to the wrong speaker.",
            "Version 3 (current) 9 June 2017, 18:45 UTC: Published again.",
        ]
        # A withdrawal's page says only what its line says: no link.
        assert version_links(document)[1] is None

    def test_the_stored_page_is_rendered_again_when_a_version_is_written(
        self, client, history, django_capture_on_commit_callbacks
    ):
        client.get(history.get_absolute_url())
        assert (
            "Version 3" in ClaimPageRendition.objects.get(claim_id=history.pk, language="en").html
        )
        with django_capture_on_commit_callbacks(execute=True), published_at(JUNE_12):
            EvidenceFactory(claim=history)
        # Dropped with the publish (record.signals.versions_written) and rendered after it.
        stored = ClaimPageRendition.objects.get(claim_id=history.pk, language="en").html
        assert "Version 4" in stored
        document = parse(client.get(history.get_absolute_url()))
        assert versions_of(document)[-1] == (
            "Version 4 (current) 12 June 2017, 08:00 UTC: Evidence changed."
        )

    def test_an_editors_preview_lists_no_versions(self, editor_client, history):
        document = parse(editor_client.get(f"/preview/claims/{history.pk}/"))
        assert not css(document, ".versions")


class TestThePageAsOf:
    def test_it_shows_the_claim_as_published_then_with_a_banner_to_the_current_page(
        self, client, history
    ):
        response = client.get(history.get_absolute_url(), {"as_of": "2017-06-04"})
        assert response.status_code == 200
        document = parse(response)
        assert text_of(css(document, ".notice--as-of")[0]) == (
            "You are reading this claim as it was published on 3 June 2017, 14:00 UTC. "
            "See the current version."
        )
        assert css(document, ".notice--as-of a")[0].get("href") == history.get_absolute_url()
        assert text_of(css(document, "h1")[0]) == "The corridor was agreed with the Americans."
        assert text_of(css(document, "#verdict-heading")[0]) == "Verdict: Unproven"
        # The version shown is marked; the current one links to the current page.
        assert versions_of(document)[0] == (
            "Version 1 (shown here) 3 June 2017, 14:00 UTC: First published."
        )
        assert css(document, ".versions__item")[0].get("aria-current") == "page"
        assert version_links(document)[2] == history.get_absolute_url()

    def test_it_is_not_indexed_and_names_the_current_page_canonical(self, client, history):
        response = client.get(history.get_absolute_url(), {"as_of": "2017-06-06T00:00:00Z"})
        document = parse(response)
        assert css(document, 'meta[name="robots"]')[0].get("content") == "noindex"
        canonical = css(document, 'link[rel="canonical"]')[0].get("href")
        assert canonical == f"http://testserver{history.get_absolute_url()}"
        assert not css(document, 'script[type="application/ld+json"]')
        assert text_of(css(document, "#verdict-heading")[0]) == "Verdict: Mostly false"
        api = css(document, ".claim__footer a")[0].get("href")
        assert api == f"/api/v1/claims/{history.pk}/?as_of=2017-06-05T09%3A30%3A00Z"

    def test_every_version_link_reads_that_version(self, client, history):
        current = parse(client.get(history.get_absolute_url()))
        for number, link in enumerate(version_links(current)[:-1], start=1):
            document = parse(client.get(link))
            shown = css(document, ".versions__item[aria-current=page] .versions__title")
            assert text_of(shown[0]).startswith(f"Version {number} (shown here)")
            api = client.get(f"/api/v1/claims/{history.pk}/", {"as_of": as_of(link)}).json()
            assert api["version"] == number
            assert text_of(css(document, "h1")[0]).strip("“”") == api["text"]

    def test_a_moment_after_the_last_version_says_it_is_the_current_one(self, client, history):
        document = parse(client.get(history.get_absolute_url(), {"as_of": "2999-01-01"}))
        assert text_of(css(document, ".notice--as-of")[0]) == (
            "You are reading this claim as it was published on 9 June 2017, 18:45 UTC, "
            "which is also its current version. See the current version."
        )

    def test_the_thread_and_the_speaker_are_as_they_were_then(self, client, db):
        with published_at(JUNE_3):
            claim = ClaimFactory(text="The corridor was agreed.")
            AppearanceFactory(claim=claim)
        with published_at(JUNE_9):
            denial = ClaimLinkFactory(to_claim=claim)
            claim.speaker.name = "A renamed ministry"
            claim.speaker.save()
            claim_sync(claim)
        before = parse(client.get(claim.get_absolute_url(), {"as_of": "2017-06-04"}))
        assert not css(before, ".claim__disputed")
        assert not css(before, ".thread-step")
        assert "A renamed ministry" not in text_of(css(before, ".claim__who")[0])
        after = parse(client.get(claim.get_absolute_url(), {"as_of": "2017-06-10"}))
        disputed = css(after, ".claim__disputed a")[0]
        assert disputed.get("href") == denial.from_claim.get_absolute_url()
        assert len(css(after, ".thread-step")) == 2
        # Sources as they were: the appearance's source, with its archived copy.
        assert css(after, ".appearances a")[0].get("href").startswith("/sources/")

    @pytest.mark.parametrize("rows", [2, 12])
    def test_it_takes_a_fixed_number_of_queries(self, client, rows, django_assert_max_num_queries):
        with published_at(JUNE_3):
            claim = ClaimFactory()
            for _ in range(rows):
                denial = ClaimLinkFactory(to_claim=claim)
                AppearanceFactory(claim=denial.from_claim)
                EvidenceFactory(claim=claim, backing_claim=ClaimFactory())
                AppearanceFactory(claim=claim)
        ClaimPageRendition.objects.all().delete()
        url = claim.get_absolute_url()
        # 1. the claim's versions, 2. the bodies of the version shown and the current one,
        # 3. its speaker's and its thread neighbours' versions at that moment, 4. the
        # sources shown as they were then (and the reader limit's session read: none here).
        with django_assert_max_num_queries(4):
            response = client.get(url, {"as_of": "2017-06-04"})
        assert response.status_code == 200
        assert len(css(parse(response), ".thread-step")) == rows + 1
        # Nothing stored for it.
        assert not ClaimPageRendition.objects.filter(claim_id=claim.pk).exists()


class TestAnswersThatAreNotAPage:
    def test_before_the_first_publication_it_is_a_404(self, client, history):
        response = client.get(history.get_absolute_url(), {"as_of": "2017-06-03T13:59:59Z"})
        assert response.status_code == 404

    def test_an_unknown_claim_is_a_404(self, client, db):
        assert client.get("/claims/999999/anything/", {"as_of": "2017-06-04"}).status_code == 404

    def test_while_withdrawn_it_is_the_withdrawn_page_with_a_link_to_the_current_one(
        self, client, db
    ):
        with published_at(JUNE_3):
            claim = ClaimFactory(text="The corridor was agreed.")
        with published_at(JUNE_5):
            withdraw(claim, "Attributed to the wrong speaker.")
        with published_at(JUNE_9):
            claim.status = "published"
            claim.save()
            claim_sync(claim)
        response = client.get(claim.get_absolute_url(), {"as_of": "2017-06-06"})
        assert response.status_code == 410
        document = parse(response)
        assert text_of(css(document, "h1")[0]) == "This claim was withdrawn"
        assert text_of(css(document, ".withdrawn__reason")[0]) == (
            "Attributed to the wrong speaker."
        )
        assert "The corridor was agreed" not in response.content.decode()
        assert css(document, ".notice--as-of a")[0].get("href") == claim.get_absolute_url()

    def test_a_claim_withdrawn_now_never_shows_its_words_at_any_moment(self, client, db):
        with published_at(JUNE_3):
            claim = ClaimFactory(text="The corridor was agreed in secret.")
            denial = ClaimFactory(text="No corridor was ever agreed.")
            ClaimLinkFactory(from_claim=denial, to_claim=claim)
            claim_sync(claim)
        with published_at(JUNE_9):
            withdraw(claim, "Misattributed to the ministry.")
        old_address = f"/claims/{claim.pk}/the-corridor-was-agreed-in-secret/"

        # Its own page as of before the withdrawal: the withdrawal, not the words.
        response = client.get(old_address, {"as_of": "2017-06-04"}, follow=True)
        assert response.status_code == 410
        assert text_of(css(parse(response), ".withdrawn__reason")[0]) == (
            "Misattributed to the ministry."
        )
        assert "agreed in secret" not in response.content.decode()
        # The claim that denied it, as of then: its thread leaves it out now.
        response = client.get(denial.get_absolute_url(), {"as_of": "2017-06-04"})
        assert response.status_code == 200
        assert "agreed in secret" not in response.content.decode()
        # The API keeps the record's history (docs/api.md): partners read it there.
        api = client.get(f"/api/v1/claims/{claim.pk}/", {"as_of": "2017-06-04"})
        assert api.json()["text"] == "The corridor was agreed in secret."

    @pytest.mark.parametrize(
        "value", ["yesterday", "2017-02-30", "", "2017-06-01T24:00", "1" * 40, "20170601"]
    )
    def test_a_moment_that_cannot_be_read_is_a_400_page(self, client, history, value):
        response = client.get(history.get_absolute_url(), {"as_of": value})
        assert response.status_code == 400
        document = parse(response)
        assert "An ISO date (2017-06-01)" in text_of(document)
        assert css(document, 'meta[name="robots"]')[0].get("content") == "noindex"
        assert css(document, "main a")[0].get("href") == history.get_absolute_url()

    def test_a_repeated_moment_is_a_400_page(self, client, history):
        url = f"{history.get_absolute_url()}?as_of=2017-06-04&as_of=2017-06-10"
        response = client.get(url)
        assert response.status_code == 400
        assert "Give one moment" in response.content.decode()

    def test_moments_past_the_calendar_answer_without_error(self, client, history):
        url = history.get_absolute_url()
        assert client.get(url, {"as_of": "0001-01-01T00:00:00+01:00"}).status_code == 404
        assert client.get(url, {"as_of": "9999-12-31T23:59:59-01:00"}).status_code == 200

    def test_an_old_address_keeps_the_moment_when_it_redirects(self, client, history):
        old = client.get(f"/claims/{history.pk}/an-old-slug/", {"as_of": "2017-06-04"})
        assert old.status_code == 301
        assert old["Location"] == f"{history.get_absolute_url()}?as_of=2017-06-04"
        short = client.get(f"/claims/{history.pk}/", {"as_of": "2017-06-04"})
        assert short.status_code == 301
        assert short["Location"] == f"{history.get_absolute_url()}?as_of=2017-06-04"


class TestTheStoredPage:
    def test_a_stored_current_page_is_never_the_answer_to_a_past_moment(
        self, client, history, django_assert_max_num_queries
    ):
        current = client.get(history.get_absolute_url())
        stored = ClaimPageRendition.objects.get(claim_id=history.pk, language="en")
        past = client.get(history.get_absolute_url(), {"as_of": "2017-06-04"})
        assert past.content != current.content
        assert b"You are reading this claim as it was published on" in past.content
        # And the past page did not take the current one's place.
        again = ClaimPageRendition.objects.get(claim_id=history.pk, language="en")
        assert (again.html, again.rendered_at) == (stored.html, stored.rendered_at)
        with django_assert_max_num_queries(1):
            served = client.get(history.get_absolute_url())
        assert served.content == current.content
        assert b"notice--as-of" not in served.content

    def test_a_past_page_is_checked_by_every_cache(self, client, history):
        past = client.get(history.get_absolute_url(), {"as_of": "2017-06-04"})
        assert past["Cache-Control"] == "public, no-cache"


@pytest.mark.parametrize(
    ("event", "number", "changes", "words"),
    [
        (Event.PUBLISHED, 1, {}, "First published"),
        (Event.PUBLISHED, 4, {}, "Published again"),
        (Event.WITHDRAWN, 2, {"reason": "A duplicate."}, "Withdrawn: A duplicate."),
        (
            Event.UPDATED,
            2,
            {"verdict": {"from": "Unproven", "to": "Mostly false"}, "review": None},
            "Verdict changed from Unproven to Mostly false",
        ),
        (Event.UPDATED, 2, {"verdict": {"from": None, "to": "False"}}, "Verdict given: False"),
        (
            Event.UPDATED,
            2,
            {"verdict": {"from": "False", "to": None}, "review": None},
            "Verdict withdrawn (it was False)",
        ),
        (Event.UPDATED, 2, {"text": None, "page_url": None}, "Text edited"),
        (
            Event.UPDATED,
            2,
            {"denied_by": None, "denial_count": None, "stated_on": None},
            "Denials of it changed. Date changed",
        ),
        (Event.UPDATED, 2, {"something_new": None}, "Something new changed"),
        (Event.UPDATED, 2, {}, "Updated"),
    ],
)
def test_a_version_is_described_in_words(event, number, changes, words):
    assert describe_version(event, number, changes) == words


def test_the_page_reads_no_working_copy(client, history):
    # Edited and not published: neither the current page nor a past one shows it.
    history.text = "An unpublished edit."
    history.save()
    for params in ({}, {"as_of": "2017-06-04"}, {"as_of": "2999-01-01"}):
        assert (
            b"An unpublished edit." not in client.get(history.get_absolute_url(), params).content
        )
