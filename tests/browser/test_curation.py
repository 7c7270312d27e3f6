"""A fact-checker enters the start of the seed dispute in the admin, in a real browser:
a contributor creates C1 and C2 (C2 denying C1) with every speaker, outlet and source made
in "+" popups and linked through the inlines, and submits them for review; an editor
publishes them; the reader's page then shows the dispute."""

import pytest
from playwright.sync_api import expect

from claims.models import Claim, PublicationStatus

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"
C1_TEXT = (
    "Agreement had been reached in Raqqa between the command of the Kurdish formations of the "
    "Syrian Democratic Forces and leaders of Islamic State groupings on opening a safe "
    "southern corridor for militants towards Palmyra."
)
C1_EXCERPT = (
    "A source in Russia’s Defense Ministry said on May 27 that agreement had been reached in "
    "Raqqa between the command of Kurdish formations from the SDF and leaders of the IS "
    "groupings on opening a safe southern corridor for militants towards Palmyra."
)
C2_TEXT = (
    "The Syrian Democratic Forces reached no agreement with Islamic State militants allowing "
    "them to leave Raqqa and move towards Palmyra."
)


@pytest.fixture
def staff(live_server, transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    from curation.roles import setup_roles

    setup_roles()
    for username, group in (("carla", "Contributors"), ("edgar", "Editors")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    return live_server


def log_in(page, base, username):
    page.goto(f"{base}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    expect(page.locator("#user-tools")).to_contain_text(username)


def log_out(page):
    page.click("#logout-form button")


def in_popup(page, add_link_selector, fill):
    """Click a "+" link, fill the popup's form with ``fill(popup)``, save, and wait for the
    popup to hand the new object back to its opener."""
    with page.expect_popup() as popup_info:
        page.click(add_link_selector)
    popup = popup_info.value
    popup.wait_for_load_state()
    fill(popup)
    with popup.expect_event("close"):
        popup.click("input[name=_save]")


def choose(page, field_id, search, option_text):
    """Pick a value in an autocomplete (select2) field."""
    page.click(f"#{field_id} + .select2 .select2-selection")
    page.fill(".select2-container--open .select2-search__field", search)
    page.click(f".select2-results__option:has-text('{option_text}')")


def add_organisation(name, slug, country):
    def fill(popup):
        popup.fill("#id_name", name)
        popup.fill("#id_slug", slug)
        popup.select_option("#id_kind", "organisation")
        popup.fill("#id_country", country)

    return fill


def test_a_contributor_enters_c1_and_c2_and_an_editor_publishes_them(
    page, staff, tmp_path, csp_violations
):
    base = staff.url
    log_in(page, base, "carla")

    # C1, its unnamed source (and that source's ministry), and the TASS article.
    page.goto(f"{base}/admin/claims/claim/add/")
    page.fill("#id_text", C1_TEXT)

    def unnamed_source(popup):
        popup.fill("#id_name", "A source in the Russian Defence Ministry")
        popup.fill("#id_slug", "source-in-russian-defence-ministry")
        popup.select_option("#id_kind", "unnamed_source")
        in_popup(
            popup,
            "#add_id_affiliation",
            add_organisation("Russian Ministry of Defence", "russian-ministry-of-defence", "RU"),
        )
        expect(popup.locator("#id_affiliation option:checked")).to_have_text(
            "Russian Ministry of Defence"
        )

    in_popup(page, "#add_id_speaker", unnamed_source)
    expect(page.locator("#id_speaker option:checked")).to_have_text(
        "A source in the Russian Defence Ministry"
    )
    page.fill("#id_stated_on", "27 May 2017")

    page.click("#appearances-group .add-row a")

    def tass_article(popup):
        popup.fill("#id_title", "Lavrov comments on Raqqa developments")
        popup.fill("#id_url", "https://tass.com/politics/948656")

        def tass(outlet_popup):
            outlet_popup.fill("#id_name", "TASS")
            outlet_popup.fill("#id_slug", "tass")
            outlet_popup.select_option("#id_kind", "news_agency")

        in_popup(popup, "#add_id_outlet", tass)
        popup.fill("#id_published_on", "31 May 2017")
        popup.fill("#id_dateline", "MOSCOW")

    in_popup(page, "#add_id_appearances-0-source", tass_article)
    page.fill(
        "#id_appearances-0-attribution", "A source in Russia’s Defense Ministry said on May 27"
    )
    page.fill("#id_appearances-0-excerpt", C1_EXCERPT)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # C2: the SDF's denial, linked to C1 through the "Denies" inline.
    page.goto(f"{base}/admin/claims/claim/add/")
    page.fill("#id_text", C2_TEXT)
    in_popup(
        page,
        "#add_id_speaker",
        add_organisation("Syrian Democratic Forces", "syrian-democratic-forces", "SY"),
    )
    page.fill("#id_stated_on", "May 2017")
    page.check("#id_stated_on_inferred")
    page.click("#appearances-group .add-row a")
    choose(page, "id_appearances-0-source", "Raqqa", "Lavrov comments on Raqqa developments")
    page.fill(
        "#id_appearances-0-excerpt", "vrov rejected the statements by the Syrian Democratic Forces"
    )
    page.click("#links_out-group .add-row a")
    choose(page, "id_links_out-0-to_claim", "safe southern corridor", "Agreement had been")
    page.select_option("#id_status", "in_review")
    page.screenshot(path=tmp_path / "c2-form.png", full_page=True)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    # C1 goes to review from the list.
    page.goto(f"{base}/admin/claims/claim/?status__exact=draft")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "submit_for_review")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("1 submitted for review.")
    assert set(Claim.objects.values_list("status", flat=True)) == {PublicationStatus.IN_REVIEW}
    # A contributor is never offered publishing.
    assert page.locator("select[name=action] option[value=publish]").count() == 0
    log_out(page)

    # The editor publishes both at once.
    log_in(page, base, "edgar")
    page.goto(f"{base}/admin/claims/claim/?status__exact=in_review")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("2 published.")
    page.screenshot(path=tmp_path / "published.png", full_page=True)

    # What readers now see.
    c1 = Claim.objects.get(text=C1_TEXT)
    page.goto(base + c1.get_absolute_url())
    expect(page.locator(".claim__disputed")).to_contain_text(
        "Disputed. Denied by the Syrian Democratic Forces."
    )
    steps = page.locator(".thread-step__who")
    expect(steps).to_have_count(2)
    expect(steps.nth(1)).to_contain_text("Syrian Democratic Forces · May 2017")
    expect(page.locator(".appearances")).to_contain_text("First known appearance")
    page.screenshot(path=tmp_path / "c1-page.png", full_page=True)
    assert (tmp_path / "c1-page.png").stat().st_size > 10_000
    # The admin (popups, inlines, autocomplete, the similar-claims script) runs under the
    # reader pages' policy with nothing blocked.
    assert csp_violations == []
