from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    """The project's own app: what serves both apps at once (the partner API's keys, the
    public data version that HTTP caching keys on)."""

    name = "factcheck"
    verbose_name = "Site"
