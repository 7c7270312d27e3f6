"""Snapshots of the working copy: what an editor publishes, as plain JSON.

A document's *content* is its own fields and its outgoing links (by the other document's
id), taken from the working copy at the moment an editor publishes it. Nothing here
decides what the public sees: a link to a claim that is not public is kept in the content
and shown only once that claim has a live document of its own (record.render).
"""

from __future__ import annotations

import datetime

from claims.models import Appearance, Claim, Correction, Evidence, Review, Speaker
from claims.models.workflow import PublicationStatus
from sources.models import Outlet, Source


def iso_date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def iso_datetime(value: datetime.datetime | None) -> str | None:
    """RFC 3339 in UTC with a ``Z``, as DRF writes date-times."""
    if value is None:
        return None
    text = value.astimezone(datetime.UTC).isoformat()
    return text.removesuffix("+00:00") + "Z"


def claim_content(claim: Claim) -> dict:
    """The claim's own fields, its topics, verdict and corrections, and its links: speaker,
    appearances (by source), denials (by claim) and evidence (by source and/or claim).
    Four queries besides the claim's own."""
    appearances = (
        Appearance.objects.filter(claim=claim)
        .select_related("source")
        .order_by("-is_first", "source__published_on", "id")
    )
    evidence = Evidence.objects.filter(claim=claim).order_by("id")
    return {
        "text": claim.text,
        "is_quote": claim.is_quote,
        "language": claim.language,
        "original_text": claim.original_text,
        "original_language": claim.original_language,
        "speaker": claim.speaker_id,
        "speaker_title": claim.speaker_title,
        "stated_on": iso_date(claim.stated_on),
        "stated_on_precision": claim.stated_on_precision,
        "stated_on_inferred": claim.stated_on_inferred,
        "stated_on_note": claim.stated_on_note,
        "place": claim.place,
        "occasion": claim.occasion,
        "tags": [{"slug": tag.slug, "name": tag.name} for tag in claim.tags.order_by("name")],
        "appearances": [
            {
                "source": item.source_id,
                "excerpt": item.excerpt,
                "attribution": item.attribution,
                "is_first": item.is_first,
            }
            for item in appearances
        ],
        "denies": list(
            claim.denials_made.order_by("denied_claim_id").values_list(
                "denied_claim_id", flat=True
            )
        ),
        "evidence": [
            {
                "stance": item.stance,
                "source": item.source_id,
                "claim": item.backing_claim_id,
                "excerpt": item.excerpt,
                "note": item.note,
            }
            for item in evidence
        ],
        "review": claim_review_content(claim),
        "corrections": [
            {"corrected_on": iso_date(item.corrected_on), "note": item.note}
            for item in Correction.objects.filter(claim=claim).order_by("corrected_on", "id")
        ],
        "created_at": iso_datetime(claim.created_at),
    }


def claim_review_content(claim: Claim) -> dict | None:
    """The claim's verdict when its working status is published, else None."""
    review = (
        Review.objects.filter(claim=claim, status=PublicationStatus.PUBLISHED)
        .select_related("rating__scale")
        .prefetch_related("rating__scale__ratings")
        .first()
    )
    return review_content(review) if review else None


def review_content(review: Review) -> dict:
    values = [r.value for r in review.rating.scale.ratings.all() if r.value is not None]
    return {
        "rating": {
            "name": review.rating.name,
            "slug": review.rating.slug,
            "value": review.rating.value,
            "scale": review.rating.scale.name,
            "best": max(values) if values else None,
            "worst": min(values) if values else None,
        },
        "summary": review.summary,
        "reasoning": review.reasoning,
        "reviewed_on": iso_date(review.reviewed_on),
        "updated_on": iso_date(review.updated_on),
        "reviewer": {"name": review.reviewer_name, "organisation": review.reviewer_organisation},
        "url": review.url,
    }


def speaker_content(speaker: Speaker) -> dict:
    return {
        "slug": speaker.slug,
        "name": speaker.name,
        "kind": speaker.kind,
        "description": speaker.description,
        "affiliation": speaker.affiliation_id,
        "aliases": sorted(speaker.aliases.values_list("name", flat=True)),
        "country": speaker.country,
        "wikidata_id": speaker.wikidata_id,
    }


def source_content(source: Source) -> dict:
    return {
        "title": source.title,
        "url": source.url or "",
        "outlet": source.outlet_id,
        "published_on": iso_date(source.published_on),
        "kind": source.kind,
        "authors": source.authors,
        "language": source.language,
        "dateline": source.dateline,
        "archive_url": source.archive_url,
        "archived_at": iso_datetime(source.archived_at),
        "notes": source.notes,
        "full_text": source.full_text,
    }


def outlet_content(outlet: Outlet) -> dict:
    return {
        "name": outlet.name,
        "kind": outlet.kind,
        "homepage": outlet.homepage,
        "country": outlet.country,
        "language": outlet.language,
        "notes": outlet.notes,
    }


SNAPSHOTS = {
    "claim": claim_content,
    "speaker": speaker_content,
    "source": source_content,
    "outlet": outlet_content,
}
