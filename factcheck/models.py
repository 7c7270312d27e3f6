import hashlib
import secrets

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

from factcheck.cache_counts import get_many_and_count

VERSION_CACHE_KEY = "public-data-version"
# Kept in the cache for a minute at a time, not for ever: a bump that could not reach Redis
# (an outage, factcheck/cache_counts.py) leaves it holding an older version, which then
# names stale answers for a minute at most once it is back.
VERSION_CACHE_SECONDS = 60

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


class PublicDataVersion(models.Model):
    """When curated data last changed: a single row, bumped after every committed write to
    the claims and sources apps. HTTP validators (ETag, Last-Modified) derive from it, so a
    conditional request is answered without building the response."""

    changed_at = models.DateTimeField()

    def __str__(self):
        return f"Public data changed at {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @classmethod
    def current(cls) -> "PublicDataVersion":
        shared = settings.PUBLIC_DATA_VERSION_IN_CACHE
        if shared and (changed_at := cache.get(VERSION_CACHE_KEY)) is not None:
            return cls(pk=1, changed_at=changed_at)
        version = cls.objects.filter(pk=1).first()
        version = version or cls.objects.create(pk=1, changed_at=timezone.now())
        if shared:
            cache.set(VERSION_CACHE_KEY, version.changed_at, timeout=VERSION_CACHE_SECONDS)
        return version

    @classmethod
    def current_and_cached(
        cls, keys: list[str], counter: str | None = None, keep_for: int = 0
    ) -> tuple["PublicDataVersion", dict, int]:
        """The current version, what the cache holds under ``keys``, and ``counter``
        counted once (factcheck/cache_counts.py): one round trip to Redis when the version
        lives there (a stored answer's hot path)."""
        if settings.PUBLIC_DATA_VERSION_IN_CACHE:
            found, count = get_many_and_count([VERSION_CACHE_KEY, *keys], counter, keep_for)
            if (changed_at := found.pop(VERSION_CACHE_KEY, None)) is not None:
                return cls(pk=1, changed_at=changed_at), found, count
            return cls.current(), found, count
        found, count = get_many_and_count(keys, counter, keep_for)
        return cls.current(), found, count

    @classmethod
    def bump(cls) -> None:
        changed_at = timezone.now()
        cls.objects.update_or_create(pk=1, defaults={"changed_at": changed_at})
        # Runs after the write is committed (factcheck.signals), so no reader can see the
        # new version before the data it stands for.
        cache.set(VERSION_CACHE_KEY, changed_at, timeout=VERSION_CACHE_SECONDS)
