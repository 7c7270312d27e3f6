"""The curation admin. Importing the modules registers their ModelAdmins."""

from claims.admin import claim, reference, review  # noqa: F401
