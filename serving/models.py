"""Partners' API keys: who may read the API at the partner rate."""

import hashlib
import secrets

from django.db import models
from django.utils import timezone

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

    name = models.CharField(max_length=255, help_text="Who the key is for: “Example Daily”.")
    contact = models.EmailField(blank=True)
    prefix = models.CharField(max_length=KEY_PREFIX_LENGTH, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "API key"
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
