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
                    )
                )
    if not appearances and not evidence:
        # No live claim shows it. The record publishes a claim's evidence sources with the
        # claim, also for evidence it does not show (its backing claim is not public): such
        # a source has a live document, but nothing public leads to it, and its page would
        # show unpublished work. A stopgap until record.services publishes only the sources
        # a claim's document shows.
        raise NotFound("No such source.")
    return SourcePage(
        source=PublishedSource.from_json(body, outlet),
        appearances=appearances,
        evidence=evidence,
    )
