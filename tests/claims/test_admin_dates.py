"""Curators type dates as they are written (core.admin.dates): "May 2017" is stored with
month precision and shown back as "May 2017"; bounds typed as a month mean its first or last
day; what cannot be read, or bounds that miss the date, are form errors in plain words."""

import datetime

import pytest

from claims.models import Claim
from tests.admin_forms import form_data, post
from tests.factories import ClaimFactory, SourceFactory, SpeakerFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

CLAIM_ADD = "/admin/claims/claim/add/"


def change_url(claim):
    return f"/admin/claims/claim/{claim.pk}/change/"


def add_claim(client, **fields):
    data = form_data(client.get(CLAIM_ADD), "claim_form")
    data.update(text=["Words."], speaker=[str(SpeakerFactory().pk)])
    data.update({name: [value] for name, value in fields.items()})
    return post(client, CLAIM_ADD, data)


def page_text(response) -> str:
    return text_of(parse(response))


def test_a_month_typed_is_stored_as_a_month_and_shown_back_as_typed(editor_client):
    response = add_claim(
        editor_client,
        stated_on="May 2017",
        stated_not_before="27 May 2017",
        stated_not_after="31/05/2017",
        stated_on_note="Answered on 27 May; reported on 31 May.",
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert (claim.stated_on, claim.stated_on_precision) == (datetime.date(2017, 5, 1), "month")
    assert claim.stated_not_before == datetime.date(2017, 5, 27)
    assert claim.stated_not_after == datetime.date(2017, 5, 31)
    page = editor_client.get(change_url(claim))
    data = form_data(page, "claim_form")
    assert data["stated_on"] == ["May 2017"]
    assert data["stated_not_before"] == ["27 May 2017"]
    assert data["stated_not_after"] == ["31 May 2017"]
    assert "stated_on_precision" not in data


def test_a_bound_typed_as_a_month_means_its_first_or_last_day(editor_client):
    response = add_claim(
        editor_client, stated_not_before="April 2017", stated_not_after="May 2017"
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.stated_on is None
    assert claim.stated_on_precision == ""
    assert claim.stated_not_before == datetime.date(2017, 4, 1)
    assert claim.stated_not_after == datetime.date(2017, 5, 31)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"stated_on": "05/06/2017"},
            "05/06/2017 could be 5 June or May 6: write 5 June 2017 or 2017-06-05",
        ),
        (
            {"stated_on": "05/27/2017"},
            "05/27/2017: dates with slashes are read day first, and 27 is not a month",
        ),
        ({"stated_on": "the day before"}, "“the day before” is not a date"),
        ({"stated_not_after": "31 April 2017"}, "31 April 2017 does not exist"),
        (
            {"stated_on": "May 2017", "stated_not_before": "3 June 2017"},
            "Not before 3 June 2017 is after the whole of May 2017.",
        ),
        (
            {"stated_not_before": "31 May 2017", "stated_not_after": "27 May 2017"},
            "Not after 27 May 2017 comes before not before 31 May 2017.",
        ),
    ],
)
def test_what_cannot_be_read_is_a_form_error_saying_why(editor_client, fields, message):
    response = add_claim(editor_client, **fields)
    assert response.status_code == 200
    assert message in page_text(response)
    assert not Claim.objects.exists()


def test_a_claim_unchanged_keeps_its_day(editor_client):
    claim = ClaimFactory(
        draft=True, stated_on=datetime.date(2017, 5, 27), stated_on_precision="day"
    )
    data = form_data(editor_client.get(change_url(claim)), "claim_form")
    assert data["stated_on"] == ["27 May 2017"]
    assert post(editor_client, change_url(claim), data).status_code == 302
    claim.refresh_from_db()
    assert (claim.stated_on, claim.stated_on_precision) == (datetime.date(2017, 5, 27), "day")


def test_a_sources_published_date_is_typed_the_same_way(editor_client):
    source = SourceFactory()
    url = f"/admin/sources/source/{source.pk}/change/"
    data = form_data(editor_client.get(url), "source_form")
    assert data["published_on"] == ["31 May 2017"]
    data.update(
        published_on=["Nov 2017"],
        published_not_after=["20 November 2017"],
        published_on_note=["The issue went to press on the 20th."],
    )
    assert post(editor_client, url, data).status_code == 302
    source.refresh_from_db()
    assert (source.published_on, source.published_on_precision) == (
        datetime.date(2017, 11, 1),
        "month",
    )
    assert source.published_not_after == datetime.date(2017, 11, 20)
    assert form_data(editor_client.get(url), "source_form")["published_on"] == ["November 2017"]
    listing = page_text(editor_client.get("/admin/sources/source/"))
    assert "November 2017, on or before 20 November" in listing

    data = form_data(editor_client.get(url), "source_form")
    data.update(published_not_before=["1 December 2017"])
    response = post(editor_client, url, data)
    assert response.status_code == 200
    assert "Not before 1 December 2017 is after the whole of November 2017." in page_text(response)
