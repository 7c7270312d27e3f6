from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordConfig(AppConfig):
    """The published record: immutable, numbered versions of every public document (claim,
    speaker, source, outlet), written only when an editor publishes (docs/architecture.md).
    Readers and partners read this app's tables and nothing else."""

    name = "record"
    verbose_name = _("Published record")

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(_publish_existing, sender=self)


def _publish_existing(using, **kwargs):
    """Claims published before the record existed get their first version on ``migrate``.
    After every migration rather than in one: a data migration would run this code against
    tables that later migrations may change (Django builds its permissions the same way)."""
    from django.db import DEFAULT_DB_ALIAS

    from record.services import publish_all

    if using == DEFAULT_DB_ALIAS:  # a read replica follows the primary
        publish_all()
