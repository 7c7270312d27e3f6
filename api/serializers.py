"""Shapes of the partner API (docs/api.md). Serializers describe; they query nothing: every
relation they read is joined or prefetched by the view that uses them."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Appearance,
    Claim,
    ClaimLink,
    Correction,
    Evidence,
    LinkType,
    Review,
    Speaker,
    Tag,
)
from core.dates import DatePrecision
from sources.models import Outlet, Source


class ApiUrlField(serializers.SerializerMethodField):
    """The object's absolute address in this API."""

    def __init__(self, view_name: str, lookup: str = "pk", **kwargs):
        self.view_name, self.lookup = view_name, lookup
        super().__init__(**kwargs)

    def to_representation(self, obj):
        path = reverse(self.view_name, kwargs={self.lookup: getattr(obj, self.lookup)})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class PageUrlField(serializers.SerializerMethodField):
    """The object's public page on this site."""

    def to_representation(self, obj):
        request = self.context.get("request")
        path = obj.get_absolute_url()
        return request.build_absolute_uri(path) if request else path


def _url_schema(field_class):
    return extend_schema_field(OpenApiTypes.URI)(field_class)


ApiUrlField = _url_schema(ApiUrlField)
PageUrlField = _url_schema(PageUrlField)


class VersionedFields(serializers.Serializer):
    """Every public document carries the version it is (docs/api.md, "Following changes")."""

    version = serializers.IntegerField(
        help_text="The document's published version: 1, then one more with each change."
    )
    version_published_at = serializers.DateTimeField(help_text="When this version was published.")


class SpeakerSummarySerializer(serializers.ModelSerializer):
    url = ApiUrlField("api:speaker-detail", lookup="slug")
    api_url = ApiUrlField("api:speaker-detail", lookup="slug")
    page_url = PageUrlField()

    class Meta:
        model = Speaker
        fields = ["slug", "name", "kind", "url", "api_url", "page_url"]


class OutletSummarySerializer(serializers.ModelSerializer):
    api_url = ApiUrlField("api:outlet-detail")

    class Meta:
        model = Outlet
        fields = ["id", "name", "kind", "api_url"]


class SourceSummarySerializer(serializers.ModelSerializer):
    url = serializers.URLField(
        help_text="The document's own address on the web (not ours); empty when it has none."
    )
    outlet = OutletSummarySerializer(allow_null=True)
    api_url = ApiUrlField("api:source-detail")
    page_url = PageUrlField()

    published_on = serializers.DateField(
        allow_null=True,
        help_text="Always a full ISO date; only the parts published_on_precision names hold "
        "(a month-precision date is the first of its month).",
    )
    published_on_precision = serializers.SerializerMethodField()
    published_on_display = serializers.CharField(
        help_text="The date as readers see it, bounds included: “31 May 2017”, “November "
        "2017”, “on or before 31 May 2017”; empty when unknown (docs/dates.md)."
    )

    class Meta:
        model = Source
        fields = [
            "id",
            "title",
            "url",
            "outlet",
            "published_on",
            "published_on_precision",
            "published_on_display",
            "kind",
            "api_url",
            "page_url",
        ]

    @extend_schema_field({"type": "string", "enum": DatePrecision.values, "nullable": True})
    def get_published_on_precision(self, source) -> str | None:
        return source.published_on_precision or None


class DatedClaimFields(serializers.ModelSerializer):
    stated_on = serializers.DateField(
        allow_null=True,
        help_text="Always a full ISO date; only the parts stated_on_precision names hold "
        "(a month-precision date is the first of its month).",
    )
    stated_on_precision = serializers.SerializerMethodField()
    stated_not_before = serializers.DateField(
        allow_null=True, help_text="The earliest day it can have been said; null when open."
    )
    stated_not_after = serializers.DateField(
        allow_null=True, help_text="The latest day it can have been said; null when open."
    )
    stated_on_display = serializers.CharField(
        help_text="The date as readers see it, bounds included: “27 May 2017”, “May 2017”, "
        "“2017”, “between 27 and 31 May 2017”, “on or before 31 May 2017”; empty when "
        "unknown (docs/dates.md)."
    )

    @extend_schema_field({"type": "string", "enum": DatePrecision.values, "nullable": True})
    def get_stated_on_precision(self, claim) -> str | None:
        return claim.stated_on_precision or None


class ClaimSummarySerializer(DatedClaimFields):
    speaker = SpeakerSummarySerializer()
    url = ApiUrlField("api:claim-detail")
    api_url = ApiUrlField("api:claim-detail")
    page_url = PageUrlField()

    class Meta:
        model = Claim
        fields = [
            "id",
            "text",
            "is_quote",
            "speaker",
            "stated_on",
            "stated_on_precision",
            "stated_not_before",
            "stated_not_after",
            "stated_on_display",
            "url",
            "api_url",
            "page_url",
        ]


class TagSerializer(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["slug", "name"]


EXCERPT_VERIFIED = (
    "Whether the excerpt was found in the source's stored text (whitespace runs and "
    "typographic quotes normalised, nothing else): true, false, or null when the source "
    "keeps no text (nothing to verify against)."
)


def excerpt_verified_field() -> serializers.BooleanField:
    """``excerpt_verified`` of an appearance or evidence item (docs/api.md)."""
    return serializers.BooleanField(allow_null=True, help_text=EXCERPT_VERIFIED)


class AppearanceSerializer(serializers.ModelSerializer):
    source = SourceSummarySerializer()
    is_first = serializers.BooleanField(
        help_text="The first known appearance: the one a curator marked first (with a "
        "reason, first_reason), else the one whose source was published earliest (undated "
        "sources last; a tie goes to the earlier listed). Exactly one appearance has it."
    )
    first_reason = serializers.CharField(
        help_text="Why a curator marked this appearance first over the sources' dates; "
        "empty when the dates decide."
    )
    relayed_from = SourceSummarySerializer(
        allow_null=True,
        help_text="The source this one took the statement from (“carried by Sputnik”), "
        "while that source is public; null otherwise.",
    )
    excerpt_verified = excerpt_verified_field()

    class Meta:
        model = Appearance
        fields = [
            "source",
            "excerpt",
            "attribution",
            "is_first",
            "first_reason",
            "relayed_from",
            "excerpt_verified",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    source = SourceSummarySerializer(allow_null=True)
    claim = ClaimSummarySerializer(source="backing_claim", allow_null=True)
    excerpt_verified = excerpt_verified_field()

    class Meta:
        model = Evidence
        fields = ["stance", "source", "claim", "excerpt", "note", "excerpt_verified"]


class ClaimLinkSerializer(serializers.ModelSerializer):
    type = serializers.ChoiceField(
        choices=LinkType.choices,
        help_text="How the claim that answers treats the other: denies, confirms, retracts "
        "(its own speaker takes it back), clarifies, repeats, counter_accuses.",
    )
    direction = serializers.ChoiceField(
        choices=[("out", "out"), ("in", "in")],
        help_text="out: this claim <type> the other claim; in: the other claim <type> this one.",
    )
    claim = ClaimSummarySerializer(help_text="The other claim.")

    class Meta:
        model = ClaimLink
        fields = ["type", "direction", "claim"]


class IndependenceSerializer(serializers.Serializer):
    """How independent the corroborating evidence is (docs/disputes.md)."""

    corroborations = serializers.IntegerField(
        help_text="Published evidence corroborating the claim (in evidence)."
    )
    from_claimant_side = serializers.IntegerField(
        help_text="Of those, the ones backed by a claim whose speaker belongs, following "
        "affiliations to the top, to the claimant's own organisation."
    )
    independent_origins = serializers.IntegerField(
        help_text="Distinct origins among the others: the top organisation of a backing "
        "claim's speaker, or a source's outlet (the source itself without an outlet)."
    )
    claimant_side = SpeakerSummarySerializer(
        allow_null=True,
        help_text="The organisation at the top of the claimant's affiliations, when that is "
        "another speaker than the claimant; null otherwise.",
    )


class RatingSerializer(serializers.Serializer):
    name = serializers.CharField(source="rating.name")
    slug = serializers.CharField(source="rating.slug")
    value = serializers.IntegerField(source="rating.value", allow_null=True)
    scale = serializers.CharField(source="rating.scale.name")


class ReviewerSerializer(serializers.Serializer):
    name = serializers.CharField(source="reviewer_name")
    organisation = serializers.CharField(source="reviewer_organisation")


class ReviewSerializer(serializers.ModelSerializer):
    rating = RatingSerializer(source="*")
    reviewer = ReviewerSerializer(source="*")

    class Meta:
        model = Review
        fields = ["rating", "summary", "reasoning", "reviewed_on", "updated_on", "reviewer", "url"]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["corrected_on", "note"]


class ClaimListSerializer(VersionedFields, DatedClaimFields):
    """A claim in a list: what a partner needs to show it and decide to fetch more."""

    api_url = ApiUrlField("api:claim-detail")
    page_url = PageUrlField()
    speaker = SpeakerSummarySerializer()
    tags = TagSerializer(many=True, source="public_tags")
    updated_at = serializers.DateTimeField(help_text="When this version was published.")
    denial_count = serializers.IntegerField(help_text="Published claims that deny this one.")
    denies = ClaimSummarySerializer(
        many=True,
        source="public_denies",
        help_text="The published claims this one denies (as in the detail).",
    )
    denied_by_speakers = SpeakerSummarySerializer(
        many=True,
        help_text="The speakers of the published claims that deny this one, each once, "
        "earliest denial first (the detail has them in denied_by). List items only.",
    )
    evidence_count = serializers.IntegerField(help_text="Published evidence on this claim.")
    rating = serializers.CharField(
        source="verdict", allow_null=True, help_text="The published verdict's rating, if any."
    )

    class Meta:
        model = Claim
        fields = [
            "id",
            "api_url",
            "page_url",
            "text",
            "is_quote",
            "language",
            "speaker",
            "speaker_title",
            "stated_on",
            "stated_on_precision",
            "stated_not_before",
            "stated_not_after",
            "stated_on_display",
            "tags",
            "denial_count",
            "denies",
            "denied_by_speakers",
            "evidence_count",
            "rating",
            "updated_at",
            "version",
            "version_published_at",
        ]


class ClaimDetailSerializer(ClaimListSerializer):
    """A claim with everything its page shows."""

    stated_on_edtf = serializers.CharField(
        help_text="The date and its bounds in EDTF (Library of Congress, levels 0–1): "
        "“2017-05”, “2017-05-27/2017-05-31”, “../2017-05-31”; empty when unknown."
    )

    appearances = AppearanceSerializer(many=True, source="appearances.all")
    denies = ClaimSummarySerializer(many=True, source="public_denies")
    denied_by = ClaimSummarySerializer(many=True, source="public_denied_by")
    links = ClaimLinkSerializer(
        many=True,
        help_text="Every link between this claim and another published claim, typed: this "
        "claim's own (out) first, then those to it (in), each by the other claim's date. "
        "denies and denied_by repeat the denials.",
    )
    evidence = EvidenceSerializer(many=True, source="public_evidence")
    independence = IndependenceSerializer()
    review = ReviewSerializer(allow_null=True, source="public_review")
    corrections = CorrectionSerializer(many=True, source="public_corrections")

    class Meta(ClaimListSerializer.Meta):
        # A list item's fields, but the speakers of denied_by (its claims name them) and
        # denies (in its own place, below).
        fields = [
            *(
                name
                for name in ClaimListSerializer.Meta.fields
                if name not in ("denies", "denied_by_speakers")
            ),
            "original_text",
            "original_language",
            "stated_on_inferred",
            "stated_on_note",
            "stated_on_edtf",
            "place",
            "occasion",
            "appearances",
            "denies",
            "denied_by",
            "links",
            "evidence",
            "independence",
            "review",
            "corrections",
            "published_at",
            "created_at",
        ]


class SpeakerSerializer(VersionedFields, SpeakerSummarySerializer):
    affiliation = SpeakerSummarySerializer(allow_null=True)
    aliases = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")
    claim_count = serializers.IntegerField(help_text="Published claims by this speaker.")
    claims_url = serializers.SerializerMethodField()

    class Meta(SpeakerSummarySerializer.Meta):
        fields = [
            *SpeakerSummarySerializer.Meta.fields,
            "description",
            "affiliation",
            "aliases",
            "country",
            "wikidata_id",
            "claim_count",
            "claims_url",
            "version",
            "version_published_at",
        ]

    @extend_schema_field(OpenApiTypes.URI)
    def get_claims_url(self, speaker) -> str:
        path = f"{reverse('api:claim-list')}?speaker={speaker.slug}"
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class OutletSerializer(VersionedFields, OutletSummarySerializer):
    source_count = serializers.IntegerField(help_text="Public sources from this outlet.")

    class Meta(OutletSummarySerializer.Meta):
        fields = [
            *OutletSummarySerializer.Meta.fields,
            "homepage",
            "country",
            "language",
            "notes",
            "source_count",
            "version",
            "version_published_at",
        ]


class SourceListSerializer(VersionedFields, SourceSummarySerializer):
    class Meta(SourceSummarySerializer.Meta):
        fields = [
            *SourceSummarySerializer.Meta.fields,
            "authors",
            "language",
            "dateline",
            "archive_url",
            "archived_at",
            "version",
            "version_published_at",
        ]


class SourceClaimSerializer(serializers.ModelSerializer):
    claim = ClaimSummarySerializer()
    is_first = serializers.BooleanField(help_text="The claim's first known appearance.")
    excerpt_verified = excerpt_verified_field()

    class Meta:
        model = Appearance
        fields = ["claim", "excerpt", "attribution", "is_first", "excerpt_verified"]


class SourceDetailSerializer(SourceListSerializer):
    published_not_before = serializers.DateField(
        allow_null=True, help_text="The earliest day it can have been published; null when open."
    )
    published_not_after = serializers.DateField(
        allow_null=True, help_text="The latest day it can have been published; null when open."
    )
    published_on_edtf = serializers.CharField(
        help_text="The date and its bounds in EDTF: “2017-11”, “../2017-05-31”; empty when "
        "unknown."
    )
    claims = SourceClaimSerializer(many=True, source="public_appearances")

    class Meta(SourceListSerializer.Meta):
        fields = [
            *SourceListSerializer.Meta.fields,
            "published_not_before",
            "published_not_after",
            "published_on_note",
            "published_on_edtf",
            "notes",
            "full_text",
            "claims",
        ]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class WithdrawnSerializer(ErrorSerializer):
    withdrawn_at = serializers.DateTimeField()
    reason = serializers.CharField(help_text="Why it was withdrawn, as the editor wrote it.")


# Every bad parameter, named, with what is wrong with it: {"page_size": ["…"]}.
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
}
