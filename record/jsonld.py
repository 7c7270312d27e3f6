"""schema.org JSON-LD for claims: ``ClaimReview`` when a claim has a published review, else
``Claim``. One builder for the claim pages and the partner API, so both say the same thing.

Built from the published record: ``record.documents`` parses a claim's document (its body,
its speaker's document, its sources' cards, its published verdict) into objects with the
attribute names read here, for the claim pages, the partner API's ClaimReview feed and
``export_claimreview``. Nothing here queries.

``absolute`` turns a site path into an absolute URL (``request.build_absolute_uri``).
Google's required ClaimReview properties: claimReviewed, reviewRating.alternateName, author,
datePublished, url; itemReviewed with author, datePublished and appearance is recommended.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from claims.models import SpeakerKind
from core.dates import DatePrecision, iso_interval
from record.documents import (
    PublishedAppearance,
    PublishedClaim,
    PublishedReview,
    PublishedSpeaker,
)

Absolute = Callable[[str], str]

WIKIDATA_ENTITY = "https://www.wikidata.org/wiki/{}"


def _at_precision(value, precision: str) -> str | None:
    if value is None:
        return None
    iso = value.isoformat()
    return {DatePrecision.DAY: iso, DatePrecision.MONTH: iso[:7], DatePrecision.YEAR: iso[:4]}[
        DatePrecision(precision or DatePrecision.DAY)
    ]


def partial_date(claim: PublishedClaim) -> str | None:
    """ISO 8601 at the date's precision: "2017-05-27", "2017-05" or "2017", never a made-up
    day."""
    return _at_precision(claim.stated_on, claim.stated_on_precision)


def claim_dates(claim: PublishedClaim) -> dict:
    """The Claim's date properties: ``datePublished`` at its precision (Google's
    itemReviewed date), ``dateCreated`` only for a day, and ``temporalCoverage``, the span
    as an ISO 8601 interval ("2017-05-27/2017-05-31", "../2017-05-31"), for a date that is
    not one known day (schema.org CreativeWork.temporalCoverage)."""
    data = {}
    if date := partial_date(claim):
        data["datePublished"] = date
        if claim.stated_on_precision == DatePrecision.DAY:
            data["dateCreated"] = date
    if claim.has_date_bounds or claim.stated_on_precision in (
        DatePrecision.MONTH,
        DatePrecision.YEAR,
    ):
        interval = iso_interval(
            claim.stated_on,
            claim.stated_on_precision,
            claim.stated_not_before,
            claim.stated_not_after,
        )
        if interval and interval != data.get("dateCreated"):
            data["temporalCoverage"] = interval
    return data


def speaker_jsonld(speaker: PublishedSpeaker, absolute: Absolute, *, job_title: str = "") -> dict:
    data: dict = {
        "@type": "Person" if speaker.kind != SpeakerKind.ORGANISATION else "Organization",
        "name": speaker.name,
        "url": absolute(speaker.get_absolute_url()),
    }
    if speaker.wikidata_id:
        data["sameAs"] = WIKIDATA_ENTITY.format(speaker.wikidata_id)
    if job_title:
        data["jobTitle"] = job_title
    return data


def appearance_jsonld(appearance: PublishedAppearance, absolute: Absolute) -> dict:
    source = appearance.source
    data: dict = {
        "@type": "NewsArticle" if source.kind == "article" else "CreativeWork",
        "url": source.url or absolute(source.get_absolute_url()),
        "headline": source.title,
    }
    # At its precision: a month-precision source is "2017-11", never "2017-11-01".
    if date := _at_precision(source.published_on, source.published_on_precision):
        data["datePublished"] = date
    if source.outlet_id:
        publisher = {"@type": "Organization", "name": source.outlet.name}
        if source.outlet.homepage:
            publisher["url"] = source.outlet.homepage
        data["publisher"] = publisher
    if source.language:
        data["inLanguage"] = source.language
    return data


def claim_jsonld(
    claim: PublishedClaim, appearances: Iterable[PublishedAppearance], absolute: Absolute
) -> dict:
    appearances = list(appearances)
    data: dict = {
        "@type": "Claim",
        "url": absolute(claim.get_absolute_url()),
        "text": claim.text,
        "inLanguage": claim.language,
        "author": speaker_jsonld(claim.speaker, absolute, job_title=claim.speaker_title),
    }
    data.update(claim_dates(claim))
    if appearances:
        data["appearance"] = [appearance_jsonld(a, absolute) for a in appearances]
        first = next((a for a in appearances if a.is_first), None)
        if first is not None:
            data["firstAppearance"] = appearance_jsonld(first, absolute)
    return data


def claim_review_jsonld(
    review: PublishedReview,
    claim: PublishedClaim,
    appearances: Iterable[PublishedAppearance],
    absolute: Absolute,
) -> dict:
    """``review`` carries its scale's ends (``best_rating`` / ``worst_rating``)."""
    rating = review.rating
    review_rating: dict = {"@type": "Rating", "alternateName": rating.name}
    if rating.value is not None:
        review_rating.update(
            ratingValue=rating.value,
            bestRating=review.best_rating,
            worstRating=review.worst_rating,
        )
    author: dict = {"@type": "Organization", "name": review.reviewer_organisation}
    data: dict = {
        "@type": "ClaimReview",
        "url": review.url or absolute(claim.get_absolute_url()),
        "claimReviewed": claim.text,
        "datePublished": review.reviewed_on.isoformat(),
        "author": author,
        "reviewRating": review_rating,
        "reviewBody": review.summary,
        "itemReviewed": claim_jsonld(claim, appearances, absolute),
    }
    if review.reviewer_name:
        data["creator"] = {"@type": "Person", "name": review.reviewer_name}
    if review.updated_on:
        data["dateModified"] = review.updated_on.isoformat()
    return data


def page_jsonld(
    claim: PublishedClaim,
    review: PublishedReview | None,
    appearances: Iterable[PublishedAppearance],
    absolute: Absolute,
) -> dict:
    """The JSON-LD document a claim page embeds."""
    if review is not None:
        data = claim_review_jsonld(review, claim, appearances, absolute)
    else:
        data = claim_jsonld(claim, appearances, absolute)
    return {"@context": "https://schema.org", **data}
