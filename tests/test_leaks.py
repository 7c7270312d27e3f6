"""Only published data reaches readers: drafts, claims in review and withdrawn claims leave
no trace on any public page, in the feed or in the sitemap — not even in a count."""

import pytest
from django.urls import reverse

from claims.models import PublicationStatus
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    DenialFactory,
    EvidenceFactory,
    RatingFactory,
    ReviewFactory,
    SourceFactory,
    SpeakerFactory,
)
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

MARKER = "LEAKED"


def hidden_claim(status, n):
    """A claim nobody outside may see, with its own speaker and source, all marked."""
    claim = ClaimFactory(
        draft=True,
        text=f"{MARKER} {status} claim number {n}",
        speaker=SpeakerFactory(name=f"{MARKER} speaker {n}", slug=f"hidden-speaker-{n}"),
    )
    AppearanceFactory(
        claim=claim,
        source=SourceFactory(title=f"{MARKER} source {n}", outlet__name=f"{MARKER} outlet {n}"),
        excerpt=f"{MARKER} excerpt {n}",
    )
    if status == PublicationStatus.IN_REVIEW:
        claim.submit_for_review()
    elif status == PublicationStatus.WITHDRAWN:
        claim.publish()
        claim.withdraw(reason="Misattributed.")
    return claim


@pytest.fixture
def world(seeded_claims):
    """The seed, with hidden claims denying, denied by and backing the published C1."""
    c1 = seeded_claims["C1"]
    hidden = []
    for n, status in enumerate(
        [PublicationStatus.DRAFT, PublicationStatus.IN_REVIEW, PublicationStatus.WITHDRAWN]
    ):
        claim = hidden_claim(status, n)
        DenialFactory(denying_claim=claim, denied_claim=c1)
        DenialFactory(denying_claim=c1, denied_claim=hidden_claim(status, n + 10))
        EvidenceFactory(claim=c1, backing_claim=claim, stance="contradicts", source=None)
        claim.tags.create(name=f"{MARKER} topic {n}", slug=f"hidden-topic-{n}")
        hidden.append(claim)
    # A draft verdict on a published claim, and a published verdict on a draft claim.
    ReviewFactory(
        claim=c1,
        status=PublicationStatus.DRAFT,
        published_at=None,
        rating=RatingFactory(name=f"{MARKER} rating", slug="hidden-rating"),
        summary=f"{MARKER} summary",
    )
    ReviewFactory(claim=hidden[0], rating__name=f"{MARKER} rating 2", summary=f"{MARKER} 2")
    return seeded_claims, hidden


def public_pages(seeded_claims):
    c1 = seeded_claims["C1"]
    return [
        reverse("home"),
        reverse("claim-list"),
        # Words only the hidden claims, excerpts and speakers contain.
        reverse("claim-list") + "?q=number",
        reverse("claim-list") + "?q=excerpt",
        reverse("claim-list") + "?q=claim",
        reverse("claim-list") + "?disputed=true",
        reverse("claim-list") + "?disputed=false",
        *(claim.get_absolute_url() for claim in seeded_claims.values()),
        c1.speaker.get_absolute_url(),
        c1.speaker.affiliation.get_absolute_url(),
        "/speakers/sergey-lavrov/",
        c1.appearances.get().source.get_absolute_url(),
        "/feeds/claims/",
        "/robots.txt",
    ]


def sitemap_pages(client):
    index = client.get("/sitemap.xml").content.decode()
    sections = [
        line.split("<loc>")[1].split("</loc>")[0].removeprefix("http://testserver")
        for line in index.splitlines()
        if "<loc>" in line
    ]
    return ["/sitemap.xml", *sections]


def test_no_public_page_feed_or_sitemap_shows_a_hidden_claim(client, world):
    seeded_claims, _ = world
    for path in public_pages(seeded_claims) + sitemap_pages(client):
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in response.content.decode(), path


def test_hidden_claims_speakers_and_sources_have_no_page(client, world):
    _, hidden = world
    draft, in_review, withdrawn = hidden
    for claim in (draft, in_review):
        assert client.get(claim.get_absolute_url()).status_code == 404
        assert client.get(f"/claims/{claim.pk}/").status_code == 404
    assert client.get(withdrawn.get_absolute_url()).status_code == 410
    for claim in hidden:
        assert client.get(claim.speaker.get_absolute_url()).status_code == 404
        source = claim.appearances.get().source
        assert client.get(source.get_absolute_url()).status_code == 404


def test_counts_ignore_hidden_claims(client, world):
    seeded_claims, _ = world
    document = parse(client.get(reverse("home")))
    assert "7 published claims so far" in text_of(document)
    disputed = text_of(css(document, "#disputed-heading")[0].getparent())
    assert "1 denial · 3 pieces of evidence" in disputed  # not 4 denials, not 6 pieces
    listing = parse(client.get(reverse("claim-list")))
    assert text_of(css(listing, "#results-heading")[0]) == "7 claims"
    # The thread of C1 is its seed thread alone.
    c1_page = parse(client.get(seeded_claims["C1"].get_absolute_url()))
    assert len(css(c1_page, ".thread-step")) == 3
    assert not css(c1_page, ".claim__denies")


def test_the_withdrawn_page_shows_only_the_notice(client, world):
    _, hidden = world
    withdrawn = hidden[2]
    response = client.get(withdrawn.get_absolute_url())
    assert MARKER not in response.content.decode()
    assert "Misattributed." in text_of(parse(response))


def test_filter_choices_offer_nothing_hidden(client, world):
    document = parse(client.get(reverse("claim-list")))
    options = [text_of(option) for option in css(document, "option")]
    assert options
    assert not [option for option in options if MARKER in option]


def api_paths(seeded_claims):
    c1 = seeded_claims["C1"]
    source = c1.appearances.get().source
    return [
        "/api/v1/claims/",
        "/api/v1/claims/?q=number",
        "/api/v1/claims/?q=excerpt",
        "/api/v1/claims/?disputed=true",
        "/api/v1/claims/?ordering=-updated_at",
        *(f"/api/v1/claims/{claim.pk}/" for claim in seeded_claims.values()),
        "/api/v1/speakers/",
        "/api/v1/speakers/?q=speaker",
        f"/api/v1/speakers/{c1.speaker.slug}/",
        f"/api/v1/speakers/{c1.speaker.affiliation.slug}/",
        "/api/v1/sources/",
        f"/api/v1/sources/{source.pk}/",
        "/api/v1/outlets/",
        f"/api/v1/outlets/{source.outlet_id}/",
        "/api/v1/claimreviews/",
    ]


def test_no_api_list_detail_nested_field_or_feed_shows_a_hidden_claim(client, world):
    seeded_claims, _ = world
    for path in api_paths(seeded_claims):
        response = client.get(path)
        assert response.status_code == 200, path
        assert MARKER not in response.content.decode(), path


def test_hidden_objects_have_no_api_address(client, world):
    _, hidden = world
    for claim in hidden:
        assert client.get(f"/api/v1/claims/{claim.pk}/").status_code == 404
        assert client.get(f"/api/v1/speakers/{claim.speaker.slug}/").status_code == 404
        source = claim.appearances.get().source
        assert client.get(f"/api/v1/sources/{source.pk}/").status_code == 404
        assert client.get(f"/api/v1/outlets/{source.outlet_id}/").status_code == 404
    assert (
        client.get("/api/v1/claims/", {"speaker": hidden[0].speaker.slug}).json()["results"] == []
    )


def test_api_counts_ignore_hidden_claims(client, world):
    seeded_claims, _ = world
    c1 = client.get(f"/api/v1/claims/{seeded_claims['C1'].pk}/").json()
    assert c1["denial_count"] == 1
    assert c1["evidence_count"] == 3
    assert len(c1["denied_by"]) == 1
    assert c1["denies"] == []
    assert c1["review"] is None
    assert len(c1["evidence"]) == 3
    assert len(client.get("/api/v1/claims/").json()["results"]) == 7
    assert client.get("/api/v1/claimreviews/").json()["dataFeedElement"] == []
    [outlet] = client.get("/api/v1/outlets/").json()["results"]
    assert outlet["source_count"] == 1
