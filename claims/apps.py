from django.apps import AppConfig

from core.validators import refuse_control_characters_in


class ClaimsConfig(AppConfig):
    name = "claims"
    verbose_name = "Claims"

    def ready(self):
        # Control characters are refused in every text field (factcheck/validators.py).
        refuse_control_characters_in(self)
