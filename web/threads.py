"""The dispute thread as a reader follows it: a claim, the claims that answer it (deny it,
confirm it, retract it, clarify it, repeat it or counter-accuse), those that answer them,
and so on, walked as a tree from the claims that answer nothing in it.

``DisputeThread`` takes the thread's claims and typed links as published
(``web.pages.claims`` reads them from the record in one query however deep the thread goes).
Cycles (A denies B, B denies A) are legal data: the walk visits each claim once and marks a
claim reached again as a repeat.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import pgettext

from claims.models import LinkType
from record.documents import PublishedClaim
from web.disputes import ANSWERED_BY


@dataclass(frozen=True)
class ThreadEdge:
    """A typed link between two claims of the thread: ``from_claim`` <type> ``to_claim``."""

    from_claim: PublishedClaim
    to_claim: PublishedClaim
    type: str


@dataclass(frozen=True)
class ThreadStep:
    """One claim in the thread, as a reader meets it walking down from the root."""

    claim: PublishedClaim
    depth: int
    # The claim this step answers (its parent in the walk), and how; None for a root.
    answers: PublishedClaim | None
    is_focus: bool
    # The claim was already shown higher up (a cycle, or two paths to it): show a reference,
    # do not expand it again.
    is_repeat: bool = False
    link_type: str | None = None

    @property
    def verb(self) -> str:
        """How the step's label reads: "Denied by", "Confirmed by", … ("Claim" for a root)."""
        if self.link_type:
            return str(ANSWERED_BY[self.link_type])
        return pgettext("thread step", "Claim")


@dataclass
class ThreadNode:
    """A step with the steps that answer it, for rendering the thread as nested lists."""

    step: ThreadStep
    children: list[ThreadNode] = field(default_factory=list)


@dataclass
class DisputeThread:
    focus: PublishedClaim
    edges: list[ThreadEdge]
    claims: dict[int, PublishedClaim] = field(init=False)
    _answered_by: dict[int, list[ThreadEdge]] = field(init=False)
    _answers: dict[int, list[ThreadEdge]] = field(init=False)

    def __post_init__(self):
        self.claims = {self.focus.pk: self.focus}
        self._answered_by = defaultdict(list)
        self._answers = defaultdict(list)
        for edge in self.edges:
            self.claims.setdefault(edge.from_claim.pk, edge.from_claim)
            self.claims.setdefault(edge.to_claim.pk, edge.to_claim)
            self._answered_by[edge.to_claim.pk].append(edge)
            self._answers[edge.from_claim.pk].append(edge)

    def __len__(self) -> int:
        return len(self.claims)

    def answered_by(self, claim: PublishedClaim) -> list[tuple[str, PublishedClaim]]:
        """(type, claim) of the claims in the thread that answer ``claim``, earliest first."""
        return _chronological_pairs(
            (e.type, self.claims[e.from_claim.pk]) for e in self._answered_by[claim.pk]
        )

    def answers(self, claim: PublishedClaim) -> list[tuple[str, PublishedClaim]]:
        """(type, claim) of the claims in the thread that ``claim`` answers, earliest first."""
        return _chronological_pairs(
            (e.type, self.claims[e.to_claim.pk]) for e in self._answers[claim.pk]
        )

    def denied_by(self, claim: PublishedClaim) -> list[PublishedClaim]:
        """The claims in the thread that deny ``claim``, earliest first."""
        return [c for t, c in self.answered_by(claim) if t == LinkType.DENIES]

    def denies(self, claim: PublishedClaim) -> list[PublishedClaim]:
        """The claims in the thread that ``claim`` denies, earliest first."""
        return [c for t, c in self.answers(claim) if t == LinkType.DENIES]

    @property
    def roots(self) -> list[PublishedClaim]:
        """Where the thread starts: claims that answer nothing in it. A thread that is one
        cycle has no such claim; it then starts from the focus."""
        roots = [c for c in self.claims.values() if not self._answers[c.pk]]
        return _chronological(roots) or [self.focus]

    def steps(self) -> Iterator[ThreadStep]:
        """The thread as a tree walked depth first from its roots; each claim expands once."""
        seen: set[int] = set()

        def walk(
            claim: PublishedClaim,
            depth: int,
            parent: PublishedClaim | None,
            link_type: str | None = None,
        ) -> Iterator[ThreadStep]:
            repeat = claim.pk in seen
            yield ThreadStep(
                claim=claim,
                depth=depth,
                answers=parent,
                is_focus=claim.pk == self.focus.pk,
                is_repeat=repeat,
                link_type=link_type,
            )
            if repeat:
                return
            seen.add(claim.pk)
            for child_type, child in self.answered_by(claim):
                yield from walk(child, depth + 1, claim, child_type)

        for root in self.roots:
            if root.pk not in seen:
                yield from walk(root, 0, None)
        # PublishedClaims reachable only upwards through a cycle from a root that was not walked.
        for claim in _chronological(self.claims.values()):
            if claim.pk not in seen:
                yield from walk(claim, 0, None)

    def tree(self) -> list[ThreadNode]:
        """The walk of ``steps()`` as nested nodes: one list of roots."""
        roots: list[ThreadNode] = []
        path: list[ThreadNode] = []  # the ancestors of the next step, by depth
        for step in self.steps():
            node = ThreadNode(step)
            del path[step.depth :]
            (path[-1].children if path else roots).append(node)
            path.append(node)
        return roots


def _when(claim: PublishedClaim) -> tuple:
    # Undated claims go last; ties keep the order of entry.
    return (claim.stated_on is None, claim.stated_on or claim.created_at.date(), claim.pk)


def _chronological(claims) -> list[PublishedClaim]:
    return sorted(claims, key=_when)


def _chronological_pairs(pairs) -> list[tuple[str, PublishedClaim]]:
    return sorted(pairs, key=lambda pair: (_when(pair[1]), pair[0]))
