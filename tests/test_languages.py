"""The site in Russian, Arabic and Kurdish (docs/pages.md, "Languages"): the reader pages at
/ru/, /ar/, /ckb/ with their words translated, Arabic and Kurdish right to left, claims in
their own language; the switcher and the hreflang alternates; claim pages stored per
language; the admin in its user's language; the API and the record unchanged."""

import json

import pytest
from django.urls import reverse
from django.utils import translation

from record.models import ClaimDocument
from record.services import claim_publish, claim_sync
from serving.models import ClaimPageRendition
from tests.factories import AppearanceFactory, ClaimFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ru", "ar", "ckb"]
# The main navigation's first link, as each catalogue says it.
HOME = {"en": "Home", "ru": "Главная", "ar": "الرئيسية", "ckb": "سەرەکی"}


def in_language(path: str, language: str) -> str:
    return path if language == "en" else f"/{language}{path}"


@pytest.fixture
def c1(seeded_claims):
    return seeded_claims["C1"]


@pytest.fixture
def c1_path(c1) -> str:
    with translation.override("en"):
        return c1.get_absolute_url()


def page(client, path, **headers):
    response = client.get(path, **headers)
    assert response.status_code == 200, path
    return parse(response), response


class TestReaderPages:
    @pytest.mark.parametrize("language", LANGUAGES)
    def test_each_language_has_its_page_with_its_words_lang_and_direction(
        self, client, c1_path, language
    ):
        document, response = page(client, in_language(c1_path, language))
        assert document.get("lang") == language
        assert document.get("dir") == ("rtl" if language in ("ar", "ckb") else "ltr")
        assert response["Content-Language"] == language
        nav = css(document, "nav[aria-label] ul")[0]
        assert text_of(css(nav, "a")[0]) == HOME[language]
        # Links stay in the page's language.
        assert css(nav, "a")[0].get("href") == in_language("/", language)

    def test_the_russian_claim_page_says_the_dispute_and_the_dates_in_russian(
        self, client, c1_path
    ):
        document, _ = page(client, in_language(c1_path, "ru"))
        steps = [text_of(css(s, ".thread-step__who")[0]) for s in css(document, ".thread-step")]
        assert steps[:2] == [
            "Заявление A source in the Russian Defence Ministry · 27 мая 2017 г. (это заявление)",
            "Опровержение: Syrian Democratic Forces · между 27 и 31 мая 2017 г.",
        ]
        summary = text_of(css(document, ".claim__disputed")[0])
        assert summary.startswith(
            "Оспаривается. Опровержение: Syrian Democratic Forces; "
            "опровержение отвергнуто: Sergey Lavrov. Подтверждение: Sergey Lavrov."
        )
        assert text_of(css(document, "#thread-heading")[0]) == "Спор"

    def test_the_arabic_claim_page_is_right_to_left_with_the_claim_in_english(
        self, client, c1, c1_path
    ):
        document, _ = page(client, in_language(c1_path, "ar"))
        assert document.get("dir") == "rtl"
        assert text_of(css(document, "#thread-heading")[0]) == "الخلاف"
        heading = css(document, "#claim-heading")[0]
        # The claim keeps its own language, and its direction follows its script.
        assert heading.get("lang") == c1.language == "en"
        assert heading.get("dir") == "auto"
        # The headline is the claim's first words; the claim in full follows, in English.
        assert c1.text.startswith(text_of(heading).removesuffix("…"))
        full = css(document, ".claim__text")[0]
        assert (full.get("lang"), full.get("dir"), text_of(full)) == ("en", "auto", c1.text)
        excerpt = css(document, ".appearances blockquote")[0]
        assert excerpt.get("lang") == "en"
        assert excerpt.get("dir") == "auto"

    def test_every_element_showing_a_claim_says_its_language(self, client, seeded_claims, c1_path):
        document, _ = page(client, in_language(c1_path, "ar"))
        texts = css(document, ".thread-step__text")
        assert len(texts) >= 3
        # The step's text, or (a step shown above, repeated as a link) its link.
        assert {(t.get("lang") or css(t, "a")[0].get("lang")) for t in texts} == {"en"}
        cards, _ = page(client, "/ar/claims/")
        assert {h.get("lang") for h in css(cards, ".claim-card__text")} == {"en"}

    @pytest.mark.parametrize("language", LANGUAGES)
    def test_the_switcher_links_to_this_page_in_each_language(self, client, c1_path, language):
        document, _ = page(client, in_language(c1_path, language) + "?as_of=2100-01-01")
        links = css(document, "nav.languages a")
        assert [link.get("hreflang") for link in links] == LANGUAGES
        assert [link.get("href") for link in links] == [
            in_language(c1_path, code) + "?as_of=2100-01-01" for code in LANGUAGES
        ]
        current = [link.get("hreflang") for link in links if link.get("aria-current")]
        assert current == [language]
        # Each language is named in itself, in its own language and direction.
        arabic = links[2]
        assert (arabic.get("lang"), arabic.get("dir"), text_of(arabic)) == ("ar", "rtl", "العربيّة")

    def test_the_head_names_every_language_version_and_the_default(self, client, c1_path):
        document, _ = page(client, in_language(c1_path, "ru"))
        alternates = {
            link.get("hreflang"): link.get("href")
            for link in css(document, "link[rel=alternate][hreflang]")
        }
        assert alternates == {
            "en": f"http://testserver{c1_path}",
            "x-default": f"http://testserver{c1_path}",
            "ru": f"http://testserver/ru{c1_path}",
            "ar": f"http://testserver/ar{c1_path}",
            "ckb": f"http://testserver/ckb{c1_path}",
        }
        canonical = css(document, "link[rel=canonical]")[0].get("href")
        assert canonical == f"http://testserver/ru{c1_path}"

    @pytest.mark.parametrize(
        "path",
        ["/", "/claims/?q=corridor", "/speakers/sergey-lavrov/", "/feeds/claims/", "/nowhere/"],
    )
    def test_every_reader_page_has_its_russian_version(self, client, seeded, path):
        english = client.get(path)
        russian = client.get(f"/ru{path}")
        assert russian.status_code == english.status_code
        assert russian["Content-Language"] == "ru"
        assert russian.content != english.content

    def test_the_russian_feed_is_in_russian_and_links_to_russian_pages(self, client, c1_path):
        feed = client.get("/ru/feeds/claims/").content.decode()
        assert "<title>Недавно опубликованные заявления</title>" in feed
        assert 'xml:lang="ru"' in feed
        assert f"http://testserver/ru{c1_path}" in feed

    def test_a_header_never_changes_the_language_of_a_reader_page(self, client, c1_path):
        english = client.get(c1_path, HTTP_ACCEPT_LANGUAGE="ru")
        assert english["Content-Language"] == "en"
        assert "Accept-Language" not in english.get("Vary", "")
        document = parse(english)
        assert document.get("lang") == "en"

    def test_an_error_page_never_repeats_its_address_in_other_languages(self, client):
        response = client.get("/ru/claims/999999/draft-words/")
        assert response.status_code == 404
        document = parse(response)
        assert css(document, "link[hreflang]") == []
        links = [link.get("href") for link in css(document, "nav.languages a")]
        assert links == ["/", "/ru/", "/ar/", "/ckb/"]
        assert "draft-words" not in response.content.decode()

    def test_a_language_the_site_does_not_have_is_not_a_page(self, client, c1_path):
        assert client.get(f"/fr{c1_path}").status_code == 404
        assert client.get(f"/en{c1_path}").status_code == 404


class TestStoredPages:
    def test_a_claim_page_is_stored_once_per_language_and_served_in_its_own(
        self, client, c1, c1_path, django_assert_num_queries
    ):
        ClaimPageRendition.objects.all().delete()
        for language in LANGUAGES:
            client.get(in_language(c1_path, language))
        stored = ClaimPageRendition.objects.filter(claim_id=c1.pk)
        assert sorted(stored.values_list("language", flat=True)) == sorted(LANGUAGES)
        for language in LANGUAGES:
            with django_assert_num_queries(1):
                response = client.get(in_language(c1_path, language))
            assert response["Content-Language"] == language
            assert parse(response).get("lang") == language
        etags = {client.get(in_language(c1_path, code))["ETag"] for code in LANGUAGES}
        assert len(etags) == len(LANGUAGES)

    def test_a_publish_drops_the_page_in_every_language_and_renders_the_new_one(
        self, client, c1, c1_path, django_capture_on_commit_callbacks
    ):
        for language in LANGUAGES:
            client.get(in_language(c1_path, language))
        c1.place = "Raqqa"
        c1.save()
        with django_capture_on_commit_callbacks(execute=True):
            claim_sync(c1)
        # The publish wrote C1: its pages in every language were rendered again at once.
        for language in LANGUAGES:
            stored = ClaimPageRendition.objects.get(claim_id=c1.pk, language=language)
            assert "Raqqa</dd>" in stored.html
        where = css(parse(client.get(in_language(c1_path, "ru"))), ".claim__facts dt")
        assert "Где" in [text_of(dt) for dt in where]


class TestStoredAnswers:
    def test_each_language_of_a_list_page_has_its_own_stored_answer(
        self, client, seeded, settings, django_assert_num_queries
    ):
        settings.PUBLIC_ANSWER_CACHE_SECONDS = 600
        english, russian = client.get("/claims/"), client.get("/ru/claims/")
        # Served from the answer store now (one query: the data version, in this process's
        # memory store), the same bytes, in its own language.
        with django_assert_num_queries(1):
            again = client.get("/ru/claims/")
        assert again.content == russian.content
        assert again["Content-Language"] == "ru"
        assert "Все заявления" in again.content.decode()
        assert client.get("/claims/").content == english.content
        assert russian["ETag"] != english["ETag"]


class TestLanguageNeutral:
    def test_the_api_is_the_same_in_every_language_asked(self, client, c1):
        english = client.get(f"/api/v1/claims/{c1.pk}/")
        russian = client.get(f"/api/v1/claims/{c1.pk}/", HTTP_ACCEPT_LANGUAGE="ru")
        assert russian.content == english.content
        assert "Content-Language" not in russian
        assert "Accept-Language" not in russian.get("Vary", "")
        body = json.loads(english.content)
        assert body["stated_on_display"] == "27 May 2017"
        assert not body["page_url"].startswith(("/ru/", "/ar/", "/ckb/"))
        assert client.get(f"/ru/api/v1/claims/{c1.pk}/").status_code == 404

    def test_a_publish_from_a_russian_desk_writes_the_record_in_english(self, db):
        claim = ClaimFactory(text="The corridor was agreed with the Americans.")
        AppearanceFactory(claim=claim)
        with translation.override("ru"):
            claim_publish(claim=claim)
        body = ClaimDocument.objects.get(pk=claim.pk).body
        body = json.loads(body) if isinstance(body, str) else body
        slug = "the-corridor-was-agreed-with-the-americans"
        assert body["page_url"] == f"/claims/{claim.pk}/{slug}/"
        assert body["speaker"]["page_url"].startswith("/speakers/")
        assert "мая" not in json.dumps(body, ensure_ascii=False)

    def test_oembed_frames_the_card_in_the_pages_language(self, client, c1_path, c1):
        answer = client.get("/oembed", {"url": f"http://testserver/ar{c1_path}"}).json()
        assert f'src="http://testserver/ar/claims/{c1.pk}/embed/"' in answer["html"]
        card = parse(client.get(f"/ar/claims/{c1.pk}/embed/"))
        assert (card.get("lang"), card.get("dir")) == ("ar", "rtl")


class TestAdmin:
    def test_the_admin_speaks_the_language_its_user_chose(self, editor_client, c1):
        change = reverse("admin:claims_claim_change", args=[c1.pk])
        english = editor_client.get(change)
        assert "Save and publish changes" in english.content.decode()
        editor_client.post(reverse("set_language"), {"language": "ru", "next": change})
        russian = editor_client.get(change)
        text = russian.content.decode()
        assert russian["Content-Language"] == "ru"
        assert "Сохранить и опубликовать изменения" in text
        assert "Опубликованные материалы" in text or "Опубликованная версия" in text
        # Django's own words, from Django's Russian catalogue.
        assert "Выйти" in text

    def test_the_browser_language_is_the_default_and_the_answer_says_it_varies(
        self, editor_client
    ):
        response = editor_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="ar")
        assert parse(response).get("dir") == "rtl"
        assert "Accept-Language" in response["Vary"]
        assert "مكتب تحرير تدقيق الحقائق" in response.content.decode()

    def test_the_admins_scripts_speak_its_language(self, editor_client):
        editor_client.cookies["django_language"] = "ru"
        catalogue = editor_client.get(reverse("admin:jsi18n")).content.decode()
        # The workbench's words, from locale/ru/LC_MESSAGES/djangojs.po (JSON-escaped).
        assert json.dumps("Добавить фрагмент к этому заявлению")[1:-1] in catalogue

    def test_a_russian_editor_gets_russian_form_errors(self, editor_client, c1):
        editor_client.cookies["django_language"] = "ru"
        change = reverse("admin:claims_claim_change", args=[c1.pk])
        form = editor_client.get(change)
        assert form.status_code == 200
        response = editor_client.post(
            reverse("admin:claims_claim_changelist"),
            {"action": "publish", "_selected_action": ["not-an-id"]},
        )
        assert response.status_code == 302
        followed = editor_client.get(reverse("admin:claims_claim_changelist"))
        assert "Ничего не сделано" in followed.content.decode()
