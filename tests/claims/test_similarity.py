"""The duplicate warning: claims like the one being entered, on both databases."""

import json

import pytest
from django.contrib.messages import get_messages

from claims.similarity import similar_claims
from tests.admin_forms import form_data, post

pytestmark = pytest.mark.django_db

C1_AGAIN = (
    "Agreement was reached in Raqqa between the command of the Kurdish formations of the "
    "Syrian Democratic Forces and Islamic State leaders on a safe corridor towards Palmyra."
)


def test_a_reworded_claim_finds_the_original_first(seeded_claims):
    c1 = seeded_claims["C1"]
    found = similar_claims(C1_AGAIN, speaker_id=c1.speaker_id)
    assert found[0] == c1
    assert 0 < found[0].similarity <= 1


def test_an_unrelated_claim_finds_nothing(seeded_claims):
    assert similar_claims("Bananas are rich in potassium and grow in tropical climates.") == []


def test_a_short_text_finds_nothing(seeded_claims):
    assert similar_claims("Raqqa") == []


def test_the_claim_itself_is_left_out(seeded_claims):
    c1 = seeded_claims["C1"]
    assert c1 not in similar_claims(c1.text, exclude_pk=c1.pk)


def test_the_admin_answers_what_the_form_asks(contributor_client, seeded_claims):
    c1 = seeded_claims["C1"]
    response = contributor_client.get(
        "/admin/claims/claim/similar/", {"text": C1_AGAIN, "speaker": c1.speaker_id}
    )
    results = json.loads(response.content)["results"]
    assert results[0]["id"] == c1.pk
    assert results[0]["url"] == f"/admin/claims/claim/{c1.pk}/change/"
    assert results[0]["speaker"] == "A source in the Russian Defence Ministry"


def test_bad_input_to_the_lookup_is_harmless(contributor_client, seeded):
    response = contributor_client.get(
        "/admin/claims/claim/similar/", {"text": "x" * 5000, "speaker": "abc", "exclude": "-1"}
    )
    assert response.status_code == 200


def test_the_lookup_is_for_staff_only(client, seeded):
    response = client.get("/admin/claims/claim/similar/", {"text": C1_AGAIN})
    assert response.status_code == 302  # to the login page


def test_saving_a_look_alike_warns_but_saves(contributor_client, seeded_claims):
    c1 = seeded_claims["C1"]
    data = form_data(contributor_client.get("/admin/claims/claim/add/"), "claim_form")
    data.update(text=[C1_AGAIN], speaker=[str(c1.speaker_id)])
    response = post(contributor_client, "/admin/claims/claim/add/", data)
    assert response.status_code == 302
    warnings = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Claims like this one already exist" in m for m in warnings)
    assert any(f"/admin/claims/claim/{c1.pk}/change/" in m for m in warnings)
