from claims.models.claim import Appearance, Claim, Tag
from claims.models.dispute import Denial, Evidence, Stance
from claims.models.review import Correction, Rating, RatingScale, Review
from claims.models.speaker import Speaker, SpeakerAlias, SpeakerKind
from claims.models.workflow import PublicationStatus

__all__ = [
    "Appearance",
    "Claim",
    "Correction",
    "Denial",
    "Evidence",
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
