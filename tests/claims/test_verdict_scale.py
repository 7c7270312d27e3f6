"""The verdict on its scale (web.verdicts): the scale's ratings best first, the verdict's
marked, those off the true–false line apart, and the same in a sentence; on the claim page,
from the verdict as published, and from a verdict published before the record kept its
scale's ratings."""

import datetime

import pytest

from claims.models import Rating
from record.documents import PublishedRating, PublishedReview
from record.models import ClaimDocument
from tests.factories import RatingFactory, RatingScaleFactory, ReviewFactory
from tests.html import css, parse, text_of
from web.verdicts import tone, verdict_scale

STANDARD = (
    PublishedRating("True", "true", 5),
    PublishedRating("Mostly true", "mostly-true", 4),
    PublishedRating("Half true", "half-true", 3),
    PublishedRating("Mostly false", "mostly-false", 2),
    PublishedRating("False", "false", 1),
    PublishedRating("Unproven", "unproven", None),
)


def review(slug: str, *, ratings=STANDARD, best=5, worst=1) -> PublishedReview:
    rating = next((r for r in STANDARD if r.slug == slug), None) or PublishedRating(
        slug.capitalize(), slug, 2
    )
    return PublishedReview(
        rating=rating,
        summary="",
        reasoning="",
        reviewed_on=datetime.date(2017, 6, 2),
        updated_on=None,
        reviewer_name="",
        reviewer_organisation="Desk",
        url="",
        best_rating=best,
        worst_rating=worst,
        scale="Standard",
        scale_ratings=ratings,
    )


def labels(steps, *, current=False):
    return [s.label for s in steps if s.is_current or not current]


def test_a_verdict_on_the_line_is_marked_among_the_ratings_best_first():
    scale = verdict_scale(review("mostly-false"))
    assert labels(scale.line) == ["True", "Mostly true", "Half true", "Mostly false", "False"]
    assert labels(scale.line, current=True) == ["Mostly false"]
    assert [s.tone for s in scale.line] == [4, 3, 2, 1, 0]
    assert labels(scale.off_line) == ["Unproven"]
    assert not any(s.is_current for s in scale.off_line)
    assert scale.description == (
        "Mostly false: rating 4 of 5 on the Standard scale, from True (best) to False (worst)."
    )


def test_a_verdict_off_the_line_is_marked_apart():
    scale = verdict_scale(review("unproven"))
    assert labels(scale.off_line, current=True) == ["Unproven"]
    assert not any(s.is_current for s in scale.line)
    assert scale.off_line[0].tone is None
    assert scale.description == (
        "Unproven: outside the Standard scale's line from True (best) to False (worst)."
    )


def test_the_line_goes_best_first_whatever_the_scales_positions():
    worst_first = tuple(reversed(STANDARD[:5]))
    scale = verdict_scale(review("true", ratings=worst_first))
    assert labels(scale.line) == ["True", "Mostly true", "Half true", "Mostly false", "False"]


def test_a_verdict_published_before_the_scale_was_kept_sits_on_its_numbers():
    scale = verdict_scale(review("mostly-false", ratings=()))
    assert labels(scale.line) == ["5", "4", "3", "Mostly false", "1"]
    assert labels(scale.line, current=True) == ["Mostly false"]
    assert scale.description == "Mostly false: 2 on a scale from 5 (best) to 1 (worst)."
    off = verdict_scale(review("unproven", ratings=()))
    assert off.line == ()
    assert "off the scale from 5 (best) to 1 (worst)" in off.description
    # A 0–100 score has too many steps to draw: said in words only.
    wide = verdict_scale(review("mostly-false", ratings=(), best=100, worst=0))
    assert wide.line == ()
    assert wide.description.startswith("Mostly false: 2 on a scale")
    assert verdict_scale(None) is None


@pytest.mark.parametrize(
    ("value", "worst", "best", "step"), [(1, 1, 5, 0), (3, 1, 5, 2), (5, 1, 5, 4), (7, 7, 7, 2)]
)
def test_tones_run_from_the_worst_to_the_best(value, worst, best, step):
    assert tone(value, worst, best) == step


@pytest.mark.django_db
class TestOnTheClaimPage:
    def test_the_seed_scale_is_drawn_with_the_verdict_marked(self, client, seeded_claims):
        c1 = seeded_claims["C1"]
        ReviewFactory(claim=c1, rating=Rating.objects.get(slug="half-true"))
        document = parse(client.get(c1.get_absolute_url()))
        verdict = css(document, "section.verdict")[0]
        line = css(verdict, ".scale__line")[0]
        assert [text_of(li) for li in css(line, "li")] == [
            "True",
            "Mostly true",
            "Half true",
            "Mostly false",
            "False",
        ]
        [current] = css(verdict, ".scale__step--current")
        assert text_of(current) == "Half true"
        # The drawing is hidden from screen readers, which read the sentence instead.
        assert line.get("aria-hidden") == "true"
        assert text_of(css(verdict, ".scale .visually-hidden")[0]) == (
            "Half true: rating 3 of 5 on the Standard scale, from True (best) to False (worst)."
        )
        assert [text_of(li) for li in css(verdict, ".scale__off li")] == ["Unproven"]

    def test_a_verdict_published_before_the_scale_was_kept_still_shows_its_place(
        self, client, settings, seeded_claims
    ):
        settings.STORE_CLAIM_PAGES = False
        c1 = seeded_claims["C1"]
        ReviewFactory(claim=c1, rating=Rating.objects.get(slug="mostly-false"))
        head = ClaimDocument.objects.get(pk=c1.pk)
        content = head.content
        del content["review"]["rating"]["scale_ratings"]  # as an older release stored it
        ClaimDocument.objects.filter(pk=c1.pk).update(content=content)
        document = parse(client.get(c1.get_absolute_url()))
        steps = [text_of(li) for li in css(document, ".scale__line li")]
        assert steps == ["5", "4", "3", "Mostly false", "1"]

    def test_a_scale_without_numbers_lists_its_ratings(self, client, seeded_claims):
        scale = RatingScaleFactory(name="Imported")
        for position, name in enumerate(["Misleading", "Missing context"], start=1):
            slug = name.lower().replace(" ", "-")
            RatingFactory(scale=scale, name=name, slug=slug, position=position, value=None)
        c1 = seeded_claims["C1"]
        ReviewFactory(claim=c1, rating=scale.ratings.get(slug="missing-context"))
        document = parse(client.get(c1.get_absolute_url()))
        assert not css(document, ".scale__line li")
        steps = css(document, ".scale__off li")
        assert [text_of(li) for li in steps] == ["Misleading", "Missing context"]
        assert "scale__step--current" in steps[1].get("class")
        assert text_of(css(document, ".scale .visually-hidden")[0]) == (
            "Missing context, on the Imported scale."
        )

    def test_a_claim_without_a_verdict_says_so_at_the_top(self, client, seeded_claims):
        document = parse(client.get(seeded_claims["C1"].get_absolute_url()))
        assert not css(document, ".scale")
        assert text_of(css(document, ".verdict--none")[0]).startswith("No fact-checker’s verdict")
