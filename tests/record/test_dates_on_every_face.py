"""A date with a precision and bounds, end to end (issue 17): what a curator recorded is
what every face shows — the API's bodies and summaries, the claim page with its reasoning,
lists, the source page, the speaker page, the embed card, the feed, the JSON-LD — and the
date filters select by overlap. Never a day nobody gave."""

import datetime
import json

import pytest
from django.urls import reverse

from tests.factories import AppearanceFactory, ClaimFactory, SourceFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

D = datetime.date
NOTE = "The SDF answered on 27 May; TASS reported the answer on 31 May."


@pytest.fixture
def bounded():
    """A claim of May 2017 said between 27 and 31 May, reported by a source of November
    2017 (month precision), and a claim known only to be on or before 31 May 2017."""
    source = SourceFactory(
        title="A monthly review",
        published_on=D(2017, 11, 1),
        published_on_precision="month",
        published_on_note="The issue names no day.",
    )
    claim = ClaimFactory(
        text="Bounded statement about the corridor.",
        stated_on=D(2017, 5, 1),
        stated_on_precision="month",
        stated_not_before=D(2017, 5, 27),
        stated_not_after=D(2017, 5, 31),
        stated_on_note=NOTE,
    )
    AppearanceFactory(claim=claim, source=source)
    open_ended = ClaimFactory(
        text="Undated statement known only by its report.",
        stated_on=None,
        stated_on_precision="",
        stated_not_after=D(2017, 5, 31),
    )
    return {"claim": claim, "source": source, "open": open_ended}


def api(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_the_api_names_the_span_and_its_bounds(client, bounded):
    claim = api(client, f"/api/v1/claims/{bounded['claim'].pk}/")
    assert claim["stated_on"] == "2017-05-01"
    assert claim["stated_on_precision"] == "month"
    assert claim["stated_on_display"] == "between 27 and 31 May 2017"
    assert claim["stated_not_before"] == "2017-05-27"
    assert claim["stated_not_after"] == "2017-05-31"
    assert claim["stated_on_edtf"] == "2017-05-27/2017-05-31"
    assert claim["stated_on_note"] == NOTE
    source = claim["appearances"][0]["source"]
    assert source["published_on"] == "2017-11-01"
    assert source["published_on_precision"] == "month"
    assert source["published_on_display"] == "November 2017"

    open_ended = api(client, f"/api/v1/claims/{bounded['open'].pk}/")
    assert open_ended["stated_on"] is None
    assert open_ended["stated_on_precision"] is None
    assert open_ended["stated_on_display"] == "on or before 31 May 2017"
    assert open_ended["stated_on_edtf"] == "../2017-05-31"
    assert open_ended["stated_not_before"] is None

    listed = {c["id"]: c for c in api(client, "/api/v1/claims/")["results"]}
    assert listed[bounded["claim"].pk]["stated_on_display"] == "between 27 and 31 May 2017"


def test_a_source_of_month_precision_is_never_given_a_day(client, bounded):
    source = api(client, f"/api/v1/sources/{bounded['source'].pk}/")
    assert source["published_on_display"] == "November 2017"
    assert source["published_on_edtf"] == "2017-11"
    assert source["published_not_before"] is None
    assert source["published_not_after"] is None
    assert source["published_on_note"] == "The issue names no day."
    page = parse(client.get(reverse("source-detail", kwargs={"pk": bounded["source"].pk})))
    text = text_of(page)
    assert "November 2017 (The issue names no day.)" in text
    assert "1 November 2017" not in text
    assert [t.get("datetime") for t in css(page, "time")] == ["2017-11"]
    claim_page = client.get(bounded["claim"].get_absolute_url())
    assert "A monthly review, " in text_of(parse(claim_page))
    assert "1 November 2017" not in text_of(parse(claim_page))


def test_the_claim_page_shows_the_span_with_its_reasoning(client, bounded):
    page = parse(client.get(bounded["claim"].get_absolute_url()))
    [facts] = css(page, ".claim__facts")
    assert f"Stated between 27 and 31 May 2017 ({NOTE})" in text_of(facts)
    open_page = parse(client.get(bounded["open"].get_absolute_url()))
    assert "Stated on or before 31 May 2017" in text_of(css(open_page, ".claim__facts")[0])


def test_lists_the_embed_and_the_feed_show_the_span(client, bounded):
    listing = text_of(parse(client.get(reverse("claim-list"))))
    assert "between 27 and 31 May 2017" in listing
    assert "on or before 31 May 2017" in listing
    speaker = bounded["claim"].speaker
    speaker_page = client.get(reverse("speaker-detail", kwargs={"slug": speaker.slug}))
    assert "between 27 and 31 May 2017" in text_of(parse(speaker_page))
    embed = client.get(reverse("claim-embed", kwargs={"pk": bounded["claim"].pk}))
    assert "between 27 and 31 May 2017" in text_of(parse(embed))
    feed = client.get(reverse("claim-feed")).content.decode()
    assert ", between 27 and 31 May 2017. Bounded statement" in feed


def test_the_json_ld_gives_a_span_as_an_interval(client, bounded):
    page = parse(client.get(bounded["claim"].get_absolute_url()))
    [script] = css(page, 'script[type="application/ld+json"]')
    data = json.loads(script.text)
    claim = data.get("itemReviewed", data)
    assert claim["datePublished"] == "2017-05"
    assert "dateCreated" not in claim
    assert claim["temporalCoverage"] == "2017-05-27/2017-05-31"
    assert claim["appearance"][0]["datePublished"] == "2017-11"

    day = ClaimFactory(stated_on=D(2017, 5, 27), stated_on_precision="day")
    data = json.loads(css(parse(client.get(day.get_absolute_url())), "script[type]")[0].text)
    assert data["dateCreated"] == data["datePublished"] == "2017-05-27"
    assert "temporalCoverage" not in data


@pytest.mark.parametrize(
    ("params", "keys"),
    [
        # The month claim's span is 27–31 May; the open one reaches back without end.
        ({"stated_after": "2017-05-31"}, {"claim", "open"}),
        ({"stated_after": "2017-06-01"}, set()),
        ({"stated_before": "2017-05-26"}, {"open"}),
        ({"stated_before": "2017-05-27"}, {"claim", "open"}),
        ({"stated_after": "2017-05-28", "stated_before": "2017-05-29"}, {"claim", "open"}),
    ],
)
def test_date_filters_select_by_overlap(client, bounded, params, keys):
    ids = {c["id"] for c in api(client, "/api/v1/claims/", **params)["results"]}
    assert ids == {bounded[key].pk for key in keys}
    listing = client.get(reverse("claim-list"), params)
    texts = {text_of(c) for c in css(parse(listing), ".claim-card__text")}
    assert texts == {bounded[key].text for key in keys}


def test_a_month_claim_matches_a_range_inside_its_month(client):
    claim = ClaimFactory(stated_on=D(2017, 5, 1), stated_on_precision="month")
    ClaimFactory(stated_on=D(2017, 4, 30), stated_on_precision="day")
    found = api(client, "/api/v1/claims/", stated_after="2017-05-20", stated_before="2017-05-21")
    assert [c["id"] for c in found["results"]] == [claim.pk]
