"""The curation admin. Importing the modules registers their ModelAdmins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from curation.admin import changes, claim, reference, review, sources  # noqa: F401

# Said on every admin page: curators work on the working copy, not on the public site.
admin.site.site_header = _("Factcheck curation desk")
admin.site.site_title = _("Factcheck curation")
admin.site.index_title = _("The working copy: nothing here is public until an editor publishes")
