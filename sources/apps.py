from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.validators import refuse_control_characters_in


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = _("Sources")

    def ready(self):
        # Control characters are refused in every text field (factcheck/validators.py).
        refuse_control_characters_in(self)
