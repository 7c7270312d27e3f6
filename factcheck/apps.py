from django.apps import AppConfig


class FactcheckConfig(AppConfig):
    """The project: settings, URLs, WSGI. Installed for its migrations, which moved its
    former models (API keys, the public data version) to the apps of their concerns."""

    name = "factcheck"
    verbose_name = "Site"
