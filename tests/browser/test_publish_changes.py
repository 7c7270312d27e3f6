"""A change to something public, in a real browser: a contributor adds a second appearance
to published C1 and submits it for review; readers see nothing new; an editor sees the
diff, previews the page, and publishes it; readers then see it."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_curation import PASSWORD, choose, log_in, log_out

pytestmark = pytest.mark.browser

SPUTNIK_EXCERPT = "A source in the Defence Ministry said IS militants were offered a corridor."


@pytest.fixture
def seeded_staff(live_server, transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    from curation.roles import setup_roles
    from seeds.loader import load_seeds
    from tests.factories import SourceFactory

    load_seeds()
    SourceFactory(title="Sputnik: Raqqa corridor report", url="https://sputnik.example/raqqa")
    setup_roles()
    for username, group in (("carla", "Contributors"), ("edgar", "Editors")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    return live_server


def test_a_second_appearance_is_submitted_reviewed_previewed_and_published(
    page, seeded_staff, tmp_path, csp_violations
):
    from claims.models import Claim

    base = seeded_staff.url
    c1 = Claim.objects.get(text__startswith="Agreement had been")
    change = f"{base}/admin/claims/claim/{c1.pk}/change/"
    public = base + c1.get_absolute_url()
    page.goto(public)
    expect(page.locator(".appearances")).not_to_contain_text("Sputnik")

    log_in(page, base, "carla")
    page.goto(change)
    expect(page.locator(".record-status")).to_contain_text("The public sees version 1")
    page.click("#appearances-group .add-row a")
    choose(page, "id_appearances-1-source", "Sputnik", "Sputnik: Raqqa corridor report")
    page.fill("#id_appearances-1-excerpt", SPUTNIK_EXCERPT)
    page.fill("#id_change_note", "Sputnik carried it too.")
    page.click("input[name=_submit_changes]")
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    expect(page.locator(".record-status")).to_contain_text("1 unpublished change")
    # A contributor has nothing that publishes.
    assert page.locator("input[name=_publish]").count() == 0
    log_out(page)

    page.goto(public)
    expect(page.locator(".appearances")).not_to_contain_text("Sputnik")

    log_in(page, base, "edgar")
    page.goto(f"{base}/admin/curation/changerequest/")
    expect(page.locator("#result_list")).to_contain_text("Sputnik carried it too.")
    page.click("text=Review and publish")
    diff = page.locator(".record-diff")
    expect(diff).to_contain_text("Appearances")
    expect(diff.locator(".record-diff-new")).to_contain_text("Sputnik: Raqqa corridor report")
    page.screenshot(path=tmp_path / "diff.png", full_page=True)

    with page.expect_popup() as preview_info:
        page.click("a.record-preview")
    preview = preview_info.value
    preview.wait_for_load_state()
    expect(preview.locator(".notice--preview")).to_be_visible()
    expect(preview.locator(".appearances")).to_contain_text("Sputnik: Raqqa corridor report")
    preview.close()

    page.click("input[name=_publish]")
    expect(page.locator(".messagelist")).to_contain_text("Published version 2")
    expect(page.locator(".record-status")).to_contain_text("No unpublished changes")

    page.goto(public)
    expect(page.locator(".appearances")).to_contain_text("Sputnik: Raqqa corridor report")
    assert csp_violations == []
