"""The live duplicate warning: while a curator types a new claim, claims like it appear
under the text box, before anything is saved, each with why; the claims the form links
leave it as they are picked."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_curation import PASSWORD, choose, log_in
from tests.claims.lookalikes import NEW_CLAIMS, recorded_around_the_seeds

pytestmark = pytest.mark.browser


@pytest.fixture
def seeded_staff(live_server, transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    from curation.roles import setup_roles
    from seeds.loader import load_seeds

    setup_roles()
    load_seeds()
    user = django_user_model.objects.create_user("carla", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Contributors"))
    return live_server


def test_the_warning_appears_while_typing(page, seeded_staff):
    base = seeded_staff.url
    log_in(page, base, "carla")
    requests = []
    page.on("request", lambda r: requests.append(r.url) if "/similar/" in r.url else None)
    page.goto(f"{base}/admin/claims/claim/add/")
    page.locator("#id_text").press_sequentially(
        "Kurdish forces agreed a safe corridor for IS militants from Raqqa to Palmyra", delay=5
    )
    warning = page.locator("#similar-claims")
    expect(warning).to_contain_text("Claims like this one already exist", timeout=10_000)
    expect(warning).to_contain_text("Agreement had been reached in Raqqa")
    assert requests, "no look-up was made while typing"


def test_the_claim_picked_as_denied_leaves_the_warning_and_its_look_alikes_join_it(
    page, seeded_staff
):
    recorded_around_the_seeds()
    sdf_2017 = NEW_CLAIMS[0]  # the SDF's 2017 denial of C1, from another outlet
    base = seeded_staff.url
    log_in(page, base, "carla")
    page.goto(f"{base}/admin/claims/claim/add/")
    page.locator("#id_text").fill(sdf_2017.text)
    warning = page.locator("#similar-claims")
    listed = warning.locator("li > a")
    # The words alone: C2 (the same denial, as TASS put it) and C1 (the claim it denies).
    expect(listed).to_have_count(2, timeout=10_000)
    expect(warning).to_contain_text("Agreement had been reached in Raqqa between")

    choose(page, "id_speaker", "Syrian Democratic", "Syrian Democratic Forces")
    page.click("#links_out-group .add-row a")
    choose(page, "id_links_out-0-to_claim", "safe southern corridor", "Agreement had been")
    # C1 is denied in this very form: gone. The SDF's 2019 denial of another Defence
    # Ministry claim joins, with why, and is said to be another statement.
    expect(warning).to_contain_text("SDF denies Russian MoD claim", timeout=10_000)
    expect(listed).to_have_count(2)
    expect(listed.first).to_contain_text("The Syrian Democratic Forces reached no agreement")
    expect(warning).not_to_contain_text("Agreement had been reached in Raqqa between")
    expect(warning).to_contain_text("also denies “Agreement had been reached in Raqqa…”")
    expect(warning).to_contain_text(
        "denies another claim of Russian Ministry of Defence: not the same statement"
    )
