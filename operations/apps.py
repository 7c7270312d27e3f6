from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """Running the site: a checked, database-independent backup and restore."""

    name = "operations"
    verbose_name = "Operations"
