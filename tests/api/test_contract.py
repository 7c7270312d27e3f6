"""The partner API's addresses and fields on the seed data (docs/api.md)."""

import pytest

from tests.factories import ReviewFactory
from tests.schema_org import schema_org_errors

pytestmark = pytest.mark.django_db

TASS_URL = "https://tass.com/politics/948656"


def get(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_the_index_lists_every_resource(client, db):
    index = get(client, "/api/v1/")
    assert index == {
        "claims": "http://testserver/api/v1/claims/",
        "speakers": "http://testserver/api/v1/speakers/",
        "sources": "http://testserver/api/v1/sources/",
        "outlets": "http://testserver/api/v1/outlets/",
        "claimreviews": "http://testserver/api/v1/claimreviews/",
        "changes": "http://testserver/api/v1/changes/",
        "releases": "http://testserver/api/v1/releases/",
        "schema": "http://testserver/api/v1/schema/",
        "docs": "http://testserver/api/v1/docs/",
    }


class TestClaim:
    def test_c1_carries_every_field_of_the_contract(self, client, seeded_claims):
        c1 = seeded_claims["C1"]
        claim = get(client, f"/api/v1/claims/{c1.pk}/")
        assert claim["id"] == c1.pk
        assert claim["api_url"] == f"http://testserver/api/v1/claims/{c1.pk}/"
        assert claim["page_url"] == f"http://testserver{c1.get_absolute_url()}"
        assert claim["text"] == c1.text
        assert claim["is_quote"] is False
        assert claim["language"] == "en"
        assert claim["original_text"] == ""
        assert claim["speaker"] == {
            "slug": "source-in-russian-defence-ministry",
            "name": "A source in the Russian Defence Ministry",
            "kind": "unnamed_source",
            "url": "http://testserver/api/v1/speakers/source-in-russian-defence-ministry/",
            "api_url": "http://testserver/api/v1/speakers/source-in-russian-defence-ministry/",
            "page_url": "http://testserver/speakers/source-in-russian-defence-ministry/",
        }
        assert claim["stated_on"] == "2017-05-27"
        assert claim["stated_on_precision"] == "day"
        assert claim["stated_on_display"] == "27 May 2017"
        assert [t["slug"] for t in claim["tags"]] == ["islamic-state", "palmyra", "raqqa", "syria"]
        [appearance] = claim["appearances"]
        assert appearance["is_first"] is True
        assert appearance["attribution"] == "A source in Russia’s Defense Ministry said on May 27"
        assert appearance["excerpt"].startswith("A source in Russia’s Defense Ministry said")
        assert appearance["source"]["url"] == TASS_URL
        assert appearance["source"]["title"] == "Lavrov comments on Raqqa developments"
        assert appearance["source"]["outlet"]["name"] == "TASS"
        assert appearance["source"]["published_on"] == "2017-05-31"
        assert claim["review"] is None
        assert claim["corrections"] == []
        for field in ("created_at", "updated_at", "published_at"):
            assert claim[field]

    def test_c1_is_denied_by_c2_and_denies_nothing(self, client, seeded_claims):
        claim = get(client, f"/api/v1/claims/{seeded_claims['C1'].pk}/")
        assert [d["id"] for d in claim["denied_by"]] == [seeded_claims["C2"].pk]
        assert claim["denies"] == []
        summary = claim["denied_by"][0]
        assert summary["speaker"]["name"] == "Syrian Democratic Forces"
        assert summary["stated_on"] == "2017-05-01"
        assert summary["stated_on_precision"] == "month"
        assert summary["url"] == f"http://testserver/api/v1/claims/{seeded_claims['C2'].pk}/"

    def test_c2_is_denied_by_c3_and_denies_c1(self, client, seeded_claims):
        claim = get(client, f"/api/v1/claims/{seeded_claims['C2'].pk}/")
        assert [d["id"] for d in claim["denied_by"]] == [seeded_claims["C3"].pk]
        assert [d["id"] for d in claim["denies"]] == [seeded_claims["C1"].pk]
        assert claim["stated_on_display"] == "between 27 and 31 May 2017"

    def test_c1_evidence_is_c3_c4_and_c7_corroborating(self, client, seeded_claims):
        claim = get(client, f"/api/v1/claims/{seeded_claims['C1'].pk}/")
        evidence = {item["claim"]["id"]: item for item in claim["evidence"]}
        assert set(evidence) == {seeded_claims[k].pk for k in ("C3", "C4", "C7")}
        assert {item["stance"] for item in evidence.values()} == {"corroborates"}
        c4 = evidence[seeded_claims["C4"].pk]
        assert c4["source"]["url"] == TASS_URL
        assert c4["excerpt"] == "the amassment of militants redeployed by terrorists from Raqqa"
        assert c4["note"].startswith("The Defence Minister's report")

    def test_a_review_shows_with_its_rating_and_reviewer(self, client, seeded_claims):
        ReviewFactory(
            claim=seeded_claims["C1"],
            rating__name="Unproven",
            rating__slug="unproven",
            rating__value=None,
            reviewer_name="A. Checker",
        )
        claim = get(client, f"/api/v1/claims/{seeded_claims['C1'].pk}/")
        assert claim["review"]["rating"]["name"] == "Unproven"
        assert claim["review"]["rating"]["value"] is None
        assert claim["review"]["reviewer"] == {
            "name": "A. Checker",
            "organisation": "Factcheck Desk",
        }
        assert claim["review"]["reviewed_on"] == "2017-06-02"
        listed = get(client, "/api/v1/claims/", rating="unproven")["results"]
        assert [c["rating"] for c in listed] == ["Unproven"]


class TestClaimList:
    def test_it_lists_published_claims_newest_statement_first(self, client, seeded_claims):
        page = get(client, "/api/v1/claims/")
        assert set(page) == {"next", "previous", "results"}
        dates = [c["stated_on"] for c in page["results"]]
        assert len(dates) == 7
        # C6 is undated (the article gives only an upper bound): it comes last.
        assert dates == [*sorted(filter(None, dates), reverse=True), None]

    def test_list_items_carry_the_summary_fields_and_counts(self, client, seeded_claims):
        results = get(client, "/api/v1/claims/")["results"]
        item = next(c for c in results if c["id"] == seeded_claims["C1"].pk)
        for field in ("id", "api_url", "page_url", "text", "speaker", "stated_on"):
            assert item[field]
        assert item["stated_on_precision"] == "day"
        assert item["denial_count"] == 1
        assert item["evidence_count"] == 3

    @pytest.mark.parametrize(
        ("params", "keys"),
        [
            ({"speaker": "sergey-lavrov"}, {"C3", "C5", "C7"}),
            ({"tag": "islamic-state"}, {"C1", "C4", "C6", "C7"}),
            ({"language": "en", "disputed": "true"}, {"C1", "C2"}),
            ({"disputed": "false", "speaker": "sergey-lavrov"}, {"C3", "C5", "C7"}),
            # By overlap: a claim of May 2017 (C2, C6) can have been made on 30 May.
            ({"stated_after": "2017-05-30", "stated_before": "2017-05-30"}, {"C2", "C4", "C6"}),
            ({"stated_before": "2017-05-28"}, {"C1", "C2", "C6"}),
            ({"q": "corridor"}, {"C1"}),
            ({"q": "SDF"}, {"C1"}),
            ({"speaker": "nobody"}, set()),
            ({"language": "ru"}, set()),
        ],
    )
    def test_filters(self, client, seeded_claims, params, keys):
        ids = {c["id"] for c in get(client, "/api/v1/claims/", **params)["results"]}
        assert ids == {seeded_claims[k].pk for k in keys}

    def test_it_filters_by_source_and_outlet(self, client, seeded_claims):
        source = get(client, "/api/v1/sources/")["results"][0]
        assert len(get(client, "/api/v1/claims/", source=source["id"])["results"]) == 7
        outlet_id = source["outlet"]["id"]
        assert len(get(client, "/api/v1/claims/", outlet=outlet_id)["results"]) == 7
        assert get(client, "/api/v1/claims/", outlet=outlet_id + 1000)["results"] == []

    @pytest.mark.parametrize("ordering", ["stated_on", "-stated_on", "updated_at", "-updated_at"])
    def test_ordering(self, client, seeded_claims, ordering):
        results = get(client, "/api/v1/claims/", ordering=ordering)["results"]
        field = ordering.lstrip("-")
        values = [c[field] for c in results]
        # An undated claim sorts as the oldest: first going up, last going down.
        key = [(value is not None, value or "") for value in values]
        assert key == sorted(key, reverse=ordering.startswith("-"))

    def test_cursor_pagination_walks_every_claim_once(self, client, seeded_claims):
        seen, path = [], "/api/v1/claims/?page_size=2"
        while path:
            page = get(client, path.removeprefix("http://testserver"))
            seen += [c["id"] for c in page["results"]]
            path = page["next"]
        assert sorted(seen) == sorted(c.pk for c in seeded_claims.values())
        assert len(seen) == 7

    def test_undated_claims_come_last_and_are_not_lost_by_the_cursor(self, client, seeded_claims):
        from tests.factories import ClaimFactory

        undated = [ClaimFactory(stated_on=None, stated_on_precision="") for _ in range(3)]
        seen, path = [], "/api/v1/claims/?page_size=3"
        while path:
            page = get(client, path.removeprefix("http://testserver"))
            seen += [c["id"] for c in page["results"]]
            path = page["next"]
        assert len(seen) == 10
        # With the seed's C6, undated too (the newest first among equals).
        assert seen[-4:] == [*(c.pk for c in reversed(undated)), seeded_claims["C6"].pk]
        item = get(client, f"/api/v1/claims/{undated[0].pk}/")
        assert item["stated_on"] is None
        assert item["stated_on_precision"] is None
        assert item["stated_on_display"] == ""


class TestSpeakersSourcesOutlets:
    def test_a_speaker(self, client, seeded):
        speaker = get(client, "/api/v1/speakers/sergey-lavrov/")
        assert speaker["name"] == "Sergey Lavrov"
        assert speaker["kind"] == "person"
        assert speaker["aliases"] == ["Sergei Lavrov"]
        assert speaker["affiliation"]["slug"] == "russian-ministry-of-foreign-affairs"
        assert speaker["claim_count"] == 3
        assert speaker["claims_url"] == "http://testserver/api/v1/claims/?speaker=sergey-lavrov"
        assert speaker["page_url"] == "http://testserver/speakers/sergey-lavrov/"

    def test_speakers_filter_by_name_alias_and_kind(self, client, seeded):
        def slugs(**params):
            return {s["slug"] for s in get(client, "/api/v1/speakers/", **params)["results"]}

        assert slugs(q="SDF") == {"syrian-democratic-forces"}
        assert slugs(q="lavrov") == {"sergey-lavrov"}
        assert slugs(kind="unnamed_source") == {"source-in-russian-defence-ministry"}
        assert "islamic-state" not in slugs()  # no published claim

    def test_a_source_lists_its_claims(self, client, seeded_claims):
        [listed] = get(client, "/api/v1/sources/")["results"]
        assert "full_text" not in listed
        source = get(client, f"/api/v1/sources/{listed['id']}/")
        assert source["url"] == TASS_URL
        assert source["dateline"] == "MOSCOW"
        assert source["full_text"].startswith("All news")
        assert len(source["claims"]) == 7
        assert source["page_url"] == f"http://testserver/sources/{listed['id']}/"

    def test_an_outlet(self, client, seeded):
        [outlet] = get(client, "/api/v1/outlets/", q="tas")["results"]
        assert outlet["name"] == "TASS"
        assert outlet["source_count"] == 1
        assert get(client, f"/api/v1/outlets/{outlet['id']}/")["homepage"] == "https://tass.com/"


class TestClaimReviewFeed:
    def test_it_is_a_data_feed_of_claim_reviews_like_the_pages_embed(self, client, seeded_claims):
        review = ReviewFactory(claim=seeded_claims["C1"], rating__name="Unproven")
        feed = get(client, "/api/v1/claimreviews/")
        assert feed["@context"] == "https://schema.org"
        assert feed["@type"] == "DataFeed"
        assert schema_org_errors(feed) == []
        [item] = feed["dataFeedElement"]
        assert item["@type"] == "ClaimReview"
        assert item["claimReviewed"] == review.claim.text
        assert item["reviewRating"]["alternateName"] == "Unproven"
        assert item["itemReviewed"]["author"]["name"] == "A source in the Russian Defence Ministry"
        # The same object the claim page embeds, but for its @context.
        page_ld = client.get(review.claim.get_absolute_url()).content.decode()
        assert f'"claimReviewed": "{review.claim.text}"' in page_ld

    def test_it_pages_with_link_headers(self, client, seeded_claims):
        for claim in list(seeded_claims.values())[:3]:
            ReviewFactory(claim=claim)
        response = client.get("/api/v1/claimreviews/", {"page_size": 2})
        assert len(response.json()["dataFeedElement"]) == 2
        assert response["Link"].endswith('rel="next"')
        next_url = response["Link"].split(">")[0].lstrip("<")
        second = client.get(next_url.removeprefix("http://testserver"))
        assert len(second.json()["dataFeedElement"]) == 1
