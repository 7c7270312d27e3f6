"""The dispute thread as a reader follows it: a claim, who denied it, who rejected those
denials, and so on, walked as a tree from the claims that deny nothing in it.

``DisputeThread`` takes the thread's claims and denials as published (``web.pages.claims``
reads them from the record in one query however deep the thread goes). Cycles (A denies B,
B denies A) are legal data: the walk visits each claim once and marks a claim reached
again as a repeat.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from record.documents import PublishedClaim


@dataclass(frozen=True)
class ThreadStep:
    """One claim in the thread, as a reader meets it walking down from the root."""

    claim: PublishedClaim
    depth: int
    # The claim this step denies (its parent in the walk); None for a root.
    denies: PublishedClaim | None
    is_focus: bool
    # The claim was already shown higher up (a cycle, or two paths to it): show a reference,
    # do not expand it again.
    is_repeat: bool = False


@dataclass
class ThreadNode:
    """A step with the steps that deny it, for rendering the thread as nested lists."""

    step: ThreadStep
    children: list[ThreadNode] = field(default_factory=list)


@dataclass
class DisputeThread:
    focus: PublishedClaim
    denials: list
    claims: dict[int, PublishedClaim] = field(init=False)
    _denied_by: dict[int, list] = field(init=False)
    _denies: dict[int, list] = field(init=False)

    def __post_init__(self):
        self.claims = {self.focus.pk: self.focus}
        self._denied_by = defaultdict(list)
        self._denies = defaultdict(list)
        for denial in self.denials:
            self.claims.setdefault(denial.denying_claim_id, denial.denying_claim)
            self.claims.setdefault(denial.denied_claim_id, denial.denied_claim)
            self._denied_by[denial.denied_claim_id].append(denial)
            self._denies[denial.denying_claim_id].append(denial)

    def __len__(self) -> int:
        return len(self.claims)

    def denied_by(self, claim: PublishedClaim) -> list[PublishedClaim]:
        """The claims in the thread that deny ``claim``, earliest first."""
        return _chronological(self.claims[d.denying_claim_id] for d in self._denied_by[claim.pk])

    def denies(self, claim: PublishedClaim) -> list[PublishedClaim]:
        """The claims in the thread that ``claim`` denies, earliest first."""
        return _chronological(self.claims[d.denied_claim_id] for d in self._denies[claim.pk])

    @property
    def roots(self) -> list[PublishedClaim]:
        """Where the thread starts: claims that deny nothing in it. A thread that is one
        cycle has no such claim; it then starts from the focus."""
        roots = [c for c in self.claims.values() if not self._denies[c.pk]]
        return _chronological(roots) or [self.focus]

    def steps(self) -> Iterator[ThreadStep]:
        """The thread as a tree walked depth first from its roots; each claim expands once."""
        seen: set[int] = set()

        def walk(
            claim: PublishedClaim, depth: int, parent: PublishedClaim | None
        ) -> Iterator[ThreadStep]:
            repeat = claim.pk in seen
            yield ThreadStep(
                claim=claim,
                depth=depth,
                denies=parent,
                is_focus=claim.pk == self.focus.pk,
                is_repeat=repeat,
            )
            if repeat:
                return
            seen.add(claim.pk)
            for child in self.denied_by(claim):
                yield from walk(child, depth + 1, claim)

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


def _chronological(claims) -> list[PublishedClaim]:
    # Undated claims go last; ties keep the order of entry.
    return sorted(
        claims, key=lambda c: (c.stated_on is None, c.stated_on or c.created_at.date(), c.pk)
    )
