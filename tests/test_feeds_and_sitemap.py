"""The Atom feed, the sitemap, robots.txt and the error pages."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import AppearanceFactory, ClaimFactory
from tests.html import parse, text_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_locations(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)
    locations = []
    for section in index.iter(f"{SITEMAP}loc"):
        path = section.text.removeprefix("http://testserver")
        document = ET.fromstring(client.get(path).content)
        locations += [
            loc.text.removeprefix("http://testserver") for loc in document.iter(f"{SITEMAP}loc")
        ]
    return locations


def test_the_feed_lists_published_claims_newest_first(client, seeded_claims):
    response = client.get("/feeds/claims/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 7
    links = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert f"http://testserver{seeded_claims['C2'].get_absolute_url()}" in links
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert (
        "Syrian Democratic Forces: The Syrian Democratic Forces reached no agreement"
        in " ".join(titles)
    )


def test_the_feed_shows_partial_dates_at_their_precision(client, seeded_claims):
    feed = ET.fromstring(client.get("/feeds/claims/").content)
    summaries = [e.find(f"{ATOM}summary").text for e in feed.findall(f"{ATOM}entry")]
    assert any(
        s.startswith("Paraphrase, between 27 and 31 May 2017. The Syrian Democratic Forces")
        for s in summaries
    )


def test_the_sitemap_lists_every_public_page(client, seeded_claims):
    locations = sitemap_locations(client)
    for claim in seeded_claims.values():
        assert claim.get_absolute_url() in locations
    assert "/speakers/sergey-lavrov/" in locations
    assert "/speakers/islamic-state/" not in locations  # no public claim
    assert "/" in locations
    assert "/claims/" in locations
    assert any(loc.startswith("/sources/") for loc in locations)
    # pages, claims, speakers (5 with claims, 3 organisations above them: the two
    # ministries and the government they belong to), sources
    assert len(locations) == 2 + 7 + 8 + 1


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain"
    body = response.content.decode()
    assert "Disallow: /admin/" in body
    assert "Sitemap: http://testserver/sitemap.xml" in body


def test_a_missing_page_gets_the_friendly_404(client, db):
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert "Page not found" in text_of(parse(response))


def test_a_server_error_gets_the_friendly_500(client, db, settings, monkeypatch):
    from web.views import claims as views

    def broken(request):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.pages, "home_page", broken)
    client.raise_request_exception = False
    response = client.get("/")
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 50])
def test_the_feed_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    for _ in range(rows):
        ClaimFactory()
    with django_assert_num_queries(1):
        # 1. the newest claims with their speakers
        client.get("/feeds/claims/")


@pytest.mark.parametrize("rows", [3, 50])
def test_the_sitemap_takes_a_fixed_number_of_queries(client, rows, django_assert_num_queries):
    for _ in range(rows):
        AppearanceFactory()
    with django_assert_num_queries(6):
        # For each of claims, speakers and sources: 1. the newest change (lastmod), 2. the
        # highest public key (how many sitemap pages); never a count or a read of every row
        client.get("/sitemap.xml")
    for section in ["claims", "speakers", "sources"]:
        with django_assert_num_queries(1):
            # 1. the page of rows (the first page always exists: nothing to count)
            assert client.get(f"/sitemap-{section}.xml").status_code == 200


def test_sitemap_pages_are_ranges_of_keys_and_hold_every_public_row_once(
    client, seeded_claims, monkeypatch
):
    from web.sitemaps import ModelSitemap

    everything = sitemap_locations(client)
    monkeypatch.setattr(ModelSitemap, "limit", 2)
    paged = sitemap_locations(client)
    assert paged == everything  # the same addresses in the same order, over more pages
    last = max(claim.pk for claim in seeded_claims.values())
    pages = -(-last // 2)
    assert client.get(f"/sitemap-claims.xml?p={pages}").status_code == 200
    assert client.get(f"/sitemap-claims.xml?p={pages + 1}").status_code == 404
    assert client.get("/sitemap-claims.xml?p=0").status_code == 404
    assert client.get("/sitemap-claims.xml?p=x").status_code == 404
