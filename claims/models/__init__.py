from claims.models.claim import Appearance, Claim, Tag
from claims.models.dispute import ClaimLink, Evidence, LinkType, LocatedExcerpt, Stance
from claims.models.review import Correction, Rating, RatingScale, Review
from claims.models.speaker import Speaker, SpeakerAlias, SpeakerKind
from claims.models.workflow import PublicationStatus

__all__ = [
    "Appearance",
    "Claim",
    "ClaimLink",
    "Correction",
    "Evidence",
    "LinkType",
    "LocatedExcerpt",
    "PublicationStatus",
    "Rating",
    "RatingScale",
    "Review",
    "Speaker",
    "SpeakerAlias",
    "SpeakerKind",
    "Stance",
    "Tag",
]
