"""oEmbed and the embeddable claim card."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Review
from tests.claims.test_claimreview_import import BAD, GOOD
from tests.factories import ClaimFactory, ClaimLinkFactory, ReviewFactory, withdraw
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

# oEmbed 1.0, section 2.3.4: every response has these; "rich" adds html, width and height.
REQUIRED = {"version", "type"}
RICH_REQUIRED = {"html", "width", "height"}


def oembed(client, url, **params):
    return client.get("/oembed", {"url": url, **params})


class TestOEmbed:
    def test_a_claim_page_gets_a_rich_answer(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        page_url = f"http://testserver{claim.get_absolute_url()}"
        response = oembed(client, page_url, format="json")
        assert response.status_code == 200
        assert response["Content-Type"] == "application/json"
        answer = response.json()
        assert answer.keys() >= REQUIRED | RICH_REQUIRED
        assert answer["version"] == "1.0"
        assert answer["type"] == "rich"
        assert isinstance(answer["width"], int)
        assert isinstance(answer["height"], int)
        embed_src = f'src="http://testserver/claims/{claim.pk}/embed/"'
        assert answer["html"].startswith("<iframe ")
        assert embed_src in answer["html"]
        assert 'sandbox="allow-popups allow-popups-to-escape-sandbox"' in answer["html"]
        assert answer["author_name"] == "A source in the Russian Defence Ministry"
        assert answer["provider_url"] == "http://testserver/"

    def test_the_short_address_works_too_and_size_limits_are_kept(self, client, seeded_claims):
        claim = seeded_claims["C2"]
        answer = oembed(client, f"http://testserver/claims/{claim.pk}/", maxwidth="320").json()
        assert answer["width"] == 320
        assert 'width="320"' in answer["html"]

    @pytest.mark.parametrize(
        ("params", "status"),
        [
            ({"url": "http://testserver/claims/1/x/", "format": "xml"}, 501),
            ({"url": "https://elsewhere.example/claims/1/x/"}, 404),
            ({"url": "http://testserver/speakers/sergey-lavrov/"}, 404),
            ({"url": "http://testserver/claims/999999/"}, 404),
            ({"url": ""}, 404),
            ({"url": "http://testserver/claims/1/", "maxwidth": "wide"}, 400),
            ({"url": "http://testserver/claims/1/", "maxheight": "10"}, 400),
        ],
    )
    def test_bad_requests_get_the_status_oembed_names(self, client, seeded, params, status):
        response = client.get("/oembed", params)
        assert response.status_code == status
        assert "error" in response.json()

    def test_a_draft_has_no_oembed(self, client, db):
        draft = ClaimFactory(draft=True)
        assert oembed(client, f"http://testserver{draft.get_absolute_url()}").status_code == 404

    def test_the_claim_page_advertises_it(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        document = parse(client.get(claim.get_absolute_url()))
        link = css(document, 'link[type="application/json+oembed"]')[0]
        href = link.get("href")
        assert href.startswith("/oembed?url=http%3A%2F%2Ftestserver%2Fclaims%2F")
        assert client.get(href).json()["type"] == "rich"


class TestEmbedCard:
    def test_it_shows_the_claim_speaker_verdict_and_dispute(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        ReviewFactory(claim=claim, rating__name="Unproven")
        response = client.get(f"/claims/{claim.pk}/embed/")
        assert response.status_code == 200
        card = text_of(css(parse(response), ".claim-embed")[0])
        assert card.startswith("A source in the Russian Defence Ministry · 27 May 2017")
        assert "Verdict: Unproven" in card
        assert "Disputed. Denied by the Syrian Democratic Forces." in card
        link = css(parse(response), ".claim-embed__more a")[0]
        assert link.get("target") == "_blank"
        assert link.get("href") == f"http://testserver{claim.get_absolute_url()}"

    def test_only_the_card_may_be_framed(self, client, seeded_claims):
        claim = seeded_claims["C1"]
        card = client.get(f"/claims/{claim.pk}/embed/")
        assert "X-Frame-Options" not in card
        assert "frame-ancestors *" in card["Content-Security-Policy"].split("; ")
        page = client.get(claim.get_absolute_url())
        assert page["X-Frame-Options"] == "DENY"

    def test_a_withdrawn_claim_card_says_so(self, client):
        claim = ClaimFactory(text="Withdrawn words.")
        withdraw(claim, "Misattributed.")
        response = client.get(f"/claims/{claim.pk}/embed/")
        assert response.status_code == 410
        assert "This claim was withdrawn" in text_of(parse(response))
        assert "Withdrawn words." not in response.content.decode()

    def test_a_draft_has_no_card(self, client, db):
        assert client.get(f"/claims/{ClaimFactory(draft=True).pk}/embed/").status_code == 404

    @pytest.mark.parametrize("rows", [1, 30])
    def test_it_takes_one_query_and_the_version(self, client, rows, django_assert_num_queries):
        claim = ClaimFactory()
        for _ in range(rows):
            ClaimLinkFactory(to_claim=claim)
        with django_assert_num_queries(2):
            # 1. the public data version (ETag; a cache read when REDIS_URL is set),
            # 2. the claim with its speaker, public denial and evidence counts, and verdict
            assert client.get(f"/claims/{claim.pk}/embed/").status_code == 200


class TestAdminUpload:
    def upload(self, client, path, **extra):
        with open(path, "rb") as handle:
            upload = SimpleUploadedFile(path.name, handle.read(), "application/ld+json")
        return client.post("/admin/claims/review/import/", {"file": upload, **extra})

    def test_a_contributor_imports_a_file(self, contributor_client, seeded):
        response = self.upload(contributor_client, GOOD / "datafeed.json")
        assert response.status_code == 302
        assert Review.objects.count() == 2
        assert set(Review.objects.values_list("status", flat=True)) == {"draft"}

    def test_a_file_with_bad_records_imports_the_others_and_names_each(
        self, contributor_client, seeded
    ):
        response = self.upload(contributor_client, BAD)
        assert response.status_code == 200
        page = parse(response)
        report = text_of(css(page, "#import-report")[0])
        assert "Read as schema.org DataFeed of ClaimReview (JSON-LD)." in report
        assert "2 created, 0 updated, 0 matched (already here), 2 skipped." in report
        skipped = [text_of(li) for li in css(page, ".import-skipped li")]
        assert skipped == [
            "dataFeedElement[1]: has no claimReviewed: there is no claim text to import",
            "dataFeedElement[3]: unknown @type 'Recipe': expected ClaimReview",
        ]
        notes = [text_of(li) for li in css(page, ".import-notes li")]
        assert notes[0] == (
            "dataFeedElement[2]: datePublished 'the second of January' is not a date: left out"
        )
        assert Review.objects.count() == 2

    def test_strict_refuses_a_bad_file_whole_with_its_reasons(self, contributor_client, seeded):
        response = self.upload(contributor_client, BAD, strict="on")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Nothing was imported from three-bad-records.json." in body
        assert "has no claimReviewed" in body
        assert not Review.objects.exists()

    def test_the_list_offers_the_import(self, contributor_client, seeded):
        body = contributor_client.get("/admin/claims/review/").content.decode()
        assert "/admin/claims/review/import/" in body

    def test_a_visitor_without_staff_access_is_sent_to_log_in(self, client, seeded):
        response = self.upload(client, GOOD / "datafeed.json")
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
        assert not Review.objects.exists()
