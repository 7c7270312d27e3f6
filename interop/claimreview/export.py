"""Our published verdicts as a schema.org DataFeed: the shape of /api/v1/claimreviews/,
read from the published record and built by the same function as the claim pages'
JSON-LD (``record.jsonld``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.utils import timezone

from core.db import RowsAfter
from record import queries

BATCH = 500


def claim_review_items(absolute: Callable[[str], str]) -> Iterator[dict]:
    """Every published verdict's ClaimReview, newest first (then highest id), read in
    batches of ``BATCH``, one query each (and one for their sources)."""
    reviewed = queries.reviewed_claims()
    rows = list(reviewed[:BATCH])
    while rows:
        yield from queries.claim_reviews(rows, absolute)
        # Each batch starts after the last row of the one before, on the feed's own order
        # (the index record_claim_reviewed): no COUNT, no OFFSET growing with the export,
        # and a verdict published meanwhile shifts no row into the next batch twice.
        last = rows[-1]
        after = RowsAfter(("reviewed_on", "id"), (last.reviewed_on, last.pk), descending=True)
        rows = list(reviewed.filter(after)[:BATCH])


def data_feed(absolute: Callable[[str], str], *, name: str = "Claim reviews") -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": name,
        "url": absolute("/api/v1/claimreviews/"),
        "dateModified": timezone.now().isoformat(timespec="seconds"),
        "dataFeedElement": list(claim_review_items(absolute)),
    }
