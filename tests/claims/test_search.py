"""Search syntax (phrases, exclusions, "or", languages), the same on both databases."""

import pytest
from django.db import connection

from claims.models import Claim
from claims.search import (
    SNIPPET_WORDS,
    Term,
    config_for,
    parse_websearch,
    plain_pattern,
    snippet,
)
from record import queries
from tests.factories import AppearanceFactory, ClaimFactory

pytestmark = pytest.mark.django_db


def keys(seeded_claims, query):
    found = set(Claim.objects.published().search(query).values_list("pk", flat=True))
    return {key for key, claim in seeded_claims.items() if claim.pk in found}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ('"safe southern corridor"', {"C1"}),
        ('"southern safe corridor"', set()),
        ("raqqa -palmyra", {"C6"}),
        ("shoigu or encircle", {"C4", "C6"}),
        ('"Syrian Democratic Forces" agreement', {"C1", "C2"}),
        ("SDF", {"C1"}),  # only in C1's excerpt, as TASS printed it
        ("-palmyra", set()),  # nothing to look for
        ("", set()),
    ],
)
def test_the_syntax_people_type(seeded_claims, query, expected):
    assert keys(seeded_claims, query) == expected


def test_a_new_excerpt_is_searchable_at_once(seeded_claims):
    AppearanceFactory(claim=seeded_claims["C5"], excerpt="Quoted by the zeppelin gazette.")
    assert keys(seeded_claims, "zeppelin") == {"C5"}


def test_an_edited_text_is_searchable_at_once(seeded_claims):
    claim = seeded_claims["C5"]
    claim.text = "A brand new wording about hovercraft."
    claim.save()
    assert keys(seeded_claims, "hovercraft") == {"C5"}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="stemming is PostgreSQL full-text search only"
)
def test_words_match_in_the_claims_own_language(db):
    russian = ClaimFactory(text="Министерство обороны подтверждает эту информацию.", language="ru")
    english = ClaimFactory(text="The ministries confirmed the corridors.", language="en")
    unknown = ClaimFactory(text="Kurdî: agahdarî hate piştrast kirin.", language="ku")
    found = set(Claim.objects.search("министерства").values_list("pk", flat=True))
    assert found == {russian.pk}  # Russian morphology: министерства ~ министерство
    assert set(Claim.objects.search("corridor").values_list("pk", flat=True)) == {english.pk}
    assert set(Claim.objects.search("piştrast").values_list("pk", flat=True)) == {unknown.pk}
    assert Claim.objects.get(pk=unknown.pk).search_config == "simple"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL only")
def test_results_are_ranked(seeded_claims):
    query = "palmyra militants"
    found = queries.search(queries.live_claims(), query)
    ranked = list(queries.best_matches(found, query))
    assert ranked
    ranks = [claim.rank for claim in ranked]
    assert ranks == sorted(ranks, reverse=True)
    assert ranks[0] > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="ranking is PostgreSQL only")
def test_the_rank_weighs_a_claims_own_words_above_its_excerpts(db):
    # The rank reads the stored vector, with its weights: not its text parsed again.
    own = ClaimFactory(text="The zeppelin landed near the dam.")
    reported = ClaimFactory(text="Something landed near the dam.")
    AppearanceFactory(claim=reported, excerpt="Something, a zeppelin, landed near the dam.")
    found = queries.search(queries.live_claims(), "zeppelin")
    assert [claim.pk for claim in queries.best_matches(found, "zeppelin")] == [own.pk, reported.pk]


def test_the_websearch_syntax_is_parsed_for_the_fallback():
    assert parse_websearch('"safe corridor" -isis raqqa or palmyra') == [
        [Term("safe corridor"), Term("isis", negated=True), Term("raqqa")],
        [Term("palmyra")],
    ]
    assert parse_websearch("-only -exclusions") == []
    assert parse_websearch('unclosed "quote') == [[Term("unclosed"), Term('"quote')]]


@pytest.mark.parametrize(
    ("language", "config"),
    [
        ("en", "english"),
        ("pt-BR", "portuguese"),
        ("RU", "russian"),
        ("ku", "simple"),
        ("", "simple"),
    ],
)
def test_each_language_gets_its_configuration(language, config):
    assert config_for(language) == config


def test_the_admin_search_uses_it_too(editor_client, seeded_claims):
    response = editor_client.get("/admin/claims/claim/", {"q": '"safe southern corridor"'})
    body = response.content.decode()
    assert seeded_claims["C1"].text[:40] in body
    assert seeded_claims["C2"].text[:40] not in body
    # The admin's field search still finds speakers by alias.
    by_alias = editor_client.get("/admin/claims/claim/", {"q": "Sergei Lavrov"}).content.decode()
    assert seeded_claims["C5"].text[:40] in by_alias


def test_a_long_claim_is_shown_from_just_before_its_first_match():
    words = [f"w{n}" for n in range(100)]
    words[50] = "Palmyra"
    shown = str(snippet(" ".join(words), plain_pattern("palmyra")))
    assert shown.startswith("…w45 w46 w47 w48 w49 <mark>Palmyra</mark> w51")
    assert shown.endswith(f" w{45 + SNIPPET_WORDS - 1}…")
    assert len(shown.split()) == SNIPPET_WORDS
    # Near the end, the window still shows as many words as it can.
    words[50], words[95] = "w50", "Palmyra"
    shown = str(snippet(" ".join(words), plain_pattern("palmyra")))
    assert shown.startswith(f"…w{100 - SNIPPET_WORDS} ")
    assert shown.endswith("w99")


def test_a_snippet_escapes_the_text_around_its_marks():
    shown = str(snippet('<img src=x onerror="alert(1)"> corridor', plain_pattern("corridor")))
    assert shown == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; <mark>corridor</mark>"


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming is PostgreSQL only")
def test_the_forms_a_stemmed_search_matched_are_the_ones_marked(client, db):
    ClaimFactory(text="The ministries confirmed the corridors.", language="en")
    body = client.get("/claims/", {"q": "ministry corridor"}).content.decode()
    assert "The <mark>ministries</mark> confirmed the <mark>corridors</mark>." in body
