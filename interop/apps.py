from django.apps import AppConfig


class InteropConfig(AppConfig):
    """Exchanging fact-checks with the world: schema.org ClaimReview import and export."""

    name = "interop"
    verbose_name = "Interoperability"
