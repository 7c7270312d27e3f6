from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    """Partners' webhook endpoints and the delivery of every change-feed event to them,
    signed, at least once, with back-off (docs/api.md, "Webhooks")."""

    name = "webhooks"
    verbose_name = "Webhooks"
