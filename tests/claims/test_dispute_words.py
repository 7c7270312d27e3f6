"""The dispute in words (web.disputes): names, lists, possessives, the summary line, the
independence sentence and relay chains. No database: published documents only."""

import datetime

import pytest

from record.documents import PublishedAppearance, PublishedClaim, PublishedOutlet, PublishedSource
from record.documents import PublishedSpeaker as Speaker
from web.disputes import (
    Piece,
    answered,
    answers_to,
    card_disputes,
    clip,
    fill,
    independence_sentence,
    join_words,
    possessive,
    relay_chain,
    speaker_phrase,
)
from web.threads import DisputeThread, ThreadEdge

SDF = Speaker("sdf", "Syrian Democratic Forces", "organisation", "/speakers/sdf/")
ACRONYM = Speaker("sdf", "SDF", "organisation", "/speakers/sdf/")
MAHMOUD = Speaker("nm", "YPG spokesman Nuri Mahmoud", "person", "/speakers/nm/")
LAVROV = Speaker("lavrov", "Sergey Lavrov", "person", "/speakers/lavrov/")
SOURCE = Speaker("src", "A source in the Russian Defence Ministry", "unnamed_source", "/s/")
THE_HAGUE = Speaker("th", "The Hague Tribunal", "organisation", "/speakers/th/")


def claim(pk: int, speaker: Speaker, day: int) -> PublishedClaim:
    return PublishedClaim(
        id=pk,
        text=f"Claim {pk}",
        is_quote=False,
        speaker=speaker,
        stated_on=datetime.date(2017, 5, day),
        stated_on_precision="day",
        stated_on_words=f"{day} May 2017",
        page_url=f"/claims/{pk}/",
    )


@pytest.mark.parametrize(
    ("speaker", "start", "words"),
    [
        (SDF, False, "the Syrian Democratic Forces"),
        (SDF, True, "The Syrian Democratic Forces"),
        (LAVROV, False, "Sergey Lavrov"),
        (SOURCE, False, "a source in the Russian Defence Ministry"),
        (SOURCE, True, "A source in the Russian Defence Ministry"),
        (THE_HAGUE, False, "the Hague Tribunal"),
    ],
)
def test_a_speaker_is_named_as_a_sentence_needs(speaker, start, words):
    assert speaker_phrase(speaker, start=start) == words


@pytest.mark.parametrize(
    ("phrase", "owned"),
    [
        ("the Syrian Democratic Forces", "the Syrian Democratic Forces'"),
        ("the SDF", "the SDF's"),
        ("Sergey Lavrov", "Sergey Lavrov's"),
        ("Nikos Dendias", "Nikos Dendias'"),
    ],
)
def test_possessives_of_names_ending_in_s_take_the_apostrophe_alone(phrase, owned):
    assert possessive(phrase) == owned


@pytest.mark.parametrize(
    ("words", "each", "joined"),
    [
        (["A"], "", "A"),
        (["A", "B"], "", "A and B"),
        (["A", "B", "C"], "", "A, B and C"),
        (["A", "B"], "by ", "A and by B"),
        (["A", "B", "C"], "by ", "A, by B and by C"),
        ([], "", ""),
    ],
)
def test_lists_are_joined_with_and(words, each, joined):
    assert join_words(words, each=each) == joined


def test_the_issue_example_reads_as_one_sentence():
    c1 = claim(1, SOURCE, 27)
    sdf, mahmoud = claim(2, ACRONYM, 28), claim(3, MAHMOUD, 29)
    lavrov = claim(4, LAVROV, 31)
    thread = DisputeThread(
        focus=c1,
        edges=[
            ThreadEdge(sdf, c1, "denies"),
            ThreadEdge(mahmoud, c1, "denies"),
            ThreadEdge(lavrov, sdf, "denies"),
        ],
    )
    [sentence] = answers_to(thread, c1)
    assert str(sentence) == (
        "Denied by the SDF and by YPG spokesman Nuri Mahmoud; Sergey Lavrov rejected the "
        "SDF's denial."
    )
    # The names link to the claims they stand for.
    assert [piece.url for piece in sentence if piece.url] == [
        "/claims/2/",
        "/claims/3/",
        "/claims/4/",
    ]


def test_the_seed_reads_denied_rejected_then_confirmed():
    c1, c2, c3 = claim(1, SOURCE, 27), claim(2, SDF, 28), claim(3, LAVROV, 31)
    thread = DisputeThread(
        focus=c1,
        edges=[
            ThreadEdge(c2, c1, "denies"),
            ThreadEdge(c3, c2, "denies"),
            ThreadEdge(c3, c1, "confirms"),
        ],
    )
    assert " ".join(str(s) for s in answers_to(thread, c1)) == (
        "Denied by the Syrian Democratic Forces; Sergey Lavrov rejected the denial. "
        "Confirmed by Sergey Lavrov."
    )
    assert [str(s) for s in answered(thread, c3)] == [
        "Denies the claim by the Syrian Democratic Forces (28 May 2017).",
        "Confirms the claim by a source in the Russian Defence Ministry (27 May 2017).",
    ]
    assert answers_to(thread, c3) == []


def test_the_seed_names_who_rejected_the_denial():
    # The issue's complaint: the summary named the deniers, not who rejected the denial.
    c1, c2, c3 = claim(1, SOURCE, 27), claim(2, SDF, 28), claim(3, LAVROV, 31)
    thread = DisputeThread(
        focus=c1, edges=[ThreadEdge(c2, c1, "denies"), ThreadEdge(c3, c2, "denies")]
    )
    [sentence] = answers_to(thread, c1)
    assert str(sentence) == (
        "Denied by the Syrian Democratic Forces; Sergey Lavrov rejected the denial."
    )
    # Both the denial and its rejection link to their claims.
    assert [(piece.text, piece.url) for piece in sentence if piece.url] == [
        ("the Syrian Democratic Forces", "/claims/2/"),
        ("Sergey Lavrov", "/claims/3/"),
    ]
    # Seen from the denial, the rejection is a denial of it.
    [sentence] = answers_to(thread, c2)
    assert str(sentence) == "Denied by Sergey Lavrov."


def test_several_rejections_are_joined():
    c1, a, b = claim(1, SOURCE, 27), claim(2, SDF, 28), claim(3, MAHMOUD, 29)
    x, y = claim(4, LAVROV, 30), claim(5, THE_HAGUE, 31)
    thread = DisputeThread(
        focus=c1,
        edges=[
            ThreadEdge(a, c1, "denies"),
            ThreadEdge(b, c1, "denies"),
            ThreadEdge(x, a, "denies"),
            ThreadEdge(y, a, "denies"),
            ThreadEdge(x, b, "denies"),
        ],
    )
    [sentence] = answers_to(thread, c1)
    assert str(sentence) == (
        "Denied by the Syrian Democratic Forces and by YPG spokesman Nuri Mahmoud; Sergey "
        "Lavrov and the Hague Tribunal rejected the Syrian Democratic Forces' denial and Sergey "
        "Lavrov rejected YPG spokesman Nuri Mahmoud's denial."
    )


GOVERNMENT = {
    "slug": "gov",
    "name": "Government of the Russian Federation",
    "kind": "organisation",
    "url": "",
    "api_url": "",
    "page_url": "/g/",
}


@pytest.mark.parametrize(
    ("independence", "sentence"),
    [
        (
            {
                "corroborations": 3,
                "from_claimant_side": 3,
                "independent_origins": 0,
                "claimant_side": GOVERNMENT,
            },
            "3 corroborations, all from the Government of the Russian Federation, the "
            "claimant's side; none independent.",
        ),
        (
            {
                "corroborations": 1,
                "from_claimant_side": 1,
                "independent_origins": 0,
                "claimant_side": GOVERNMENT,
            },
            "1 corroboration, from the Government of the Russian Federation, the claimant's "
            "side; none independent.",
        ),
        (
            {
                "corroborations": 2,
                "from_claimant_side": 1,
                "independent_origins": 1,
                "claimant_side": GOVERNMENT,
            },
            "2 corroborations: 1 from the claimant's side (the Government of the Russian "
            "Federation), 1 independent origin.",
        ),
        (
            {
                "corroborations": 3,
                "from_claimant_side": 0,
                "independent_origins": 2,
                "claimant_side": None,
            },
            "3 corroborations from 2 independent origins.",
        ),
        (
            {
                "corroborations": 0,
                "from_claimant_side": 0,
                "independent_origins": 0,
                "claimant_side": None,
            },
            "",
        ),
        (None, ""),
    ],
)
def test_independence_in_a_sentence(independence, sentence):
    assert independence_sentence(independence) == sentence


def source(pk: int, outlet: str | None, title: str = "A report") -> PublishedSource:
    return PublishedSource(
        id=pk,
        title=title,
        url="",
        kind="article",
        page_url=f"/sources/{pk}/",
        published_on=None,
        outlet=PublishedOutlet(pk, outlet) if outlet else None,
    )


def test_a_relay_chain_follows_the_claims_other_appearances():
    ara, sputnik, ria = source(1, "ARA News"), source(2, "Sputnik"), source(3, "RIA Novosti")
    appearances = [
        PublishedAppearance(ara, "", "", False, relayed_from=sputnik),
        PublishedAppearance(sputnik, "", "", False, relayed_from=ria),
        PublishedAppearance(ria, "", "", True),
    ]
    assert relay_chain(appearances[0], appearances) == (
        "ARA News, carried from Sputnik, quoting RIA Novosti"
    )
    assert relay_chain(appearances[2], appearances) == ""
    # A relayed-from source the claim has no appearance in ends the chain, named by title
    # when it has no outlet.
    wire = source(4, None, "Wire copy")
    lone = PublishedAppearance(ara, "", "", False, relayed_from=wire)
    assert relay_chain(lone, [lone]) == "ARA News, carried from Wire copy"


def test_a_relay_cycle_ends():
    a, b = source(1, "A"), source(2, "B")
    appearances = [
        PublishedAppearance(a, "", "", True, relayed_from=b),
        PublishedAppearance(b, "", "", False, relayed_from=a),
    ]
    assert relay_chain(appearances[0], appearances) == "A, carried from B"


# --- A claim in a list (web.disputes.card_disputes) --------------------------------------


def card(pk: int, speaker: Speaker, **fields) -> PublishedClaim:
    return PublishedClaim(
        id=pk,
        text=fields.pop("text", f"Claim {pk}"),
        is_quote=fields.pop("is_quote", False),
        speaker=speaker,
        stated_on=None,
        stated_on_precision="",
        page_url=f"/claims/{pk}/",
        **fields,
    )


def test_a_denial_says_whose_claim_it_denies_and_what_that_said():
    c1 = card(1, SOURCE, text="Agreement had been reached in Raqqa on a corridor.")
    said = card_disputes(card(2, SDF, denies=[c1]))
    [sentence] = said.denies
    assert str(sentence) == (
        "Denies a source in the Russian Defence Ministry's claim: "
        "Agreement had been reached in Raqqa on a corridor."
    )
    assert [piece.url for piece in sentence if piece.url] == ["/claims/1/"]
    assert said.denied_by is None


def test_a_denied_quote_is_quoted_and_clipped_at_a_word():
    long = card(3, LAVROV, is_quote=True, text="Our Defense Ministry confirms it. " * 10)
    [sentence] = card_disputes(card(4, SDF, denies=[long])).denies
    assert str(sentence).startswith("Denies Sergey Lavrov's claim: “Our Defense Ministry")
    assert str(sentence).endswith("confirms it. Our…”")
    assert len(str(sentence)) < 160


def test_a_denied_claim_names_who_denied_it():
    said = card_disputes(card(1, SOURCE, denial_count=2, denied_by_speakers=[SDF, LAVROV]))
    assert str(said.denied_by) == "Denied by the Syrian Democratic Forces and Sergey Lavrov"
    # The names link to the speakers' pages.
    assert [p.url for p in said.denied_by if p.url] == ["/speakers/sdf/", "/speakers/lavrov/"]
    assert said.denies == []


def test_a_speaker_who_denied_twice_is_named_once_with_the_count():
    said = card_disputes(card(1, SOURCE, denial_count=3, denied_by_speakers=[SDF, LAVROV]))
    assert str(said.denied_by) == (
        "Denied by the Syrian Democratic Forces and Sergey Lavrov (3 claims)"
    )


def test_a_card_stored_before_cards_named_the_deniers_says_how_many():
    assert str(card_disputes(card(1, SOURCE, denial_count=2)).denied_by) == "Denied by 2 claims"
    assert str(card_disputes(card(1, SOURCE, denial_count=1)).denied_by) == "Denied by 1 claim"
    assert card_disputes(card(1, SOURCE, denied_by_speakers=[])).denied_by is None


@pytest.mark.parametrize(
    ("text", "limit", "clipped"),
    [
        ("Short enough.", 20, "Short enough."),
        ("Agreement had been reached in Raqqa between", 30, "Agreement had been reached in…"),
        ("Agreement, reached in Raqqa", 12, "Agreement…"),
        # The only word end is too early: the word is cut (a very long word, or a script
        # written without spaces).
        ("ИГ покинули Ракку", 10, "ИГ покинул…"),
        ("マイクロチップマイクロチップ", 5, "マイクロチ…"),
    ],
)
def test_clipping_ends_at_a_word(text, limit, clipped):
    assert clip(text, limit) == clipped


def test_a_translated_template_keeps_its_linked_parts_in_its_own_order():
    name = Piece("Sergey Lavrov", "/claims/3/")
    parts = fill("%(whose)s … %(speakers)s!", speakers=[name], whose="the SDF's")
    assert parts == ["the SDF's", " … ", [name], "!"]
