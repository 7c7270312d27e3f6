"""The Content-Security-Policy: every reader page sends it, nothing on them needs inline script
or style, and only the embeddable card may be framed. In a real browser:
tests/browser/test_content_security_policy.py."""

import lxml.html
import pytest

from claims.models import Claim
from sources.models import Source
from tests.factories import ClaimFactory, withdraw
from tests.html import parse

pytestmark = pytest.mark.django_db

READER_POLICY = {
    "default-src": {"'self'"},
    "script-src": {"'self'"},
    "style-src": {"'self'"},
    "img-src": {"'self'", "data:"},
    "object-src": {"'none'"},
    "base-uri": {"'self'"},
    "form-action": {"'self'"},
    "frame-ancestors": {"'none'"},
}


def policy(response) -> dict[str, set[str]]:
    directives = {}
    for directive in response["Content-Security-Policy"].split(";"):
        name, *sources = directive.split()
        directives[name] = set(sources)
    return directives


def inline_code(document) -> list[str]:
    """What on the page would need 'unsafe-inline': script elements that run (a JSON-LD
    block is data, never executed), style elements, style attributes, event handlers and
    javascript: links."""
    found = []
    for script in document.iter("script"):
        if script.get("src") is None and script.get("type") != "application/ld+json":
            found.append(f"<script>{(script.text or '')[:60]}")
    found += [f"<style>{(style.text or '')[:60]}" for style in document.iter("style")]
    for element in document.iter():
        if not isinstance(element.tag, str):
            continue  # comments
        for name, value in element.attrib.items():
            if name == "style" or name.startswith("on"):
                found.append(f"<{element.tag} {name}={value!r}>")
            if name in {"href", "src", "action"} and value.strip().lower().startswith(
                "javascript:"
            ):
                found.append(f"<{element.tag} {name}={value!r}>")
    return found


def test_the_inline_code_check_finds_each_kind():
    # The check the page tests below rely on does see what it looks for.
    document = lxml.html.fromstring(
        '<html><head><style>p{}</style><script type="application/ld+json">{}</script></head>'
        '<body onload="go()"><p style="color: red">x</p><script>alert(1)</script>'
        '<a href="javascript:go()">y</a></body></html>'
    )
    assert inline_code(document) == [
        "<script>alert(1)",
        "<style>p{}",
        "<body onload='go()'>",
        "<p style='color: red'>",
        "<a href='javascript:go()'>",
    ]


@pytest.fixture
def reader_pages(seeded_claims):
    c1 = seeded_claims["C1"]
    withdrawn = ClaimFactory(text="Words the speaker never said.")
    withdraw(withdrawn, "Misattributed.")
    return {
        "home": "/",
        "claim list": "/claims/",
        "claim list, searched and filtered": "/claims/?q=Raqqa&disputed=true",
        "claim list with form errors": "/claims/?stated_after=yesterday",
        "claim page": c1.get_absolute_url(),
        "withdrawn claim page": withdrawn.get_absolute_url(),
        "speaker page": "/speakers/sergey-lavrov/",
        "source page": Source.objects.get().get_absolute_url(),
        "404 page": "/claims/999999/",
        "card": f"/claims/{c1.pk}/embed/",
        "withdrawn card": f"/claims/{withdrawn.pk}/embed/",
    }


def test_every_reader_page_sends_the_policy_and_needs_no_inline_code(client, reader_pages):
    for name, url in reader_pages.items():
        response = client.get(url)
        assert response["Content-Type"].startswith("text/html"), name
        directives = policy(response)
        expected = {**READER_POLICY}
        if name.endswith("card"):
            expected["frame-ancestors"] = {"*"}
        assert directives == expected, name
        assert inline_code(parse(response)) == [], name


def test_no_page_allows_inline_script_or_style(client, reader_pages):
    for url in [*reader_pages.values(), "/admin/login/", "/api/v1/docs/"]:
        directives = policy(client.get(url))
        for directive in ("script-src", "style-src", "default-src"):
            assert "'unsafe-inline'" not in directives[directive], url
            assert "'unsafe-eval'" not in directives[directive], url


def test_the_claim_page_keeps_its_json_ld(client, seeded_claims):
    document = parse(client.get(seeded_claims["C1"].get_absolute_url()))
    [data] = document.cssselect('script[type="application/ld+json"]')
    assert '"@context": "https://schema.org"' in data.text


def test_only_the_card_may_be_framed(client, seeded_claims):
    claim: Claim = seeded_claims["C1"]
    card = client.get(f"/claims/{claim.pk}/embed/")
    assert policy(card)["frame-ancestors"] == {"*"}
    assert "X-Frame-Options" not in card
    page = client.get(claim.get_absolute_url())
    assert policy(page)["frame-ancestors"] == {"'none'"}
    assert page["X-Frame-Options"] == "DENY"


def test_the_api_reference_loads_its_script_and_styles_from_files(client):
    response = client.get("/api/v1/docs/")
    assert response.status_code == 200
    assert policy(response) == READER_POLICY
    document = parse(response)
    assert inline_code(document) == []
    scripts = [script.get("src") for script in document.iter("script")]
    assert scripts[-1] == "/api/v1/docs/?script="
    start_up = client.get(scripts[-1])
    assert start_up["Content-Type"].startswith("application/javascript")
    assert "/api/v1/schema/" in start_up.content.decode()


def test_the_admin_runs_under_the_same_policy(client, admin_client, seeded_claims):
    # Django's admin keeps its scripts in files; its pages need no exception.
    claim = seeded_claims["C1"]
    for pages, url in (
        (client, "/admin/login/"),
        (admin_client, "/admin/"),
        (admin_client, "/admin/claims/claim/"),
        (admin_client, "/admin/claims/claim/add/"),
        (admin_client, f"/admin/claims/claim/{claim.pk}/change/"),
        (admin_client, "/admin/claims/speaker/add/?_popup=1"),
    ):
        response = pages.get(url)
        assert response.status_code == 200, url
        assert policy(response) == READER_POLICY, url
        assert inline_code(parse(response)) == [], url


def test_the_login_lock_out_page_needs_no_inline_code(client, contributor):
    for _ in range(5):
        response = client.post("/admin/login/", {"username": "carla", "password": "wrong"})
    assert response.status_code == 429
    assert policy(response) == READER_POLICY
    assert inline_code(parse(response)) == []
