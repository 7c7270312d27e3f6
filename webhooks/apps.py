from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebhooksConfig(AppConfig):
    """Partners' webhook endpoints and the delivery of every change-feed event to them,
    signed, at least once, with back-off (docs/api.md, "Webhooks")."""

    name = "webhooks"
    verbose_name = _("Webhooks")
