import datetime

import factory
from django.utils import timezone

from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Evidence,
    PublicationStatus,
    Rating,
    RatingScale,
    Review,
    Speaker,
    SpeakerKind,
)
from record.services import claim_sync, publish_claims
from sources.models import Outlet, OutletKind, Source


class PublishedAsAnEditorWould(factory.django.DjangoModelFactory):
    """Rows that belong to a claim's document (appearances, denials, evidence, verdicts):
    once created, the claim they belong to is published again if it is public, as an
    editor publishing the change would. A draft's rows leave the record alone."""

    class Meta:
        abstract = True

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        super()._after_postgeneration(instance, create, results)
        if create:
            claim = cls.owner(instance)
            claim.refresh_from_db()
            claim_sync(claim)


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    name = factory.Sequence(lambda n: f"Outlet {n}")
    slug = factory.Sequence(lambda n: f"outlet-{n}")
    kind = OutletKind.NEWSPAPER


class SourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Report {n}")
    url = factory.Sequence(lambda n: f"https://news.example/report-{n}")
    outlet = factory.SubFactory(OutletFactory)
    published_on = datetime.date(2017, 5, 31)
    language = "en"


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    name = factory.Sequence(lambda n: f"Speaker {n}")
    slug = factory.Sequence(lambda n: f"speaker-{n}")
    kind = SpeakerKind.PERSON


class ClaimFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Claim

    text = factory.Sequence(lambda n: f"Statement number {n} about the corridor.")
    speaker = factory.SubFactory(SpeakerFactory)
    stated_on = datetime.date(2017, 5, 27)
    stated_on_precision = "day"
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    class Params:
        draft = factory.Trait(status=PublicationStatus.DRAFT, published_at=None)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # A published (or withdrawn) claim reaches readers through the published record,
        # as an editor's publish puts it there.
        super()._after_postgeneration(instance, create, results)
        if create and instance.status in (PublicationStatus.PUBLISHED, "withdrawn"):
            publish_claims([instance])


class AppearanceFactory(PublishedAsAnEditorWould):
    @staticmethod
    def owner(instance):
        return instance.claim

    class Meta:
        model = Appearance

    claim = factory.SubFactory(ClaimFactory)
    source = factory.SubFactory(SourceFactory)
    excerpt = factory.LazyAttribute(lambda a: a.claim.text)


class ClaimLinkFactory(PublishedAsAnEditorWould):
    @staticmethod
    def owner(instance):
        return instance.from_claim

    class Meta:
        model = ClaimLink

    from_claim = factory.SubFactory(ClaimFactory)
    to_claim = factory.SubFactory(ClaimFactory)


class EvidenceFactory(PublishedAsAnEditorWould):
    @staticmethod
    def owner(instance):
        return instance.claim

    class Meta:
        model = Evidence

    claim = factory.SubFactory(ClaimFactory)
    stance = "corroborates"
    source = factory.SubFactory(SourceFactory)


class RatingScaleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RatingScale

    name = factory.Sequence(lambda n: f"Scale {n}")
    slug = factory.Sequence(lambda n: f"scale-{n}")


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Rating

    scale = factory.SubFactory(RatingScaleFactory)
    name = factory.Sequence(lambda n: f"Rating {n}")
    slug = factory.Sequence(lambda n: f"rating-{n}")
    position = factory.Sequence(lambda n: n + 1)
    value = factory.Sequence(lambda n: n + 1)


class ReviewFactory(PublishedAsAnEditorWould):
    @staticmethod
    def owner(instance):
        return instance.claim

    class Meta:
        model = Review

    claim = factory.SubFactory(ClaimFactory)
    rating = factory.SubFactory(RatingFactory)
    summary = "The evidence does not support it."
    reviewer_organisation = "Factcheck Desk"
    reviewed_on = datetime.date(2017, 6, 2)
    status = PublicationStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


def withdraw(claim: Claim, reason: str) -> Claim:
    """Withdraw a published claim as an editor does: the working copy says so, and the
    published record gets its tombstone (pages read the record, not the working status)."""
    claim.withdraw(reason=reason)
    claim_sync(claim)
    return claim
