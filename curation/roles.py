"""The editorial roles, as Django groups: what each may do in the admin.

Contributors create and edit drafts and submit them for review. Editors may also publish,
withdraw, write public corrections, delete what is not published, and unlock a colleague
locked out of the admin login. Publishing is the ``claims.publish_claim`` permission; the
admin checks it on every path (the form's status choices, the bulk actions, the change view
of published items).

``python manage.py setup_roles`` creates or updates both groups; it is idempotent and runs in
``make run``. Run it after ``migrate`` on every deploy.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

CONTRIBUTORS = "Contributors"
EDITORS = "Editors"

# (app label, model): actions. Link rows can be deleted by contributors: removing a wrong
# link from a draft is editing, not unpublishing.
_CONTRIBUTOR = {
    ("claims", "claim"): ("view", "add", "change"),
    ("claims", "appearance"): ("view", "add", "change", "delete"),
    ("claims", "claimlink"): ("view", "add", "change", "delete"),
    ("claims", "evidence"): ("view", "add", "change", "delete"),
    ("claims", "speaker"): ("view", "add", "change"),
    ("claims", "speakeralias"): ("view", "add", "change", "delete"),
    ("claims", "tag"): ("view", "add", "change"),
    ("claims", "review"): ("view", "add", "change"),
    ("claims", "rating"): ("view",),
    ("claims", "ratingscale"): ("view",),
    ("claims", "correction"): ("view",),
    ("sources", "outlet"): ("view", "add", "change"),
    ("sources", "source"): ("view", "add", "change"),
    # The queue of changes submitted for review (written by the change forms).
    ("curation", "changerequest"): ("view",),
}
_EDITOR_EXTRA = {
    ("claims", "claim"): ("delete",),
    ("claims", "speaker"): ("delete",),
    ("claims", "tag"): ("delete",),
    ("claims", "review"): ("delete",),
    ("claims", "rating"): ("add", "change", "delete"),
    ("claims", "ratingscale"): ("add", "change", "delete"),
    ("claims", "correction"): ("add", "change", "delete"),
    ("sources", "outlet"): ("delete",),
    ("sources", "source"): ("delete",),
    # Admin login lock-outs (django-axes, docs/security.md): editors see who is locked out
    # and unlock them by deleting the attempt; the failure log keeps the trail afterwards.
    # Successful logins (axes' access log) stay with superusers.
    ("axes", "accessattempt"): ("view", "delete"),
    ("axes", "accessfailurelog"): ("view",),
    # Partners' webhook endpoints (their secrets) and the delivery log, with "Resend".
    ("webhooks", "endpoint"): ("view", "add", "change", "delete"),
    ("webhooks", "delivery"): ("view", "change"),
    ("webhooks", "attempt"): ("view",),
}


def _codenames(table) -> set[tuple[str, str]]:
    return {
        (app, f"{action}_{model}") for (app, model), actions in table.items() for action in actions
    }


ROLES = {
    CONTRIBUTORS: _codenames(_CONTRIBUTOR),
    EDITORS: _codenames(_CONTRIBUTOR) | _codenames(_EDITOR_EXTRA) | {("claims", "publish_claim")},
}


@transaction.atomic
def setup_roles() -> dict[str, int]:
    """Create the groups and set their permissions to exactly the table above."""
    counts = {}
    for name, wanted in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in sorted(wanted)
        ]
        group.permissions.set(permissions)
        counts[name] = len(permissions)
    return counts
