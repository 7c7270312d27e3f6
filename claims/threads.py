"""The dispute thread: a claim, who denied it, who rejected those denials, and so on.

The thread of a claim is every claim connected to it through denials, in either direction
(a denial's own denials, and what the claim itself denies). It is read in one query however
deep it goes: the denials between the connected claims, with their claims and speakers, where
a recursive subquery finds the connected claims. Cycles (A denies B, B denies A) are legal
data; the recursive query works on a set, and the walk below visits each claim once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, prefetch_related_objects
from django.db.models.expressions import RawSQL

from claims.models import Claim, Denial
from claims.models.workflow import PublicationStatus


@dataclass(frozen=True)
class ThreadStep:
    """One claim in the thread, as a reader meets it walking down from the root."""

    claim: Claim
    depth: int
    # The claim this step denies (its parent in the walk); None for a root.
    denies: Claim | None
    is_focus: bool
    # The claim was already shown higher up (a cycle, or two paths to it): show a reference,
    # do not expand it again.
    is_repeat: bool = False


def _connected_claims_sql(claim_id: int, *, published_only: bool) -> tuple[str, list]:
    """SQL selecting the ids of every claim connected to ``claim_id`` through denials (the
    claim included), with its parameters; used as a subquery."""
    denial_table = connection.ops.quote_name(Denial._meta.db_table)
    claim_table = connection.ops.quote_name(Claim._meta.db_table)
    status_filter = "WHERE other.status = %s" if published_only else ""
    # UNION (not UNION ALL) keeps the working set distinct, so a cycle adds nothing new and
    # the recursion stops. Both directions of every denial are edges of the thread; each
    # step is two index lookups, one on each of the denial's foreign keys. Written as a
    # LATERAL join, not over a CTE of every edge, so that PostgreSQL estimates a thread at
    # a few rows, and joins the denials to it by index rather than hashing whole tables.
    if connection.vendor == "postgresql":
        next_claims = f"""
            CROSS JOIN LATERAL (
                SELECT denied_claim_id FROM {denial_table}
                WHERE denying_claim_id = thread.claim_id
                UNION ALL
                SELECT denying_claim_id FROM {denial_table}
                WHERE denied_claim_id = thread.claim_id
            ) AS next(claim_id)
        """
    else:  # SQLite has no LATERAL; its planner takes the edges one claim at a time anyway.
        next_claims = f"""
            JOIN (
                SELECT denying_claim_id AS from_id, denied_claim_id AS claim_id
                FROM {denial_table}
                UNION ALL
                SELECT denied_claim_id, denying_claim_id FROM {denial_table}
            ) AS next ON next.from_id = thread.claim_id
        """
    sql = f"""
        WITH RECURSIVE thread(claim_id) AS (
            SELECT CAST(%s AS BIGINT)
            UNION
            SELECT next.claim_id
            FROM thread
            {next_claims}
            JOIN {claim_table} other ON other.id = next.claim_id
            {status_filter}
        )
        SELECT claim_id FROM thread
    """
    params: list[object] = [claim_id]
    if published_only:
        params.append(PublicationStatus.PUBLISHED)
    return sql, params


@dataclass
class ThreadNode:
    """A step with the steps that deny it, for rendering the thread as nested lists."""

    step: ThreadStep
    children: list[ThreadNode] = field(default_factory=list)


@dataclass
class DisputeThread:
    focus: Claim
    denials: list[Denial]
    claims: dict[int, Claim] = field(init=False)
    _denied_by: dict[int, list[Denial]] = field(init=False)
    _denies: dict[int, list[Denial]] = field(init=False)

    def __post_init__(self):
        self.claims = {self.focus.pk: self.focus}
        self._denied_by = defaultdict(list)
        self._denies = defaultdict(list)
        for denial in self.denials:
            self.claims.setdefault(denial.denying_claim_id, denial.denying_claim)
            self.claims.setdefault(denial.denied_claim_id, denial.denied_claim)
            self._denied_by[denial.denied_claim_id].append(denial)
            self._denies[denial.denying_claim_id].append(denial)

    @classmethod
    def for_claim(cls, claim: Claim, *, published_only: bool = True) -> DisputeThread:
        # One query: the denials whose denying claim is in the thread. Their denied claims
        # are in it too when they pass the same status filter the walk applies, or are the
        # focus itself (a withdrawn claim's page still shows who denied it).
        connected = RawSQL(*_connected_claims_sql(claim.pk, published_only=published_only))
        denials = Denial.objects.filter(denying_claim_id__in=connected)
        if published_only:
            denials = denials.filter(
                Q(denied_claim__status=PublicationStatus.PUBLISHED) | Q(denied_claim_id=claim.pk)
            )
        denials = denials.select_related(
            "denying_claim__speaker", "denied_claim__speaker"
        ).order_by("id")
        return cls(focus=claim, denials=list(denials))

    def prefetch(self, *lookups) -> DisputeThread:
        """Prefetch related rows (appearances, say) for every claim in the thread at once."""
        prefetch_related_objects(list(self.claims.values()), *lookups)
        return self

    def __len__(self) -> int:
        return len(self.claims)

    def denied_by(self, claim: Claim) -> list[Claim]:
        """The claims in the thread that deny ``claim``, earliest first."""
        return _chronological(self.claims[d.denying_claim_id] for d in self._denied_by[claim.pk])

    def denies(self, claim: Claim) -> list[Claim]:
        """The claims in the thread that ``claim`` denies, earliest first."""
        return _chronological(self.claims[d.denied_claim_id] for d in self._denies[claim.pk])

    @property
    def roots(self) -> list[Claim]:
        """Where the thread starts: claims that deny nothing in it. A thread that is one
        cycle has no such claim; it then starts from the focus."""
        roots = [c for c in self.claims.values() if not self._denies[c.pk]]
        return _chronological(roots) or [self.focus]

    def steps(self) -> Iterator[ThreadStep]:
        """The thread as a tree walked depth first from its roots; each claim expands once."""
        seen: set[int] = set()

        def walk(claim: Claim, depth: int, parent: Claim | None) -> Iterator[ThreadStep]:
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
        # Claims reachable only upwards through a cycle from a root that was not walked.
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


def _chronological(claims) -> list[Claim]:
    # Undated claims go last; ties keep the order of entry.
    return sorted(
        claims, key=lambda c: (c.stated_on is None, c.stated_on or c.created_at.date(), c.pk)
    )
