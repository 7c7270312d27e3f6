"""The dispute as evidence in the record (record.dispute, docs/disputes.md): the
independence of corroborating evidence, relays, the first appearance computed from the
sources' dates (or a curator's override), kept right as the documents around a claim are
published, and written alike one by one and in bulk."""

import datetime

import pytest
from django.utils import timezone

from claims.models import Appearance, Claim, ClaimLink, Evidence, LinkType, SpeakerKind
from claims.models.workflow import PublicationStatus
from record.models import Kind, Link, Relation
from record.services import claim_sync, republish_if_public
from tests.factories import (
    AppearanceFactory,
    ClaimFactory,
    EvidenceFactory,
    OutletFactory,
    SourceFactory,
    SpeakerFactory,
)
from tests.html import css, parse, text_of
from tests.record.test_bulk import assert_same, one_by_one_then_bulk

pytestmark = pytest.mark.django_db


def body_of(client, claim) -> dict:
    return client.get(f"/api/v1/claims/{claim.pk}/").json()


def organisation(name, **fields):
    return SpeakerFactory(name=name, kind=SpeakerKind.ORGANISATION, **fields)


# --- Independence ----------------------------------------------------------------------


@pytest.fixture
def sides():
    """A government with two ministries; a source in one of them making a claim; an
    independent monitor with two people."""
    government = organisation("Government of Ruritania")
    defence = organisation("Ministry of Defence", affiliation=government)
    foreign = organisation("Ministry of Foreign Affairs", affiliation=government)
    monitor = organisation("Conflict Monitor")
    return {
        "government": government,
        "defence": defence,
        "foreign": foreign,
        "monitor": monitor,
        "source": SpeakerFactory(
            name="A source in the Ministry of Defence",
            kind=SpeakerKind.UNNAMED_SOURCE,
            affiliation=defence,
        ),
        "minister": SpeakerFactory(name="The Foreign Minister", affiliation=foreign),
        "analyst": SpeakerFactory(name="An analyst", affiliation=monitor),
        "researcher": SpeakerFactory(name="A researcher", affiliation=monitor),
    }


def corroborate(claim, speaker=None, **fields):
    backing = ClaimFactory(speaker=speaker) if speaker is not None else None
    return EvidenceFactory(claim=claim, backing_claim=backing, stance="corroborates", **fields)


def test_own_side_independent_and_source_only_evidence_are_counted_apart(client, sides):
    claim = ClaimFactory(speaker=sides["source"])
    corroborate(claim, sides["minister"])  # the same government: the claimant's side
    corroborate(claim, sides["analyst"])  # the monitor
    corroborate(claim, sides["researcher"])  # the monitor again: the same origin
    outlet = OutletFactory(name="Daily Wire Service")
    corroborate(claim, source=SourceFactory(outlet=outlet))  # an outlet's report
    corroborate(claim, source=SourceFactory(outlet=outlet))  # the same outlet
    corroborate(claim, source=SourceFactory(outlet=None))  # a source of no outlet
    EvidenceFactory(claim=claim, stance="contradicts", backing_claim=ClaimFactory())
    independence = body_of(client, claim)["independence"]
    assert independence["corroborations"] == 6
    assert independence["from_claimant_side"] == 1
    # The monitor, the outlet, the lone source.
    assert independence["independent_origins"] == 3
    assert independence["claimant_side"]["slug"] == sides["government"].slug
    document = parse(client.get(claim.get_absolute_url()))
    assert text_of(css(document, ".evidence__independence")[0]) == (
        "6 corroborations: 1 from the claimant's side (the Government of Ruritania), "
        "3 independent origins."
    )


def test_a_claimant_of_no_organisation_is_its_own_side(client, sides):
    person = SpeakerFactory(name="A lone blogger")
    claim = ClaimFactory(speaker=person)
    corroborate(claim, person)
    corroborate(claim, sides["analyst"])
    independence = body_of(client, claim)["independence"]
    assert independence == {
        "corroborations": 2,
        "from_claimant_side": 1,
        "independent_origins": 1,
        "claimant_side": None,
    }
    document = parse(client.get(claim.get_absolute_url()))
    assert text_of(css(document, ".claim__independence")[0]) == (
        "2 corroborations: 1 from the claimant's own side, 1 independent origin."
    )


def test_without_corroboration_nothing_is_said(client):
    claim = ClaimFactory()
    EvidenceFactory(claim=claim, stance="context")
    assert body_of(client, claim)["independence"] == {
        "corroborations": 0,
        "from_claimant_side": 0,
        "independent_origins": 0,
        "claimant_side": None,
    }
    assert not css(parse(client.get(claim.get_absolute_url())), ".evidence__independence")


def test_affiliations_in_a_cycle_end_and_share_one_root(client):
    first = organisation("First Front")
    second = organisation("Second Front", affiliation=first)
    first.affiliation = second
    first.save()
    claim = ClaimFactory(speaker=SpeakerFactory(affiliation=first))
    corroborate(claim, SpeakerFactory(affiliation=second))
    independence = body_of(client, claim)["independence"]
    assert independence["from_claimant_side"] == 1
    assert independence["claimant_side"]["slug"] == min(first, second, key=lambda s: s.pk).slug


def test_publishing_an_affiliation_writes_the_claims_that_count_it_again(client, sides):
    """The claimant's side and a corroborating speaker's side each follow a publish of
    the organisations above them (record.services, Relation.SIDE)."""
    defence = organisation("Defence Ministry")
    foreign = organisation("Foreign Ministry")
    claim = ClaimFactory(speaker=SpeakerFactory(name="A source", affiliation=defence))
    corroborate(claim, SpeakerFactory(name="A minister", affiliation=foreign))
    independence = body_of(client, claim)["independence"]
    assert (independence["from_claimant_side"], independence["independent_origins"]) == (0, 1)
    assert independence["claimant_side"]["slug"] == defence.slug
    sides_linked = set(
        Link.objects.filter(
            from_kind=Kind.CLAIM, from_id=claim.pk, relation=Relation.SIDE
        ).values_list("to_id", flat=True)
    )
    assert {defence.pk, foreign.pk, claim.speaker_id} <= sides_linked

    government = organisation("Government")
    defence.affiliation = government
    defence.save()
    republish_if_public(kind=Kind.SPEAKER, obj=defence)
    independence = body_of(client, claim)["independence"]
    assert independence["claimant_side"]["slug"] == government.slug
    assert (independence["from_claimant_side"], independence["independent_origins"]) == (0, 1)

    foreign.affiliation = government
    foreign.save()
    republish_if_public(kind=Kind.SPEAKER, obj=foreign)
    independence = body_of(client, claim)["independence"]
    assert (independence["from_claimant_side"], independence["independent_origins"]) == (1, 0)


# --- Relays ----------------------------------------------------------------------------


def relayed_claim():
    """Reported by ARA News, carried from Sputnik, which quoted RIA Novosti."""
    claim = ClaimFactory()
    ria = SourceFactory(outlet=OutletFactory(name="RIA Novosti"), published_on=None)
    sputnik = SourceFactory(outlet=OutletFactory(name="Sputnik"), published_on=None)
    ara = SourceFactory(outlet=OutletFactory(name="ARA News"), published_on=None)
    AppearanceFactory(claim=claim, source=ara, relayed_from=sputnik)
    AppearanceFactory(claim=claim, source=sputnik, relayed_from=ria)
    AppearanceFactory(claim=claim, source=ria)
    return claim, ara, sputnik, ria


def test_each_appearance_names_the_source_it_was_relayed_from(client):
    claim, ara, sputnik, ria = relayed_claim()
    appearances = body_of(client, claim)["appearances"]
    assert [(a["source"]["id"], (a["relayed_from"] or {}).get("id")) for a in appearances] == [
        (ara.pk, sputnik.pk),
        (sputnik.pk, ria.pk),
        (ria.pk, None),
    ]
    document = parse(client.get(claim.get_absolute_url()))
    assert [text_of(p) for p in css(document, ".appearance__relay")] == [
        "Relayed: ARA News, carried from Sputnik, quoting RIA Novosti",
        "Relayed: Sputnik, carried from RIA Novosti",
    ]


def test_a_relay_chain_that_goes_round_ends(client):
    claim, ara, _sputnik, ria = relayed_claim()
    Appearance.objects.filter(claim=claim, source=ria).update(relayed_from=ara)
    claim_sync(claim)
    document = parse(client.get(claim.get_absolute_url()))
    assert text_of(css(document, ".appearance__relay")[0]) == (
        "Relayed: ARA News, carried from Sputnik, quoting RIA Novosti"
    )


def test_a_relay_source_shows_once_it_is_published(client):
    claim = ClaimFactory()
    wire = SourceFactory(title="The wire copy", outlet=None)
    AppearanceFactory(claim=claim, relayed_from=wire)
    # Nothing public shows the wire copy yet: it is not named.
    assert body_of(client, claim)["appearances"][0]["relayed_from"] is None
    assert Link.objects.filter(
        from_id=claim.pk, relation=Relation.RELAY, to_kind=Kind.SOURCE, to_id=wire.pk
    ).exists()
    # Another claim reports it: published with that claim, it shows on this one too.
    AppearanceFactory(source=wire)
    assert body_of(client, claim)["appearances"][0]["relayed_from"]["id"] == wire.pk


# --- The first appearance --------------------------------------------------------------


def test_the_first_appearance_is_the_earliest_published_source(client):
    claim = ClaimFactory()
    later = AppearanceFactory(
        claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 31))
    )
    earlier = AppearanceFactory(
        claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 29))
    )
    AppearanceFactory(claim=claim, source=SourceFactory(published_on=None))
    body = body_of(client, claim)
    assert [a["is_first"] for a in body["appearances"]] == [False, True, False]
    assert [a["first_reason"] for a in body["appearances"]] == ["", "", ""]
    # The sources' own documents say the same.
    for appearance, first in ((later, False), (earlier, True)):
        source = client.get(f"/api/v1/sources/{appearance.source_id}/").json()
        assert [(c["claim"]["id"], c["is_first"]) for c in source["claims"]] == [(claim.pk, first)]
    # The JSON-LD names it as the first appearance.
    document = client.get(claim.get_absolute_url()).content.decode()
    assert earlier.source.url in document.split('"firstAppearance"')[1][:400]


def test_a_source_redated_moves_the_first_appearance_everywhere(client):
    claim = ClaimFactory()
    a = AppearanceFactory(
        claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 31))
    )
    b = AppearanceFactory(
        claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 29))
    )
    b.source.published_on = datetime.date(2017, 6, 2)
    b.source.save()
    republish_if_public(kind=Kind.SOURCE, obj=b.source)
    assert [x["is_first"] for x in body_of(client, claim)["appearances"]] == [True, False]
    for appearance, first in ((a, True), (b, False)):
        source = client.get(f"/api/v1/sources/{appearance.source_id}/").json()
        assert [c["is_first"] for c in source["claims"]] == [first]


def test_undated_sources_leave_the_first_listed_first(client):
    claim = ClaimFactory()
    for _ in range(2):
        AppearanceFactory(claim=claim, source=SourceFactory(published_on=None))
    assert [a["is_first"] for a in body_of(client, claim)["appearances"]] == [True, False]


def test_a_curators_override_wins_and_says_why(client):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 29)))
    AppearanceFactory(
        claim=claim,
        source=SourceFactory(published_on=datetime.date(2017, 5, 31)),
        marked_first=True,
        marked_first_reason="The earlier page was backdated; the archive shows it on 1 June.",
    )
    appearances = body_of(client, claim)["appearances"]
    assert [a["is_first"] for a in appearances] == [False, True]
    assert appearances[1]["first_reason"].startswith("The earlier page was backdated")
    document = parse(client.get(claim.get_absolute_url()))
    assert text_of(css(document, ".appearance__first-reason")[0]) == (
        "Marked first by a curator: The earlier page was backdated; the archive shows it on "
        "1 June."
    )


def test_an_override_on_a_source_not_public_leaves_the_dates_to_decide(client):
    claim = ClaimFactory()
    AppearanceFactory(claim=claim, source=SourceFactory(published_on=datetime.date(2017, 5, 31)))
    hidden = SourceFactory()
    Appearance.objects.create(
        claim=ClaimFactory(draft=True), source=hidden, marked_first=True, marked_first_reason="x"
    )
    assert [a["is_first"] for a in body_of(client, claim)["appearances"]] == [True]


# --- One by one and in bulk --------------------------------------------------------------


def test_bulk_writes_what_one_by_one_writes_for_links_relays_and_sides(seeded, sides):
    government, monitor = sides["government"], sides["monitor"]
    claims = [ClaimFactory(draft=True, speaker=sides["source"]) for _ in range(4)]
    for claim, link_type, other in (
        (claims[1], LinkType.CONFIRMS, claims[0]),
        (claims[2], LinkType.DENIES, claims[0]),
        (claims[3], LinkType.COUNTER_ACCUSES, claims[2]),
        (claims[0], LinkType.CLARIFIES, claims[3]),
    ):
        ClaimLink.objects.create(from_claim=claim, to_claim=other, type=link_type)
    backing = ClaimFactory(draft=True, speaker=sides["minister"])
    independent = ClaimFactory(draft=True, speaker=sides["analyst"])
    for claim in (backing, independent):
        Evidence.objects.create(claim=claims[0], backing_claim=claim, stance="corroborates")
    Evidence.objects.create(claim=claims[0], source=SourceFactory(), stance="corroborates")
    original = SourceFactory(published_on=datetime.date(2017, 5, 28))
    Appearance.objects.create(claim=claims[0], source=SourceFactory(), relayed_from=original)
    Appearance.objects.create(claim=claims[0], source=original)
    Appearance.objects.create(
        claim=claims[1], source=SourceFactory(), marked_first=True, marked_first_reason="Why."
    )
    Appearance.objects.create(claim=claims[1], source=original)
    ids = [c.pk for c in (*claims, backing, independent)]
    Claim.objects.filter(pk__in=ids).update(
        status=PublicationStatus.PUBLISHED, published_at=timezone.now()
    )

    expected, actual = one_by_one_then_bulk(sorted(ids), batch=2)

    assert_same(expected, actual)
    linked = {
        (relation, to_id) for _, pk, relation, _, to_id in actual["links"] if pk == claims[0].pk
    }
    assert {(Relation.CLARIFIES, claims[3].pk), (Relation.RELAY, original.pk)} <= linked
    assert {(Relation.SIDE, government.pk), (Relation.SIDE, monitor.pk)} <= linked
    independence = actual["claim"][claims[0].pk]["body"]["independence"]
    assert (independence["from_claimant_side"], independence["independent_origins"]) == (1, 2)
