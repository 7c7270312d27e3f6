"""A speaker's page: who they are, their claims, what they denied and what denied them."""

import pytest

from claims.models import Rating, Speaker
from record.models import ClaimDocument, Kind, Link, Relation, SpeakerDocument
from record.services import claim_withdraw
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    RatingFactory,
    RatingScaleFactory,
    ReviewFactory,
    SpeakerFactory,
)
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
    ReviewFactory(claim=claim)
    with django_assert_num_queries(7):
        # 0. the public data version (ETag; a cache read when REDIS_URL is set)
        # 1. the speaker's document (aliases, organisation and claim count in it),
        # 2. its record at a glance (verdicts and disputes counted, grouped by verdict),
        # 3. its members' documents, 4. its claims' cards, 5. denials made,
        # 6. denials received (both from the record's denial links, with the summaries)
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


# --- Their record at a glance --------------------------------------------------------------


def chart(document) -> dict[str, tuple[int, str]]:
    """The verdict chart's rows: verdict → (claims, the bar's width)."""
    rows = {}
    for row in css(document, ".verdict-chart tbody tr"):
        label = text_of(css(row, "th")[0])
        count = int(text_of(css(row, ".verdict-chart__count")[0]))
        rows[label] = (count, css(row, "rect.verdict-chart__fill")[0].get("width"))
    return rows


def stats(document) -> dict[str, str]:
    return {
        text_of(css(stat, "dt")[0]): text_of(css(stat, "dd")[0])
        for stat in css(document, ".glance__stat")
    }


def test_the_verdict_chart_counts_what_the_record_holds(client, seeded_claims):
    lavrov = seeded_claims["C3"].speaker
    standard = {r.slug: r for r in Rating.objects.filter(scale__slug="standard")}
    ReviewFactory(claim=seeded_claims["C3"], rating=standard["unproven"])
    ReviewFactory(claim=seeded_claims["C5"], rating=standard["half-true"])
    ReviewFactory(claim=seeded_claims["C7"], rating=standard["half-true"])
    extra = ClaimFactory(speaker=lavrov, text="Another statement.")
    ReviewFactory(claim=extra, rating=standard["false"])
    ClaimFactory(speaker=lavrov, text="Not reviewed.")
    # A draft's verdict is nobody's business yet.
    ReviewFactory(claim=ClaimFactory(speaker=lavrov, draft=True), rating=standard["true"])

    document = get_page(client, "sergey-lavrov")
    rows = chart(document)
    # Best first, the rating off the true–false line next, the claims without a verdict last.
    assert list(rows) == ["Half true", "False", "Unproven", "No verdict yet"]
    live = ClaimDocument.objects.live().filter(speaker_id=lavrov.pk)
    for label, slug in [("Half true", "half-true"), ("False", "false"), ("Unproven", "unproven")]:
        assert rows[label][0] == live.filter(rating=slug).count(), label
    assert rows["No verdict yet"][0] == live.filter(rating="").count() == 1
    assert sum(count for count, _ in rows.values()) == live.count() == 5
    # Each bar is its share of the speaker's claims, in the chart's units (0–100).
    assert rows["Half true"][1] == "40.0"
    assert rows["False"][1] == "20.0"
    caption = text_of(css(document, ".verdict-chart caption")[0])
    assert caption == "Verdicts on the 5 published claims by Sergey Lavrov"
    # The bars are drawn for the eye only: the table's numbers are the text.
    assert css(document, ".verdict-chart svg")[0].get("aria-hidden") == "true"


def test_their_disputes_are_counted_as_the_record_holds_them(client, seeded_claims):
    document = get_page(client, "sergey-lavrov")
    assert stats(document) == {"Claims of theirs denied": "0 of 3", "Claims they denied": "1"}
    document = get_page(client, "syrian-democratic-forces")
    assert stats(document) == {
        "Claims of theirs denied": "1 of 1, by 1 claim",
        "Claims they denied": "1",
    }
    # New denials, both ways, counted from the record's links.
    sdf = seeded_claims["C2"].speaker
    for _ in range(3):
        ClaimLinkFactory(from_claim=ClaimFactory(speaker=sdf), to_claim=seeded_claims["C4"])
    ClaimLinkFactory(from_claim=ClaimFactory(), to_claim=seeded_claims["C2"])
    document = get_page(client, "syrian-democratic-forces")
    made = Link.objects.filter(
        from_kind=Kind.CLAIM,
        relation=Relation.DENIES,
        from_id__in=ClaimDocument.objects.live().filter(speaker_id=sdf.pk).values("pk"),
    ).count()
    assert made == 4
    assert stats(document) == {
        "Claims of theirs denied": "1 of 4, by 2 claims",
        "Claims they denied": "4",
    }


def test_a_speaker_without_verdicts_is_told_in_words(client, seeded_claims):
    document = get_page(client, "sergey-lavrov")
    assert not css(document, ".verdict-chart")
    assert text_of(css(document, ".glance__none")[0]) == (
        "None of the 3 published claims by Sergey Lavrov has a fact-checker’s verdict yet."
    )


def test_ratings_of_two_scales_say_which_scale(client, db):
    speaker = SpeakerFactory()
    first, second = RatingScaleFactory(name="Desk A"), RatingScaleFactory(name="Desk B")
    ReviewFactory(
        claim=ClaimFactory(speaker=speaker), rating=RatingFactory(scale=first, name="False")
    )
    ReviewFactory(
        claim=ClaimFactory(speaker=speaker), rating=RatingFactory(scale=second, name="False")
    )
    assert set(chart(get_page(client, speaker.slug))) == {
        "False (Desk A scale)",
        "False (Desk B scale)",
    }
