"""The curation admin. Importing the modules registers their ModelAdmins."""

from curation.admin import changes, claim, reference, review, sources  # noqa: F401
