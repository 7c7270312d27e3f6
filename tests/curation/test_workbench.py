"""The source workbench (curation/workbench): who may use it, the source form (text, HTML,
files), the claim form (selections, speakers made in place, links, look-alikes, re-using a
claim), one transaction per save, and nothing public until an editor publishes."""

import re
import threading
import unicodedata

import lxml.html
import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from claims.models import Appearance, Claim, ClaimLink, PublicationStatus, Speaker, SpeakerKind
from curation.models import ChangeRequest
from curation.workbench import entry
from curation.workbench.forms import ClaimEntryForm, SourceEntryForm
from curation.workbench.text import passages
from record.models import Version
from sources.models import Outlet, Source
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

TEXT = (
    "MOSCOW, May 31. The minister said on Wednesday that the talks had failed.\n\n"
    '"We will not sign this agreement," the minister said.\n\n'
    "The opposition denied that any talks had taken place."
)
NEW_URL = reverse("admin:sources_source_workbench_new")


def workbench_url(source) -> str:
    return reverse("admin:sources_source_workbench", args=[source.pk])


def submit_url(source) -> str:
    return reverse("admin:sources_source_workbench_submit", args=[source.pk])


def page(response) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(response.content.decode())


def status(response) -> str:
    """The page's status line (what was saved), as read."""
    [line] = page(response).cssselect("#wb-status")
    return " ".join(line.text_content().split())


def errors(response) -> str:
    """The form's refusals as the curator reads them."""
    found = page(response).cssselect(".errorlist, .errornote")
    return " ".join(" ".join(e.text_content().split()) for e in found)


def selection(stored: str, passage: str, **fields) -> dict:
    """The claim form as the page's script posts it after ``passage`` was selected in the
    ``stored`` text."""
    start = stored.index(passage)
    return {
        "excerpt": passage,
        "excerpt_start": start,
        "excerpt_end": start + len(passage),
        "is_quote": "paraphrase",
        "language": "en",
        **fields,
    }


@pytest.fixture
def article():
    return SourceFactory(full_text=TEXT, title="Talks failed")


@pytest.fixture
def minister():
    return SpeakerFactory(name="The Minister", kind=SpeakerKind.PERSON)


def nothing_written(before: dict) -> bool:
    return before == counts()


def counts() -> dict:
    return {
        model.__name__: model.objects.count()
        for model in (Claim, Appearance, ClaimLink, Speaker, Source, Outlet, Version)
    }


# ---------------------------------------------------------------------------------------
# Who may use it


@pytest.fixture
def roleless_client(db, django_user_model):
    user = django_user_model.objects.create_user("sam", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    return client


def test_staff_without_a_role_are_refused_every_page(roleless_client, article, minister):
    before = counts()
    assert roleless_client.get(NEW_URL).status_code == 403
    assert roleless_client.post(NEW_URL, {"title": "x", "full_text": "y"}).status_code == 403
    assert roleless_client.get(workbench_url(article)).status_code == 403
    answer = roleless_client.post(
        workbench_url(article),
        selection(TEXT, "the talks had failed", text="Talks failed.", speaker=minister.pk),
    )
    assert answer.status_code == 403
    assert roleless_client.post(submit_url(article)).status_code == 403
    assert nothing_written(before)


def test_what_a_user_may_not_add_is_refused_on_the_form(db, django_user_model, article, minister):
    # Claims, appearances and links, but no speakers: a speaker named anew is refused.
    user = django_user_model.objects.create_user("pat", password="x", is_staff=True)
    for model in ("claim", "appearance", "claimlink"):
        user.user_permissions.add(Permission.objects.get(codename=f"add_{model}"))
    client = Client()
    client.force_login(user)
    before = counts()
    data = selection(
        TEXT,
        "the talks had failed",
        text="The talks failed.",
        new_speaker_name="Ivan Petrov",
        new_speaker_kind="person",
    )
    answer = client.post(workbench_url(article), data)
    assert "You may not add speakers: pick a recorded one." in errors(answer)
    assert nothing_written(before)
    # Nor may they create sources.
    assert client.get(NEW_URL).status_code == 403
    data.update(new_speaker_name="", new_speaker_kind="", speaker=minister.pk)
    assert client.post(workbench_url(article), data).status_code == 302


def test_the_public_is_sent_to_the_login(client, article):
    answer = client.get(workbench_url(article))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("admin:login"))


def test_a_source_that_is_not_there_is_404(contributor_client):
    for pk in ("999", "abc", str(2**70)):
        url = reverse("admin:sources_source_workbench", args=[pk])
        assert contributor_client.get(url).status_code == 404


def test_the_source_list_offers_the_workbench(contributor_client, article):
    listing = contributor_client.get(reverse("admin:sources_source_changelist"))
    assert NEW_URL in listing.content.decode()
    change = contributor_client.get(reverse("admin:sources_source_change", args=[article.pk]))
    assert workbench_url(article) in change.content.decode()


# ---------------------------------------------------------------------------------------
# The source


def source_form(**fields) -> dict:
    return {
        "title": "Talks failed",
        "url": "https://news.example/talks",
        "new_outlet_name": "The Daily Example",
        "new_outlet_kind": "newspaper",
        "published_on": "May 2017",
        "language": "en",
        "kind": "article",
        "dateline": "MOSCOW",
        "full_text": TEXT,
        **fields,
    }


def test_a_pasted_text_is_stored_as_given_with_its_new_outlet(contributor, contributor_client):
    # Browsers send a textarea's line breaks as CR LF: the source's own are one LF.
    answer = contributor_client.post(NEW_URL, source_form(full_text=TEXT.replace("\n", "\r\n")))
    source = Source.objects.select_related("outlet").get()
    assert answer.status_code == 302
    assert answer["Location"] == workbench_url(source)
    assert source.full_text == TEXT
    assert source.outlet.name == "The Daily Example"
    assert source.outlet.slug == "the-daily-example"
    assert source.published_on_display == "May 2017"
    assert source.history.get().history_user == contributor
    shown = contributor_client.get(answer["Location"])
    assert f"its text ({len(TEXT)} characters) stored as given" in status(shown)
    [text] = page(shown).cssselect("#wb-text")
    assert text.text_content() == TEXT


ARTICLE_HTML = """<!doctype html><html><head><title>Talks failed | The Daily Example</title>
<link rel="canonical" href="https://news.example/2017/05/talks-failed">
<meta property="og:title" content="Talks failed"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>
<article><h1>Talks failed</h1>
<p>MOSCOW, May 31. The minister said on Wednesday that the talks had failed after three
days of meetings in the capital, and that no new round was planned this year.</p>
<p>"We will not sign this agreement," the minister said, speaking to reporters outside the
ministry. He added that his government had made every effort to reach a compromise.</p>
<p>The opposition denied that any talks had taken place, saying the meetings were a show
staged for foreign journalists and that its delegates had never been invited.</p>
</article><footer>Cookie policy. Subscribe to our newsletter. All rights reserved.</footer>
<script>var tracker = 1;</script></body></html>"""


def test_pasted_html_is_reduced_to_the_article_with_the_page_title_and_address(
    contributor_client,
):
    answer = contributor_client.post(
        NEW_URL, source_form(title="", url="", full_text="", html=ARTICLE_HTML)
    )
    assert answer.status_code == 302, errors(answer)
    source = Source.objects.get()
    assert source.title == "Talks failed"
    assert source.url == "https://news.example/2017/05/talks-failed"
    assert "We will not sign this agreement" in source.full_text
    assert "The opposition denied" in source.full_text
    for chrome in ("Cookie policy", "Sport", "tracker"):
        assert chrome not in source.full_text
    shown = contributor_client.get(answer["Location"])
    assert "taken from the page's HTML" in status(shown)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [
        ("article.txt", TEXT.encode("utf-8-sig"), "text/plain"),
        ("article.html", ARTICLE_HTML.encode(), "text/html"),
        ("saved", ARTICLE_HTML.encode(), "application/octet-stream"),
    ],
)
def test_a_file_gives_the_text(contributor_client, name, data, kind):
    upload = SimpleUploadedFile(name, data, content_type=kind)
    answer = contributor_client.post(NEW_URL, source_form(full_text="", upload=upload))
    assert answer.status_code == 302, errors(answer)
    stored = Source.objects.get().full_text
    assert stored == TEXT if name.endswith(".txt") else "We will not sign" in stored


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"full_text": ""}, "Give the article's text one way"),
        ({"html": ARTICLE_HTML}, "Give the article's text one way"),
        ({"full_text": "", "html": "<p>menu</p>"}, "No article text was found in this HTML"),
        (
            {
                "full_text": "",
                "upload": SimpleUploadedFile("a.txt", "Москва".encode("cp1251")),
            },
            "This file is not UTF-8 text",
        ),
        ({"title": ""}, "Give the source's title."),
        ({"published_on": "31 April 2017"}, "31 April 2017 does not exist"),
        ({"url": "not an address"}, "Enter a valid URL."),
        ({"language": "English"}, "Enter a language code"),
        ({"full_text": "Text with a \x02 control character."}, "invisible control character"),
    ],
)
def test_a_bad_source_is_refused_in_words_and_nothing_is_written(
    contributor_client, fields, words
):
    before = counts()
    answer = contributor_client.post(NEW_URL, source_form(**fields))
    assert answer.status_code == 200
    assert words in errors(answer)
    assert nothing_written(before)


def test_a_recorded_url_or_outlet_is_named_with_a_way_to_it(contributor_client, article):
    answer = contributor_client.post(
        NEW_URL, source_form(url=article.url, new_outlet_name=article.outlet.name.upper())
    )
    assert "A source with this URL is already recorded" in errors(answer)
    [link] = page(answer).cssselect(".field-url .errorlist a")
    assert link.get("href") == workbench_url(article)
    assert f"An outlet named “{article.outlet.name}” is already recorded" in errors(answer)


def test_a_source_sent_twice_is_recorded_once(contributor_client):
    # A double click on the source form (it posts as any form does), for an article
    # without an address: the second post finds the first, and says where it is.
    outlet = OutletFactory()
    sent = source_form(url="", new_outlet_name="", outlet=outlet.pk)
    assert contributor_client.post(NEW_URL, sent).status_code == 302
    first = Source.objects.get()
    before = counts()
    answer = contributor_client.post(NEW_URL, sent)
    assert answer.status_code == 200
    assert "This source is already recorded (the same title, outlet and text)" in errors(answer)
    [link] = page(answer).cssselect(".errornote a")
    assert link.get("href") == workbench_url(first)
    assert nothing_written(before)
    # The same wire story in another outlet is another source.
    other = OutletFactory()
    assert contributor_client.post(NEW_URL, {**sent, "outlet": other.pk}).status_code == 302


# ---------------------------------------------------------------------------------------
# A claim from a passage


def test_a_selected_passage_becomes_a_draft_claim_with_a_new_speaker(
    contributor, contributor_client, article
):
    passage = '"We will not sign this agreement," the minister said.'
    answer = contributor_client.post(
        workbench_url(article),
        selection(
            TEXT,
            passage,
            text="We will not sign this agreement.",
            is_quote="quote",
            new_speaker_name="Ivan Petrov",
            new_speaker_kind="person",
            new_affiliation_name="Ministry of Examples",
            speaker_title="Minister",
            stated_on="31 May 2017",
            attribution="the minister said",
        ),
    )
    assert answer.status_code == 302, errors(answer)
    claim = Claim.objects.select_related("speaker__affiliation").get()
    assert claim.status == PublicationStatus.DRAFT
    assert claim.is_quote is True
    assert claim.speaker.name == "Ivan Petrov"
    assert claim.speaker.slug == "ivan-petrov"
    assert claim.speaker.kind == SpeakerKind.PERSON
    assert claim.speaker.affiliation.name == "Ministry of Examples"
    assert claim.speaker.affiliation.kind == SpeakerKind.ORGANISATION
    assert claim.stated_on_display == "31 May 2017"
    appearance = claim.appearances.get()
    assert appearance.excerpt == passage
    # Located by the same code as every appearance (claims.quotes).
    assert appearance.excerpt_offset == TEXT.index(passage)
    assert appearance.excerpt_text_sha256
    assert claim.history.first().history_user == contributor
    # Nothing public.
    assert not Version.objects.exists()
    shown = contributor_client.get(workbench_url(article))
    assert f"Claim {claim.pk} saved as a draft" in status(shown)
    [mark] = page(shown).cssselect("#wb-text mark")
    assert mark.text_content() == passage
    assert mark.get("data-claims") == str(claim.pk)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"excerpt_end": len(TEXT) + 5}, "is not a passage of the stored text"),
        ({"excerpt_start": 3}, "is not the stored text's characters 3–"),
        ({"excerpt_end": ""}, "is not a passage of the stored text"),
        ({"excerpt_start": "-1"}, "Select the passage in the text again."),
        ({"excerpt_start": "abc"}, "Select the passage in the text again."),
        ({"excerpt_start": 10, "excerpt_end": 10}, "is not a passage of the stored text"),
        ({"excerpt": "The minister said on Tuesday"}, "is not the stored text's characters"),
    ],
)
def test_a_bad_selection_is_refused_and_nothing_is_written(
    contributor_client, article, minister, change, words
):
    before = counts()
    data = selection(
        TEXT, "The minister said on Wednesday", text="The talks failed.", speaker=minister.pk
    )
    answer = contributor_client.post(workbench_url(article), {**data, **change})
    assert answer.status_code == 200
    assert words in errors(answer)
    assert "Nothing was saved" in errors(answer)
    assert nothing_written(before)


def as_a_browser_sends(text: str) -> str:
    """``text`` as a browser posts a textarea holding it: every line break as CR LF."""
    return re.sub(r"\r\n|\r|\n", "\r\n", text)


@pytest.mark.parametrize("line_break", ["\n", "\r\n", "\r"])
def test_a_selection_across_paragraphs_is_taken_as_the_browser_sends_it(
    contributor_client, minister, line_break
):
    # The page puts the selection in the excerpt box, and a browser posts a box's line
    # breaks as CR LF whatever the text holds: the passage is still the stored text's.
    stored = TEXT.replace("\n", line_break)
    source = SourceFactory(full_text=stored)
    start = stored.index("the talks had failed.")
    end = stored.index(" the minister said.")
    passage = stored[start:end]
    data = selection(stored, passage, text="The talks failed.", speaker=minister.pk)
    answer = contributor_client.post(
        workbench_url(source), {**data, "excerpt": as_a_browser_sends(passage)}
    )
    assert answer.status_code == 302, errors(answer)
    appearance = Appearance.objects.get()
    assert appearance.excerpt == passage
    assert appearance.excerpt_offset == start


def test_a_pasted_excerpt_across_paragraphs_keeps_the_texts_line_breaks(
    contributor_client, article, minister
):
    pasted = TEXT[TEXT.index("the talks had failed.") : TEXT.index(" the minister said.")]
    data = {
        "excerpt": as_a_browser_sends(pasted),
        "text": "The talks failed.",
        "speaker": minister.pk,
        "is_quote": "paraphrase",
        "language": "en",
    }
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 302, errors(answer)
    appearance = Appearance.objects.get()
    assert appearance.excerpt == pasted
    assert appearance.excerpt_offset == TEXT.index(pasted)


def test_a_pasted_excerpt_is_found_in_the_text_or_refused_with_the_closest_passage(
    contributor_client, article, minister
):
    before = counts()
    pasted = {
        "excerpt": "The opposition denied that any talks took place.",
        "text": "No talks took place.",
        "new_speaker_name": "The Opposition",
        "new_speaker_kind": "organisation",
        "is_quote": "paraphrase",
        "language": "en",
    }
    answer = contributor_client.post(workbench_url(article), pasted)
    assert "This excerpt is not in the source's stored text" in errors(answer)
    assert "closest passage is: “opposition denied that any talks had taken place.”" in errors(
        answer
    )
    # One transaction: the speaker made for the claim went with it.
    assert nothing_written(before)
    pasted["excerpt"] = "The opposition denied that any talks had taken place."
    assert contributor_client.post(workbench_url(article), pasted).status_code == 302
    assert Appearance.objects.get().excerpt_offset == TEXT.index(pasted["excerpt"])


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({}, "Who said it? Pick a speaker, or name a new one."),
        ({"speaker": "minister", "new_speaker_name": "X"}, "not both"),
        ({"new_speaker_name": "Y"}, "Say what the new speaker is."),
        (
            {"new_speaker_name": "The minister", "new_speaker_kind": "person"},
            "A speaker named “The Minister” is already recorded",
        ),
        (
            {"new_speaker_name": "A source", "new_speaker_kind": "unnamed_source"},
            "An unnamed source must belong to an organisation.",
        ),
        ({"speaker": "minister", "text": ""}, "Write the claim"),
        ({"speaker": "minister", "stated_on": "2017", "stated_not_after": "2016"}, "Not after"),
        ({"speaker": str(2**70)}, "Select a valid choice"),
        ({"speaker": "minister", "other_relation_1": "out:denies"}, "Pick the claim it is"),
    ],
)
def test_a_bad_claim_is_refused_in_words(contributor_client, article, minister, fields, words):
    before = counts()
    if fields.get("speaker") == "minister":
        fields["speaker"] = minister.pk
    data = selection(TEXT, "the talks had failed", **{"text": "The talks failed.", **fields})
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 200
    assert words in errors(answer)
    assert nothing_written(before)


# The same name as a curator reads it, written another way: decomposed accents (pasted
# from a PDF or a Mac), a zero-width space or soft hyphen (pasted from a web page), a
# no-break space, full-width letters.
NAME = "José Pérez"
WRITTEN_ANOTHER_WAY = [
    unicodedata.normalize("NFD", NAME),
    "José\u200b Pérez",
    "Jo\u00adsé Pérez",
    "José\u00a0Pérez",
    "José Ｐérez",
    "josé pérez",
]


@pytest.mark.parametrize("typed", WRITTEN_ANOTHER_WAY)
@pytest.mark.parametrize("field", ["new_speaker_name", "new_affiliation_name"])
def test_a_recorded_speaker_written_another_way_is_found(
    contributor_client, article, minister, typed, field
):
    SpeakerFactory(name=NAME, kind=SpeakerKind.ORGANISATION)
    before = counts()
    named = {"new_speaker_name": "Ivan Petrov", field: typed}
    data = selection(
        TEXT, "the talks had failed", text="The talks failed.", new_speaker_kind="person", **named
    )
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 200
    assert f"“{NAME}” is already recorded" in errors(answer)
    assert nothing_written(before)


@pytest.mark.parametrize("typed", WRITTEN_ANOTHER_WAY)
def test_a_recorded_outlet_written_another_way_is_found(contributor_client, typed):
    OutletFactory(name=NAME)
    before = counts()
    answer = contributor_client.post(NEW_URL, source_form(new_outlet_name=typed))
    assert answer.status_code == 200
    assert f"An outlet named “{NAME}” is already recorded" in errors(answer)
    assert nothing_written(before)


def test_a_new_name_is_stored_as_read(contributor_client, article):
    typed = unicodedata.normalize("NFD", "Zoë\u200b  Brontë\u00ad")
    data = selection(
        TEXT,
        "the talks had failed",
        text="The talks failed.",
        new_speaker_name=typed,
        new_speaker_kind="person",
        new_affiliation_name=f"Ministry of {typed}",
    )
    assert contributor_client.post(workbench_url(article), data).status_code == 302
    assert contributor_client.post(NEW_URL, source_form(new_outlet_name=typed)).status_code == 302
    speaker = Speaker.objects.select_related("affiliation").get(affiliation__isnull=False)
    assert speaker.name == "Zoë Brontë"
    assert speaker.affiliation.name == "Ministry of Zoë Brontë"
    assert Outlet.objects.get(name__startswith="Zo").name == "Zoë Brontë"


def claim_form(source, **fields) -> ClaimEntryForm:
    form = ClaimEntryForm(
        selection(source.full_text, "the talks had failed", text="The talks failed.", **fields),
        source=source,
        source_claims=[],
    )
    assert form.is_valid(), form.errors
    return form


def test_a_speaker_recorded_after_the_form_was_checked_is_refused_on_saving(contributor, article):
    # Two curators name the same new speaker: each form is checked before either saves.
    names = {"new_speaker_name": "Ivan Petrov", "new_speaker_kind": "person"}
    first = claim_form(article, **names, new_affiliation_name="Ministry of Examples")
    second = claim_form(article, **names, different_claim="on")
    third = claim_form(
        article,
        new_speaker_name="Olga Petrova",
        new_speaker_kind="person",
        new_affiliation_name="MINISTRY OF EXAMPLES",
        different_claim="on",
    )
    entry.enter_claim(first.entry(), by=contributor)
    before = counts()
    with pytest.raises(entry.Refused) as refused:
        entry.enter_claim(second.entry(), by=contributor)
    assert refused.value.errors == {
        "new_speaker_name": ["A speaker named “Ivan Petrov” is already recorded: pick them above."]
    }
    with pytest.raises(entry.Refused) as refused:
        entry.enter_claim(third.entry(), by=contributor)
    assert refused.value.errors == {
        "new_affiliation_name": [
            "“Ministry of Examples” is already recorded: pick it under “Belonging to”."
        ]
    }
    assert nothing_written(before)


def test_an_outlet_recorded_after_the_form_was_checked_is_refused_on_saving(contributor):
    forms = [
        SourceEntryForm(source_form(url=f"https://news.example/{n}", new_outlet_name=name))
        for n, name in enumerate(["The Daily Example", "THE DAILY EXAMPLE"])
    ]
    assert all(form.is_valid() for form in forms)
    entry.create_source(forms[0], by=contributor)
    before = counts()
    with pytest.raises(entry.Refused) as refused:
        entry.create_source(forms[1], by=contributor)
    assert refused.value.errors == {
        "new_outlet_name": [
            "An outlet named “The Daily Example” is already recorded: pick it above."
        ]
    }
    assert nothing_written(before)


def test_a_claim_sent_twice_is_entered_once(contributor_client, article, minister):
    # A double click without the page's script, or Save pressed again after an answer
    # lost on the way, after "None of these" was ticked: the same post twice.
    data = selection(TEXT, "the talks had failed", text="The talks failed.", speaker=minister.pk)
    data["different_claim"] = "on"
    assert contributor_client.post(workbench_url(article), data).status_code == 302
    first = Claim.objects.get()
    before = counts()
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 200
    assert (
        f"Claim {first.pk}, by the same speaker in the same words, is already entered from "
        "this source" in errors(answer)
    )
    assert nothing_written(before)
    # The same words from another speaker are another claim.
    other = SpeakerFactory(name="The Opposition")
    assert (
        contributor_client.post(workbench_url(article), {**data, "speaker": other.pk}).status_code
        == 302
    )


# The same save sent twice in the same instant, and how the second is refused.
SENT_TWICE = {
    "new speaker": (
        {"new_speaker_name": "Ivan Petrov", "new_speaker_kind": "person"},
        "A speaker named “Ivan Petrov” is already recorded",
    ),
    "recorded speaker": (
        {"speaker": "minister", "different_claim": "on"},
        "by the same speaker in the same words, is already entered from this source",
    ),
}


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("case", SENT_TWICE)
def test_a_claim_sent_twice_at_once_is_entered_once(contributor, contributor_client, case):
    """The second save waits for the first (a lock on the source's new claims and on the
    names it creates), then finds what it wrote. Without the locks, both forms pass every
    check (neither sees the other's rows) and both write."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one transaction write at a time; the locks are PostgreSQL's")
    article = SourceFactory(full_text=TEXT)
    minister = SpeakerFactory(name="The Minister")
    fields, words = SENT_TWICE[case]
    if fields.get("speaker") == "minister":
        fields = {**fields, "speaker": minister.pk}
    data = selection(TEXT, "the talks had failed", text="The talks failed.", **fields)
    locked, release = threading.Event(), threading.Event()

    def the_first_save():
        try:
            form = ClaimEntryForm(data, source=article, source_claims=[])
            if form.is_valid():
                with transaction.atomic():
                    entry.enter_claim(form.entry(), by=contributor)
                    locked.set()
                    release.wait(10)
        finally:
            connection.close()

    first = threading.Thread(target=the_first_save)
    first.start()
    assert locked.wait(10)
    threading.Timer(0.5, release.set).start()
    answer = contributor_client.post(workbench_url(article), data)  # waits for the first
    first.join(10)
    assert answer.status_code == 200
    assert words in errors(answer)
    assert Claim.objects.count() == 1
    assert Speaker.objects.count() == 1 + ("new_speaker_name" in fields)


def test_a_retraction_by_another_speaker_is_refused_in_words(
    contributor_client, article, minister
):
    other = ClaimFactory(text="The talks will go on next week.")
    before = counts()
    data = selection(
        TEXT,
        "the talks had failed",
        text="The talks failed.",
        new_speaker_name="Ivan Petrov",
        new_speaker_kind="person",
        other_relation_1="out:retracts",
        other_claim_1=other.pk,
    )
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 200
    [row] = page(answer).cssselect(".wb-others tr.errors")
    assert (
        "Only a claim's own speaker can retract it; another speaker's answer denies or "
        "clarifies it." in " ".join(row.text_content().split())
    )
    assert nothing_written(before)
    # The same speaker may.
    data.pop("new_speaker_name")
    data.pop("new_speaker_kind")
    data["speaker"] = other.speaker_id
    assert contributor_client.post(workbench_url(article), data).status_code == 302
    new = Claim.objects.exclude(pk=other.pk).get()
    assert ClaimLink.objects.get().type == "retracts"
    assert ClaimLink.objects.get().from_claim == new


@pytest.mark.parametrize("reused", [False, True])
def test_a_pair_asked_twice_in_one_post_is_refused_on_the_second_row(
    contributor_client, article, minister, reused
):
    # The model checks a pair against the links recorded; two rows of one post asking for
    # the same pair are checked here, in words, on the row that asked again.
    entered = ClaimFactory(draft=True, text="Weather is fine today in the capital.")
    AppearanceFactory(claim=entered, source=article, excerpt="The opposition denied")
    other = ClaimFactory(text="Something else entirely, said elsewhere.")
    fields = {"existing_claim": other.pk} if reused else {"speaker": minister.pk}
    before = counts()
    data = selection(
        TEXT,
        "the talks had failed",
        text="The talks failed.",
        different_claim="on",
        other_relation_1="out:denies",
        other_claim_1=entered.pk,
        other_relation_2="out:confirms",
        other_claim_2=entered.pk,
        **{f"answers_{entered.pk}": "out:clarifies"},
        **fields,
    )
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 200
    rows = page(answer).cssselect(".wb-others tr.errors")
    assert len(rows) == 2
    for row in rows:
        assert "This claim is linked above already: one link per pair of claims." in " ".join(
            row.text_content().split()
        )
    assert "at the same moment" not in errors(answer)
    assert nothing_written(before)
    # Both ways is two pairs.
    data.update(other_relation_1="in:denies", other_relation_2="", other_claim_2="")
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 302, errors(answer)
    assert ClaimLink.objects.count() == 2


def test_links_both_ways_to_claims_entered_from_the_same_source(
    contributor_client, article, minister
):
    first = selection(TEXT, "the talks had failed", text="The talks failed.", speaker=minister.pk)
    contributor_client.post(workbench_url(article), first)
    failed = Claim.objects.get()
    opposition = SpeakerFactory(name="The Opposition")
    second = selection(
        TEXT,
        "The opposition denied that any talks had taken place.",
        text="No talks took place.",
        speaker=opposition.pk,
        **{f"answers_{failed.pk}": "out:denies"},
    )
    answer = contributor_client.post(workbench_url(article), second)
    assert answer.status_code == 302, errors(answer)
    denial = Claim.objects.get(text="No talks took place.")
    third = selection(
        TEXT,
        '"We will not sign this agreement," the minister said.',
        text="We will not sign this agreement.",
        speaker=minister.pk,
        different_claim="on",
        **{f"answers_{denial.pk}": "in:counter_accuses"},
    )
    assert contributor_client.post(workbench_url(article), third).status_code == 302
    quote = Claim.objects.get(text="We will not sign this agreement.")
    assert set(ClaimLink.objects.values_list("from_claim", "type", "to_claim")) == {
        (denial.pk, "denies", failed.pk),
        (denial.pk, "counter_accuses", quote.pk),
    }
    listed = page(contributor_client.get(workbench_url(article))).cssselect(".wb-claim")
    in_the_text = (failed, quote, denial)
    assert [item.get("data-claim") for item in listed] == [str(c.pk) for c in in_the_text]


def test_a_look_alike_is_named_before_it_is_created_and_can_be_reused(
    contributor, contributor_client, article, minister
):
    recorded = ClaimFactory(text="The minister said the talks had failed.", speaker=minister)
    opened = recorded.updated_at
    before = counts()
    data = selection(
        TEXT,
        "The minister said on Wednesday that the talks had failed.",
        text="The minister said that the talks had failed.",
        speaker=minister.pk,
    )
    answer = contributor_client.post(workbench_url(article), data)
    assert "Claims like this one are already recorded" in errors(answer)
    [reuse] = page(answer).cssselect("#wb-similar button[name=reuse_claim]")
    assert reuse.get("value") == str(recorded.pk)
    assert nothing_written(before)

    # The passage reports the recorded claim: the excerpt is added to it.
    answer = contributor_client.post(workbench_url(article), {**data, "reuse_claim": recorded.pk})
    assert answer.status_code == 302, errors(answer)
    assert Claim.objects.count() == 1
    assert recorded.appearances.get().source == article
    recorded.refresh_from_db()
    assert recorded.updated_at > opened  # a page opened on it before is told
    assert recorded.history.first().history_change_reason.startswith("Entered on the workbench")
    # Twice is refused in the model's words.
    again = contributor_client.post(
        workbench_url(article), {**data, "existing_claim": recorded.pk}
    )
    assert "This claim is already linked to this source." in errors(again)

    # Or it is a different claim after all.
    different = {**data, "text": "The minister said talks had failed.", "different_claim": "on"}
    assert contributor_client.post(workbench_url(article), different).status_code == 302
    assert Claim.objects.count() == 2


def test_a_look_alike_it_is_linked_to_is_no_warning(contributor_client, article, minister):
    recorded = ClaimFactory(text="The talks between the parties have failed.")
    data = selection(
        TEXT,
        "The opposition denied that any talks had taken place.",
        text="The talks between the parties have not failed.",
        new_speaker_name="The Opposition",
        new_speaker_kind="organisation",
        other_relation_1="out:denies",
        other_claim_1=recorded.pk,
    )
    answer = contributor_client.post(workbench_url(article), data)
    assert answer.status_code == 302, errors(answer)


# ---------------------------------------------------------------------------------------
# Handing over to the editors


def test_submitting_puts_drafts_in_review_and_public_changes_in_the_queue(
    contributor_client, editor_client, seeded_claims, client
):
    c1 = seeded_claims["C1"]
    public_before = client.get(f"/api/v1/claims/{c1.pk}/").content
    versions = Version.objects.count()
    report = SourceFactory(full_text="Kurdish commanders denied any deal over Raqqa.")
    sdf = Speaker.objects.get(slug="syrian-democratic-forces")
    entered = selection(
        report.full_text,
        "Kurdish commanders denied any deal over Raqqa.",
        text="Kurdish commanders made no deal over Raqqa.",
        speaker=sdf.pk,
        different_claim="on",
        other_relation_1="out:denies",
        other_claim_1=c1.pk,
    )
    assert contributor_client.post(workbench_url(report), entered).status_code == 302
    # The published C2 gains an appearance in the report.
    c2 = seeded_claims["C2"]
    reused = selection(report.full_text, "denied any deal over Raqqa", existing_claim=c2.pk)
    assert contributor_client.post(workbench_url(report), reused).status_code == 302
    assert Version.objects.count() == versions  # nothing public yet

    answer = contributor_client.post(submit_url(report), follow=True)
    assert "1 draft submitted for review; changes to 1 public claim sent" in status(answer)
    new = Claim.objects.get(text="Kurdish commanders made no deal over Raqqa.")
    assert new.status == PublicationStatus.IN_REVIEW
    [queued] = ChangeRequest.objects.open()
    assert (queued.kind, queued.object_id) == ("claim", c2.pk)
    assert client.get(f"/api/v1/claims/{c1.pk}/").content == public_before

    # An editor publishes from the claim list filtered to the source, as the page says.
    shown = editor_client.get(workbench_url(report)).content.decode()
    listing = f"{reverse('admin:claims_claim_changelist')}?appearances__source__id__exact="
    assert f"{listing}{report.pk}" in shown
    answer = editor_client.post(
        f"{listing}{report.pk}",
        {"action": "publish", "_selected_action": [new.pk, c2.pk], "index": 0},
        follow=True,
    )
    assert "1 published." in answer.content.decode()
    body = client.get(f"/api/v1/claims/{c1.pk}/").json()
    assert new.pk in {link["claim"]["id"] for link in body["links"]}


def test_the_page_costs_a_few_queries_however_many_claims(
    contributor_client, seeded_claims, django_assert_max_num_queries
):
    # The session, the user, their permissions (2), the source, and the claims with their
    # appearances and links both ways (4).
    tass = Source.objects.get(url="https://tass.com/politics/948656")
    with django_assert_max_num_queries(9):
        answer = contributor_client.get(workbench_url(tass))
    assert len(page(answer).cssselect(".wb-claim")) == 7
    assert len(page(answer).cssselect("#wb-text mark")) >= 7
    assert page(answer).cssselect(f"#id_answers_{seeded_claims['C1'].pk}")
    for _ in range(5):
        claim = ClaimFactory()
        AppearanceFactory(claim=claim, source=tass, excerpt="Strike on IS")
        ClaimLinkFactory(from_claim=claim, to_claim=seeded_claims["C1"])
    with django_assert_max_num_queries(9):
        answer = contributor_client.get(workbench_url(tass))
    assert len(page(answer).cssselect(".wb-claim")) == 12


def test_a_source_without_text_offers_no_form(contributor_client, minister):
    bare = SourceFactory(full_text="")
    answer = contributor_client.get(workbench_url(bare))
    assert "This source keeps no text" in answer.content.decode()
    assert not page(answer).cssselect("#wb-claim-form")
    before = counts()
    data = {"excerpt": "x", "text": "x", "speaker": minister.pk, "language": "en"}
    assert contributor_client.post(workbench_url(bare), data).status_code == 200
    assert nothing_written(before)


# ---------------------------------------------------------------------------------------
# The text as shown


def test_overlapping_excerpts_are_cut_into_runs_that_make_the_text():
    runs = passages("abcdefghij", [(2, 6, 1), (4, 8, 2)])
    assert "".join(run.text for run in runs) == "abcdefghij"
    assert [(run.text, run.claims) for run in runs] == [
        ("ab", ()),
        ("cd", (1,)),
        ("ef", (1, 2)),
        ("gh", (2,)),
        ("ij", ()),
    ]


def test_a_carriage_return_survives_the_html_parser():
    [run] = passages('a\r\nb <"c">', [])
    assert run.shown == "a&#13;\nb &lt;&quot;c&quot;&gt;"
    assert lxml.html.fromstring(f"<div>{run.shown}</div>").text_content() == 'a\r\nb <"c">'
