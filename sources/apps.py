from django.apps import AppConfig

from core.validators import refuse_control_characters_in


class SourcesConfig(AppConfig):
    name = "sources"
    verbose_name = "Sources"

    def ready(self):
        # Control characters are refused in every text field (factcheck/validators.py).
        refuse_control_characters_in(self)
