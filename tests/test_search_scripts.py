"""Search finds what a reader types (issue item 3): in scripts written without spaces
(Chinese, Japanese, Korean, Thai), in whatever Unicode form a keyboard gives, and in the
original text's own language. The reader's page and the API, on SQLite and PostgreSQL."""

import importlib
import unicodedata
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse

from claims.search import search_form, search_query
from record.models import ClaimDocument
from tests.factories import AppearanceFactory, ClaimFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL full-text search only"
)


def api_found(client, query: str) -> set[int]:
    response = client.get("/api/v1/claims/", {"q": query})
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["results"]}


def page_found(client, query: str) -> list[str]:
    response = client.get(reverse("claim-list"), {"q": query})
    assert response.status_code == 200
    return [text_of(card) for card in css(parse(response), ".claim-card__text")]


@pytest.fixture
def chinese(db):
    return ClaimFactory(text="网传新冠疫苗含有追踪芯片，这是谣言。", language="zh")


@pytest.fixture
def japanese(db):
    return ClaimFactory(
        text="ワクチンにマイクロチップが入っているという投稿は誤りです。", language="ja"
    )


@pytest.fixture
def english(db):
    return ClaimFactory(text="The vaccine contains no microchip.", language="en")


class TestScriptsWithoutSpaces:
    def test_a_chinese_word_inside_a_sentence_is_found(self, client, chinese, english):
        assert api_found(client, "疫苗") == {chinese.pk}
        assert api_found(client, "追踪芯片") == {chinese.pk}
        assert page_found(client, "疫苗") == [chinese.text]

    def test_the_words_found_are_marked(self, client, chinese):
        response = client.get(reverse("claim-list"), {"q": "疫苗"})
        marks = [text_of(mark) for mark in css(parse(response), ".claim-card__text mark")]
        assert marks == ["疫苗"]

    def test_a_japanese_word_inside_a_sentence_is_found(self, client, japanese, english):
        assert api_found(client, "マイクロチップ") == {japanese.pk}
        assert page_found(client, "マイクロチップ") == [japanese.text]

    def test_letters_out_of_order_are_not_a_match(self, client, chinese, japanese):
        assert api_found(client, "苗疫") == set()
        assert api_found(client, "チップマイクロ") == set()

    def test_one_letter_is_found_wherever_it_is(self, client, chinese):
        assert api_found(client, "谣") == {chinese.pk}
        assert api_found(client, "言") == {chinese.pk}  # the last of its run

    def test_the_syntax_holds(self, client, chinese, japanese, english):
        assert api_found(client, "疫苗 or マイクロチップ") == {chinese.pk, japanese.pk}
        assert api_found(client, "疫苗 -芯片") == set()
        assert api_found(client, '"追踪芯片"') == {chinese.pk}
        assert api_found(client, "microchip or 芯片") == {chinese.pk, english.pk}

    def test_korean_and_thai_too(self, client, db):
        korean = ClaimFactory(text="백신에는마이크로칩이없습니다", language="ko")
        thai = ClaimFactory(text="วัคซีนไม่มีไมโครชิป", language="th")
        assert api_found(client, "마이크로칩") == {korean.pk}
        assert api_found(client, "ไมโครชิป") == {thai.pk}

    def test_excerpts_in_those_scripts_are_found(self, client, english):
        AppearanceFactory(claim=english, excerpt="疫苗不含芯片")
        assert api_found(client, "芯片") == {english.pk}


class TestUnicodeForms:
    def test_half_width_katakana_finds_full_width(self, client, japanese):
        assert api_found(client, "ﾏｲｸﾛﾁｯﾌﾟ") == {japanese.pk}

    def test_decomposed_accents_find_composed_ones(self, client, db):
        composed = ClaimFactory(text="Le ministère dément la rumeur.", language="fr")
        decomposed = unicodedata.normalize("NFD", "ministère")
        assert decomposed != "ministère"
        assert api_found(client, decomposed) == {composed.pk}
        assert page_found(client, decomposed) == [composed.text]

    def test_composed_accents_find_decomposed_ones(self, client, db):
        claim = ClaimFactory(
            text=unicodedata.normalize("NFD", "Le ministère dément."), language="fr"
        )
        assert api_found(client, "ministère") == {claim.pk}

    def test_full_width_letters_and_case_folding(self, client, db):
        covid = ClaimFactory(text="COVID shots were tested.", language="en")
        strasse = ClaimFactory(text="Die Straße bleibt gesperrt.", language="de")
        assert api_found(client, "ｃｏｖｉｄ") == {covid.pk}
        assert api_found(client, "STRASSE") == {strasse.pk}
        assert api_found(client, "straße") == {strasse.pk}

    def test_the_stored_form_and_the_query_form_agree(self):
        assert search_form("ＣＯＶＩＤ疫苗") == "covid 疫苗 疫 苗"
        assert search_query("ﾏｲｸﾛ -疫苗 or x") == '"マイ イク クロ" -疫苗 or x'


class TestTheOriginalText:
    def test_the_original_is_searchable(self, client, db):
        claim = ClaimFactory(
            text="The ministry confirms it.",
            original_text="网传疫苗含有芯片",
            original_language="zh",
            language="en",
        )
        assert api_found(client, "芯片") == {claim.pk}

    @postgresql_only
    def test_the_original_is_read_in_its_own_language(self, client, db):
        claim = ClaimFactory(
            text="The ministry of defence confirms this information.",
            original_text="Министерство обороны подтверждает эту информацию.",
            original_language="ru",
            language="en",
        )
        document = ClaimDocument.objects.get(pk=claim.pk)
        assert (document.search_config, document.original_search_config) == ("english", "russian")
        # Russian morphology on the original: министерства ~ министерство.
        assert api_found(client, "министерства") == {claim.pk}
        assert page_found(client, "министерства") == [claim.text]
        # And English on the claim's own text.
        assert api_found(client, "confirmed") == {claim.pk}


def test_the_migration_rewrites_the_stored_forms(client, chinese, japanese):
    AppearanceFactory(claim=japanese, excerpt="ＣＯＶＩＤワクチン")
    written = dict(ClaimDocument.objects.values_list("pk", "search_text"))
    # As an older release stored them: raw text, no vector.
    ClaimDocument.objects.update(search_text="stale", search_vector=None)
    migration = importlib.import_module("record.migrations.0007_claim_search_forms")
    # The migration reads only the editor's connection.
    migration.forwards(apps, SimpleNamespace(connection=connection))
    assert dict(ClaimDocument.objects.values_list("pk", "search_text")) == written
    assert api_found(client, "covid") == {japanese.pk}
    assert api_found(client, "疫苗") == {chinese.pk}
