"""Costly requests to the admin (issue 15, item 6): every inline takes a bounded number of
rows, however many the management form claims; the ClaimReview upload refuses a file over
the size limit and JSON nested beyond any ClaimReview, with a form error, never a 500."""

import json
import time

import pytest
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import Claim, Review
from core.admin.widgets import BoundedInlineFormSet, BoundedInlineMixin
from tests.admin_forms import form_data, post
from tests.factories import ClaimFactory, RatingScaleFactory, SpeakerFactory

pytestmark = pytest.mark.django_db

TAMPERED_TOTAL = "100000"


def test_every_inline_of_every_admin_is_bounded():
    unbounded = [
        f"{model_admin.__class__.__name__}.{inline.__name__}"
        for model_admin in admin.site._registry.values()
        for inline in model_admin.inlines
        if not issubclass(inline, BoundedInlineMixin)
        or not issubclass(inline.formset, BoundedInlineFormSet)
    ]
    assert unbounded == []


def with_tampered_totals(data: dict) -> dict:
    """Every inline's management form claiming 100,000 rows."""
    for name in list(data):
        if name.endswith("-TOTAL_FORMS"):
            data[name] = [TAMPERED_TOTAL]
    return data


@pytest.mark.parametrize(
    ("model", "make"),
    [
        ("claim", lambda: ClaimFactory(draft=True)),
        ("speaker", SpeakerFactory),
        ("ratingscale", RatingScaleFactory),
    ],
    ids=["claim", "speaker", "rating scale"],
)
def test_a_huge_total_forms_is_a_quick_form_error(editor_client, settings, model, make, capsys):
    obj = make()
    url = f"/admin/claims/{model}/{obj.pk}/change/"
    data = with_tampered_totals(form_data(editor_client.get(url), f"{model}_form"))
    assert any(name.endswith("-TOTAL_FORMS") for name in data)
    started = time.perf_counter()
    response = post(editor_client, url, data)
    seconds = time.perf_counter() - started
    assert response.status_code == 200
    body = response.content.decode()
    assert f"Please submit at most {settings.ADMIN_INLINE_MAX_ROWS} forms" in body
    # 53 s before the cap (2,000 forms built per inline, then rendered); now none is built
    # beyond the stored rows.
    assert seconds < 3
    with capsys.disabled():
        print(f"\nTOTAL_FORMS={TAMPERED_TOTAL} on {url}: {seconds:.2f} s")


def test_the_add_page_offers_no_more_rows_than_the_cap(editor_client, settings):
    settings.ADMIN_INLINE_MAX_ROWS = 2
    data = form_data(editor_client.get("/admin/claims/claim/add/"), "claim_form")
    assert data["appearances-MAX_NUM_FORMS"] == ["2"]


class TestClaimReviewUploadBounds:
    def upload(self, client, name: str, content: bytes):
        upload = SimpleUploadedFile(name, content, "application/ld+json")
        return client.post("/admin/claims/review/import/", {"file": upload})

    def test_a_file_over_the_size_limit_is_a_form_error(self, contributor_client, settings):
        settings.CLAIMREVIEW_UPLOAD_MAX_BYTES = 1000
        response = self.upload(contributor_client, "big.json", b"[" + b" " * 2000 + b"]")
        assert response.status_code == 200
        body = response.content.decode()
        assert "Nothing was imported from big.json." in body
        assert "CLAIMREVIEW_UPLOAD_MAX_BYTES" in body
        assert not Review.objects.exists()

    @pytest.mark.parametrize("depth", [100, 100_000])
    def test_deeply_nested_json_is_a_form_error(self, contributor_client, depth):
        content = b"[" * depth + b"]" * depth
        response = self.upload(contributor_client, "nested.json", content)
        assert response.status_code == 200
        assert "nested more than 64 levels deep" in response.content.decode()
        assert not Claim.objects.exists()

    def test_a_claimreview_within_the_depth_limit_still_imports(self, contributor_client, seeded):
        review = {
            "@context": "https://schema.org",
            "@type": "DataFeed",
            "dataFeedElement": [
                {
                    "@type": "DataFeedItem",
                    "item": {
                        "@type": "ClaimReview",
                        "url": "https://checks.example/1",
                        "datePublished": "2026-01-05",
                        "claimReviewed": "The moon is made of cheese.",
                        "author": {"@type": "Organization", "name": "Checks"},
                        "reviewRating": {"@type": "Rating", "alternateName": "False"},
                        "itemReviewed": {
                            "@type": "Claim",
                            "author": {"@type": "Person", "name": "A. Person"},
                            "appearance": [
                                {"@type": "CreativeWork", "url": "https://x.example/a"}
                            ],
                        },
                    },
                }
            ],
        }
        response = self.upload(contributor_client, "ok.json", json.dumps(review).encode())
        assert response.status_code == 302
        assert Review.objects.count() == 1
