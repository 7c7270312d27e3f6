"""The source workbench (issue 19, "Entering a dispute from an article"): a contributor enters
the whole seed article from its text on one page — the TASS source, its seven claims with
their speakers (created in place), their excerpts (selected in the stored text, with the
mouse and with the keyboard) and their links — without a popup; an editor publishes them
as usual; the claim page then shows the dispute.

The database starts with the roles and two users only: nothing of the seed dispute is
there, so the test really enters it. It prints the session's page loads, form posts (the
form's own and those the page's script sends) and popups.
"""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.test_curation import PASSWORD, choose, log_in, log_out

pytestmark = pytest.mark.browser

ARTICLE = Path(__file__).resolve().parents[2] / "seeds" / "tass-2017-05-31-lavrov-raqqa.txt"
LAVROV_DATE = "The article says he spoke on Wednesday; 31 May 2017 was a Wednesday."

# The seven claims as seeds/lavrov-raqqa.toml holds them, in the order the article prints
# them, as a curator enters them from its text. ``links``: (relation, claim key) to claims
# entered before, "out:denies" read "this claim denies that one", "in:denies" "that one
# denies this one".
CLAIMS = [
    {
        "key": "C5",
        "excerpt": '"The situation that has emerged shows flaws in the current coordination '
        'of the activities of all those who are fighting terrorism in Syria," Russia’s top '
        "diplomat said.",
        "text": "The situation that has emerged shows flaws in the current coordination of "
        "the activities of all those who are fighting terrorism in Syria.",
        "quote": True,
        "new_speaker": ("Sergey Lavrov", "person"),
        "new_affiliation": "Russian Ministry of Foreign Affairs",
        "title": "Russian Foreign Minister",
        "attribution": "Russia’s top diplomat said",
        "stated": "31 May 2017",
        "note": LAVROV_DATE,
    },
    {
        "key": "C6",
        "excerpt": '"We, of course, heard eventual statements by the US command, which said '
        "they intended to change the tactics and instead of periodically organizing "
        "offensive forced marches around Raqqa, they will be encircling Raqqa to prevent IS "
        'militants from escaping. We’ll see how this will be implemented in practice," the '
        "Russian foreign minister said.",
        "text": "US forces will encircle Raqqa instead of periodically organizing offensive "
        "forced marches around it, to prevent Islamic State militants from escaping.",
        "new_speaker": ("US command", "organisation"),
        "attribution": "eventual statements by the US command, which said",
        "not_after": "31 May 2017",
        "note": "Sergey Lavrov said on 31 May 2017 that he had heard it; the article gives no "
        "earlier limit.",
    },
    {
        "key": "C2",
        "excerpt": "vrov rejected the statements by the Syrian Democratic Forces alleging they "
        "had reached no agreement with Islamic State (IS) militants allowing them to leave "
        "Raqqa and move towards Palmyra.",
        "text": "The Syrian Democratic Forces reached no agreement with Islamic State "
        "militants allowing them to leave Raqqa and move towards Palmyra.",
        "new_speaker": ("Syrian Democratic Forces", "organisation"),
        "attribution": "the statements by the Syrian Democratic Forces alleging",
        "stated": "May 2017",
        "not_before": "27 May 2017",
        "not_after": "31 May 2017",
        "note": "The article reports the statement without a date. It answers the Defence "
        "Ministry source's claim of 27 May, and TASS reported Lavrov rejecting it on 31 May.",
        "select": "keyboard",
    },
    {
        "key": "C3",
        "excerpt": '"Our Defense Ministry confirms this information. It relied on authentic '
        "data. Moreover, soon after this information was made public, IS militants really "
        'exited Raqqa and moved towards Palmyra," Lavrov said.',
        "text": "Our Defense Ministry confirms this information. It relied on authentic data. "
        "Moreover, soon after this information was made public, IS militants really exited "
        "Raqqa and moved towards Palmyra.",
        "quote": True,
        "speaker": ("Lavrov", "Sergey Lavrov"),
        "title": "Russian Foreign Minister",
        "attribution": "Lavrov said",
        "stated": "31 May 2017",
        "note": LAVROV_DATE,
        "links": [("out:denies", "C2")],
    },
    {
        "key": "C7",
        "excerpt": '"As you know, units of the Russian air task force spotted this movement '
        "and attacked this column so that it wouldn’t get into Palmyra. And this will "
        "continue in all the situations, if IS terrorists are detected wherever this may "
        "happen on the Syrian territory. Both they and their facilities, bases and training "
        'camps are an absolutely legitimate target," the Russian foreign minister said.',
        "text": "As you know, units of the Russian air task force spotted this movement and "
        "attacked this column so that it wouldn’t get into Palmyra.",
        "quote": True,
        "speaker": ("Lavrov", "Sergey Lavrov"),
        "title": "Russian Foreign Minister",
        "attribution": "the Russian foreign minister said",
        "stated": "31 May 2017",
        "note": LAVROV_DATE,
    },
    {
        "key": "C1",
        "excerpt": "A source in Russia’s Defense Ministry said on May 27 that agreement had been "
        "reached in Raqqa between the command of Kurdish formations from the SDF and leaders "
        "of the IS groupings on opening a safe southern corridor for militants towards "
        "Palmyra.",
        "text": "Agreement had been reached in Raqqa between the command of the Kurdish "
        "formations of the Syrian Democratic Forces and leaders of Islamic State groupings "
        "on opening a safe southern corridor for militants towards Palmyra.",
        "new_speaker": ("A source in the Russian Defence Ministry", "unnamed_source"),
        "new_affiliation": "Russian Ministry of Defence",
        "attribution": "A source in Russia’s Defense Ministry said on May 27",
        "stated": "27 May 2017",
        "note": "Year inferred from the article's date, 31 May 2017.",
        "links": [("in:denies", "C2"), ("in:confirms", "C3")],
    },
    {
        "key": "C4",
        "excerpt": "Russian Defense Minister Sergei Shoigu informed President Vladimir Putin on "
        "Tuesday that a missile strike had destroyed IS targets east of Palmyra that "
        "included heavy military hardware and the amassment of militants redeployed by "
        "terrorists from Raqqa.",
        "text": "A missile strike destroyed Islamic State targets east of Palmyra, including "
        "heavy military hardware and an amassment of militants redeployed by the terrorists "
        "from Raqqa.",
        "new_speaker": ("Sergei Shoigu", "person"),
        "affiliation": ("Defence", "Russian Ministry of Defence"),
        "title": "Russian Defense Minister",
        "attribution": "Russian Defense Minister Sergei Shoigu informed President Vladimir "
        "Putin on Tuesday",
        "stated": "30 May 2017",
        "note": "The article says Tuesday; in the week of its date (31 May 2017) that was 30 May.",
    },
]


@pytest.fixture
def staff_only(live_server, transactional_db, django_user_model):
    """Roles and two users; no seed data."""
    from django.contrib.auth.models import Group

    from claims.models import Claim
    from curation.roles import setup_roles

    setup_roles()
    for username, group in (("carla", "Contributors"), ("edgar", "Editors")):
        user = django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=group))
    assert not Claim.objects.exists()
    return live_server


class Session:
    """A curator's page loads, form posts (a page's or its script's) and popups."""

    def __init__(self, page):
        self.loads = self.posts = self.popups = 0
        page.on("load", self._load)
        page.on("request", self._request)
        page.on("popup", self._popup)
        page.context.on("page", self._popup)

    def _load(self, _page):
        self.loads += 1

    def _request(self, request):
        if request.method == "POST" and request.resource_type in ("document", "fetch", "xhr"):
            self.posts += 1

    def _popup(self, _page):
        self.popups += 1


# Where a passage is in the text on the page: the DOM points around its first and last
# characters, with the text box scrolled so that its start shows.
FIND_PASSAGE = """(passage) => {
  const box = document.getElementById("wb-text");
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  while (walker.nextNode()) {
    nodes.push([walker.currentNode, text.length]);
    text += walker.currentNode.data;
  }
  const at = text.indexOf(passage);
  if (at < 0) return null;
  const point = (index) => {
    for (let i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i][1] <= index) return [nodes[i][0], index - nodes[i][1]];
    }
  };
  const character = (index) => {
    const [node, offset] = point(index);
    const range = document.createRange();
    range.setStart(node, offset);
    range.setEnd(node, offset + 1);
    return range.getBoundingClientRect();
  };
  box.scrollTop += character(at).top - box.getBoundingClientRect().top - 24;
  const first = character(at);
  const last = character(at + passage.length - 1);
  return {
    x1: first.left + 1, y1: first.top + first.height / 2,
    x2: last.right - 1, y2: last.top + last.height / 2,
  };
}"""


def select_with_mouse(page, passage: str) -> None:
    """Drag the mouse from the passage's first character to its last, as a curator does."""
    where = page.evaluate(FIND_PASSAGE, passage)
    assert where, f"not on the page: {passage[:40]}"
    page.mouse.move(where["x1"], where["y1"])
    page.mouse.down()
    page.mouse.move(where["x2"], where["y2"], steps=8)
    page.mouse.up()


def select_with_keyboard(page, passage: str) -> None:
    """Click before the passage, select it with Shift and the right arrow, press Enter."""
    where = page.evaluate(FIND_PASSAGE, passage)
    assert where, f"not on the page: {passage[:40]}"
    page.mouse.click(where["x1"], where["y1"])
    for _ in passage:
        page.keyboard.press("Shift+ArrowRight")
    page.keyboard.press("Enter")


def enter(page, claim: dict, pks: dict) -> None:
    """Fill the claim form for ``claim`` (not saved)."""
    if claim.get("select") == "keyboard":
        select_with_keyboard(page, claim["excerpt"])
        # Enter took the passage and moved on to the claim's text.
        expect(page.locator("#id_text")).to_be_focused()
    else:
        select_with_mouse(page, claim["excerpt"])
    expect(page.locator("#id_excerpt")).to_have_value(claim["excerpt"])
    page.fill("#id_text", claim["text"])
    page.check("#id_is_quote_0" if claim.get("quote") else "#id_is_quote_1")
    if "speaker" in claim:
        choose(page, "id_speaker", *claim["speaker"])
    else:
        name, kind = claim["new_speaker"]
        page.fill("#id_new_speaker_name", name)
        page.select_option("#id_new_speaker_kind", kind)
        if "affiliation" in claim:
            choose(page, "id_new_speaker_affiliation", *claim["affiliation"])
        page.fill("#id_new_affiliation_name", claim.get("new_affiliation", ""))
    page.fill("#id_speaker_title", claim.get("title", ""))
    page.fill("#id_attribution", claim["attribution"])
    page.fill("#id_stated_on", claim.get("stated", ""))
    page.fill("#id_stated_not_before", claim.get("not_before", ""))
    page.fill("#id_stated_not_after", claim.get("not_after", ""))
    page.check("#id_stated_on_inferred")
    page.fill("#id_stated_on_note", claim["note"])
    for relation, key in claim.get("links", []):
        page.select_option(f"#id_answers_{pks[key]}", relation)


def save(page, pks: dict, key: str, text: str) -> list[str]:
    """Save the claim; when the page answers that claims like it are recorded (which
    depends on the database's likeness measure: trigrams on PostgreSQL, shared words
    elsewhere), say it is a different claim and save again, as a curator would. Returns
    the look-alikes the page named."""
    from claims.models import Claim

    page.click("#wb-save")
    answer = page.locator("#wb-status .success, #wb-claim-form .errornote").first
    expect(answer).to_be_visible()
    look_alikes = []
    if page.locator("#id_different_claim").count():
        look_alikes = page.locator("#wb-similar li a").all_inner_texts()
        page.check("#id_different_claim")
        page.click("#wb-save")
    expect(page.locator("#wb-status .messagelist")).to_contain_text("saved as a draft")
    pks[key] = Claim.objects.get(text=text).pk
    # Ready for the next passage: the text has the focus, the form is empty again.
    expect(page.locator("#wb-text")).to_be_focused()
    expect(page.locator("#id_excerpt")).to_have_value("")
    return look_alikes


def test_a_contributor_enters_the_seed_article_on_the_workbench(
    page, staff_only, client, csp_violations, tmp_path
):
    from claims.models import Appearance, Claim, ClaimLink, PublicationStatus, Speaker
    from sources.models import Source

    page.set_viewport_size({"width": 1400, "height": 1000})
    base = staff_only.url
    article = ARTICLE.read_text(encoding="utf-8")
    session = Session(page)
    log_in(page, base, "carla")

    # The article: pasted as text, with its outlet created by name.
    page.goto(f"{base}/admin/sources/source/workbench/")
    page.fill("#id_title", "Lavrov comments on Raqqa developments")
    page.fill("#id_url", "https://tass.com/politics/948656")
    page.fill("#id_new_outlet_name", "TASS")
    page.select_option("#id_new_outlet_kind", "news_agency")
    page.fill("#id_published_on", "31 May 2017")
    page.fill("#id_dateline", "MOSCOW")
    page.fill("#id_full_text", article)
    page.click("#wb-source-form input[type=submit]")
    expect(page.locator("#wb-status .messagelist")).to_contain_text("Source “Lavrov comments")
    source = Source.objects.select_related("outlet").get()
    assert source.full_text == article  # verbatim, "vrov" included
    assert source.outlet.name == "TASS"
    assert source.published_on_display == "31 May 2017"

    pks: dict[str, int] = {}
    for claim in CLAIMS:
        enter(page, claim, pks)
        if claim["key"] == "C7":
            # A retraction by another speaker is refused, in words, on the page.
            page.select_option(f"#id_answers_{pks['C2']}", "out:retracts")
            page.click("#wb-save")
            expect(page.locator(".wb-answers tr.errors")).to_contain_text(
                "Only a claim's own speaker can retract it"
            )
            expect(page.locator(".errornote").first).to_contain_text("Nothing was saved")
            expect(page.locator("#id_excerpt")).to_have_value(claim["excerpt"])
            assert not Claim.objects.filter(text=claim["text"]).exists()
            page.select_option(f"#id_answers_{pks['C2']}", "")
        if claim["key"] == "C1":
            # Before C1 is linked to C2, the page warns that C2 looks like it.
            page.select_option(f"#id_answers_{pks['C2']}", "")
            page.locator("#id_text").press("End")
            page.locator("#id_text").press_sequentially(" ", delay=5)
            warning = page.locator("#wb-similar")
            expect(warning).to_contain_text("already recorded", timeout=10_000)
            expect(warning).to_contain_text("reached no agreement")
            # Linked as what it is (C2 denies it), C2 is no look-alike any more.
            page.select_option(f"#id_answers_{pks['C2']}", "in:denies")
            expect(warning).not_to_contain_text("reached no agreement", timeout=10_000)
            page.fill("#id_text", claim["text"])
            page.screenshot(path=tmp_path / "workbench-c1.png")
        warned = save(page, pks, claim["key"], claim["text"])
        if warned:
            print(f"\n{claim['key']} looked like: {warned}")

    page.screenshot(path=tmp_path / "workbench.png", full_page=True)
    page.click("#wb-submit-review")
    expect(page.locator("#wb-status .messagelist")).to_contain_text(
        "7 drafts submitted for review"
    )
    log_out(page)
    print(
        f"\nWorkbench session: {session.loads} page loads, {session.posts} form posts, "
        f"{session.popups} popups"
    )
    assert session.loads <= 10
    assert session.popups == 0

    # The working copy holds the seed dispute as seeds/ models it; nothing is public.
    assert Claim.objects.filter(status=PublicationStatus.IN_REVIEW).count() == 7
    for claim in CLAIMS:
        appearance = Appearance.objects.get(claim=pks[claim["key"]], source=source)
        assert appearance.excerpt == claim["excerpt"]
        assert article[appearance.excerpt_offset :].startswith(claim["excerpt"])
        assert appearance.attribution == claim["attribution"]
    assert set(ClaimLink.objects.values_list("from_claim", "type", "to_claim")) == {
        (pks["C2"], "denies", pks["C1"]),
        (pks["C3"], "denies", pks["C2"]),
        (pks["C3"], "confirms", pks["C1"]),
    }
    c1 = Claim.objects.select_related("speaker__affiliation").get(pk=pks["C1"])
    assert c1.speaker.kind == "unnamed_source"
    assert c1.speaker.affiliation.name == "Russian Ministry of Defence"
    c2 = Claim.objects.get(pk=pks["C2"])
    assert c2.stated_on_display == "between 27 and 31 May 2017"
    assert Claim.objects.get(pk=pks["C6"]).stated_on_display == "on or before 31 May 2017"
    assert Speaker.objects.get(name="Sergei Shoigu").affiliation == c1.speaker.affiliation
    assert Speaker.objects.count() == 7  # five speakers and two ministries: no duplicate
    assert client.get(f"/api/v1/claims/{pks['C1']}/").status_code == 404

    # The editor publishes them as usual, from the claim list.
    log_in(page, base, "edgar")
    page.goto(
        f"{base}/admin/claims/claim/?appearances__source__id__exact={source.pk}"
        "&status__exact=in_review"
    )
    page.check("#action-toggle")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    expect(page.locator(".messagelist")).to_contain_text("7 published.")

    # The claim page shows the dispute.
    page.goto(base + c1.get_absolute_url())
    expect(page.locator(".claim__disputed")).to_contain_text(
        "Denied by the Syrian Democratic Forces"
    )
    expect(page.locator(".claim__disputed")).to_contain_text("Sergey Lavrov")
    thread = page.locator(".thread--root")
    expect(thread).to_contain_text("Confirmed by")
    expect(thread).to_contain_text("Sergey Lavrov")
    expect(page.locator(".appearances")).to_contain_text(
        "Excerpt verified against the stored text"
    )
    page.screenshot(path=tmp_path / "c1-page.png", full_page=True)
    body = client.get(f"/api/v1/claims/{pks['C1']}/").json()
    assert {(link["direction"], link["type"], link["claim"]["id"]) for link in body["links"]} == {
        ("in", "denies", pks["C2"]),
        ("in", "confirms", pks["C3"]),
    }
    assert csp_violations == []


PARAGRAPHS = (
    "MOSCOW, May 31. The minister said on Wednesday that the talks had failed.\n\n"
    '"We will not sign this agreement," the minister said.\n\n'
    "The opposition denied that any talks had taken place."
)


def test_a_passage_across_paragraphs_is_selected_and_saved(page, staff_only):
    """A selection holding line breaks, with the mouse and with the keyboard: the browser
    posts the excerpt box's breaks as CR LF, and the server still takes the passage."""
    from claims.models import Appearance, SpeakerKind
    from tests.factories import SourceFactory, SpeakerFactory

    source = SourceFactory(full_text=PARAGRAPHS, title="Talks failed")
    SpeakerFactory(name="The Minister", kind=SpeakerKind.PERSON)
    base = staff_only.url
    log_in(page, base, "carla")
    page.goto(f"{base}/admin/sources/source/{source.pk}/workbench/")
    passages = [
        ("mouse", 'the talks had failed.\n\n"We will not sign this agreement,"', "No deal."),
        ("keyboard", "the minister said.\n\nThe opposition denied", "Opposition lies."),
    ]
    for how, passage, text in passages:
        if how == "mouse":
            select_with_mouse(page, passage)
        else:
            select_with_keyboard(page, passage)
        expect(page.locator("#id_excerpt")).to_have_value(passage)
        page.fill("#id_text", text)
        choose(page, "id_speaker", "Minister", "The Minister")
        page.click("#wb-save")
        expect(page.locator("#wb-status .messagelist")).to_contain_text("saved as a draft")
        appearance = Appearance.objects.get(claim__text=text)
        assert appearance.excerpt == passage
        assert appearance.excerpt_offset == PARAGRAPHS.index(passage)
    marks = page.locator("#wb-text mark").all_text_contents()
    assert marks == [passage for _, passage, _ in passages]


def test_a_page_too_big_to_paste_is_refused_by_the_field_and_taken_as_a_file(
    page, staff_only, tmp_path
):
    """A web page's HTML over what a form may send besides files (Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE) would be answered with a bare 400, everything typed lost:
    the page says so by the field instead, and the same page saved as a file is taken."""
    from sources.models import Source

    article = "<p>The minister said on Wednesday that the talks had failed.</p>" * 20
    scripts = "<script>var state = '" + "x" * 3_000_000 + "';</script>"
    html = f"<html><head><title>Talks failed</title></head><body><article>{article}</article>"
    html += f"{scripts}</body></html>"
    base = staff_only.url
    log_in(page, base, "carla")
    page.goto(f"{base}/admin/sources/source/workbench/")
    page.fill("#id_title", "Talks failed")
    page.fill("#id_language", "en")
    page.locator("#id_html").evaluate("(box, html) => { box.value = html; }", html)
    page.click("#wb-source-form input[type=submit]")
    error = page.locator(".field-html #wb-size-error")
    expect(error).to_contain_text("more than the 2.5 MB a form can send")
    expect(page.locator("#id_html")).to_be_focused()
    expect(page.locator("#id_title")).to_have_value("Talks failed")
    assert not Source.objects.exists()

    saved = tmp_path / "talks.html"
    saved.write_text(html, encoding="utf-8")
    page.fill("#id_html", "")
    page.set_input_files("#id_upload", saved)
    page.click("#wb-source-form input[type=submit]")
    expect(page.locator("#wb-status .messagelist")).to_contain_text("taken from the page's HTML")
    assert "the talks had failed" in Source.objects.get().full_text
