from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CurationConfig(AppConfig):
    """The curators' desk: the admin for the working copy, the editorial policy every
    admin path goes through, and the changes contributors submit for an editor to
    publish."""

    name = "curation"
    verbose_name = _("Curation")
