"""Draft → in review → published → withdrawn, and who can see what."""

import pytest
from django.core.exceptions import ValidationError

from claims.models import Claim, Denial, Evidence, PublicationStatus, Review, Speaker
from sources.models import Outlet, Source
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    DenialFactory,
    EvidenceFactory,
    ReviewFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


class TestTransitions:
    def test_a_draft_goes_to_review_then_is_published(self):
        claim = ClaimFactory(draft=True)
        claim.submit_for_review()
        assert claim.status == PublicationStatus.IN_REVIEW
        claim.publish()
        claim.refresh_from_db()
        assert claim.is_published
        assert claim.published_at is not None

    def test_only_a_draft_is_submitted_for_review(self):
        with pytest.raises(ValidationError):
            ClaimFactory().submit_for_review()

    def test_publishing_again_keeps_the_first_publication_date(self):
        claim = ClaimFactory()
        first_published = claim.published_at
        claim.withdraw(reason="Misattributed.")
        claim.publish()
        claim.refresh_from_db()
        assert claim.published_at == first_published
        assert claim.withdrawn_reason == ""
        assert claim.withdrawn_at is None

    def test_a_withdrawal_records_when_and_why(self):
        claim = ClaimFactory()
        claim.withdraw(reason="  The quote was misattributed.  ")
        claim.refresh_from_db()
        assert claim.is_withdrawn
        assert claim.withdrawn_reason == "The quote was misattributed."
        assert claim.withdrawn_at is not None

    def test_a_withdrawal_needs_a_reason(self):
        with pytest.raises(ValidationError, match="Say why"):
            ClaimFactory().withdraw(reason=" ")

    def test_only_a_published_claim_is_withdrawn(self):
        with pytest.raises(ValidationError):
            ClaimFactory(draft=True).withdraw(reason="No.")


@pytest.fixture
def published_and_hidden():
    """A published claim linked to a draft, an in-review and a withdrawn one."""
    published = ClaimFactory()
    draft = ClaimFactory(draft=True)
    in_review = ClaimFactory(draft=True)
    in_review.submit_for_review()
    withdrawn = ClaimFactory()
    withdrawn.withdraw(reason="Misattributed.")
    for hidden in (draft, in_review, withdrawn):
        DenialFactory(denying_claim=hidden, denied_claim=published)
        EvidenceFactory(claim=published, backing_claim=hidden)
        AppearanceFactory(claim=hidden)
    return published, [draft, in_review, withdrawn]


class TestVisibility:
    def test_only_published_claims_are_public(self, published_and_hidden):
        published, _ = published_and_hidden
        assert list(Claim.objects.published()) == [published]

    def test_links_to_hidden_claims_are_not_public(self, published_and_hidden):
        assert not Denial.objects.published().exists()
        assert not Evidence.objects.published().exists()

    def test_speakers_sources_and_outlets_of_hidden_claims_are_not_public(
        self, published_and_hidden
    ):
        published, _ = published_and_hidden
        assert list(Speaker.objects.published()) == [published.speaker]
        assert not Source.objects.published().exists()
        assert not Outlet.objects.published().exists()
        AppearanceFactory(claim=published)
        assert Source.objects.published().count() == 1
        assert Outlet.objects.published().count() == 1

    def test_the_organisation_of_a_public_speaker_is_public(self):
        ministry = SpeakerFactory(kind="organisation")
        ClaimFactory(speaker__affiliation=ministry)
        assert ministry in Speaker.objects.published()

    def test_a_review_is_public_only_when_it_and_its_claim_are(self):
        public = ReviewFactory()
        ReviewFactory(claim=ClaimFactory(draft=True))
        ReviewFactory(status=PublicationStatus.DRAFT, published_at=None)
        assert list(Review.objects.published()) == [public]
