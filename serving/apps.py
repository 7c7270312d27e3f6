from django.apps import AppConfig


class ServingConfig(AppConfig):
    """How public answers are served: HTTP validators from the record's
    version, the store of built answers, rate limits, and partners' API keys."""

    name = "serving"
    verbose_name = "Serving the public"
