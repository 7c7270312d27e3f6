from django.apps import AppConfig


class SeedsConfig(AppConfig):
    """The seed dispute (TASS, 31 May 2017) as data, and its idempotent loader."""

    name = "seeds"
    verbose_name = "Seed data"
