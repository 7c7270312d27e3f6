"""A partner page embeds a claim through oEmbed: the card renders in a sandboxed iframe, and
the rest of the site refuses to be framed."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim

pytestmark = pytest.mark.browser


def test_the_card_renders_in_a_sandboxed_iframe(page, site, tmp_path):
    claim = Claim.objects.get(text__startswith="Agreement")
    page_url = site.url + claim.get_absolute_url()
    answer = page.request.get(f"{site.url}/oembed", params={"url": page_url}).json()
    assert 'sandbox="' in answer["html"]
    # A partner's page, served by the browser itself. It sits on the test server's origin:
    # Chromium's local-network checks keep a page from any other origin (which, served this
    # way, counts as public) from framing a loopback address. Cross-origin framing rests on
    # the card's headers, tested in tests/claims/test_embeds.py.
    partner_page = (
        "<!doctype html><html lang='en'><body><h1>A partner's article</h1>"
        f"{answer['html']}</body></html>"
    )
    page.route(
        f"{site.url}/partner/article",
        lambda route: route.fulfill(body=partner_page, content_type="text/html"),
    )
    page.goto(f"{site.url}/partner/article")
    card = page.frame_locator("iframe").locator(".claim-embed")
    expect(card.locator(".claim-embed__text")).to_contain_text("Agreement had been reached")
    expect(card).to_contain_text("Disputed. Denied by the Syrian Democratic Forces.")
    box = page.locator("iframe").bounding_box()
    assert (box["width"], box["height"]) == (answer["width"], answer["height"])
    page.screenshot(path=tmp_path / "partner-page.png")
    assert (tmp_path / "partner-page.png").stat().st_size > 5_000


def test_a_claim_page_refuses_to_be_framed(page, site):
    claim = Claim.objects.get(text__startswith="Agreement")
    framing = f"<!doctype html><iframe src='{site.url}{claim.get_absolute_url()}'></iframe>"
    page.route(
        f"{site.url}/partner/framing",
        lambda route: route.fulfill(body=framing, content_type="text/html"),
    )
    page.goto(f"{site.url}/partner/framing")
    page.wait_for_timeout(500)
    [frame] = [f for f in page.frames if f != page.main_frame]
    assert frame.locator(".claim__text").count() == 0
