"""The database itself refuses bad data, even when code skips form validation."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from claims.models import (
    Claim,
    ClaimLink,
    Evidence,
    PublicationStatus,
    Speaker,
    SpeakerAlias,
    SpeakerKind,
)
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    RatingFactory,
    ReviewFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db


def assert_db_rejects(write):
    # atomic(): the failed statement must not poison the test's transaction on PostgreSQL.
    with pytest.raises(IntegrityError), transaction.atomic():
        write()


class TestSpeaker:
    @pytest.mark.parametrize("bad_id", ["42", "Q", "q42", "Q042", "Q42a", "P31", " Q42"])
    def test_it_rejects_a_wikidata_id_that_is_not_q_and_digits(self, bad_id):
        assert_db_rejects(lambda: SpeakerFactory(wikidata_id=bad_id))

    def test_it_accepts_a_wikidata_id_or_none(self):
        SpeakerFactory(wikidata_id="Q80504")
        SpeakerFactory(wikidata_id="")
        SpeakerFactory(wikidata_id="")

    def test_it_rejects_two_speakers_with_one_wikidata_id(self):
        SpeakerFactory(wikidata_id="Q42")
        assert_db_rejects(lambda: SpeakerFactory(wikidata_id="Q42"))

    def test_it_rejects_an_unnamed_source_without_an_organisation(self):
        assert_db_rejects(lambda: SpeakerFactory(kind=SpeakerKind.UNNAMED_SOURCE))

    def test_it_accepts_an_unnamed_source_in_an_organisation(self):
        ministry = SpeakerFactory(kind=SpeakerKind.ORGANISATION)
        SpeakerFactory(kind=SpeakerKind.UNNAMED_SOURCE, affiliation=ministry)

    def test_it_rejects_a_speaker_affiliated_with_itself(self):
        speaker = SpeakerFactory()
        assert_db_rejects(
            lambda: Speaker.objects.filter(pk=speaker.pk).update(affiliation=speaker)
        )

    def test_it_rejects_an_unknown_kind(self):
        assert_db_rejects(lambda: SpeakerFactory(kind="robot"))

    def test_it_rejects_a_duplicate_alias(self):
        speaker = SpeakerFactory()
        SpeakerAlias.objects.create(speaker=speaker, name="SDF")
        assert_db_rejects(lambda: SpeakerAlias.objects.create(speaker=speaker, name="SDF"))

    def test_it_cannot_be_deleted_while_it_has_claims(self):
        claim = ClaimFactory()
        with pytest.raises(ProtectedError):
            claim.speaker.delete()

    def test_it_cannot_be_deleted_while_it_has_members(self):
        ministry = SpeakerFactory(kind=SpeakerKind.ORGANISATION)
        SpeakerFactory(affiliation=ministry)
        with pytest.raises(ProtectedError):
            ministry.delete()

    def test_full_clean_explains_a_bad_wikidata_id_in_plain_words(self):
        speaker = SpeakerFactory.build(wikidata_id="42")
        with pytest.raises(ValidationError) as error:
            speaker.full_clean()
        assert error.value.message_dict["wikidata_id"] == [
            "A Wikidata id is the letter Q followed by digits, such as Q42."
        ]


class TestClaim:
    def test_it_rejects_a_date_without_a_precision(self):
        assert_db_rejects(lambda: ClaimFactory(stated_on_precision=""))

    def test_it_rejects_a_precision_without_a_date(self):
        assert_db_rejects(lambda: ClaimFactory(stated_on=None, stated_on_precision="month"))

    def test_it_accepts_an_undated_claim(self):
        ClaimFactory(stated_on=None, stated_on_precision="")

    def test_it_rejects_an_unknown_precision(self):
        assert_db_rejects(lambda: ClaimFactory(stated_on_precision="week"))

    def test_it_rejects_original_text_without_its_language(self):
        assert_db_rejects(lambda: ClaimFactory(original_text="Наше Минобороны"))

    def test_it_rejects_an_unknown_status(self):
        assert_db_rejects(lambda: ClaimFactory(status="archived"))

    def test_it_rejects_a_published_claim_without_a_publication_date(self):
        # save() dates a publication itself; an update that skips it meets the database.
        claim = ClaimFactory()
        assert_db_rejects(lambda: Claim.objects.filter(pk=claim.pk).update(published_at=None))

    def test_it_rejects_a_withdrawn_claim_without_a_reason(self):
        assert_db_rejects(
            lambda: ClaimFactory(
                status=PublicationStatus.WITHDRAWN,
                withdrawn_at=timezone.now(),
                withdrawn_reason="",
            )
        )

    def test_it_cannot_be_deleted_while_in_a_dispute_thread(self):
        denial = ClaimLinkFactory()
        with pytest.raises(ProtectedError):
            denial.to_claim.delete()
        with pytest.raises(ProtectedError):
            denial.from_claim.delete()

    def test_it_cannot_be_deleted_while_it_has_a_review(self):
        review = ReviewFactory()
        with pytest.raises(ProtectedError):
            review.claim.delete()


class TestAppearance:
    def test_it_links_a_claim_and_a_source_once(self):
        appearance = AppearanceFactory()
        assert_db_rejects(
            lambda: AppearanceFactory(claim=appearance.claim, source=appearance.source)
        )

    def test_it_allows_one_first_appearance_per_claim(self):
        first = AppearanceFactory(marked_first=True, marked_first_reason="The earliest report.")
        AppearanceFactory(claim=first.claim, marked_first=False)
        assert_db_rejects(
            lambda: AppearanceFactory(
                claim=first.claim, marked_first=True, marked_first_reason="The earliest report."
            )
        )

    def test_its_source_cannot_be_deleted(self):
        appearance = AppearanceFactory()
        with pytest.raises(ProtectedError):
            appearance.source.delete()


class TestDenial:
    def test_a_claim_cannot_deny_itself(self):
        claim = ClaimFactory()
        assert_db_rejects(lambda: ClaimLink.objects.create(from_claim=claim, to_claim=claim))

    def test_the_same_pair_is_linked_once(self):
        denial = ClaimLinkFactory()
        assert_db_rejects(
            lambda: ClaimLink.objects.create(
                from_claim=denial.from_claim, to_claim=denial.to_claim
            )
        )

    def test_two_claims_may_deny_each_other(self):
        denial = ClaimLinkFactory()
        ClaimLink.objects.create(from_claim=denial.to_claim, to_claim=denial.from_claim)

    def test_full_clean_explains_a_self_denial_in_plain_words(self):
        claim = ClaimFactory()
        with pytest.raises(ValidationError) as error:
            ClaimLink(from_claim=claim, to_claim=claim).full_clean()
        assert "A claim cannot answer itself." in error.value.messages


class TestEvidence:
    def test_it_needs_a_source_or_a_claim(self):
        assert_db_rejects(lambda: EvidenceFactory(source=None, backing_claim=None))

    def test_a_claim_is_not_evidence_for_itself(self):
        claim = ClaimFactory()
        assert_db_rejects(lambda: EvidenceFactory(claim=claim, backing_claim=claim))

    def test_the_same_backing_claim_is_linked_once(self):
        evidence = EvidenceFactory(backing_claim=ClaimFactory())
        assert_db_rejects(
            lambda: EvidenceFactory(claim=evidence.claim, backing_claim=evidence.backing_claim)
        )

    def test_the_same_source_alone_is_linked_once(self):
        evidence = EvidenceFactory()
        assert_db_rejects(lambda: EvidenceFactory(claim=evidence.claim, source=evidence.source))

    def test_it_rejects_an_unknown_stance(self):
        assert_db_rejects(lambda: EvidenceFactory(stance="maybe"))

    def test_its_backing_claim_cannot_be_deleted(self):
        evidence = EvidenceFactory(backing_claim=ClaimFactory())
        with pytest.raises(ProtectedError):
            evidence.backing_claim.delete()

    def test_it_goes_with_the_claim_it_bears_on(self):
        evidence = EvidenceFactory()
        evidence.claim.delete()
        assert not Evidence.objects.exists()


class TestRatingAndReview:
    def test_a_scale_has_one_rating_per_position(self):
        rating = RatingFactory(position=1)
        assert_db_rejects(lambda: RatingFactory(scale=rating.scale, position=1))

    def test_a_rating_in_use_cannot_be_deleted(self):
        review = ReviewFactory()
        with pytest.raises(ProtectedError):
            review.rating.delete()

    def test_a_claim_has_one_review(self):
        review = ReviewFactory()
        assert_db_rejects(lambda: ReviewFactory(claim=review.claim))

    def test_a_review_url_is_recorded_once(self):
        ReviewFactory(url="https://factcheck.example/review/1")
        assert_db_rejects(lambda: ReviewFactory(url="https://factcheck.example/review/1"))

    def test_an_update_cannot_come_before_the_review(self):
        assert_db_rejects(
            lambda: ReviewFactory(
                reviewed_on=datetime.date(2017, 6, 2), updated_on=datetime.date(2017, 6, 1)
            )
        )
