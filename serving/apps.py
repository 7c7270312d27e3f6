from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServingConfig(AppConfig):
    """How public answers are served: HTTP validators from the record's
    version, the store of built answers, rate limits, and partners' API keys."""

    name = "serving"
    verbose_name = _("Serving the public")
