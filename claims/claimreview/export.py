"""Our published reviews as a schema.org DataFeed: the shape of /api/v1/claimreviews/, built
by the same function the claim pages and the API use."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.db.models import Prefetch
from django.utils import timezone

from claims.jsonld import claim_review_jsonld
from claims.models import Appearance, Review


def published_reviews():
    # Claim, speaker, rating and scale joined; the scale's bounds annotated; appearances with
    # their sources and outlets in one more query per batch.
    return (
        Review.objects.published()
        .select_related("claim__speaker", "rating__scale")
        .with_scale_bounds()
        .prefetch_related(
            Prefetch(
                "claim__appearances",
                queryset=Appearance.objects.select_related("source__outlet").order_by(
                    "-is_first", "id"
                ),
            )
        )
        .order_by("-reviewed_on", "-id")
    )


def claim_review_items(absolute: Callable[[str], str]) -> Iterator[dict]:
    for review in published_reviews().iterator(chunk_size=500):
        yield claim_review_jsonld(review, review.claim, review.claim.appearances.all(), absolute)


def data_feed(absolute: Callable[[str], str], *, name: str = "Claim reviews") -> dict:
    return {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "name": name,
        "url": absolute("/api/v1/claimreviews/"),
        "dateModified": timezone.now().isoformat(timespec="seconds"),
        "dataFeedElement": list(claim_review_items(absolute)),
    }
