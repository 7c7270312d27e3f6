"""The Content-Security-Policy in a real browser: Chromium blocks nothing the reader pages,
the embedded card or the API reference need, and does block what an injection would add."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim
from sources.models import Source

pytestmark = pytest.mark.browser

READER_PAGES = {
    "home": lambda: "/",
    "list": lambda: "/claims/?q=Raqqa",
    "claim C1": lambda: Claim.objects.get(text__startswith="Agreement").get_absolute_url(),
    "speaker": lambda: "/speakers/sergey-lavrov/",
    "source": lambda: Source.objects.get().get_absolute_url(),
    "not found": lambda: "/claims/999999/",
    "card": lambda: f"/claims/{Claim.objects.get(text__startswith='Agreement').pk}/embed/",
}


@pytest.mark.parametrize("name", READER_PAGES)
def test_a_reader_page_logs_no_csp_violation(page, site, csp_violations, name):
    response = page.goto(site.url + READER_PAGES[name]())
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("load")
    # The stylesheet loaded under style-src 'self': the page is styled, not bare HTML.
    assert page.evaluate("document.styleSheets.length") >= 1
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0
    assert csp_violations == []


def test_injected_inline_script_and_style_are_blocked(page, site, csp_violations):
    page.goto(site.url + READER_PAGES["claim C1"]())
    # What a stored-XSS payload would do: markup with a style attribute and an inline
    # script, added to the live document.
    page.evaluate(
        """() => {
            const box = document.createElement("div");
            box.innerHTML = '<p id="injected" style="color: rgb(255, 0, 0)">injected</p>';
            document.body.append(box);
            const script = document.createElement("script");
            script.textContent = "window.injectedRan = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injectedRan") is None
    color = page.evaluate("getComputedStyle(document.getElementById('injected')).color")
    assert color != "rgb(255, 0, 0)"
    assert len(csp_violations) == 2, csp_violations


def test_the_card_is_styled_inside_a_partners_sandboxed_iframe(page, site, csp_violations):
    claim = Claim.objects.get(text__startswith="Agreement")
    answer = page.request.get(
        f"{site.url}/oembed", params={"url": site.url + claim.get_absolute_url()}
    ).json()
    partner_page = f"<!doctype html><html lang='en'><body>{answer['html']}</body></html>"
    # Served by the browser itself, without a policy of its own (see test_embed.py on why
    # it shares the test server's origin).
    page.route(
        f"{site.url}/partner/article",
        lambda route: route.fulfill(body=partner_page, content_type="text/html"),
    )
    page.goto(f"{site.url}/partner/article")
    card = page.frame_locator("iframe").locator(".claim-embed")
    expect(card).to_contain_text("Disputed. Denied by the Syrian Democratic Forces.")
    # embed.css applied: the card's red left border.
    assert card.evaluate("element => getComputedStyle(element).borderLeftWidth") == "5px"
    assert csp_violations == []


def test_the_api_reference_runs_under_the_policy(page, site, csp_violations):
    page.goto(f"{site.url}/api/v1/docs/")
    operations = page.locator(".opblock")
    expect(operations.first).to_be_visible()
    operations.first.click()
    page.get_by_role("button", name="Try it out").first.click()
    page.get_by_role("button", name="Execute").first.click()
    expect(page.locator(".live-responses-table")).to_be_visible()
    assert csp_violations == []
