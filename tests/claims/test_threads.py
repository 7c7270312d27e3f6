"""The dispute thread: who denied a claim, who rejected the denial, and so on."""

import itertools

import pytest

from claims.models import Denial
from claims.models.workflow import PublicationStatus
from tests.factories import ClaimFactory, DenialFactory, EvidenceFactory

pytestmark = pytest.mark.django_db


def make_chain(length):
    """claims[0] is denied by claims[1], which is denied by claims[2], …"""
    claims = [ClaimFactory() for _ in range(length)]
    for denied, denying in itertools.pairwise(claims):
        DenialFactory(denying_claim=denying, denied_claim=denied)
    return claims


def walk(thread):
    return [(step.claim.pk, step.depth, step.is_repeat) for step in thread.steps()]


def test_a_chain_is_walked_from_its_root_down():
    root, denial, rejection = make_chain(3)
    thread = rejection.dispute_thread()
    assert walk(thread) == [(root.pk, 0, False), (denial.pk, 1, False), (rejection.pk, 2, False)]
    assert [s.is_focus for s in thread.steps()] == [False, False, True]
    assert thread.denied_by(root) == [denial]
    assert thread.denies(rejection) == [denial]


def test_a_claim_without_denials_is_a_thread_of_one():
    claim = ClaimFactory()
    assert walk(claim.dispute_thread()) == [(claim.pk, 0, False)]


def test_a_claim_denying_several_claims_appears_under_each():
    first, second, denier = ClaimFactory(), ClaimFactory(), ClaimFactory()
    DenialFactory(denying_claim=denier, denied_claim=first)
    DenialFactory(denying_claim=denier, denied_claim=second)
    steps = walk(first.dispute_thread())
    assert steps == [
        (first.pk, 0, False),
        (denier.pk, 1, False),
        (second.pk, 0, False),
        (denier.pk, 1, True),
    ]


@pytest.mark.parametrize("length", [3, 30])
def test_the_thread_is_read_in_one_query_however_deep(length, django_assert_num_queries):
    claims = make_chain(length)
    with django_assert_num_queries(1):
        # The denials between the claims connected through denials (a recursive subquery),
        # with both claims and their speakers.
        thread = claims[0].dispute_thread()
        steps = list(thread.steps())
        names = [step.claim.speaker.name for step in steps]
    assert len(steps) == length
    assert len(names) == length


def test_a_cycle_terminates_and_shows_each_claim_once():
    a, b = ClaimFactory(), ClaimFactory()
    Denial.objects.create(denying_claim=a, denied_claim=b)
    Denial.objects.create(denying_claim=b, denied_claim=a)
    steps = walk(a.dispute_thread())
    expanded = [pk for pk, _, repeat in steps if not repeat]
    assert sorted(expanded) == sorted([a.pk, b.pk])
    assert len(steps) == 3  # a, b under it, and a again as a reference


def test_a_long_cycle_terminates():
    claims = make_chain(5)
    DenialFactory(denying_claim=claims[0], denied_claim=claims[-1])
    thread = claims[2].dispute_thread()
    assert len(thread) == 5
    assert sorted(pk for pk, _, repeat in walk(thread) if not repeat) == sorted(
        c.pk for c in claims
    )


def test_a_draft_denial_leaves_no_trace_on_a_published_claim():
    claim = ClaimFactory()
    draft = ClaimFactory(draft=True)
    DenialFactory(denying_claim=draft, denied_claim=claim)
    # … nor does anything beyond it.
    DenialFactory(denying_claim=ClaimFactory(), denied_claim=draft)
    thread = claim.dispute_thread()
    assert walk(thread) == [(claim.pk, 0, False)]
    assert thread.denied_by(claim) == []


def test_a_withdrawn_claim_still_shows_the_published_claims_around_it():
    withdrawn = ClaimFactory(status=PublicationStatus.WITHDRAWN, withdrawn_reason="Misattributed.")
    denier, denied = ClaimFactory(), ClaimFactory()
    DenialFactory(denying_claim=denier, denied_claim=withdrawn)
    DenialFactory(denying_claim=withdrawn, denied_claim=denied)
    thread = withdrawn.dispute_thread()
    assert thread.denied_by(withdrawn) == [denier]
    assert thread.denies(withdrawn) == [denied]
    # From a published claim, the withdrawn one is not part of the thread.
    assert walk(denier.dispute_thread()) == [(denier.pk, 0, False)]


def test_a_curator_can_see_drafts_in_the_thread():
    claim = ClaimFactory()
    draft = ClaimFactory(draft=True)
    DenialFactory(denying_claim=draft, denied_claim=claim)
    assert draft in claim.dispute_thread(published_only=False).denied_by(claim)


def test_evidence_is_grouped_by_stance_in_one_query(django_assert_num_queries):
    claim = ClaimFactory()
    corroborating = EvidenceFactory(claim=claim, stance="corroborates")
    contradicting = EvidenceFactory(
        claim=claim, stance="contradicts", backing_claim=ClaimFactory()
    )
    EvidenceFactory(claim=claim, stance="contradicts", backing_claim=ClaimFactory(draft=True))
    with django_assert_num_queries(1):
        grouped = claim.evidence_by_stance()
        outlets = [e.source.outlet.name for items in grouped.values() for e in items]
    assert list(grouped) == ["corroborates", "contradicts", "context"]
    assert grouped == {
        "corroborates": [corroborating],
        "contradicts": [contradicting],
        "context": [],
    }
    assert len(outlets) == 2
