"""Attacks on the dispute as evidence (issue 17), kept as regression tests: a long
fabricated quote in a long text, a retraction by another speaker on the add page, a
curator's first appearance across an upgrade, odd dates and hostile text."""

import time

import pytest

from claims import quotes
from claims.models import Appearance, Claim, ClaimLink, LinkType
from tests.admin_forms import form_data, inline_row, post
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
)

pytestmark = pytest.mark.django_db

CLAIM_ADD = "/admin/claims/claim/add/"


def change_url(claim):
    return f"/admin/claims/claim/{claim.pk}/change/"


def add_data(client, **fields):
    data = form_data(client.get(CLAIM_ADD), "claim_form")
    data.update(text=["Words."], speaker=[str(SpeakerFactory().pk)])
    data.update({name: [value] for name, value in fields.items()})
    return data


# --- Retractions by another speaker ---------------------------------------------------


def test_retraction_by_another_speaker_is_refused_on_the_add_page(editor_client):
    """ClaimLink.clean checks the speakers only when both ids are set: on the add page the
    new claim has no id yet, so the check is skipped."""
    other = ClaimFactory(draft=True)  # another speaker's claim
    data = add_data(editor_client)
    data = inline_row(data, "links_out", type="retracts", to_claim=other.pk)
    response = post(editor_client, CLAIM_ADD, data)
    assert response.status_code == 200, "a retraction of another speaker's claim was saved"
    assert not ClaimLink.objects.filter(type=LinkType.RETRACTS).exists()


def test_retraction_by_another_speaker_is_refused_through_links_in_on_the_add_page(
    editor_client,
):
    other = ClaimFactory(draft=True)
    data = add_data(editor_client)
    data = inline_row(data, "links_in", type="retracts", from_claim=other.pk)
    response = post(editor_client, CLAIM_ADD, data)
    assert response.status_code == 200, "a retraction by another speaker was saved"
    assert not ClaimLink.objects.filter(type=LinkType.RETRACTS).exists()


def test_changing_the_speaker_keeps_no_retraction_by_another_speaker(editor_client):
    """A retraction stored between two claims of one speaker: changing the retracted claim's
    speaker on its own page is saved, leaving a retraction by another speaker."""
    speaker = SpeakerFactory()
    retracted = ClaimFactory(draft=True, speaker=speaker)
    ClaimLink.objects.create(
        from_claim=ClaimFactory(draft=True, speaker=speaker),
        to_claim=retracted,
        type=LinkType.RETRACTS,
    )
    data = form_data(editor_client.get(change_url(retracted)), "claim_form")
    data["speaker"] = [str(SpeakerFactory().pk)]
    response = post(editor_client, change_url(retracted), data)
    assert response.status_code == 200, "saved: the retraction is now by another speaker"


# --- Two rows ticked first in one post ---------------------------------------------------


def test_two_new_rows_ticked_first_in_one_post_are_a_form_error(editor_client):
    claim = ClaimFactory(draft=True)
    data = form_data(editor_client.get(change_url(claim)), "claim_form")
    for reason in ("one", "two"):
        data = inline_row(
            data,
            "appearances",
            claim=claim.pk,
            source=SourceFactory().pk,
            excerpt="x",
            marked_first="on",
            marked_first_reason=reason,
        )
    response = post(editor_client, change_url(claim), data)
    assert response.status_code == 200
    assert not Appearance.objects.exists()


# --- Odd dates ----------------------------------------------------------------------------

ODD = [
    {"stated_on": "0/0/0"},
    {"stated_on": "31/02/2017"},
    {"stated_on": "9999-12-31"},
    {"stated_on": "9999", "stated_not_after": "9999"},
    {"stated_on": "0001", "stated_not_before": "0001-01-01"},
    {"stated_on": "٢٠١٧-٠٥-٢٧"},  # Arabic-Indic digits
    {"stated_on": "２０１７"},  # full-width digits
    {
        "stated_on": "May 2017",
        "stated_not_before": "31 May 2017",
        "stated_not_after": "1 May 2017",
    },
    {"stated_not_before": "June 2017"},
    {"stated_not_after": "1 June 2017", "stated_not_before": "2 June 2017"},
    {"stated_on": "2017-05-27", "stated_not_before": "nonsense"},
    {"stated_on": "2017-13"},
    {"stated_on": "May 27, 2017"},
    {"stated_on": "1" * 40},
]


@pytest.mark.parametrize("fields", ODD)
def test_odd_dates_are_a_form_error_or_saved_and_every_face_answers(editor_client, client, fields):
    response = post(editor_client, CLAIM_ADD, add_data(editor_client, **fields))
    assert response.status_code in (200, 302), response.status_code
    if response.status_code == 302:
        claim = Claim.objects.get()
        claim.status = "published"
        from django.utils import timezone

        claim.published_at = timezone.now()
        claim.save()
        from record.services import claim_sync

        claim_sync(claim)
        AppearanceFactory(claim=claim)
        for url in (
            f"/api/v1/claims/{claim.pk}/",
            f"/claims/{claim.pk}/",
            "/claims/",
            "/api/v1/claims/?stated_after=2017-01-01",
            "/admin/claims/claim/",
        ):
            answer = (
                client.get(url, follow=True)
                if not url.startswith("/admin")
                else editor_client.get(url)
            )
            assert answer.status_code == 200, (url, answer.status_code)


def test_admin_date_hierarchy_at_the_end_of_the_calendar(editor_client):
    SourceFactory(published_on=__import__("datetime").date(9999, 12, 31))
    for query in ("published_on__year=9999", "published_on__year=9999&published_on__month=12"):
        response = editor_client.get(f"/admin/sources/source/?{query}")
        assert response.status_code in (200, 302), (query, response.status_code)


# --- Escaping ------------------------------------------------------------------------------

HOSTILE = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"


def test_curator_text_in_relays_reasons_and_notes_is_escaped(client):
    claim = ClaimFactory(stated_on_note=HOSTILE, stated_on_inferred=True)
    wire = SourceFactory(
        title=HOSTILE, outlet=OutletFactory(name=HOSTILE + "a"), published_on=None
    )
    AppearanceFactory(claim=claim, source=wire, excerpt="")
    AppearanceFactory(
        claim=claim,
        source=SourceFactory(outlet=OutletFactory(name=HOSTILE + "b")),
        relayed_from=wire,
        marked_first=True,
        marked_first_reason=HOSTILE,
        excerpt="",
    )
    page = client.get(f"/claims/{claim.pk}/", follow=True).content.decode()
    assert "<script>alert(1)" not in page
    assert "<img src=x" not in page


# --- Locked quotes: the closest-passage search ---------------------------------------------


def test_a_long_fabricated_excerpt_in_a_1_mb_text_is_answered_quickly():
    words = [f"w{i}x" for i in range(5000)]
    text = " ".join(words[i * 7919 % 5000] for i in range(200_000))[:1_000_000]
    excerpt = " ".join(words[i * 31 % 5000] for i in range(800)) + " fabricated"  # ~5 kB
    started = time.monotonic()
    with pytest.raises(quotes.ExcerptNotFound):
        quotes.locate(excerpt, text)
    assert time.monotonic() - started < 5, "the admin form waits this long per excerpt"


# --- refresh_record and documents published before issue 17 ---------------------------------


def test_refresh_record_keeps_a_curators_first_appearance_published_before_issue_17(client):
    """Before issue 17 a curator ticked ``is_first``; the published content still says so.
    ``refresh_record`` must keep that choice (migration 0013 keeps it in the working copy as
    an override with a reason), not move it to the earliest-dated source."""
    import datetime

    from record.models import DOCUMENT_MODELS, Kind
    from record.services import refresh_documents

    claim = ClaimFactory()
    early = AppearanceFactory(
        claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 1))
    )
    late = AppearanceFactory(
        claim=claim, source=SourceFactory(published_on=datetime.date(2017, 6, 1))
    )
    head = DOCUMENT_MODELS[Kind.CLAIM].objects.get(pk=claim.pk)
    content = head.content
    for item in content["appearances"]:  # as a pre-17 content stored it
        for key in ("marked_first", "marked_first_reason", "relayed_from", "excerpt_verified"):
            item.pop(key, None)
        item["is_first"] = item["source"] == late.source_id
    DOCUMENT_MODELS[Kind.CLAIM].objects.filter(pk=claim.pk).update(content=content)
    refresh_documents()
    body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    firsts = [a["source"]["id"] for a in body["appearances"] if a["is_first"]]
    assert firsts == [late.source_id], "the curator's first appearance was replaced"
    assert early  # the earliest-dated one
