"""Draft → in review → published → withdrawn, and who can see what."""

import json

import pytest
from django.core.exceptions import ValidationError

from claims.models import PublicationStatus
from record.models import ClaimDocument, OutletDocument, SourceDocument, SpeakerDocument
from record.services import claim_withdraw
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
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
    claim_withdraw(claim=withdrawn, reason="Misattributed.")
    for hidden in (draft, in_review, withdrawn):
        ClaimLinkFactory(from_claim=hidden, to_claim=published)
        EvidenceFactory(claim=published, backing_claim=hidden)
        AppearanceFactory(claim=hidden)
    return published, [draft, in_review, withdrawn]


class TestVisibility:
    """What reaches the published record (docs/architecture.md): readers see its live
    documents, and nothing of the claims that are not published."""

    def test_only_published_claims_are_public(self, published_and_hidden):
        published, _ = published_and_hidden
        assert list(ClaimDocument.objects.live().values_list("pk", flat=True)) == [published.pk]

    def test_links_to_hidden_claims_are_not_public(self, published_and_hidden):
        published, _ = published_and_hidden
        body = json.loads(ClaimDocument.objects.get(pk=published.pk).body)
        assert body["denied_by"] == body["evidence"] == []
        assert body["denial_count"] == body["evidence_count"] == 0

    def test_speakers_sources_and_outlets_of_hidden_claims_are_not_public(
        self, published_and_hidden
    ):
        published, _ = published_and_hidden
        assert list(SpeakerDocument.objects.live().values_list("pk", flat=True)) == [
            published.speaker_id
        ]
        assert not SourceDocument.objects.live().exists()
        assert not OutletDocument.objects.live().exists()
        AppearanceFactory(claim=published)
        assert SourceDocument.objects.live().count() == 1
        assert OutletDocument.objects.live().count() == 1

    def test_the_organisation_of_a_public_speaker_is_public(self):
        ministry = SpeakerFactory(kind="organisation")
        ClaimFactory(speaker__affiliation=ministry)
        assert SpeakerDocument.objects.live().filter(pk=ministry.pk).exists()

    def test_a_review_is_public_only_when_it_and_its_claim_are(self):
        public = ReviewFactory()
        ReviewFactory(claim=ClaimFactory(draft=True))
        ReviewFactory(status=PublicationStatus.DRAFT, published_at=None)
        reviewed = ClaimDocument.objects.live().filter(reviewed_on__isnull=False)
        assert list(reviewed.values_list("pk", flat=True)) == [public.claim_id]
