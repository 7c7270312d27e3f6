"""The editorial policy: who may do what to which item, decided here for every admin path
(change forms, inlines, stand-alone link pages, bulk actions, history revert, uploads).

Django's model permissions (curation.roles) say what a role may touch at all; this module
adds what depends on the item's state in the published record:

- editing never changes what the public sees: anyone who may change a model may change
  the working copy of a published item (a typo, a second appearance), which stays
  unpublished until an editor publishes it;
- publishing and withdrawing are editors' (``claims.publish_claim``);
- anything the public sees (a published or withdrawn claim or verdict, a speaker, source or
  outlet with a document) is withdrawn, never deleted: its address must keep answering;
- a revert from history restores content into the working copy and never the status.

``RULES`` is the table; ``may`` reads it. The permission-matrix test is built from it.
"""

from __future__ import annotations

from django.db import models

from claims.models import Claim, PublicationStatus, Review, Speaker, SpeakerAlias
from record.models import DOCUMENT_MODELS, Kind
from sources.models import Outlet, Source

PUBLISH_PERMISSION = "claims.publish_claim"


class State(models.TextChoices):
    DRAFT = "draft", "draft"
    IN_REVIEW = "in_review", "in review"
    PUBLISHED = "published", "published"
    WITHDRAWN = "withdrawn", "withdrawn"
    # A speaker, source or outlet a published claim shows; a link row of a published claim.
    PUBLIC_BY_REFERENCE = "public_by_reference", "public by reference"
    # A speaker, source or outlet nothing public shows; a link row of a draft.
    PRIVATE = "private", "not public"


class Action(models.TextChoices):
    ADD = "add", "add"
    CHANGE = "change", "change"
    DELETE = "delete", "delete"
    PUBLISH = "publish", "publish"
    WITHDRAW = "withdraw", "withdraw"
    REVERT = "revert", "revert from history"


PUBLIC_STATES = {State.PUBLISHED, State.WITHDRAWN, State.PUBLIC_BY_REFERENCE}

# What the state allows beyond the model permission: (action, state) → needs the publish
# permission (True), allowed with the model permission (False), or never (None).
RULES: dict[tuple[str, str], bool | None] = {
    **{(Action.ADD, state): False for state in State.values},
    **{(Action.CHANGE, state): False for state in State.values},
    **{(Action.REVERT, state): False for state in State.values},
    # Publishing: a draft or a claim in review, or the changes to something public; what
    # nothing public shows yet is published with the first claim that shows it.
    (Action.PUBLISH, State.DRAFT): True,
    (Action.PUBLISH, State.IN_REVIEW): True,
    (Action.PUBLISH, State.PUBLISHED): True,
    (Action.PUBLISH, State.WITHDRAWN): True,
    (Action.PUBLISH, State.PUBLIC_BY_REFERENCE): True,
    (Action.PUBLISH, State.PRIVATE): None,
    # Withdrawing: only what is published.
    **{(Action.WITHDRAW, state): None for state in State.values},
    (Action.WITHDRAW, State.PUBLISHED): True,
    (Action.DELETE, State.DRAFT): False,
    (Action.DELETE, State.IN_REVIEW): False,
    (Action.DELETE, State.PRIVATE): False,
    # Public items are withdrawn, never deleted.
    (Action.DELETE, State.PUBLISHED): None,
    (Action.DELETE, State.WITHDRAWN): None,
    (Action.DELETE, State.PUBLIC_BY_REFERENCE): None,
}

# Rows that belong to a claim's document: deleting one from a published claim edits the
# working copy (the next version will not have it), so their state never forbids it.
LINK_MODELS = ("appearance", "claimlink", "evidence", "correction", "speakeralias")

_KINDS = {Claim: Kind.CLAIM, Speaker: Kind.SPEAKER, Source: Kind.SOURCE, Outlet: Kind.OUTLET}


def state_of(obj) -> str:
    """The item's state for the policy: its workflow status (claims, verdicts), or whether
    the public sees it (speakers, sources, outlets by their document; link rows by their
    claim's)."""
    if isinstance(obj, Claim | Review):
        return obj.status
    kind = _KINDS.get(type(obj))
    if kind is not None:
        document = DOCUMENT_MODELS[kind].objects.filter(pk=obj.pk).first()
        live = document is not None and document.is_live
        return State.PUBLIC_BY_REFERENCE if live else State.PRIVATE
    if isinstance(obj, SpeakerAlias):
        return state_of(obj.speaker)
    claim = getattr(obj, "claim", None) or getattr(obj, "from_claim", None)
    if claim is not None:
        public = claim.status in (PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN)
        return State.PUBLIC_BY_REFERENCE if public else State.PRIVATE
    return State.PRIVATE


def may(user, action: str, model: type[models.Model], obj=None) -> bool:
    """Whether ``user`` may do ``action`` to ``obj`` (an instance of ``model``; None for
    the model as a whole, as a change list asks)."""
    if not (user.is_active and user.is_staff):
        return False
    opts = model._meta
    needed = {
        Action.ADD: "add",
        Action.CHANGE: "change",
        Action.REVERT: "change",
        Action.DELETE: "delete",
        Action.PUBLISH: "change",
        Action.WITHDRAW: "change",
    }[action]
    if not user.has_perm(f"{opts.app_label}.{needed}_{opts.model_name}"):
        return False
    if obj is None:
        if action in (Action.PUBLISH, Action.WITHDRAW):
            return user.has_perm(PUBLISH_PERMISSION)
        return True
    if action == Action.DELETE and opts.model_name in LINK_MODELS:
        return True
    rule = RULES[(action, state_of(obj))]
    if rule is None:
        return False
    return user.has_perm(PUBLISH_PERMISSION) if rule else True
