"""Cache invalidation, the one use of signals here: any committed write to curated data bumps
the public data version, which the API's ETag and Last-Modified derive from.

Bulk writes that skip signals (``bulk_create``, ``QuerySet.update``) call
``PublicDataVersion.bump()`` themselves.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from factcheck.models import PublicDataVersion

CURATED_APPS = ("claims", "sources")


def _bump_after_commit(sender, **kwargs):
    # After commit: a rolled-back write changes nothing, and readers must not cache a version
    # whose data they cannot see yet. Once per transaction: an import of 10,000 records
    # bumps the version once.
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback == PublicDataVersion.bump for _, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(PublicDataVersion.bump)


def connect() -> None:
    for label in CURATED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # the history follows the model it records
            uid = f"public-data-version-{model._meta.label}"
            post_save.connect(_bump_after_commit, sender=model, dispatch_uid=uid)
            post_delete.connect(_bump_after_commit, sender=model, dispatch_uid=uid)
            for m2m in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _bump_after_commit,
                    sender=m2m.remote_field.through,
                    dispatch_uid=f"{uid}-{m2m.name}",
                )
