from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from core.validators import refuse_control_characters_in


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = _("Claims")

    def ready(self):
        # Control characters are refused in every text field (factcheck/validators.py).
        refuse_control_characters_in(self)
        # A source's text changed: its excerpts' stored positions follow (claims/excerpts.py
        # says why a receiver: sources cannot call up into claims).
        from claims.excerpts import source_saved
        from sources.models import Source

        post_save.connect(source_saved, sender=Source, dispatch_uid="claims.excerpts.source")
