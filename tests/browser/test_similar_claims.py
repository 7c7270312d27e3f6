"""The live duplicate warning: while a curator types a new claim, claims like it appear
under the text box, before anything is saved."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_curation import PASSWORD, log_in

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
