"""A denial in a list says what it denies, and a denied claim who denied it, on every face
that shows claims as cards: the home page, the claim list, a speaker's page, the Atom feed,
the embeddable card, and the API's list items (docs/api.md)."""

import html
import xml.etree.ElementTree as ET

import pytest

from record.models import ClaimDocument
from record.services import document_publish
from tests.factories import ClaimFactory, ClaimLinkFactory, SpeakerFactory
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
# What C2's card says of C1, clipped at a word (web.disputes.CARD_CLIP).
C2_DENIES = (
    "Denies a source in the Russian Defence Ministry's claim: Agreement had been reached in "
    "Raqqa between the command of the Kurdish formations of the Syrian Democratic…"
)


def card_of(document, claim):
    """The card (on this page) whose headline links to ``claim``."""
    for card in css(document, ".claim-card"):
        if css(card, f'.claim-card__text a[href="{claim.get_absolute_url()}"]'):
            return card
    raise AssertionError(f"no card for {claim}")


def denies(card) -> list[str]:
    return [text_of(p) for p in css(card, ".claim-card__denies")]


def denied(card) -> str:
    found = css(card, ".claim-card__denied")
    return text_of(found[0]) if found else ""


@pytest.mark.parametrize("address", ["/", "/claims/"])
def test_the_seed_denials_say_what_they_deny_and_who_denied(client, seeded_claims, address):
    document = parse(client.get(address))
    c1, c2, c3 = (card_of(document, seeded_claims[k]) for k in ("C1", "C2", "C3"))
    assert denies(c2) == [C2_DENIES]
    # The denied claim's words link to its page.
    [link] = css(c2, ".claim-card__denies a")
    assert link.get("href") == seeded_claims["C1"].get_absolute_url()
    assert denied(c1) == "Denied by the Syrian Democratic Forces"
    assert denied(c2) == "Denied by Sergey Lavrov"
    assert denies(c3) == [
        "Denies the Syrian Democratic Forces' claim: The Syrian Democratic Forces reached no "
        "agreement with Islamic State militants allowing them to leave Raqqa…"
    ]
    assert denied(c3) == ""
    assert "Not denied" in text_of(c3)
    assert denies(c1) == []


def test_a_claim_denied_by_two_speakers_names_both(client, seeded_claims):
    ypg = SpeakerFactory(name="YPG spokesman Nuri Mahmoud")
    ClaimLinkFactory(
        from_claim=ClaimFactory(speaker=ypg, text="No deal."), to_claim=seeded_claims["C1"]
    )
    for address in ("/", "/claims/", "/claims/?disputed=true"):
        document = parse(client.get(address))
        card = card_of(document, seeded_claims["C1"])
        assert denied(card) == (
            "Denied by the Syrian Democratic Forces and YPG spokesman Nuri Mahmoud"
        ), address
        links = [a.get("href") for a in css(card, ".claim-card__denied a")]
        assert links == ["/speakers/syrian-democratic-forces/", f"/speakers/{ypg.slug}/"]


def test_a_speakers_page_shows_their_denials_cards(client, seeded_claims):
    document = parse(client.get("/speakers/syrian-democratic-forces/"))
    card = card_of(document, seeded_claims["C2"])
    assert denies(card) == [C2_DENIES]
    assert denied(card) == "Denied by Sergey Lavrov"


def test_the_feed_says_what_a_denial_denies_and_who_denied(client, seeded_claims):
    feed = ET.fromstring(client.get("/feeds/claims/").content)
    summaries = {
        e.find(f"{ATOM}link").get("href").removeprefix("http://testserver"): html.unescape(
            e.find(f"{ATOM}summary").text
        )
        for e in feed.findall(f"{ATOM}entry")
    }
    c2 = summaries[seeded_claims["C2"].get_absolute_url()]
    assert c2.endswith(f"towards Palmyra. {C2_DENIES} Denied by Sergey Lavrov.")
    c1 = summaries[seeded_claims["C1"].get_absolute_url()]
    assert c1.endswith("towards Palmyra. Denied by the Syrian Democratic Forces.")
    c5 = summaries[seeded_claims["C5"].get_absolute_url()]
    assert c5.endswith("fighting terrorism in Syria.")


def test_the_embed_card_says_what_a_denial_denies_and_who_denied(client, seeded_claims):
    response = client.get(f"/claims/{seeded_claims['C2'].pk}/embed/")
    card = css(parse(response), ".claim-embed")[0]
    assert text_of(css(card, ".claim-embed__denies")[0]) == C2_DENIES
    assert "Disputed. Denied by Sergey Lavrov." in text_of(css(card, ".claim-embed__facts")[0])


def test_api_list_items_carry_what_a_denial_denies_and_who_denied(client, seeded_claims):
    items = {
        item["id"]: item
        for item in client.get("/api/v1/claims/", {"page_size": 20}).json()["results"]
    }
    c1, c2 = items[seeded_claims["C1"].pk], items[seeded_claims["C2"].pk]
    assert [c["id"] for c in c2["denies"]] == [seeded_claims["C1"].pk]
    assert c2["denies"][0]["page_url"].endswith(seeded_claims["C1"].get_absolute_url())
    assert [s["slug"] for s in c2["denied_by_speakers"]] == ["sergey-lavrov"]
    assert [s["slug"] for s in c1["denied_by_speakers"]] == ["syrian-democratic-forces"]
    assert c1["denies"] == []
    # The detail had both already: its denies, and denied_by's speakers.
    detail = client.get(f"/api/v1/claims/{seeded_claims['C2'].pk}/").json()
    assert detail["denies"] == c2["denies"]
    assert [d["speaker"] for d in detail["denied_by"]] == c2["denied_by_speakers"]


def test_a_speakers_new_name_reaches_the_cards_of_the_claims_they_denied(client, seeded_claims):
    sdf = seeded_claims["C2"].speaker
    sdf.name = "Syrian Democratic Forces (SDF)"
    sdf.save()
    document_publish(kind="speaker", obj=sdf, by=None)
    document = parse(client.get("/claims/"))
    assert denied(card_of(document, seeded_claims["C1"])) == (
        "Denied by the Syrian Democratic Forces (SDF)"
    )
    # The API's list item is that same card.
    card = ClaimDocument.objects.get(pk=seeded_claims["C1"].pk).card
    assert '"name":"Syrian Democratic Forces (SDF)"' in card
