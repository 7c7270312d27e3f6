"""The claim page: the claim, the dispute thread, evidence, verdict, and data for machines."""

import datetime
import re

import extruct
import pytest
from django.db import connection
from django.urls import reverse

from claims.models import Correction
from record.services import claim_sync
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    RatingFactory,
    ReviewFactory,
    withdraw,
)
from tests.html import css, parse, text_of
from tests.schema_org import schema_org_errors

pytestmark = pytest.mark.django_db


def get_page(client, claim):
    response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    return response


def test_the_schema_org_check_catches_a_stray_property():
    # The vocabulary check the tests below rely on does reject what schema.org does not have.
    assert schema_org_errors({"@type": "Claim", "verdict": "x"}) == [
        "$.verdict: not a schema.org property"
    ]
    assert schema_org_errors({"@type": "Claim", "reviewRating": {"@type": "Rating"}}) == [
        "$.reviewRating: does not apply to Claim"
    ]
    assert schema_org_errors({"@type": "ClaimReview", "author": {"@type": "Rating"}}) == [
        "$.author: Rating is not among ['Organization', 'Person']"
    ]


def jsonld_of(response):
    data = extruct.extract(
        response.content.decode(), base_url="http://testserver/", syntaxes=["json-ld"]
    )
    assert len(data["json-ld"]) == 1
    return data["json-ld"][0]


class TestTheSeedDispute:
    def test_c1_shows_both_steps_of_the_thread_in_order_with_speakers_and_dates(
        self, client, seeded_claims
    ):
        document = parse(get_page(client, seeded_claims["C1"]))
        steps = css(document, ".thread--root .thread-step")
        assert [text_of(css(step, ".thread-step__who")[0]) for step in steps] == [
            "Claim A source in the Russian Defence Ministry · 27 May 2017 (this claim)",
            "Denied by Syrian Democratic Forces · between 27 and 31 May 2017",
            "Denied by Sergey Lavrov, Russian Foreign Minister · 31 May 2017",
            "Confirmed by Sergey Lavrov, Russian Foreign Minister · 31 May 2017",
        ]
        # Each answer is nested under the claim it answers.
        c1_step, c2_step, c3_step, c3_confirming = steps
        assert c2_step.getparent().getparent() is c1_step
        assert c3_step.getparent().getparent() is c2_step
        assert c3_confirming.getparent().getparent() is c1_step
        links = [step.xpath("./article/p[@class='thread-step__text']/a") for step in steps]
        assert links[0] == []  # the claim itself is not a link to itself
        assert links[1][0].get("href") == seeded_claims["C2"].get_absolute_url()
        assert links[2][0].get("href") == seeded_claims["C3"].get_absolute_url()
        # Where each step was reported.
        for step in steps[:3]:  # the confirming C3 is that same claim, shown as a reference
            where = text_of(step.xpath("./article/p[@class='thread-step__where']")[0])
            assert where.startswith("Reported in Lavrov comments on Raqqa developments, TASS")

    def test_c1_says_at_a_glance_that_it_is_disputed(self, client, seeded_claims):
        document = parse(get_page(client, seeded_claims["C1"]))
        summary = text_of(css(document, ".claim__disputed")[0])
        # Sentences built from the thread (web.disputes); the seed's confirmation, when it
        # has one, follows (tests/claims/test_dispute_links.py).
        assert summary.startswith(
            "Disputed. Denied by the Syrian Democratic Forces; Sergey Lavrov rejected the denial."
        )
        assert summary.endswith("Follow the dispute")

    def test_c1_shows_its_corroborating_evidence(self, client, seeded_claims):
        document = parse(get_page(client, seeded_claims["C1"]))
        groups = css(document, ".evidence")
        assert [text_of(css(g, "h3")[0]) for g in groups] == ["Corroborates (3)"]
        items = css(groups[0], ".evidence-item")
        speakers = [text_of(css(item, "a")[0]) for item in items]
        assert sorted(speakers) == ["Sergei Shoigu", "Sergey Lavrov", "Sergey Lavrov"]

    def test_c1_shows_where_it_was_reported(self, client, seeded_claims):
        document = parse(get_page(client, seeded_claims["C1"]))
        appearance = text_of(css(document, ".appearances li")[0])
        assert appearance.startswith("First known appearance: Lavrov comments on Raqqa")
        assert "“A source in Russia’s Defense Ministry said on May 27”" in appearance
        original = css(document, '.appearances a[href="https://tass.com/politics/948656"]')
        assert original

    def test_c2_is_dated_at_month_precision_within_its_bounds(self, client, seeded_claims):
        document = parse(get_page(client, seeded_claims["C2"]))
        facts = text_of(css(document, ".claim__facts")[0])
        assert facts.startswith("Stated between 27 and 31 May 2017 (The article reports")
        assert not re.search(r"\b1 May", text_of(document))

    def test_c2_says_what_it_denies(self, client, seeded_claims):
        document = parse(get_page(client, seeded_claims["C2"]))
        assert text_of(css(document, ".claim__answers")[0]) == (
            "Denies the claim by a source in the Russian Defence Ministry (27 May 2017)."
        )

    def test_a_quote_and_a_paraphrase_say_which_they_are(self, client, seeded_claims):
        quote = parse(get_page(client, seeded_claims["C3"]))
        assert text_of(css(quote, ".claim__kind")[0]) == "Quote"
        assert text_of(css(quote, "h1")[0]).startswith("“Our Defense Ministry")
        paraphrase = parse(get_page(client, seeded_claims["C1"]))
        assert text_of(css(paraphrase, ".claim__kind")[0]).startswith("Paraphrase")


class TestAddresses:
    def test_the_short_address_redirects_to_the_canonical_one(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        response = client.get(reverse("claim-redirect", args=[claim.pk]))
        assert response.status_code == 301
        assert response["Location"] == claim.get_absolute_url()

    def test_a_stale_slug_redirects_to_the_canonical_address(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        response = client.get(reverse("claim-detail", args=[claim.pk, "old-words"]))
        assert response.status_code == 301
        assert response["Location"] == claim.get_absolute_url()

    def test_an_unknown_claim_is_not_found(self, client, db):
        assert client.get("/claims/999999/").status_code == 404
        assert client.get("/claims/999999/some-words/").status_code == 404

    def test_a_draft_is_not_found(self, client):
        draft = ClaimFactory(draft=True)
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(f"/claims/{draft.pk}/").status_code == 404

    def test_a_withdrawn_claim_says_when_and_why_and_nothing_else(self, client):
        claim = ClaimFactory(text="Words that were misattributed.")
        withdraw(claim, "The speaker never said this; the outlet retracted it.")
        response = client.get(claim.get_absolute_url())
        assert response.status_code == 410
        document = parse(response)
        assert text_of(css(document, "h1")[0]) == "This claim was withdrawn"
        assert "The speaker never said this; the outlet retracted it." in text_of(document)
        assert claim.withdrawn_at.strftime("%-d %B %Y") in text_of(document)
        assert "misattributed" not in text_of(document)
        assert css(document, 'meta[name="robots"][content="noindex"]')


class TestVerdictAndCorrections:
    def test_the_verdict_shows_with_its_reasoning(self, client, seeded_claims):
        review = ReviewFactory(
            claim=seeded_claims["C1"],
            rating__name="Unproven",
            summary="Only the Defence Ministry vouches for it.",
            reasoning="No independent source confirms the agreement.",
            reviewer_name="A. Checker",
        )
        document = parse(get_page(client, review.claim))
        verdict = css(document, "section.verdict")[0]
        assert text_of(css(verdict, "h2")[0]) == "Verdict: Unproven"
        assert text_of(css(verdict, ".verdict__summary")[0]) == (
            "Only the Defence Ministry vouches for it."
        )
        assert text_of(css(verdict, ".verdict__by")[0]) == (
            "Reviewed by A. Checker, Factcheck Desk on 2 June 2017. How it was reached"
        )
        # The reasoning has its own section further down, which the verdict links to.
        assert css(verdict, ".verdict__by a")[0].get("href") == "#reasoning-heading"
        reasoning = css(document, "#reasoning-heading")[0].getparent()
        assert text_of(reasoning) == (
            "How the verdict was reached: Unproven No independent source confirms the agreement."
        )

    def test_a_draft_verdict_is_not_shown(self, client, seeded_claims):
        ReviewFactory(claim=seeded_claims["C1"], status="draft", published_at=None)
        document = parse(get_page(client, seeded_claims["C1"]))
        assert not css(document, "section.verdict")
        assert text_of(css(document, ".verdict--none")[0]) == (
            "No fact-checker’s verdict has been published for this claim yet."
        )

    def test_corrections_show_with_their_dates(self, client, seeded_claims):
        Correction.objects.create(
            claim=seeded_claims["C1"],
            note="The speaker was first given as the Foreign Ministry.",
            corrected_on=datetime.date(2017, 6, 3),
        )
        claim_sync(seeded_claims["C1"])  # an editor publishes the correction
        document = parse(get_page(client, seeded_claims["C1"]))
        assert text_of(css(document, ".corrections li")[0]) == (
            "3 June 2017: The speaker was first given as the Foreign Ministry."
        )


class TestForMachines:
    def test_an_unreviewed_claim_carries_claim_jsonld(self, client, seeded_claims):
        data = jsonld_of(get_page(client, seeded_claims["C2"]))
        assert schema_org_errors(data) == []
        assert data["@type"] == "Claim"
        assert data["author"]["name"] == "Syrian Democratic Forces"
        assert data["datePublished"] == "2017-05"  # month precision: no made-up day
        assert [a["url"] for a in data["appearance"]] == ["https://tass.com/politics/948656"]

    def test_a_reviewed_claim_carries_every_property_google_requires(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        rating = RatingFactory(name="Mostly false", value=2)
        RatingFactory(scale=rating.scale, value=1)
        RatingFactory(scale=rating.scale, value=5)
        ReviewFactory(claim=claim, rating=rating, reviewed_on=datetime.date(2017, 6, 2))
        response = get_page(client, claim)
        data = jsonld_of(response)
        canonical = f"http://testserver{claim.get_absolute_url()}"
        assert schema_org_errors(data) == []
        assert data["@type"] == "ClaimReview"
        assert data["claimReviewed"] == claim.text
        assert data["url"] == canonical
        assert data["datePublished"] == "2017-06-02"
        assert data["author"]["@type"] == "Organization"
        assert data["author"]["name"] == "Factcheck Desk"
        rating_ld = data["reviewRating"]
        assert rating_ld["alternateName"] == "Mostly false"
        assert rating_ld["ratingValue"] == 2
        assert rating_ld["bestRating"] == 5
        assert rating_ld["worstRating"] == 1
        reviewed = data["itemReviewed"]
        assert reviewed["@type"] == "Claim"
        assert reviewed["author"]["name"] == "A source in the Russian Defence Ministry"
        assert reviewed["datePublished"] == "2017-05-27"
        assert [a["url"] for a in reviewed["appearance"]] == ["https://tass.com/politics/948656"]
        assert reviewed["firstAppearance"]["headline"] == ("Lavrov comments on Raqqa developments")

    def test_the_page_has_canonical_open_graph_and_api_links(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        document = parse(get_page(client, claim))
        canonical = f"http://testserver{claim.get_absolute_url()}"
        assert css(document, 'link[rel="canonical"]')[0].get("href") == canonical
        assert css(document, 'meta[property="og:url"]')[0].get("content") == canonical
        assert (
            css(document, 'meta[property="og:title"]')[0]
            .get("content")
            .startswith("A source in the Russian Defence Ministry: Agreement had been reached")
        )
        api = css(document, 'link[rel="alternate"][type="application/json"]')[0].get("href")
        assert api == f"/api/v1/claims/{claim.pk}/"

    def test_markup_in_the_data_cannot_break_out_of_the_jsonld_block(self, client):
        claim = ClaimFactory(text='He said </script><script>alert("x")</script> twice.')
        response = get_page(client, claim)
        assert b'<script>alert("x")</script>' not in response.content
        assert jsonld_of(response)["text"] == claim.text


@pytest.mark.parametrize("rows", [3, 20])
def test_the_page_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    claim = ClaimFactory()
    denied = claim
    for _ in range(rows):
        denial = ClaimLinkFactory(to_claim=denied)
        AppearanceFactory(claim=denial.from_claim)
        denied = denial.from_claim
        EvidenceFactory(claim=claim, backing_claim=ClaimFactory())
        AppearanceFactory(claim=claim)
    claim.tags.create(name=f"Topic {rows}", slug=f"topic-{rows}")
    ReviewFactory(claim=claim)
    # PostgreSQL shares the record's lock while the page is stored (SQLite writes one
    # transaction at a time anyway).
    with django_assert_num_queries(13 if connection.vendor == "postgresql" else 12):
        # Rendered, the first time (serving.renditions, web.claim_pages):
        # 1. the stored page (none yet), 2. the record's newest version
        # 3. the claim's document (its appearances, evidence, verdict, topics and
        #    corrections in its body), with its speaker's document (organisation, Wikidata)
        # 4. the documents of the dispute thread's claims (a recursive walk of the record's
        #    denial links)
        # 5. the cards of every source shown (appearances, evidence, thread steps), with
        #    their outlets' documents
        # 6. the claim's versions (the page lists them)
        # 7-12. stored: a savepoint, (PostgreSQL: the record's lock, shared), versions written
        #    since 2, the page's documents replaced (two statements), the page written, the
        #    savepoint released
        response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert len(css(parse(response), ".thread-step")) == rows + 1
    with django_assert_num_queries(1):
        # Every request after it: the stored page.
        again = client.get(claim.get_absolute_url())
    assert again.content == response.content
