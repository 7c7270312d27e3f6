"""axe-core, injected into the rendered pages, finds no serious or critical violation."""

import pytest

from claims.models import Claim, Rating
from sources.models import Source
from tests.browser.conftest import DESKTOP, PHONE
from tests.factories import ReviewFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser):
    # axe-core goes in as an inline script, which the site's Content-Security-Policy refuses
    # as it should; these pages are checked under the policy in test_content_security_policy.
    context = browser.new_context(viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


PAGES = {
    "home": lambda: "/",
    "list": lambda: "/claims/",
    "list with form errors": lambda: "/claims/?stated_after=yesterday",
    "claim C1": lambda: Claim.objects.get(text__startswith="Agreement").get_absolute_url(),
    "claim C2": lambda: Claim.objects.get(text__startswith="The Syrian").get_absolute_url(),
    "speaker": lambda: "/speakers/sergey-lavrov/",
    "source": lambda: Source.objects.get().get_absolute_url(),
    "not found": lambda: "/claims/999999/",
}


def serious_violations(page, axe_script):
    page.add_script_tag(path=axe_script)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", PAGES)
def test_no_serious_accessibility_violation(page, site, axe_script, name, viewport):
    page.set_viewport_size(viewport)
    page.goto(site.url + PAGES[name]())
    assert page.locator("main h1").count() == 1
    assert serious_violations(page, axe_script) == []


@pytest.fixture
def verdicts(site):
    """Published verdicts on three seed claims, so that the claim page draws a verdict on
    its scale and Sergey Lavrov's page charts his."""
    ratings = {r.slug: r for r in Rating.objects.filter(scale__slug="standard")}
    for start, slug in [("Agreement", "mostly-false"), ("Our Defense", "unproven")]:
        ReviewFactory(claim=Claim.objects.get(text__startswith=start), rating=ratings[slug])
    ReviewFactory(
        claim=Claim.objects.get(text__startswith="The situation"), rating=ratings["true"]
    )
    return site


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize(
    "address",
    [
        lambda: Claim.objects.get(text__startswith="Agreement").get_absolute_url(),
        lambda: Claim.objects.get(text__startswith="Our Defense").get_absolute_url(),
        lambda: "/speakers/sergey-lavrov/",
    ],
    ids=["verdict on the line", "verdict off the line", "speaker's chart"],
)
def test_no_serious_violation_where_verdicts_are_drawn(
    page, verdicts, axe_script, address, viewport
):
    page.set_viewport_size(viewport)
    page.goto(verdicts.url + address())
    assert page.locator(".scale, .verdict-chart").count() == 1
    assert serious_violations(page, axe_script) == []
