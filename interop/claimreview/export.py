"""Our published verdicts as a schema.org DataFeed: the shape of /api/v1/claimreviews/,
read from the published record and built by the same function as the claim pages'
JSON-LD (``record.jsonld``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.core.paginator import Paginator
from django.utils import timezone

from record import queries

BATCH = 500


def claim_review_items(absolute: Callable[[str], str]) -> Iterator[dict]:
    """Every published verdict's ClaimReview, newest first, read in batches."""
    pages = Paginator(queries.reviewed_claims(), BATCH)
    for number in pages.page_range:
        yield from queries.claim_reviews(pages.page(number).object_list, absolute)


def data_feed(absolute: Callable[[str], str], *, name: str = "Claim reviews") -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": name,
        "url": absolute("/api/v1/claimreviews/"),
        "dateModified": timezone.now().isoformat(timespec="seconds"),
        "dataFeedElement": list(claim_review_items(absolute)),
    }
