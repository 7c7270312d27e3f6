"""A reader's journey in a real browser: home, search, the claim, its thread, and back."""

import pytest

from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.browser


def test_a_reader_searches_opens_c1_and_follows_the_thread(page, site, tmp_path):
    page.goto(site.url + "/")
    assert page.title().startswith("Claim Tracker")
    page.get_by_label("Search the claims").fill("safe corridor")
    page.get_by_role("button", name="Search").last.click()
    page.wait_for_url("**/claims/?q=safe+corridor")
    results = page.locator(".claim-card")
    assert results.count() == 1

    results.first.get_by_role("link", name="Agreement had been reached").click()
    page.wait_for_url("**/claims/*/agreement-had-been-reached-*/")
    c1_url = page.url
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text().startswith("Agreement had been reached in Raqqa")
    thread = page.locator(".thread--root")
    assert thread.locator(".thread-step__who").all_inner_texts() == [
        "CLAIM A source in the Russian Defence Ministry · 27 May 2017 (this claim)",
        "DENIED BY Syrian Democratic Forces · between 27 and 31 May 2017",
        "DENIED BY Sergey Lavrov, Russian Foreign Minister · 31 May 2017",
        "CONFIRMED BY Sergey Lavrov, Russian Foreign Minister · 31 May 2017",
    ]
    for width, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=tmp_path / f"c1-{width}.png", full_page=True)
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= viewport["width"], (width, scroll_width)

    thread.get_by_role("link", name="The Syrian Democratic Forces reached no agreement").click()
    page.wait_for_url("**/claims/*/the-syrian-democratic-forces-*/")
    assert "Stated between 27 and 31 May 2017" in page.locator(
        ".claim__facts"
    ).inner_text().replace("\n", " ")
    page.screenshot(path=tmp_path / "c2-phone.png", full_page=True)

    page.locator(".claim__answers").get_by_role("link").first.click()
    page.wait_for_url(c1_url)
    assert page.get_by_role("heading", level=1).inner_text().startswith("Agreement had been")
    assert (tmp_path / "c1-phone.png").stat().st_size > 10_000


def test_the_pages_work_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    page.goto(site.url + "/claims/?disputed=true")
    assert page.locator(".claim-card").count() == 2
    page.locator(".claim-card a").nth(1).click()
    # C1, C2 denying it, C3 denying C2, C3 again confirming C1.
    assert page.locator(".thread-step").count() == 4
    context.close()


def test_the_skip_link_and_focus_are_visible_to_keyboard_users(page, site):
    page.goto(site.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box is not None
    assert box["y"] >= 0  # moved on screen when focused
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline == "solid"
