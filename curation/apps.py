from django.apps import AppConfig


class CurationConfig(AppConfig):
    """The curators' desk: the admin for the working copy, the editorial policy every
    admin path goes through, and the changes contributors submit for an editor to
    publish."""

    name = "curation"
    verbose_name = "Curation"
