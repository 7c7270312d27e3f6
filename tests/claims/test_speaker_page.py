"""A speaker's page: who they are, their claims, what they denied and what denied them."""

import pytest

from claims.models import Speaker
from record.models import SpeakerDocument
from record.services import claim_withdraw
from tests.factories import ClaimFactory, ClaimLinkFactory, SpeakerFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db


def get_page(client, slug):
    response = client.get(f"/speakers/{slug}/")
    assert response.status_code == 200
    return parse(response)


def test_it_shows_who_the_speaker_is(client, seeded):
    document = get_page(client, "sergey-lavrov")
    assert text_of(css(document, "h1")[0]) == "Sergey Lavrov"
    header = text_of(css(document, "header.speaker")[0])
    assert "Also known as Sergei Lavrov." in header
    assert "Part of Russian Ministry of Foreign Affairs" in header
    assert len(css(document, ".claim-card")) == 3


def test_it_lists_the_claims_the_speaker_denied(client, seeded_claims):
    document = get_page(client, "sergey-lavrov")
    denied = text_of(css(document, "#denied-heading")[0].getparent())
    assert "Sergey Lavrov (31 May 2017): “Our Defense Ministry confirms" in denied
    assert (
        "denies Syrian Democratic Forces (between 27 and 31 May 2017): "
        "The Syrian Democratic Forces" in denied
    )


def test_it_lists_the_claims_that_denied_the_speaker(client, seeded_claims):
    document = get_page(client, "syrian-democratic-forces")
    denied_by = text_of(css(document, "#denied-by-heading")[0].getparent())
    assert denied_by.startswith("Claims that denied Syrian Democratic Forces Sergey Lavrov")
    assert "Also known as SDF." in text_of(document)


def test_an_organisation_lists_its_public_speakers(client, seeded):
    document = get_page(client, "russian-ministry-of-defence")
    assert "Speakers in it A source in the Russian Defence Ministry, Sergei Shoigu" in text_of(
        document
    )


def test_a_speaker_with_no_public_claim_is_not_found(client, seeded):
    assert Speaker.objects.filter(slug="islamic-state").exists()
    assert client.get("/speakers/islamic-state/").status_code == 404
    assert client.get("/speakers/nobody/").status_code == 404


@pytest.mark.parametrize("rows", [3, 50])
def test_it_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    speaker = SpeakerFactory(kind="organisation")
    SpeakerFactory(affiliation=speaker)
    for _ in range(rows):
        claim = ClaimFactory(speaker=speaker)
        ClaimLinkFactory(from_claim=claim)
        ClaimLinkFactory(to_claim=claim)
    speaker.aliases.create(name="Alias")
    with django_assert_num_queries(6):
        # 0. the public data version (ETag; a cache read when REDIS_URL is set)
        # 1. the speaker's document (aliases, organisation and claim count in it),
        # 2. its members' documents, 3. its claims' cards, 4. denials made,
        # 5. denials received (both from the record's denial links, with the summaries)
        get_page(client, speaker.slug)


def test_every_organisation_above_a_public_speaker_has_a_page(client, db):
    government = SpeakerFactory(kind="organisation")
    ministry = SpeakerFactory(kind="organisation", affiliation=government)
    department = SpeakerFactory(kind="organisation", affiliation=ministry)
    ClaimFactory(speaker=SpeakerFactory(affiliation=department))
    # The ministry's page links to the government's: both answer.
    document = get_page(client, ministry.slug)
    assert len(css(document, f'a[href="/speakers/{government.slug}/"]')) == 1
    get_page(client, government.slug)
    assert client.get(f"/api/v1/speakers/{government.slug}/").status_code == 200


def test_organisations_in_a_cycle_are_public_only_with_a_public_claim(client, db):
    first = SpeakerFactory(kind="organisation")
    second = SpeakerFactory(kind="organisation", affiliation=first)
    first.affiliation = second
    first.save()
    both = [first.pk, second.pk]
    assert not SpeakerDocument.objects.live().filter(pk__in=both).exists()
    claim = ClaimFactory(speaker=first)
    assert set(SpeakerDocument.objects.live().values_list("pk", flat=True)) == set(both)
    claim_withdraw(claim=claim, reason="Misattributed.")
    # Each names the other, and neither is shown by a live claim any more.
    assert not SpeakerDocument.objects.live().filter(pk__in=both).exists()
