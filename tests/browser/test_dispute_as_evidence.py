"""A fact-checker enters two more outlets' reports of the seed dispute, as a contributor would
in the admin, and an editor publishes them (issue 17):

- ARA News reports a YPG spokesman's denial of C1, quoting Sputnik, which reported it first;
  in the same report the SDF answers C1 with a counter-accusation;
- South Front reported the SDF's denial (C2) before TASS did: C2 gains a second appearance.

Then the C1 page and the API show all of it: the typed links, the relay chain, the first
appearances worked out from the sources' dates, and the excerpts verified against the text.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.test_curation import PASSWORD, choose, log_in, log_out

pytestmark = pytest.mark.browser

SPUTNIK_TEXT = (
    "DAMASCUS (Sputnik) - A spokesman for the Kurdish People's Protection Units (YPG), Nuri "
    "Mahmoud, on Sunday denied reports that Kurdish fighters had let Daesh militants leave "
    "Raqqa. \u201cThere is no agreement of any kind between our forces and Daesh,\u201d "
    "Mahmoud told Sputnik."
)
ARA_TEXT = (
    "QAMISHLI, Syria \u2013 YPG spokesman Nuri Mahmoud told Sputnik that \u201cthere is no "
    "agreement of any kind between our forces and Daesh\u201d, rejecting the Russian Defence "
    "Ministry's account of a corridor out of Raqqa.\n\nThe Syrian Democratic Forces went "
    "further: in a statement on Monday they said it was the Syrian-Iranian-Russian alliance "
    "that had made such deals with Daesh near Palmyra."
)
SOUTH_FRONT_TEXT = (
    "The SDF denied on Tuesday that it had reached any agreement with ISIS allowing the "
    "militants to leave Raqqa and move towards Palmyra."
)
YPG_TEXT = "There is no agreement of any kind between the YPG and Islamic State."
SDF_TEXT = (
    "It was the Syrian-Iranian-Russian alliance that made such deals with Islamic State "
    "near Palmyra."
)


@pytest.fixture
def seeded_staff(live_server, transactional_db, django_user_model):
    from django.contrib.auth.models import Group

    from curation.roles import setup_roles
    from seeds.loader import load_seeds

    setup_roles()
    load_seeds()
    for username, group in (("carla", "Contributors"), ("edgar", "Editors")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    return live_server


class Counter:
    """Page loads and form posts of the curator's session, for the test's output."""

    def __init__(self, page):
        self.loads = self.posts = 0
        page.on("load", self._load)
        page.on("request", self._request)

    def _load(self, _page):
        self.loads += 1

    def _request(self, request):
        if request.method == "POST" and request.resource_type == "document":
            self.posts += 1


def saved(page):
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")


def add_outlet(page, base, name, slug, kind):
    page.goto(f"{base}/admin/sources/outlet/add/")
    page.fill("#id_name", name)
    page.fill("#id_slug", slug)
    page.select_option("#id_kind", kind)
    saved(page)


def add_source(page, base, *, title, url, outlet, published, text):
    page.goto(f"{base}/admin/sources/source/add/")
    page.fill("#id_title", title)
    page.fill("#id_url", url)
    choose(page, "id_outlet", outlet, outlet)
    page.fill("#id_published_on", published)
    page.fill("#id_full_text", text)
    saved(page)


def add_speaker(page, base, *, name, slug, kind, affiliation=None):
    page.goto(f"{base}/admin/claims/speaker/add/")
    page.fill("#id_name", name)
    page.fill("#id_slug", slug)
    page.select_option("#id_kind", kind)
    if affiliation:
        choose(page, "id_affiliation", affiliation, affiliation)
    saved(page)


def test_a_contributor_enters_two_reports_and_an_editor_publishes_them(
    page, seeded_staff, tmp_path, csp_violations, client
):
    from claims.models import Claim

    base = seeded_staff.url
    c1 = Claim.objects.get(text__startswith="Agreement had been")
    c2 = Claim.objects.get(text__startswith="The Syrian Democratic Forces reached")
    counter = Counter(page)
    log_in(page, base, "carla")

    # The outlets, the three reports with their text, and the YPG and its spokesman.
    add_outlet(page, base, "Sputnik", "sputnik", "news_agency")
    add_outlet(page, base, "ARA News", "ara-news", "news_agency")
    add_outlet(page, base, "South Front", "south-front", "other")
    add_source(
        page,
        base,
        title="YPG denies deal with Daesh in Raqqa",
        url="https://sputniknews.example/20170528/ypg-denies.html",
        outlet="Sputnik",
        published="28 May 2017",
        text=SPUTNIK_TEXT,
    )
    add_source(
        page,
        base,
        title="Kurds reject Russian claims of a Raqqa corridor",
        url="https://aranews.example/2017/05/kurds-reject-russian-claims/",
        outlet="ARA News",
        published="29 May 2017",
        text=ARA_TEXT,
    )
    add_source(
        page,
        base,
        title="SDF denies deal with ISIS over Raqqa",
        url="https://southfront.example/sdf-denies-deal/",
        outlet="South Front",
        published="30/05/2017",
        text=SOUTH_FRONT_TEXT,
    )
    add_speaker(page, base, name="People's Protection Units", slug="ypg", kind="organisation")
    add_speaker(
        page,
        base,
        name="Nuri Mahmoud",
        slug="nuri-mahmoud",
        kind="person",
        affiliation="Protection Units",
    )

    # The YPG denial: reported by Sputnik, and by ARA News quoting Sputnik; it denies C1.
    page.goto(f"{base}/admin/claims/claim/add/")
    page.fill("#id_text", YPG_TEXT)
    choose(page, "id_speaker", "Nuri Mahmoud", "Nuri Mahmoud")
    page.fill("#id_speaker_title", "YPG spokesman")
    page.fill("#id_stated_on", "28 May 2017")
    page.click("#appearances-group .add-row a")
    choose(page, "id_appearances-0-source", "YPG denies", "YPG denies deal with Daesh")
    page.fill("#id_appearances-0-attribution", "Mahmoud told Sputnik")
    page.fill(
        "#id_appearances-0-excerpt",
        # Typed with straight quotes: the typographic ones of the text are forgiven.
        '"There is no agreement of any kind between our forces and Daesh," Mahmoud told Sputnik.',
    )
    page.click("#appearances-group .add-row a")
    choose(page, "id_appearances-1-source", "Kurds reject", "Kurds reject Russian claims")
    choose(page, "id_appearances-1-relayed_from", "YPG denies", "YPG denies deal with Daesh")
    page.fill("#id_appearances-1-attribution", "YPG spokesman Nuri Mahmoud told Sputnik")
    page.fill(
        "#id_appearances-1-excerpt",
        "YPG spokesman Nuri Mahmoud told Sputnik that \u201cthere is no agreement of any kind "
        "between our forces and Daesh\u201d",
    )
    page.click("#links_out-group .add-row a")
    page.select_option("#id_links_out-0-type", "denies")
    choose(page, "id_links_out-0-to_claim", "safe southern corridor", "Agreement had been")
    page.select_option("#id_status", "in_review")
    saved(page)

    # The SDF's counter-accusation, answering C1, reported by ARA News. A first try with a
    # word the report does not print is refused, with the passage it does print shown.
    page.goto(f"{base}/admin/claims/claim/add/")
    page.fill("#id_text", SDF_TEXT)
    choose(page, "id_speaker", "Syrian Democratic", "Syrian Democratic Forces")
    page.fill("#id_stated_on", "29 May 2017")
    page.click("#appearances-group .add-row a")
    choose(page, "id_appearances-0-source", "Kurds reject", "Kurds reject Russian claims")
    page.fill(
        "#id_appearances-0-excerpt",
        "it was the Syrian-Iranian-Russian alliance that had made such deals with ISIS near "
        "Palmyra",
    )
    page.click("#links_out-group .add-row a")
    page.select_option("#id_links_out-0-type", "counter_accuses")
    choose(page, "id_links_out-0-to_claim", "safe southern corridor", "Agreement had been")
    page.select_option("#id_status", "in_review")
    page.click("input[name=_save]")
    refusal = page.locator(".errorlist")
    expect(refusal).to_contain_text("not in the source's stored text")
    expect(refusal).to_contain_text("such deals with Daesh near Palmyra")
    page.fill(
        "#id_appearances-0-excerpt",
        "it was the Syrian-Iranian-Russian alliance that had made such deals with Daesh near "
        "Palmyra",
    )
    saved(page)

    # C2, published, gains its appearance in South Front: a change submitted for review.
    page.goto(f"{base}/admin/claims/claim/{c2.pk}/change/")
    page.click("#appearances-group .add-row a")
    choose(page, "id_appearances-1-source", "SDF denies", "SDF denies deal with ISIS")
    page.fill("#id_appearances-1-excerpt", SOUTH_FRONT_TEXT)
    page.fill("#id_change_note", "South Front reported the denial a day before TASS.")
    page.click("input[name=_submit_changes]")
    expect(page.locator(".messagelist")).to_contain_text("submitted for review")
    log_out(page)

    # Nothing public yet.
    assert client.get(f"/api/v1/claims/{c1.pk}/").json()["denial_count"] == 1

    # The editor publishes the two new claims and C2's change.
    log_in(page, base, "edgar")
    page.goto(f"{base}/admin/claims/claim/?status__exact=in_review")
    page.check("#action-toggle")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("2 published.")
    page.goto(f"{base}/admin/curation/changerequest/")
    page.click("text=Review and publish")
    page.click("input[name=_publish]")
    expect(page.locator(".messagelist")).to_contain_text("Published version")
    log_out(page)
    print(f"\nCurator's session: {counter.loads} page loads, {counter.posts} form posts")

    # What readers see on C1's page.
    page.goto(base + c1.get_absolute_url())
    summary = page.locator(".claim__disputed")
    expect(summary).to_contain_text("Nuri Mahmoud")
    expect(summary).to_contain_text("Syrian Democratic Forces")
    thread = page.locator(".thread--root")
    expect(thread).to_contain_text("Counter-accused by")
    expect(thread).to_contain_text("Nuri Mahmoud")
    page.screenshot(path=tmp_path / "c1-page.png", full_page=True)

    ypg = Claim.objects.get(text=YPG_TEXT)
    page.goto(base + ypg.get_absolute_url())
    appearances = page.locator(".appearances")
    expect(appearances).to_contain_text("Sputnik")
    expect(appearances).to_contain_text("verified against the stored text")

    # What partners read.
    body = client.get(f"/api/v1/claims/{c1.pk}/").json()
    sdf = Claim.objects.get(text=SDF_TEXT)
    assert {(link["direction"], link["type"], link["claim"]["id"]) for link in body["links"]} >= {
        ("in", "denies", c2.pk),
        ("in", "denies", ypg.pk),
        ("in", "counter_accuses", sdf.pk),
    }
    assert body["denial_count"] == 2
    ypg_body = client.get(f"/api/v1/claims/{ypg.pk}/").json()
    by_source = {a["source"]["title"]: a for a in ypg_body["appearances"]}
    ara = by_source["Kurds reject Russian claims of a Raqqa corridor"]
    assert ara["relayed_from"]["title"] == "YPG denies deal with Daesh in Raqqa"
    assert ara["excerpt_verified"] is True
    assert by_source["YPG denies deal with Daesh in Raqqa"]["is_first"] is True
    assert ypg_body["speaker_title"] == "YPG spokesman"
    c2_body = client.get(f"/api/v1/claims/{c2.pk}/").json()
    first = [a["source"]["title"] for a in c2_body["appearances"] if a["is_first"]]
    assert first == ["SDF denies deal with ISIS over Raqqa"]  # 30 May, before TASS's 31 May
    assert csp_violations == []
