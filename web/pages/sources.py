"""What a source page shows, from the published record in two queries (``record.queries``):
never the working copy, so editing a source changes its page only once it is published."""

from __future__ import annotations

from dataclasses import dataclass

from record import queries
from record.documents import PublishedClaim, PublishedEvidence, PublishedSource, ReportedClaim


class NotFound(Exception):
    """No live source document at that address."""


@dataclass
class SourcePage:
    source: PublishedSource
    appearances: list[ReportedClaim]
    evidence: list[PublishedEvidence]


def source_page(pk: int) -> SourcePage:
    """Two queries: the source's document with its outlet's (the claims it reports are in
    it, as published), and the live claims whose evidence cites it."""
    found = queries.source_body(pk)
    if found is None:
        raise NotFound("No such source.")
    body, outlet = found
    appearances = [
        ReportedClaim(
            claim=PublishedClaim.from_json(item["claim"]),
            excerpt=item["excerpt"],
            attribution=item["attribution"],
            is_first=item["is_first"],
            excerpt_verified=item.get("excerpt_verified"),
        )
        for item in body["claims"]
    ]
    evidence = []
    for claim_body in queries.claims_citing(pk):
        claim = PublishedClaim.from_json(claim_body)
        for item in claim_body["evidence"]:
            if item["source"] and item["source"]["id"] == pk:
                evidence.append(
                    PublishedEvidence(
                        stance=item["stance"],
                        source=None,
                        backing_claim=None,
                        excerpt=item["excerpt"],
                        note=item["note"],
                        claim=claim,
                        excerpt_verified=item.get("excerpt_verified"),
                    )
                )
    return SourcePage(
        source=PublishedSource.from_json(body, outlet),
        appearances=appearances,
        evidence=evidence,
    )
