"""What moves the public data version (the ETag of every list and page): a committed
publish or withdrawal in the published record, and nothing else. Curators' saves — drafts,
claims in review, and unpublished changes to public claims, speakers and sources — leave
every public answer and its validators as they were."""

import datetime

import pytest
from django.db import transaction

from claims.models import Appearance, ClaimLink, Correction, Evidence
from record.models import Kind, PublicDataVersion
from record.services import (
    claim_publish,
    claim_withdraw,
    document_publish,
    review_publish,
)
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
)

# Real commits: the version moves only when a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


def version():
    return PublicDataVersion.objects.get(pk=1).changed_at


@pytest.fixture
def bumps(db):
    """Runs a write in a transaction of its own; True when its commit moved the version."""
    PublicDataVersion.current()

    def run(write) -> bool:
        before = version()
        with transaction.atomic():
            write()
        return version() != before

    return run


DAY = datetime.date(2017, 6, 1)


@pytest.fixture
def draft(db):
    return ClaimFactory(draft=True)


@pytest.fixture
def published(db):
    return ClaimFactory()


class TestSavingKeepsTheVersion:
    def test_a_new_draft_and_its_edits(self, bumps, draft):
        assert not bumps(lambda: ClaimFactory(draft=True, text="Not yet checked."))
        draft.text = "Reworded."
        assert not bumps(draft.save)

    def test_what_hangs_from_a_draft_on_a_published_claim(self, bumps, draft, published):
        assert not bumps(lambda: ClaimLink(from_claim=draft, to_claim=published).save())
        assert not bumps(
            lambda: Evidence(claim=published, backing_claim=draft, stance="contradicts").save()
        )

    def test_unpublished_changes_to_a_published_claim(self, bumps, published):
        published.text = "Changed, not yet published."
        assert not bumps(published.save)
        source = SourceFactory()
        assert not bumps(lambda: Appearance(claim=published, source=source, excerpt="x").save())
        assert not bumps(
            lambda: Correction.objects.create(claim=published, note="n", corrected_on=DAY)
        )

    def test_a_verdict_not_yet_published(self, bumps, published):
        review = ReviewFactory.build(claim=published, status="draft", published_at=None)
        review.rating.scale.save()
        review.rating.scale_id = review.rating.scale.pk
        review.rating.save()
        review.rating_id = review.rating.pk
        assert not bumps(review.save)

    def test_people_and_sources_a_published_claim_shows(self, bumps, published):
        speaker = published.speaker
        speaker.name = "Renamed, not yet published"
        assert not bumps(speaker.save)
        source = SourceFactory()
        source.url = "https://evil.example/fake"
        assert not bumps(source.save)

    def test_rating_scales(self, bumps):
        rating = RatingFactory()
        rating.name = "Mostly false"
        assert not bumps(rating.save)


class TestPublishingMovesTheVersion:
    def test_publishing_and_withdrawing_a_claim(self, bumps, draft):
        assert bumps(lambda: claim_publish(claim=draft))
        assert bumps(lambda: claim_withdraw(claim=draft, reason="Misattributed."))

    def test_publishing_changes(self, bumps, published):
        published.text = "Reworded and published."
        published.save()
        assert bumps(lambda: document_publish(kind=Kind.CLAIM, obj=published))

    def test_publishing_nothing_new_keeps_it(self, bumps, published):
        assert not bumps(lambda: document_publish(kind=Kind.CLAIM, obj=published))

    def test_publishing_a_verdict(self, bumps, published):
        review = ReviewFactory(claim=published, status="draft", published_at=None)
        assert bumps(lambda: review_publish(review=review))


def test_stored_answers_outlive_curators_saves_until_a_publish(client, settings, draft):
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
    published = ClaimFactory(text="The corridor was agreed.")
    url = f"/api/v1/claims/{published.pk}/"
    etag = client.get(url)["ETag"]
    draft.text = "Reworded while in draft."
    draft.save()
    AppearanceFactory(claim=draft)
    published.text = "The corridor was agreed with the Americans."
    published.save()
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    document_publish(kind=Kind.CLAIM, obj=published)
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 200
    assert b"with the Americans" in again.content
