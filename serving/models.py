"""Partners' API keys, and the claim pages stored as rendered."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The shown part of a key ("fc_" and 8 characters) identifies it in the admin and logs.
KEY_PREFIX_LENGTH = 11


def hash_api_key(raw_key: str) -> str:
    # Keys are 32 random bytes: a fast hash is enough (no dictionary to guess from), and it
    # keeps authentication one indexed lookup per request.
    return hashlib.sha256(raw_key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def named_by(self, raw_key: str) -> "ApiKey | None":
        """The key whose raw value a client sent, if it is one of these."""
        return self.filter(key_hash=hash_api_key(raw_key)).first()


class ApiKey(models.Model):
    """A partner's key for the read-only API: requests that carry it get the partner rate
    limit. Only a hash is stored; the key itself is shown once, when it is created."""

    name = models.CharField(
        verbose_name=_("name"), max_length=255, help_text=_("Who the key is for: “Example Daily”.")
    )
    contact = models.EmailField(verbose_name=_("contact"), blank=True)
    prefix = models.CharField(
        verbose_name=_("prefix"), max_length=KEY_PREFIX_LENGTH, editable=False
    )
    key_hash = models.CharField(
        verbose_name=_("key hash"), max_length=64, unique=True, editable=False
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(verbose_name=_("revoked at"), null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = _("API key")
        ordering = ["name"]
        # Moved here from the project's app; the table kept its name.
        db_table = "factcheck_apikey"

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, name: str, contact: str = "") -> tuple["ApiKey", str]:
        """Create a key; returns it with the raw key, which is never stored."""
        raw_key = "fc_" + secrets.token_urlsafe(32)
        key = cls.objects.create(
            name=name,
            contact=contact,
            prefix=raw_key[:KEY_PREFIX_LENGTH],
            key_hash=hash_api_key(raw_key),
        )
        return key, raw_key

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    def revoke(self) -> None:
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class ClaimPageRendition(models.Model):
    """A claim's reader page in one language, as rendered from the published record
    (``web.claim_pages``), served whole by ``serving.renditions`` until a document it shows
    gets a new version: then the claim's pages in every language go together.

    Rendered under a made-up origin (``origin``, random for each rendition, so no curated
    text can contain it), which each answer replaces with the request's own."""

    claim_id = models.PositiveBigIntegerField(verbose_name=_("claim id"))
    language = models.CharField(
        verbose_name=_("language"),
        max_length=15,
        help_text=_("The page's language, a code of LANGUAGES."),
    )
    slug = models.TextField(
        verbose_name=_("slug"), help_text=_("The readable part of the page's address.")
    )
    html = models.TextField(verbose_name=_("html"))
    origin = models.CharField(
        verbose_name=_("origin"), max_length=64, help_text=_("The origin it was rendered under.")
    )
    digest = models.CharField(
        verbose_name=_("digest"),
        max_length=32,
        help_text=_("SHA-256 of the HTML, hex, 32 digits."),
    )
    release = models.CharField(
        verbose_name=_("release"),
        max_length=100,
        help_text=_("The code that rendered it: other releases render again."),
    )
    rendered_at = models.DateTimeField(verbose_name=_("rendered at"))

    class Meta:
        constraints = [
            # The page's key (serving.renditions.stored_page reads it by this index), and
            # the conflict a second rendering of the same page updates.
            models.UniqueConstraint(
                fields=["claim_id", "language"], name="serving_rendition_claim_language"
            )
        ]

    def __str__(self):
        return f"Page of claim {self.claim_id} in {self.language} ({self.release})"


class ClaimPageDependency(models.Model):
    """A document a stored claim page shows: a new version of it drops the page."""

    claim_id = models.PositiveBigIntegerField(verbose_name=_("claim id"))
    kind = models.CharField(verbose_name=_("kind"), max_length=8)
    document_id = models.PositiveBigIntegerField(verbose_name=_("document id"))

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["claim_id", "kind", "document_id"], name="serving_page_dependency_unique"
            )
        ]
        indexes = [models.Index(fields=["kind", "document_id"], name="serving_page_shows")]

    def __str__(self):
        return f"Page of claim {self.claim_id} shows {self.kind} {self.document_id}"
