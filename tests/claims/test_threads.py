"""The dispute thread on a claim's page: who denied a claim, who rejected the denial, and
so on, as the published record holds it (web.pages.claims, record.queries)."""

import itertools

import pytest

from claims.models import ClaimLink
from record.services import claim_sync
from tests.factories import ClaimFactory, ClaimLinkFactory, EvidenceFactory
from web.pages import claims as pages

pytestmark = pytest.mark.django_db


def make_chain(length):
    """claims[0] is denied by claims[1], which is denied by claims[2], …"""
    claims = [ClaimFactory() for _ in range(length)]
    for denied, denying in itertools.pairwise(claims):
        ClaimLinkFactory(from_claim=denying, to_claim=denied)
    return claims


def page_of(claim):
    return pages.claim_page(pages.claim_head(claim.pk))


def walk(page):
    steps = []

    def visit(nodes):
        for node in nodes:
            steps.append((node.step.claim.pk, node.step.depth, node.step.is_repeat))
            visit(node.children)

    visit(page.thread)
    return steps


def ids(claims):
    return [claim.pk for claim in claims]


def test_a_chain_is_walked_from_its_root_down():
    root, denial, rejection = make_chain(3)
    page = page_of(rejection)
    assert walk(page) == [(root.pk, 0, False), (denial.pk, 1, False), (rejection.pk, 2, False)]
    assert ids(page.denies) == [denial.pk]
    assert ids(page_of(root).denied_by) == [denial.pk]


def test_a_claim_without_denials_is_a_thread_of_one():
    claim = ClaimFactory()
    assert walk(page_of(claim)) == [(claim.pk, 0, False)]


def test_a_claim_denying_several_claims_appears_under_each():
    first, second, denier = ClaimFactory(), ClaimFactory(), ClaimFactory()
    ClaimLinkFactory(from_claim=denier, to_claim=first)
    ClaimLinkFactory(from_claim=denier, to_claim=second)
    assert walk(page_of(first)) == [
        (first.pk, 0, False),
        (denier.pk, 1, False),
        (second.pk, 0, False),
        (denier.pk, 1, True),
    ]


@pytest.mark.parametrize("length", [3, 30])
def test_the_thread_is_read_in_one_query_however_deep(length, django_assert_num_queries):
    claims = make_chain(length)
    head = pages.claim_head(claims[0].pk)
    with django_assert_num_queries(1):
        # The bodies of the claims connected through published denials (a recursive walk
        # of the record's links); no source is shown, so no source cards are read (and
        # without its version list, one more query: tests/claims/test_claim_as_of.py).
        page = pages.claim_page(head, history=False)
    assert len(walk(page)) == length


def test_a_cycle_terminates_and_shows_each_claim_once():
    a, b = ClaimFactory(), ClaimFactory()
    ClaimLink.objects.create(from_claim=a, to_claim=b)
    ClaimLink.objects.create(from_claim=b, to_claim=a)
    claim_sync(a)
    claim_sync(b)
    steps = walk(page_of(a))
    expanded = [pk for pk, _, repeat in steps if not repeat]
    assert sorted(expanded) == sorted([a.pk, b.pk])
    assert len(steps) == 3  # a, b under it, and a again as a reference


def test_a_long_cycle_terminates():
    claims = make_chain(5)
    ClaimLinkFactory(from_claim=claims[0], to_claim=claims[-1])
    steps = walk(page_of(claims[2]))
    assert sorted(pk for pk, _, repeat in steps if not repeat) == sorted(ids(claims))


def test_a_draft_denial_leaves_no_trace_on_a_published_claim():
    claim = ClaimFactory()
    draft = ClaimFactory(draft=True)
    ClaimLinkFactory(from_claim=draft, to_claim=claim)
    # … nor does anything beyond it.
    ClaimLinkFactory(from_claim=ClaimFactory(), to_claim=draft)
    page = page_of(claim)
    assert walk(page) == [(claim.pk, 0, False)]
    assert page.denied_by == []


def test_evidence_is_grouped_by_stance_from_the_claims_document():
    claim = ClaimFactory()
    corroborating = EvidenceFactory(claim=claim, stance="corroborates")
    contradicting = EvidenceFactory(
        claim=claim, stance="contradicts", backing_claim=ClaimFactory()
    )
    EvidenceFactory(claim=claim, stance="contradicts", backing_claim=ClaimFactory(draft=True))
    groups = {group.stance: group.items for group in page_of(claim).evidence}
    assert list(groups) == ["corroborates", "contradicts"]
    assert [e.source.id for e in groups["corroborates"]] == [corroborating.source_id]
    assert [e.backing_claim.id for e in groups["contradicts"]] == [contradicting.backing_claim_id]
