"""The home page and the claim list: search, filters, pagination, bad input."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from claims import search
from record.services import claim_sync
from tests.factories import (
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    ReviewFactory,
    withdraw,
)
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db


def card_texts(response):
    return [
        text_of(css(card, ".claim-card__text")[0]) for card in css(parse(response), ".claim-card")
    ]


def get_list(client, **params):
    return client.get(reverse("claim-list"), params)


class TestHome:
    def test_it_shows_the_latest_and_the_most_disputed_claims(self, client, seeded_claims):
        document = parse(client.get(reverse("home")))
        latest = css(document, "#latest-heading")[0].getparent()
        disputed = css(document, "#disputed-heading")[0].getparent()
        assert len(css(latest, ".claim-card")) == 7
        disputed_cards = [text_of(c) for c in css(disputed, ".claim-card")]
        assert len(disputed_cards) == 2
        assert disputed_cards[0].startswith("A source in the Russian Defence Ministry")
        assert (
            "Denied by the Syrian Democratic Forces · 3 pieces of evidence" in (disputed_cards[0])
        )
        assert disputed_cards[1].startswith(
            "Syrian Democratic Forces · between 27 and 31 May 2017"
        )

    def test_it_has_a_labelled_search_box(self, client, db):
        document = parse(client.get(reverse("home")))
        field = css(document, "#home-search-q")[0]
        assert field.get("name") == "q"
        assert css(document, 'label[for="home-search-q"]')

    @pytest.mark.parametrize("rows", [3, 50])
    def test_it_takes_a_fixed_number_of_queries(self, client, rows, django_assert_num_queries):
        for _ in range(rows):
            ClaimLinkFactory()
        with django_assert_num_queries(4):
            # 1. the public data version (ETag; a cache read when REDIS_URL is set),
            # 2. latest claims, 3. most disputed claims (both with counts), 4. the total
            assert client.get(reverse("home")).status_code == 200


class TestSearchAndFilters:
    def test_search_finds_words_in_the_text_and_in_excerpts(self, client, seeded_claims):
        assert card_texts(get_list(client, q="safe southern corridor")) == [
            seeded_claims["C1"].text
        ]
        # "groupings" and "SDF" are only in C1's excerpt as TASS printed it.
        assert card_texts(get_list(client, q="SDF groupings")) == [seeded_claims["C1"].text]

    def test_the_words_found_are_highlighted_in_the_results(self, client, db):
        ClaimFactory(text="The <b>corridor</b> to Palmyra stays open, says the army.")
        document = parse(get_list(client, q='"to palmyra" army'))
        card = css(document, ".claim-card__text")[0]
        marked = [text_of(mark) for mark in css(card, "mark")]
        # PostgreSQL marks each word of a phrase; the fallback marks the phrase whole.
        assert " ".join(marked).lower().split() in (["palmyra", "army"], ["to", "palmyra", "army"])
        # The claim's own markup stays text, around the marks.
        assert "<b>corridor</b>" in text_of(card)
        assert not css(card, "b")

    def test_an_excluded_word_is_not_highlighted(self, client, db):
        ClaimFactory(text="Militants left the city through the corridor.")
        card = css(parse(get_list(client, q="corridor -isis")), ".claim-card__text")[0]
        assert [text_of(mark).lower() for mark in css(card, "mark")] == ["corridor"]

    def test_only_the_newest_matches_are_ranked(self, client, db, monkeypatch):
        monkeypatch.setattr(search, "CANDIDATES", 3)
        claims = [ClaimFactory(text=f"Grain exports resumed, report {n}.") for n in range(5)]
        ClaimFactory(text="Nothing about that.")
        document = parse(get_list(client, q="grain"))
        assert text_of(css(document, "#results-heading")[0]) == "More than 3 claims"
        assert "Showing the 3 newest matches, best first" in text_of(document)
        assert sorted(card_texts(get_list(client, q="grain"))) == sorted(
            claim.text for claim in claims[-3:]
        )

    def test_a_search_within_the_bound_counts_exactly(self, client, db, monkeypatch):
        monkeypatch.setattr(search, "CANDIDATES", 3)
        for n in range(3):
            ClaimFactory(text=f"Grain exports resumed, report {n}.")
        document = parse(get_list(client, q="grain"))
        assert text_of(css(document, "#results-heading")[0]) == "3 claims"
        assert not css(document, ".results-note")

    def test_a_search_with_no_match_says_so(self, client, seeded_claims):
        response = get_list(client, q="zeppelin")
        assert "No published claim matches." in text_of(parse(response))

    def test_it_filters_by_speaker(self, client, seeded_claims):
        texts = card_texts(get_list(client, speaker="sergey-lavrov"))
        assert len(texts) == 3
        assert all(t.startswith("“") for t in texts)  # Lavrov's claims are all quotes

    @pytest.mark.parametrize("typed", ["Sergey Lavrov", "sergey lavrov", "Sergei Lavrov"])
    def test_a_speaker_can_be_typed_by_name_or_alias(self, client, seeded_claims, typed):
        assert len(card_texts(get_list(client, speaker=typed))) == 3

    def test_a_speaker_without_published_claims_is_not_found_by_name(self, client, db):
        ClaimFactory(draft=True, speaker__name="Hidden Person")
        response = get_list(client, speaker="Hidden Person")
        assert response.status_code == 400
        assert "No speaker by that name" in text_of(parse(response))

    def test_it_filters_by_topic(self, client, seeded_claims):
        assert len(card_texts(get_list(client, tag="islamic-state"))) == 4

    def test_it_filters_disputed_claims(self, client, seeded_claims):
        texts = card_texts(get_list(client, disputed="true"))
        assert sorted(texts) == sorted([seeded_claims["C1"].text, seeded_claims["C2"].text])
        assert len(card_texts(get_list(client, disputed="false"))) == 5

    def test_it_filters_by_date_range(self, client, seeded_claims):
        texts = card_texts(get_list(client, stated_after="2017-05-30", stated_before="2017-05-30"))
        # By overlap: the claims of May 2017 (C2, C6) can have been made on 30 May.
        assert sorted(texts) == sorted(seeded_claims[key].text for key in ("C2", "C4", "C6"))

    def test_it_filters_by_verdict(self, client, seeded_claims):
        review = ReviewFactory(claim=seeded_claims["C4"], rating__slug="half-true")
        assert card_texts(get_list(client, rating="half-true")) == [review.claim.text]

    @pytest.mark.parametrize(
        ("param", "value", "message"),
        [
            ("stated_after", "yesterday", "Enter a valid date."),
            (
                "disputed",
                "maybe",
                "Select a valid choice. maybe is not one of the available choices.",
            ),
            ("speaker", "nobody", "No speaker by that name has published claims."),
        ],
    )
    def test_a_bad_filter_value_is_a_form_error_not_a_500(
        self, client, seeded_claims, param, value, message
    ):
        response = get_list(client, **{param: value})
        assert response.status_code == 400
        document = parse(response)
        assert text_of(css(document, f"#id_{param}-error")[0]) == message
        assert not css(document, ".claim-card")


class TestPagination:
    def test_it_pages_through_claims_twenty_at_a_time(self, client):
        for day in range(1, 26):
            ClaimFactory(stated_on=datetime.date(2017, 5, day))
        first = get_list(client)
        assert len(card_texts(first)) == 20
        assert "Page 1 of 2" in text_of(parse(first))
        second = get_list(client, page=2)
        assert len(card_texts(second)) == 5

    def test_the_next_page_keeps_the_filters(self, client):
        for _ in range(21):
            ClaimLinkFactory()
        document = parse(get_list(client, disputed="true"))
        assert css(document, 'a[rel="next"]')[0].get("href") == "?disputed=true&page=2"

    @pytest.mark.parametrize("page", ["99", "0", "x"])
    def test_a_page_that_does_not_exist_is_not_found(self, client, db, page):
        ClaimFactory()
        assert get_list(client, page=page).status_code == 404


@pytest.mark.parametrize("rows", [3, 50])
def test_the_list_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    for _ in range(rows):
        claim = ClaimLinkFactory().to_claim
        EvidenceFactory(claim=claim)
        claim.tags.create(name=f"Topic {claim.pk}", slug=f"topic-{claim.pk}")
        claim_sync(claim)
    with django_assert_num_queries(5):
        # 1. the public data version (ETag; a cache read when REDIS_URL is set),
        # 2. the count, 3. the page of claims with speakers and counts, 4.-5. the topic and
        # verdict choices
        response = get_list(client, disputed="true")
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 50])
def test_a_search_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    for n in range(rows):
        ClaimLinkFactory(to_claim__text=f"Grain exports resumed, report {n}.")
    # 1. the public data version (ETag; a cache read when REDIS_URL is set),
    # 2. (PostgreSQL) the search's statement timeout (SET LOCAL), 3. (PostgreSQL) the ids of
    # the matches, when there are few, 4. how many of the bounded candidates, 5. the page of
    # them ranked, with speakers, counts and (PostgreSQL) headlines, 6.-7. the topic and
    # verdict choices (cached in production: see below)
    with django_assert_num_queries(7 if connection.vendor == "postgresql" else 5):
        response = get_list(client, q="grain exports")
    assert len(card_texts(response)) == min(rows, 20)


@pytest.mark.django_db(transaction=True)
class TestCachedChoices:
    """With real commits, as in production: the topic and verdict choices come from the
    cache until published data changes."""

    @pytest.fixture(autouse=True)
    def _cache_on(self, settings):
        settings.PUBLIC_LISTS_CACHE_SECONDS = 600

    def options(self, client, name):
        document = parse(get_list(client))
        return [option.get("value") for option in css(document, f"#id_{name} option")][1:]

    def test_a_repeated_request_reads_no_choices(self, client, django_assert_num_queries):
        claim = ClaimFactory(text="Grain exports resumed.")
        claim.tags.create(name="Grain", slug="grain")
        claim_sync(claim)
        get_list(client)
        with django_assert_num_queries(4):
            # 1.-2. the public data version (for the ETag and for the choices; two cache
            # reads when REDIS_URL is set), 3. the count, 4. the page of claims
            get_list(client)
        with django_assert_num_queries(8 if connection.vendor == "postgresql" else 4):
            # The same, and on PostgreSQL the ids of the few matches and the search's
            # statement timeout: its transaction (BEGIN, COMMIT, counted by Django: in the
            # test above, the test's own transaction holds it) and SET LOCAL.
            assert len(card_texts(get_list(client, q="grain"))) == 1

    def test_publishing_and_withdrawing_change_the_choices(self, client):
        claim = ClaimFactory()
        claim.tags.create(name="Grain", slug="grain")
        ReviewFactory(claim=claim, rating__slug="half-true")
        assert self.options(client, "tag") == ["grain"]
        assert self.options(client, "rating") == ["half-true"]
        withdraw(claim, "Misquoted.")
        assert self.options(client, "tag") == []
        assert self.options(client, "rating") == []
        claim.publish()
        claim_sync(claim)
        assert self.options(client, "tag") == ["grain"]
