"""Snapshots of the working copy: what an editor publishes, as plain JSON.

A document's *content* is its own fields and its outgoing links (by the other document's
id), taken from the working copy at the moment an editor publishes it. Nothing here
decides what the public sees: a link to a claim that is not public is kept in the content
and shown only once that claim has a live document of its own (record.render).

Each shape has one definition, used for one row (an editor's publish) and for many
(``record.bulk``): the ``*_contents`` functions read the related rows of a whole batch in
one query per relation, and the one-row functions are those with a batch of one.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Sequence

from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    Review,
    Speaker,
    SpeakerAlias,
)
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


def excerpt_verified(offset: int | None, text_sha256: str) -> bool | None:
    """Whether an excerpt was found in its source's stored text (``claims.quotes``): None
    when the source keeps no text (nothing to check against), else whether it was found."""
    if not text_sha256:
        return None
    return offset is not None


def claim_content(claim: Claim) -> dict:
    """The claim's own fields, its topics, verdict and corrections, and its links: speaker,
    appearances (by source, with the source each was relayed from), typed links to other
    claims (``"links": [{"claim": id, "type": "denies"}, …]`` by the other claim's id;
    record.dispute) and evidence (by source and/or claim).
    Seven queries besides the claim's own (``claim_contents`` with one claim)."""
    return claim_contents([claim])[claim.pk]


def claim_contents(claims: Sequence[Claim]) -> dict[int, dict]:
    """``claim_content`` of each claim, by id: seven queries whatever the number of claims
    (topics, appearances, links, evidence, verdicts and their scales' ratings,
    corrections)."""
    ids = [claim.pk for claim in claims]
    tags = defaultdict(list)
    through = Claim.tags.through.objects.filter(claim_id__in=ids).order_by("tag__name")
    for claim_id, slug, name in through.values_list("claim_id", "tag__slug", "tag__name"):
        tags[claim_id].append({"slug": slug, "name": name})
    appearances = defaultdict(list)
    rows = (
        Appearance.objects.filter(claim_id__in=ids)
        .order_by("id")
        .values_list(
            "claim_id",
            "source_id",
            "excerpt",
            "attribution",
            "relayed_from_id",
            "marked_first",
            "marked_first_reason",
            "excerpt_offset",
            "excerpt_text_sha256",
        )
    )
    for claim_id, source_id, excerpt, attribution, relayed, marked, reason, offset, sha in rows:
        appearances[claim_id].append(
            {
                "source": source_id,
                "excerpt": excerpt,
                "attribution": attribution,
                "relayed_from": relayed,
                "marked_first": marked,
                "marked_first_reason": reason,
                "excerpt_verified": excerpt_verified(offset, sha),
            }
        )
    links = defaultdict(list)
    rows = (
        ClaimLink.objects.filter(from_claim_id__in=ids)
        .order_by("to_claim_id")
        .values_list("from_claim_id", "to_claim_id", "type")
    )
    for claim_id, other_id, link_type in rows:
        links[claim_id].append({"claim": other_id, "type": link_type})
    evidence = defaultdict(list)
    rows = (
        Evidence.objects.filter(claim_id__in=ids)
        .order_by("id")
        .values_list(
            "claim_id",
            "stance",
            "source_id",
            "backing_claim_id",
            "excerpt",
            "note",
            "excerpt_offset",
            "excerpt_text_sha256",
        )
    )
    for claim_id, stance, source_id, backing_id, excerpt, note, offset, sha in rows:
        evidence[claim_id].append(
            {
                "stance": stance,
                "source": source_id,
                "claim": backing_id,
                "excerpt": excerpt,
                "note": note,
                "excerpt_verified": excerpt_verified(offset, sha),
            }
        )
    reviews = claim_review_contents(ids)
    corrections = defaultdict(list)
    rows = (
        Correction.objects.filter(claim_id__in=ids)
        .order_by("corrected_on", "id")
        .values_list("claim_id", "corrected_on", "note")
    )
    for claim_id, corrected_on, note in rows:
        corrections[claim_id].append({"corrected_on": iso_date(corrected_on), "note": note})
    return {
        claim.pk: _claim_dict(
            claim,
            tags=tags[claim.pk],
            appearances=appearances[claim.pk],
            links=links[claim.pk],
            evidence=evidence[claim.pk],
            review=reviews.get(claim.pk),
            corrections=corrections[claim.pk],
        )
        for claim in claims
    }


def claim_unlinked_content(claim: Claim) -> dict:
    """The claim's content without its topics, links, verdict and corrections (no query):
    all that its *summary* (how other documents show it) is made from."""
    return _claim_dict(
        claim, tags=[], appearances=[], links=[], evidence=[], review=None, corrections=[]
    )


def _claim_dict(claim: Claim, *, tags, appearances, links, evidence, review, corrections):
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
        "stated_not_before": iso_date(claim.stated_not_before),
        "stated_not_after": iso_date(claim.stated_not_after),
        "place": claim.place,
        "occasion": claim.occasion,
        "tags": tags,
        "appearances": appearances,
        "links": links,
        "evidence": evidence,
        "review": review,
        "corrections": corrections,
        "created_at": iso_datetime(claim.created_at),
    }


def claim_review_content(claim: Claim) -> dict | None:
    """The claim's verdict when its working status is published, else None."""
    return claim_review_contents([claim.pk]).get(claim.pk)


def claim_review_contents(claim_ids: Sequence[int]) -> dict[int, dict]:
    """``claim_review_content`` by claim id, for the claims that have a published verdict:
    two queries (the verdicts with their ratings and scales, the scales' ratings)."""
    reviews = (
        Review.objects.filter(claim_id__in=claim_ids, status=PublicationStatus.PUBLISHED)
        .select_related("rating__scale")
        .prefetch_related("rating__scale__ratings")
        .order_by("pk")
    )
    contents: dict[int, dict] = {}
    for review in reviews:
        contents.setdefault(review.claim_id, review_content(review))
    return contents


def review_content(review: Review) -> dict:
    """The verdict as published: its rating, with the scale's numeric ends (the JSON-LD's
    ``bestRating`` / ``worstRating``) and the scale's ratings in their order (the claim
    page places the verdict on them: ``scale_ratings``, each ``name``, ``slug``, ``value``)."""
    ratings = list(review.rating.scale.ratings.all())
    values = [r.value for r in ratings if r.value is not None]
    return {
        "rating": {
            "name": review.rating.name,
            "slug": review.rating.slug,
            "value": review.rating.value,
            "scale": review.rating.scale.name,
            "best": max(values) if values else None,
            "worst": min(values) if values else None,
            "scale_ratings": [{"name": r.name, "slug": r.slug, "value": r.value} for r in ratings],
        },
        "summary": review.summary,
        "reasoning": review.reasoning,
        "reviewed_on": iso_date(review.reviewed_on),
        "updated_on": iso_date(review.updated_on),
        "reviewer": {"name": review.reviewer_name, "organisation": review.reviewer_organisation},
        "url": review.url,
    }


def speaker_content(speaker: Speaker) -> dict:
    return speaker_contents([speaker])[speaker.pk]


def speaker_contents(speakers: Sequence[Speaker]) -> dict[int, dict]:
    """``speaker_content`` by id: one query (the aliases) whatever the number of speakers."""
    aliases = defaultdict(list)
    rows = SpeakerAlias.objects.filter(speaker_id__in=[s.pk for s in speakers])
    for speaker_id, name in rows.values_list("speaker_id", "name"):
        aliases[speaker_id].append(name)
    return {
        speaker.pk: {
            "slug": speaker.slug,
            "name": speaker.name,
            "kind": speaker.kind,
            "description": speaker.description,
            "affiliation": speaker.affiliation_id,
            "aliases": sorted(aliases[speaker.pk]),
            "country": speaker.country,
            "wikidata_id": speaker.wikidata_id,
        }
        for speaker in speakers
    }


def source_content(source: Source) -> dict:
    return {
        "title": source.title,
        "url": source.url or "",
        "outlet": source.outlet_id,
        "published_on": iso_date(source.published_on),
        "published_on_precision": source.published_on_precision,
        "published_not_before": iso_date(source.published_not_before),
        "published_not_after": iso_date(source.published_not_after),
        "published_on_note": source.published_on_note,
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
