"""The Arabic pages in a browser (docs/pages.md, "Languages"): right to left, the layout
mirrored, the claims in their own language and direction, and no serious or critical
accessibility violation (axe-core)."""

import pytest

from claims.models import Claim
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_accessibility import serious_violations

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    # axe-core goes in as an inline script, which the Content-Security-Policy refuses (as
    # test_accessibility.py explains).
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def c1_path() -> str:
    return Claim.objects.get(text__startswith="Agreement").get_absolute_url()


def box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("language", ["ar", "ckb"])
def test_the_arabic_and_kurdish_claim_pages_pass_axe(page, site, axe_script, language, viewport):
    page.set_viewport_size(viewport)
    page.goto(f"{site.url}/{language}{c1_path()}")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("main h1").count() == 1
    assert serious_violations(page, axe_script) == []


@pytest.mark.parametrize("path", ["/ar/", "/ar/claims/", "/ar/speakers/sergey-lavrov/"])
def test_other_arabic_pages_pass_axe(page, site, axe_script, path):
    page.goto(site.url + path)
    assert serious_violations(page, axe_script) == []


def test_the_arabic_layout_mirrors_the_english_one(page, site):
    page.set_viewport_size(DESKTOP)
    page.goto(site.url + c1_path())
    english_name, english_nav = box(page, ".site-name"), box(page, "nav[aria-label] ul")
    page.goto(f"{site.url}/ar{c1_path()}")
    arabic_name, arabic_nav = box(page, ".site-name"), box(page, "nav[aria-label] ul")
    width = page.viewport_size["width"]
    # In English the site's name starts at the left and the navigation follows it to the
    # right; in Arabic the name starts at the right and the navigation follows to its left.
    assert english_name["x"] < english_nav["x"]
    assert arabic_name["x"] > arabic_nav["x"]
    assert arabic_name["x"] + arabic_name["width"] > width / 2
    # The thread's nested steps are indented from the start: the left in English, the right
    # in Arabic.
    nested, root = ".thread .thread .thread-step", ".thread--root"
    arabic_step, arabic_root = box(page, nested), box(page, root)
    page.goto(site.url + c1_path())
    english_step, english_root = box(page, nested), box(page, root)
    english_indent = english_step["x"] - english_root["x"]
    arabic_indent = (arabic_root["x"] + arabic_root["width"]) - (
        arabic_step["x"] + arabic_step["width"]
    )
    assert english_indent > 10
    assert abs(arabic_indent - english_indent) < 1
    assert abs(arabic_step["x"] - arabic_root["x"]) < 1


def test_the_claim_keeps_its_own_direction_on_the_arabic_page(page, site):
    page.goto(f"{site.url}/ar{c1_path()}")
    heading = page.locator("#claim-heading")
    # An English claim is laid out left to right inside the right-to-left page.
    assert heading.evaluate("element => getComputedStyle(element).direction") == "ltr"
    assert heading.get_attribute("lang") == "en"
    assert page.locator("body").evaluate("element => getComputedStyle(element).direction") == "rtl"


def test_the_switcher_takes_the_reader_to_the_same_page_in_russian(page, site):
    page.goto(f"{site.url}/ar{c1_path()}")
    page.locator("nav.languages a[hreflang=ru]").click()
    page.wait_for_url(f"{site.url}/ru{c1_path()}")
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("#thread-heading").inner_text() == "Спор"
