from django.apps import AppConfig


class ReleasesConfig(AppConfig):
    """Research releases: deterministic bundles of the published record (CSV and JSON
    Lines, a data dictionary, a SHA-256 manifest), written by ``manage.py release`` and
    listed by the API (docs/api.md, "Research releases"). Reads the record, never the
    working copy, never users."""

    name = "releases"
    verbose_name = "Research releases"
