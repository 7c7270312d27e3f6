"""Which committed writes move the public data version on (factcheck/signals.py): every
write that changes what readers and partners can see, and none that only touches drafts,
claims in review and what hangs from them, so that curators' work keeps stored answers."""

import datetime

import pytest
from django.db import transaction

from claims.models import PublicationStatus
from factcheck.models import PublicDataVersion
from record.services import claim_sync
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    DenialFactory,
    EvidenceFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
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


class TestCuratorsWorkOnDraftsKeepsTheVersion:
    def test_a_new_draft_and_its_edits(self, bumps):
        assert not bumps(lambda: ClaimFactory(draft=True, text="Not yet checked."))

    def test_editing_a_draft(self, bumps, draft):
        draft.text = "Reworded while in draft."
        assert not bumps(draft.save)

    def test_sending_a_draft_for_review(self, bumps, draft):
        assert not bumps(draft.submit_for_review)

    def test_what_hangs_from_a_draft(self, bumps, draft, published):
        assert not bumps(lambda: AppearanceFactory(claim=draft))
        assert not bumps(lambda: EvidenceFactory(claim=draft))
        assert not bumps(lambda: draft.corrections.create(note="Date fixed.", corrected_on=DAY))
        assert not bumps(lambda: draft.tags.create(name="Grain", slug="grain"))
        # A denial shows only when both claims are public.
        assert not bumps(lambda: DenialFactory(denying_claim=draft, denied_claim=published))
        assert not bumps(lambda: draft.denies.add(ClaimFactory(draft=True)))

    def test_a_draft_verdict_on_a_published_claim(self, bumps, published):
        rating = RatingFactory()  # rating scales are public whatever uses them
        draft_review = {"status": "draft", "published_at": None, "rating": rating}
        assert not bumps(lambda: ReviewFactory(claim=published, **draft_review))

    def test_people_and_sources_only_drafts_mention(self, bumps, draft):
        speaker = draft.speaker
        speaker.name = "Renamed before anything is public"
        assert not bumps(speaker.save)
        assert not bumps(lambda: speaker.aliases.create(name="An alias"))
        source = AppearanceFactory(claim=draft).source
        source.title = "Retitled"
        assert not bumps(source.save)
        assert not bumps(lambda: SourceFactory())

    def test_deleting_a_draft_and_what_hangs_from_it(self, bumps, draft):
        AppearanceFactory(claim=draft)
        EvidenceFactory(claim=draft)
        assert not bumps(lambda: (draft.appearances.all().delete(), draft.evidence.all().delete()))


class TestEveryPublicChangeMovesTheVersion:
    def test_publishing_editing_withdrawing_a_claim(self, bumps, draft):
        assert bumps(draft.publish)
        draft.text = "Reworded after publication."
        assert bumps(draft.save)
        assert bumps(lambda: draft.withdraw(reason="Misattributed."))
        draft.withdrawn_reason = "Misattributed to the ministry."
        assert bumps(draft.save)  # the withdrawn page says why

    def test_unpublishing(self, bumps, published):
        published.status = PublicationStatus.DRAFT
        published.published_at = None
        assert bumps(published.save)

    def test_what_hangs_from_a_published_claim(self, bumps, published):
        assert bumps(lambda: AppearanceFactory(claim=published))
        assert bumps(lambda: EvidenceFactory(claim=published))
        assert bumps(lambda: published.corrections.create(note="Date fixed.", corrected_on=DAY))
        assert bumps(lambda: published.tags.create(name="Grain", slug="grain"))
        assert bumps(lambda: DenialFactory(denied_claim=published))
        assert bumps(lambda: published.denies.add(ClaimFactory()))

    def test_moving_something_from_a_published_claim_to_a_draft(self, bumps, published, draft):
        appearance = AppearanceFactory(claim=published)
        appearance.claim = draft
        assert bumps(appearance.save)

    def test_deleting_from_a_published_claim(self, bumps, published):
        appearance = AppearanceFactory(claim=published)
        assert bumps(appearance.delete)

    def test_publishing_a_verdict(self, bumps, published):
        review = ReviewFactory(claim=published, status="draft", published_at=None)
        assert bumps(review.publish)

    def test_publishing_a_draft_with_a_verdict_ready(self, bumps, draft):
        ReviewFactory(claim=draft)
        assert bumps(draft.publish)

    def test_people_and_sources_a_published_claim_mentions(self, bumps, published):
        speaker = published.speaker
        speaker.name = "Renamed"
        assert bumps(speaker.save)
        assert bumps(lambda: speaker.aliases.create(name="An alias"))
        organisation = SpeakerFactory(kind="organisation")
        speaker.affiliation = organisation
        assert bumps(speaker.save)
        organisation.name = "Ministry of Defence"
        assert bumps(organisation.save)  # shown as the public speaker's organisation
        source = AppearanceFactory(claim=published).source
        source.title = "Retitled"
        assert bumps(source.save)
        source.outlet.name = "Renamed outlet"
        assert bumps(source.outlet.save)

    def test_a_topic_from_its_own_side(self, bumps, draft):
        from claims.models import Tag

        tag = Tag.objects.create(name="Grain", slug="grain")
        assert bumps(lambda: tag.claims.add(draft))  # which claims is not at hand: bump

    def test_rating_scales(self, bumps):
        rating = RatingFactory()
        rating.name = "Mostly false"
        assert bumps(rating.save)


def test_stored_answers_outlive_work_on_drafts(client, settings, draft):
    settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
    published = ClaimFactory(text="The corridor was agreed.")
    url = published.get_absolute_url()
    etag = client.get(url)["ETag"]
    draft.text = "Reworded while in draft."
    draft.save()
    AppearanceFactory(claim=draft)
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    published.text = "The corridor was agreed with the Americans."
    published.save()
    claim_sync(published)  # an editor publishes it
    again = client.get(url, HTTP_IF_NONE_MATCH=etag, follow=True)
    assert again.status_code == 200
    assert b"with the Americans" in again.content
