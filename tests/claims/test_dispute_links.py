"""Typed links between claims (docs/disputes.md) wherever the public reads them: the API's
claim, the claim page's thread and summary line, the change feed; denials stay denials."""

import datetime

import pytest
from django.db import connection

from claims.models import ClaimLink, LinkType, Speaker, SpeakerKind
from record.models import Kind
from record.services import claim_sync, republish_if_public
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    ClaimLinkFactory,
    EvidenceFactory,
    SourceFactory,
    SpeakerFactory,
)
from tests.html import css, parse, text_of

pytestmark = pytest.mark.django_db

# How the thread labels a step answering the claim above it, by link type.
VERBS = {
    "denies": "Denied by",
    "confirms": "Confirmed by",
    "retracts": "Retracted by",
    "clarifies": "Clarified by",
    "repeats": "Repeated by",
    "counter_accuses": "Counter-accused by",
}


@pytest.fixture
def answered():
    """A claim answered once by every link type, each answer a day later than the last
    (a retraction by the claim's own speaker)."""
    focus = ClaimFactory(speaker=SpeakerFactory(name="Kirill Focus"))
    answers = {}
    for day, link_type in enumerate(LinkType.values, start=1):
        speaker = (
            focus.speaker
            if link_type == LinkType.RETRACTS
            else SpeakerFactory(name=f"Answerer {link_type}")
        )
        other = ClaimFactory(speaker=speaker, stated_on=datetime.date(2017, 6, day))
        ClaimLinkFactory(from_claim=other, to_claim=focus, type=link_type)
        answers[link_type] = other
    return focus, answers


def api(client, claim) -> dict:
    response = client.get(f"/api/v1/claims/{claim.pk}/")
    assert response.status_code == 200
    return response.json()


def test_the_api_lists_every_link_with_its_type_and_direction(client, answered):
    focus, answers = answered
    body = api(client, focus)
    assert [(link["type"], link["direction"], link["claim"]["id"]) for link in body["links"]] == [
        (link_type, "in", answers[link_type].pk) for link_type in LinkType.values
    ]
    # Denials stay what they were: only the denying claim, counted alone.
    assert [c["id"] for c in body["denied_by"]] == [answers["denies"].pk]
    assert body["denies"] == []
    assert body["denial_count"] == 1
    for link_type, other in answers.items():
        links = api(client, other)["links"]
        assert [(link["type"], link["direction"], link["claim"]["id"]) for link in links] == [
            (link_type, "out", focus.pk)
        ]
    assert [c["id"] for c in api(client, answers["denies"])["denies"]] == [focus.pk]
    assert api(client, answers["confirms"])["denies"] == []


def test_a_link_to_a_claim_that_is_not_public_is_not_shown(client):
    claim = ClaimFactory()
    draft = ClaimFactory(draft=True)
    ClaimLinkFactory(from_claim=claim, to_claim=draft, type=LinkType.CONFIRMS)
    assert api(client, claim)["links"] == []
    draft.publish()
    claim_sync(draft)
    assert [link["claim"]["id"] for link in api(client, claim)["links"]] == [draft.pk]


def test_the_disputed_filter_counts_denials_only(client, answered):
    focus, answers = answered
    confirmed = answers["confirms"]
    listed = client.get("/api/v1/claims/", {"disputed": "true"}).json()["results"]
    assert [c["id"] for c in listed] == [focus.pk]
    undisputed = {
        c["id"] for c in client.get("/api/v1/claims/", {"disputed": "false"}).json()["results"]
    }
    assert confirmed.pk in undisputed


def test_the_thread_labels_every_step_with_its_link_type(client, answered):
    focus, answers = answered
    document = parse(client.get(focus.get_absolute_url()))
    steps = css(document, ".thread--root .thread-step")
    verbs = [text_of(css(step, ".thread-step__verb")[0]) for step in steps]
    assert verbs == ["Claim", *(VERBS[t] for t in LinkType.values)]
    for step, link_type in zip(steps[1:], LinkType.values, strict=True):
        # Each step links to its own claim's page, nested under the claim it answers.
        [link] = step.xpath("./article/p[@class='thread-step__text']/a")
        assert link.get("href") == answers[link_type].get_absolute_url()
        assert step.getparent().getparent() is steps[0]
    # From an answer's own page, the thread is the same, its own step marked.
    document = parse(client.get(answers["clarifies"].get_absolute_url()))
    here = css(document, ".thread-step--focus .thread-step__who")[0]
    assert text_of(here).startswith("Clarified by Answerer clarifies")


def test_the_summary_line_says_who_answered_and_how(client, answered):
    focus, answers = answered
    document = parse(client.get(focus.get_absolute_url()))
    assert text_of(css(document, ".claim__disputed")[0]) == (
        "Disputed. Denied by Answerer denies. Confirmed by Answerer confirms. Retracted by "
        "Kirill Focus. Clarified by Answerer clarifies. Repeated by Answerer repeats. "
        "Counter-accused by Answerer counter_accuses. Follow the dispute"
    )
    names = css(document, ".claim__disputed a")
    assert names[0].get("href") == answers["denies"].get_absolute_url()
    document = parse(client.get(answers["confirms"].get_absolute_url()))
    assert text_of(css(document, ".claim__answers")[0]) == (
        "Confirms the claim by Kirill Focus (27 May 2017)."
    )


def test_a_claim_answered_without_denial_is_not_called_disputed(client):
    claim = ClaimFactory()
    ClaimLinkFactory(to_claim=claim, type=LinkType.REPEATS, from_claim=ClaimFactory())
    document = parse(client.get(claim.get_absolute_url()))
    assert not css(document, ".claim__disputed")
    assert text_of(css(document, ".claim__answered")[0]).startswith("Repeated by Speaker")


def test_the_change_feed_sends_the_links(client, answered):
    focus, _answers = answered
    changes = client.get("/api/v1/changes/", {"page_size": 100}).json()["results"]
    last = [c for c in changes if c["object"] == "claim" and c["id"] == focus.pk][-1]
    assert [link["type"] for link in last["document"]["links"]] == LinkType.values
    assert last["document"]["links"] == api(client, focus)["links"]


def test_the_speaker_page_lists_denials_only(client, answered):
    focus, _answers = answered
    document = parse(client.get(focus.speaker.get_absolute_url()))
    text = text_of(document)
    assert "Answerer denies" in text
    assert "Answerer confirms" not in text


# --- The seed -------------------------------------------------------------------------


def test_the_seed_c1_reads_its_thread_in_sentences(client, seeded_claims):
    c1, c3 = seeded_claims["C1"], seeded_claims["C3"]
    # The seed confirms C1 by C3 (docs/domain.md, "What the seed must show"): made sure of
    # here, whichever the seed loaded.
    _link, created = ClaimLink.objects.get_or_create(
        from_claim=c3, to_claim=c1, defaults={"type": LinkType.CONFIRMS}
    )
    if created:
        claim_sync(c3)
    document = parse(client.get(c1.get_absolute_url()))
    assert text_of(css(document, ".claim__disputed")[0]) == (
        "Disputed. Denied by the Syrian Democratic Forces; Sergey Lavrov rejected the denial. "
        "Confirmed by Sergey Lavrov. Follow the dispute"
    )
    steps = css(document, ".thread--root .thread-step")
    assert [text_of(css(s, ".thread-step__verb")[0]) for s in steps] == [
        "Claim",
        "Denied by",
        "Denied by",
        "Confirmed by",
    ]
    body = api(client, c1)
    assert [(link["type"], link["claim"]["id"]) for link in body["links"]] == [
        ("denies", seeded_claims["C2"].pk),
        ("confirms", c3.pk),
    ]
    assert body["denial_count"] == 1
    c3_links = api(client, c3)["links"]
    assert {(link["type"], link["direction"], link["claim"]["id"]) for link in c3_links} == {
        ("confirms", "out", c1.pk),
        ("denies", "out", seeded_claims["C2"].pk),
    }


def test_the_seed_c1_is_corroborated_only_from_its_own_side(client, seeded_claims):
    """docs/domain.md: C3, C4 and C7 corroborate C1, all from the Government of the Russian
    Federation; no independent origin. The ministries' affiliation is made sure of here,
    whichever the seed loaded, and published as an editor would: the claim follows."""
    government = Speaker.objects.filter(name="Government of the Russian Federation").first()
    if government is None:
        government = Speaker.objects.create(
            name="Government of the Russian Federation",
            slug="government-of-the-russian-federation",
            kind=SpeakerKind.ORGANISATION,
        )
    for slug in ("russian-ministry-of-defence", "russian-ministry-of-foreign-affairs"):
        ministry = Speaker.objects.get(slug=slug)
        if ministry.affiliation_id != government.pk:
            ministry.affiliation = government
            ministry.save()
            republish_if_public(kind=Kind.SPEAKER, obj=ministry)
    body = api(client, seeded_claims["C1"])
    independence = body["independence"]
    assert independence["corroborations"] == 3
    assert independence["from_claimant_side"] == 3
    assert independence["independent_origins"] == 0
    assert independence["claimant_side"]["name"] == "Government of the Russian Federation"
    document = parse(client.get(seeded_claims["C1"].get_absolute_url()))
    assert text_of(css(document, ".evidence__independence")[0]) == (
        "3 corroborations, all from the Government of the Russian Federation, the claimant's "
        "side; none independent."
    )


# --- Fixed query counts -----------------------------------------------------------------


def a_claim_with_everything():
    """A claim answered by every link type, corroborated from its side and beyond, and
    reported in a chain of relays."""
    government = SpeakerFactory(kind=SpeakerKind.ORGANISATION)
    ministry = SpeakerFactory(kind=SpeakerKind.ORGANISATION, affiliation=government)
    claim = ClaimFactory(speaker=SpeakerFactory(affiliation=ministry))
    for link_type in LinkType.values:
        speaker = claim.speaker if link_type == LinkType.RETRACTS else SpeakerFactory()
        ClaimLinkFactory(from_claim=ClaimFactory(speaker=speaker), to_claim=claim, type=link_type)
    EvidenceFactory(
        claim=claim, backing_claim=ClaimFactory(speaker=SpeakerFactory(affiliation=government))
    )
    EvidenceFactory(claim=claim, backing_claim=ClaimFactory())
    EvidenceFactory(claim=claim)
    original = AppearanceFactory(claim=claim).source
    AppearanceFactory(claim=claim, source=SourceFactory(), relayed_from=original)
    return claim


def test_the_claim_page_keeps_its_query_count(client, django_assert_num_queries):
    claim = a_claim_with_everything()
    # As tests/claims/test_claim_page.py counts them: the stored page (none), the version,
    # the claim with its speaker, the thread, the sources, the versions; then storing it.
    with django_assert_num_queries(13 if connection.vendor == "postgresql" else 12):
        response = client.get(claim.get_absolute_url())
    assert response.status_code == 200
    assert len(css(parse(response), ".thread-step")) == len(LinkType.values) + 1


def test_the_api_detail_keeps_its_query_count(client, django_assert_num_queries):
    claim = a_claim_with_everything()
    with django_assert_num_queries(1):
        # The claim's stored answer, its version naming the ETag: links and independence
        # are in it, computed when it was published.
        body = client.get(f"/api/v1/claims/{claim.pk}/").json()
    assert len(body["links"]) == len(LinkType.values)
    assert body["independence"]["corroborations"] == 3
