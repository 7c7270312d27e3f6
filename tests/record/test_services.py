"""The one writer of the published record: what a publish writes, and what it refuses.
Each case here was found by trying to break the record as an insider would."""

import json

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink, Evidence, LinkType, PublicationStatus, Rating, Speaker
from record.models import ClaimDocument, Kind, SourceDocument, Version
from record.services import (
    RecordError,
    claim_publish,
    claim_withdraw,
    document_publish,
)
from tests.factories import AppearanceFactory, ClaimFactory, ReviewFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_change_to_a_verdicts_scale_is_a_new_version(client, seeded_claims):
    """The JSON-LD reads the scale's ends from the published verdict: a new end is public."""
    c4 = seeded_claims["C4"]
    review = ReviewFactory(claim=c4, rating=Rating.objects.get(slug="false"))
    before = ClaimDocument.objects.get(pk=c4.pk).version
    Rating.objects.create(
        scale=review.rating.scale, name="Beyond true", slug="beyond", position=99, value=99
    )
    publication = document_publish(kind=Kind.CLAIM, obj=Claim.objects.get(pk=c4.pk))
    assert publication.of(Kind.CLAIM, c4.pk) is not None
    assert ClaimDocument.objects.get(pk=c4.pk).version == before + 1
    page = client.get(c4.get_absolute_url()).content.decode()
    assert '"bestRating": 99' in page


def test_publishing_twice_writes_nothing_the_second_time(seeded_claims):
    c1 = seeded_claims["C1"]
    count = Version.objects.count()
    assert document_publish(kind=Kind.CLAIM, obj=c1).versions == []
    assert Version.objects.count() == count


def test_a_public_speakers_address_cannot_be_taken(seeded_claims):
    lavrov = Speaker.objects.get(slug="sergey-lavrov")
    Speaker.objects.filter(pk=lavrov.pk).update(slug="sergey-lavrov-x")  # working copy only
    impostor = Speaker.objects.create(name="Impostor", slug="sergey-lavrov", kind="person")
    draft = ClaimFactory(draft=True, speaker=impostor)
    with pytest.raises(RecordError, match="belongs to another speaker"):
        claim_publish(claim=draft)
    assert not ClaimDocument.objects.filter(pk=draft.pk).exists()


def test_hidden_evidence_does_not_keep_a_source_public(client, seeded_claims):
    c1 = seeded_claims["C1"]
    source = SourceFactory(title="Shown by one claim only")
    only = AppearanceFactory(source=source).claim  # published, and so is the source
    draft = ClaimFactory(draft=True)
    Evidence.objects.create(claim=c1, backing_claim=draft, source=source, stance="contradicts")
    document_publish(kind=Kind.CLAIM, obj=c1)  # the evidence waits for its backing claim
    claim_withdraw(claim=only, reason="Misattributed.")
    assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 410
    assert not SourceDocument.objects.live().filter(pk=source.pk).exists()


def test_a_source_deleted_from_the_working_copy_does_not_block_a_publish(seeded_claims):
    c1 = seeded_claims["C1"]
    source = SourceFactory()
    draft = ClaimFactory(draft=True)
    evidence = Evidence.objects.create(
        claim=c1, backing_claim=draft, source=source, stance="contradicts"
    )
    document_publish(kind=Kind.CLAIM, obj=c1)
    evidence.delete()
    source.delete()
    claim_publish(claim=draft)
    assert Claim.objects.get(pk=draft.pk).status == PublicationStatus.PUBLISHED
    body = json.loads(ClaimDocument.objects.get(pk=c1.pk).body)
    assert all(
        item["source"] is None or item["source"]["id"] != source.pk for item in body["evidence"]
    )


def test_the_bulk_publish_leaves_withdrawn_claims_alone(client, editor_client, seeded_claims):
    c3 = seeded_claims["C3"]
    claim_withdraw(claim=c3, reason="Legal takedown.")
    answer = editor_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "publish", "_selected_action": [c.pk for c in Claim.objects.all()]},
    )
    assert answer.status_code == 302
    assert client.get(f"/api/v1/claims/{c3.pk}/").status_code == 410
    assert Claim.objects.get(pk=c3.pk).status == PublicationStatus.WITHDRAWN


def test_a_speaker_no_claim_shows_any_more_answers_410_with_why(client, seeded_claims):
    c6 = seeded_claims["C6"]  # the US command's only claim
    claim_withdraw(claim=c6, reason="Attributed to the wrong command.")
    page = client.get(f"/speakers/{c6.speaker.slug}/")
    assert page.status_code == 410
    assert "No published claim shows it any more." in page.content.decode()
    assert client.get(f"/api/v1/speakers/{c6.speaker.slug}/").status_code == 410


def test_a_claim_and_its_denial_published_together_are_one_version_each(editor_client):
    # Reported by a newcomer: the bulk action published them one after the other, so the
    # denied claim got a first version, then an "update" a second later naming the denial
    # (a change that never happened, pushed to partners).
    source = SourceFactory()
    denied = ClaimFactory(draft=True)
    denial = ClaimFactory(draft=True)
    for claim in (denied, denial):
        AppearanceFactory(claim=claim, source=source)
    ClaimLink.objects.create(from_claim=denial, to_claim=denied, type=LinkType.DENIES)

    answer = editor_client.post(
        reverse("admin:claims_claim_changelist"),
        {"action": "publish", "_selected_action": [denied.pk, denial.pk]},
        follow=True,
    )

    assert "2 published." in answer.content.decode()
    for claim in (denied, denial):
        versions = Version.objects.filter(kind=Kind.CLAIM, object_id=claim.pk)
        assert [v.event for v in versions] == ["published"]
    assert Version.objects.filter(kind=Kind.SOURCE, object_id=source.pk).count() == 1
    body = json.loads(ClaimDocument.objects.get(pk=denied.pk).body)
    assert [d["id"] for d in body["denied_by"]] == [denial.pk]
