"""Cache invalidation, the one use of signals here: a committed write that changes what
readers and partners can see bumps the public data version, which every public answer's
ETag derives from (factcheck/answer_cache.py).

A write is public when the row it touches is public before or after it, by the same rule
every public read starts from: the model's ``published()`` queryset (a claim counts once
withdrawn too). Drafts and claims in review, and everything hanging only from them, leave
no trace on any public answer (tests/test_leaks.py), so curators working on them do not
throw away every stored answer with each save. Models without such a rule (rating scales,
ratings) bump on every write.

Bulk writes that skip signals (``bulk_create``, ``QuerySet.update``) call
``PublicDataVersion.bump()`` themselves.
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from factcheck.models import PublicDataVersion

CURATED_APPS = ("claims", "sources")


def _public_rows(model):
    """The model's rows readers and partners can see, or None when it has no such rule."""
    from claims.models import Claim, PublicationStatus, Speaker, SpeakerAlias, Tag

    if model is Claim:
        # A withdrawn claim keeps its address and says why: public too.
        public = [PublicationStatus.PUBLISHED, PublicationStatus.WITHDRAWN]
        return Claim._base_manager.filter(status__in=public)
    if model is SpeakerAlias:
        return SpeakerAlias._base_manager.filter(speaker__in=Speaker.objects.published())
    if model is Tag:
        return Tag._base_manager.filter(claims__status=PublicationStatus.PUBLISHED)
    published = getattr(model._default_manager.all(), "published", None)
    return published() if published else None


def _is_public(model, pk) -> bool:
    rows = _public_rows(model)
    return rows is None or (pk is not None and rows.filter(pk=pk).exists())


def _bump_scheduled() -> bool:
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    # Asked at every write of a transaction: remember the answer for as long as the list of
    # commit hooks is the same (Django starts a new one at commit and at a rollback).
    if getattr(connection, "_public_bump_hooks", None) is connection.run_on_commit:
        return True
    if any(callback == PublicDataVersion.bump for _, callback, _ in connection.run_on_commit):
        connection._public_bump_hooks = connection.run_on_commit
        return True
    return False


def _bump_after_commit() -> None:
    # After commit: a rolled-back write changes nothing, and readers must not cache a version
    # whose data they cannot see yet. Once per transaction: an import of 10,000 records
    # bumps the version once (and checks no row once a bump is due).
    if not _bump_scheduled():
        transaction.on_commit(PublicDataVersion.bump)


def bump_at_commit() -> None:
    """For a bulk write such as an import: one bump when the transaction commits, decided
    up front, so that none of its thousands of rows is checked one by one."""
    _bump_after_commit()


def _note_before(sender, instance, raw=False, **kwargs):
    """Whether the row was public before this write (pre_save, pre_delete)."""
    if raw or _bump_scheduled():
        instance._was_public = True  # nothing to look up: a bump is due or loading fixtures
    else:
        # By primary key, not by what the instance says: it may be about to change.
        instance._was_public = instance.pk is not None and _is_public(sender, instance.pk)


def _after_save(sender, instance, **kwargs):
    if getattr(instance, "_was_public", True) or _is_public(sender, instance.pk):
        _bump_after_commit()


def _after_delete(sender, instance, **kwargs):
    if getattr(instance, "_was_public", True):
        _bump_after_commit()


def _after_m2m_change(sender, instance, action, **kwargs):
    from claims.models import Claim

    if not action.startswith("post_"):
        return
    # Topics and denials show only on public claims: a change from a draft's side leaves no
    # trace. From the other side (a topic's claims), the claims changed are not at hand.
    if isinstance(instance, Claim) and not _is_public(Claim, instance.pk):
        return
    _bump_after_commit()


def connect() -> None:
    for label in CURATED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model.__name__.startswith("Historical"):
                continue  # the history follows the model it records
            uid = f"public-data-version-{model._meta.label}"
            pre_save.connect(_note_before, sender=model, dispatch_uid=uid)
            pre_delete.connect(_note_before, sender=model, dispatch_uid=uid)
            post_save.connect(_after_save, sender=model, dispatch_uid=uid)
            post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
            for m2m in model._meta.local_many_to_many:
                m2m_changed.connect(
                    _after_m2m_change,
                    sender=m2m.remote_field.through,
                    dispatch_uid=f"{uid}-{m2m.name}",
                )
