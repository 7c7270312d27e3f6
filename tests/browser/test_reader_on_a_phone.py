"""A reader on a phone (390 × 844): the claim page's first screen holds the claim, its verdict
on its scale and the dispute in a sentence; the claim list's first result is on the first
screen, its filters folded away until asked for."""

import pytest

from claims.models import Claim, Rating
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ReviewFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def phone(browser):
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def on_first_screen(locator) -> dict:
    """The element's box, asserted to lie wholly within the phone's first screen."""
    locator.wait_for()
    box = locator.bounding_box()
    assert box is not None
    assert box["y"] >= 0, box
    assert box["y"] + box["height"] <= PHONE["height"], box
    assert box["x"] >= 0, box
    assert box["x"] + box["width"] <= PHONE["width"], box
    return box


def test_the_first_screen_of_c1_holds_the_claim_the_verdict_and_the_dispute(phone, site, tmp_path):
    c1 = Claim.objects.get(text__startswith="Agreement had been reached")
    # A fact-checker's verdict on C1, published as an editor publishes it.
    ReviewFactory(
        claim=c1,
        rating=Rating.objects.get(scale__slug="standard", slug="mostly-false"),
        summary="Only the Russian Defence Ministry and its minister vouch for the corridor; "
        "the SDF denies it and no independent source confirms it.",
        reasoning="Every corroboration comes from the Russian government.",
        reviewer_organisation="Factcheck Desk",
    )
    phone.goto(site.url + c1.get_absolute_url())
    phone.screenshot(path=tmp_path / "c1-phone-first-screen.png")

    # The claim: its first words as the headline, who said it, and when.
    headline = phone.get_by_role("heading", level=1)
    on_first_screen(headline)
    assert headline.inner_text().startswith("Agreement had been reached in Raqqa between")
    assert headline.inner_text().endswith("…")
    on_first_screen(phone.locator(".claim__who"))
    assert (
        phone.locator(".claim__who")
        .inner_text()
        .startswith("A source in the Russian Defence Ministry")
    )
    # The headline is in normal weight: the hierarchy comes from size and place.
    weight = headline.evaluate("element => getComputedStyle(element).fontWeight")
    assert int(weight) < 600

    # The verdict, placed on its scale: the verdict's step marked by more than colour.
    verdict = phone.locator("section.verdict")
    heading = verdict.get_by_role("heading", level=2)
    on_first_screen(heading)
    assert heading.locator(".verdict__rating").inner_text() == "Mostly false"
    line = verdict.locator(".scale__line")
    on_first_screen(line)
    assert line.locator(".scale__step").all_inner_texts() == [
        "True",
        "Mostly true",
        "Half true",
        "Mostly false",
        "False",
    ]
    current = line.locator(".scale__step--current")
    assert current.inner_text() == "Mostly false"
    assert current.evaluate("e => getComputedStyle(e, '::before').content") == '"▼"'
    assert verdict.locator(".scale__off .scale__step").all_inner_texts() == ["Unproven"]
    # Its text equivalent, for screen readers (the drawing is hidden from them).
    assert line.get_attribute("aria-hidden") == "true"
    assert verdict.locator(".scale .visually-hidden").inner_text() == (
        "Mostly false: rating 4 of 5 on the Standard scale, from True (best) to False (worst)."
    )
    on_first_screen(verdict.locator(".verdict__summary"))

    # The dispute in a sentence: who denied it, and who rejected the denial.
    summary = phone.locator(".claim__disputed")
    on_first_screen(summary)
    assert summary.inner_text().startswith(
        "Disputed. Denied by the Syrian Democratic Forces; Sergey Lavrov rejected the denial. "
        "Confirmed by Sergey Lavrov."
    )

    # The claim in full, below: every word of it.
    assert phone.locator(".claim__text").inner_text() == c1.text
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=tmp_path / "c1-phone.png", full_page=True)


def test_the_claim_list_starts_with_a_result_on_a_phone(phone, site, tmp_path):
    phone.goto(site.url + "/claims/")
    phone.screenshot(path=tmp_path / "list-phone.png")
    on_first_screen(phone.locator(".claim-card").first)
    # The filters are folded; the summary opens them, without a script.
    speaker = phone.get_by_label("Speaker", exact=True)
    assert not speaker.is_visible()
    phone.get_by_text("Filter claims").click()
    assert speaker.is_visible()
    speaker.fill("Sergey Lavrov")
    phone.get_by_role("button", name="Apply").click()
    phone.wait_for_url("**/claims/?*speaker=Sergey+Lavrov*")
    assert phone.locator(".claim-card").count() == 3
    # The folded form says which filters are set, and the results still come first.
    assert phone.locator(".filters__toggle").inner_text() == "Filter claims (Speaker)"
    on_first_screen(phone.locator(".claim-card").first)

    # On a wide screen the filters show unasked.
    phone.set_viewport_size(DESKTOP)
    phone.goto(site.url + "/claims/")
    assert phone.get_by_label("Speaker", exact=True).is_visible()
    assert not phone.locator(".filters__toggle").is_visible()


def test_a_bad_filter_value_opens_the_filters_on_a_phone(phone, site):
    phone.goto(site.url + "/claims/?stated_after=yesterday")
    field = phone.get_by_label("Stated on or after")
    assert field.is_visible()
    assert phone.locator(".field__error").first.is_visible()


def test_no_reader_page_is_wider_than_the_phone(phone, site):
    # Reported by a newcomer: a source page with a long address was 406 px wide on a 375 px
    # phone, its address and outlet cut off at the right. Every kind of reader page, with
    # the longest unbroken text the seed has (source addresses), must fit.
    from claims.models import Speaker
    from sources.models import Source

    source = Source.objects.exclude(url="").order_by("pk").first()
    speaker = Claim.objects.get(text__startswith="Agreement had been reached").speaker
    pages = [
        "/",
        "/claims/",
        Claim.objects.get(text__startswith="Agreement had been reached").get_absolute_url(),
        Speaker.objects.get(pk=speaker.pk).get_absolute_url(),
        source.get_absolute_url(),
    ]
    for path in pages:
        phone.goto(site.url + path)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{path} is {width} px wide"
