"""Bad input in the admin is answered in plain words on the form, never with a 500, and
nothing of a rejected form is saved."""

import pytest

from claims.models import Appearance, Claim, ClaimLink, Evidence, Rating, Speaker
from sources.models import Source
from tests.admin_forms import form_data, inline_row, post
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    RatingFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

DENIES = "links_out"
EVIDENCE = "evidence"


def change_url(claim):
    return f"/admin/claims/claim/{claim.pk}/change/"


def claim_form(client, claim):
    return form_data(client.get(change_url(claim)), "claim_form")


def assert_refused(response, message):
    assert response.status_code == 200
    assert message in response.content.decode()


def test_a_claim_cannot_deny_itself(editor_client):
    claim = ClaimFactory(draft=True)
    data = inline_row(claim_form(editor_client, claim), DENIES, type="denies", to_claim=claim.pk)
    assert_refused(post(editor_client, change_url(claim), data), "A claim cannot answer itself.")
    assert not ClaimLink.objects.exists()


def test_a_denial_is_recorded_once(editor_client):
    denial = ClaimLinkFactory(from_claim=ClaimFactory(draft=True))
    claim = denial.from_claim
    data = inline_row(
        claim_form(editor_client, claim), DENIES, type="denies", to_claim=denial.to_claim_id
    )
    response = post(editor_client, change_url(claim), data)
    assert_refused(response, "This link is already recorded: remove the duplicate row.")
    assert ClaimLink.objects.count() == 1


def test_evidence_needs_a_source_or_a_claim(editor_client):
    claim = ClaimFactory(draft=True)
    data = inline_row(claim_form(editor_client, claim), EVIDENCE, stance="corroborates", note="?")
    response = post(editor_client, change_url(claim), data)
    assert_refused(response, "Evidence needs a source, a claim, or both.")
    assert not Evidence.objects.exists()


def test_an_impossible_date_is_refused_in_plain_words(editor_client):
    claim = ClaimFactory(draft=True, text="Undated so far.")
    data = claim_form(editor_client, claim)
    data.update(stated_on=["31 April 2017"], text=["Changed text."])
    response = post(editor_client, change_url(claim), data)
    assert_refused(response, "31 April 2017 does not exist")
    claim.refresh_from_db()
    assert claim.text == "Undated so far."


def test_a_wikidata_id_must_be_q_and_digits(editor_client):
    data = form_data(editor_client.get("/admin/claims/speaker/add/"), "speaker_form")
    data.update(
        name=["Sergey Lavrov"], slug=["sergey-lavrov"], kind=["person"], wikidata_id=["80504"]
    )
    response = post(editor_client, "/admin/claims/speaker/add/", data)
    assert_refused(response, "A Wikidata id is the letter Q followed by digits, such as Q42.")
    assert not Speaker.objects.exists()


def test_a_source_url_is_recorded_once(editor_client):
    SourceFactory(url="https://tass.com/politics/948656")
    data = form_data(editor_client.get("/admin/sources/source/add/"), "source_form")
    data.update(title=["Again"], url=["https://tass.com/politics/948656"], kind=["article"])
    response = post(editor_client, "/admin/sources/source/add/", data)
    assert_refused(response, "A source with this URL is already recorded.")
    assert Source.objects.count() == 1


def test_an_unnamed_source_needs_an_organisation(editor_client):
    data = form_data(editor_client.get("/admin/claims/speaker/add/"), "speaker_form")
    data.update(name=["A source"], slug=["a-source"], kind=["unnamed_source"])
    response = post(editor_client, "/admin/claims/speaker/add/", data)
    assert_refused(response, "An unnamed source must belong to an organisation.")


def test_a_rejected_inline_saves_nothing_of_the_claim(editor_client):
    claim = ClaimFactory(draft=True, text="Before.")
    data = inline_row(claim_form(editor_client, claim), DENIES, type="denies", to_claim=claim.pk)
    data["text"] = ["After."]
    post(editor_client, change_url(claim), data)
    claim.refresh_from_db()
    assert claim.text == "Before."


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("stated_on", "31/02/2017"),
        ("stated_not_after", "2017-05-32"),
        ("speaker", "999999"),
        ("speaker", "not-a-number"),
        ("language", "english please"),
        ("tags", "abc"),
    ],
)
def test_garbage_in_any_field_is_a_form_error(editor_client, field, value):
    speaker = SpeakerFactory()
    data = form_data(editor_client.get("/admin/claims/claim/add/"), "claim_form")
    data.update(text=["Words."], speaker=[str(speaker.pk)])
    data[field] = [value]
    response = post(editor_client, "/admin/claims/claim/add/", data)
    assert response.status_code == 200
    assert "Please correct the error" in response.content.decode()
    assert not Claim.objects.exists()


def marked_first_claim():
    first = AppearanceFactory(
        claim=ClaimFactory(draft=True),
        marked_first=True,
        marked_first_reason="The earliest report.",
    )
    return first, first.claim


def test_ticking_a_second_first_appearance_is_refused_in_words(editor_client):
    # The first appearance follows from the sources' dates; a curator overrides it on one
    # row only (docs/disputes.md).
    _first, claim = marked_first_claim()
    data = inline_row(
        claim_form(editor_client, claim),
        "appearances",
        claim=claim.pk,
        source=SourceFactory().pk,
        excerpt="As another paper printed it.",
        marked_first="on",
        marked_first_reason="Printed before the others.",
    )
    response = post(editor_client, change_url(claim), data)
    assert_refused(response, "Only one appearance can be the first known one.")
    assert Appearance.objects.filter(claim=claim).count() == 1


def test_marking_an_appearance_first_without_a_reason_is_refused_in_words(editor_client):
    claim = ClaimFactory(draft=True)
    data = inline_row(
        claim_form(editor_client, claim),
        "appearances",
        claim=claim.pk,
        source=SourceFactory().pk,
        excerpt="As the paper printed it.",
        marked_first="on",
        marked_first_reason="",
    )
    response = post(editor_client, change_url(claim), data)
    assert_refused(response, "Say why this appearance is the first known one.")
    assert not Appearance.objects.filter(claim=claim).exists()


def test_the_override_can_move_to_another_row_in_one_save(editor_client):
    first, claim = marked_first_claim()
    data = inline_row(
        claim_form(editor_client, claim),
        "appearances",
        claim=claim.pk,
        source=SourceFactory().pk,
        excerpt="As the first paper printed it.",
        marked_first="on",
        marked_first_reason="The wire copy says it carried this paper.",
    )
    data["appearances-0-marked_first"] = []
    data["appearances-0-marked_first_reason"] = [""]
    assert post(editor_client, change_url(claim), data).status_code == 302
    marked = Appearance.objects.get(claim=claim, marked_first=True)
    assert marked.pk != first.pk
    assert marked.marked_first_reason == "The wire copy says it carried this paper."


def test_two_ratings_of_a_scale_cannot_share_a_value(editor_client):
    rating = RatingFactory(value=3)
    url = f"/admin/claims/ratingscale/{rating.scale_id}/change/"
    data = inline_row(
        form_data(editor_client.get(url), "ratingscale_form"),
        "ratings",
        name="Half true",
        slug="half-true",
        position=rating.position + 1,
        value=3,
    )
    response = post(editor_client, url, data)
    assert response.status_code == 200
    assert not Rating.objects.filter(slug="half-true").exists()
