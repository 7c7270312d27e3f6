"""Partners' webhook endpoints, and the deliveries of change-feed events to them.

- ``Endpoint``: where a partner wants each event POSTed, the secret it is signed with, and
  where in the change feed the endpoint is (``after_seq``: every version up to it has a
  delivery).
- ``Delivery``: one change-feed event (a ``record.Version``) for one endpoint, pending until
  the endpoint answers 2xx. Its id for the partner is the version's ``seq``: the same event
  keeps it through every retry and resend (docs/api.md, "Webhooks").
- ``Attempt``: one POST of a delivery and what came back: the delivery log.

``webhooks.delivery`` writes deliveries and attempts; the admin registers endpoints.
"""

import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from record import queries
from record.models import Version

SECRET_PREFIX = "whsec_"


def new_secret() -> str:
    """A fresh signing secret: ``whsec_`` and 32 random bytes in base64, the form the
    Standard Webhooks libraries take (https://www.standardwebhooks.com/)."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


class EndpointQuerySet(models.QuerySet):
    def active(self):
        """Endpoints that get deliveries: not paused."""
        return self.filter(paused_at__isnull=True)


class Endpoint(models.Model):
    """A partner's address for webhooks."""

    description = models.CharField(
        verbose_name=_("description"),
        max_length=200,
        help_text=_("Whose endpoint this is, for the desk: “Example News mirror”."),
    )
    url = models.URLField(
        _("URL"),
        max_length=2000,
        help_text=_(
            "Where each change is POSTed. HTTPS, on a public address (plain HTTP and "
            "local addresses are accepted only where WEBHOOK_ALLOW_LOCAL is on: development)."
        ),
    )
    secret = models.CharField(
        verbose_name=_("secret"),
        max_length=100,
        default=new_secret,
        help_text=_("Give it to the partner: each delivery is signed with it."),
    )
    after_seq = models.PositiveBigIntegerField(
        _("deliver changes after seq"),
        null=True,
        blank=True,
        help_text=_(
            "Every change-feed item up to this seq has been handed to this endpoint. "
            "Left empty on a new endpoint, it starts from the newest change (0 replays the "
            "whole record)."
        ),
    )
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    # Failing: set by the first failed attempt after a success, cleared by the next success.
    failing_since = models.DateTimeField(
        verbose_name=_("failing since"), null=True, blank=True, editable=False
    )
    consecutive_failures = models.PositiveIntegerField(
        verbose_name=_("consecutive failures"), default=0, editable=False
    )
    retry_at = models.DateTimeField(
        verbose_name=_("retry at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When a failing endpoint is tried again."),
    )
    paused_at = models.DateTimeField(
        verbose_name=_("paused at"), null=True, blank=True, editable=False
    )
    paused_reason = models.CharField(
        verbose_name=_("paused reason"), max_length=500, blank=True, editable=False
    )

    objects = EndpointQuerySet.as_manager()

    class Meta:
        ordering = ["description", "pk"]

    def __str__(self):
        return self.description

    def save(self, *args, **kwargs):
        if self.after_seq is None:
            # From now on: what came before is in the change feed, for a partner to read.
            self.after_seq = queries.last_seq()
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        if self.paused_at:
            return "paused"
        return "failing" if self.failing_since else "active"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    DELIVERED = "delivered", _("Delivered")


class Delivery(models.Model):
    """One change-feed event for one endpoint."""

    endpoint = models.ForeignKey(
        Endpoint, on_delete=models.CASCADE, related_name="deliveries", verbose_name=_("endpoint")
    )
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The change-feed item; its seq is the event id."),
        verbose_name=_("version"),
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=9,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
    )
    attempts = models.PositiveIntegerField(verbose_name=_("attempts"), default=0)
    created_at = models.DateTimeField(verbose_name=_("created at"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(verbose_name=_("next attempt at"))
    delivered_at = models.DateTimeField(verbose_name=_("delivered at"), null=True, blank=True)
    # A worker holds a delivery while it sends it; a worker that dies lets go when the
    # lease ends, and the delivery is sent again (at least once).
    lease = models.UUIDField(verbose_name=_("lease"), null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(
        verbose_name=_("lease until"), null=True, blank=True, editable=False
    )
    last_status_code = models.PositiveIntegerField(
        verbose_name=_("last status code"), null=True, blank=True
    )
    last_error = models.CharField(verbose_name=_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name_plural = _("deliveries")
        ordering = ["-version_id", "endpoint_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "version"], name="webhooks_delivery_once_per_endpoint"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DeliveryStatus.values), name="webhooks_delivery_status"
            ),
        ]
        indexes = [
            models.Index(fields=["endpoint", "status", "version"], name="webhooks_delivery_queue"),
            models.Index(fields=["status", "next_attempt_at"], name="webhooks_delivery_due"),
        ]

    def __str__(self):
        return f"Event {self.version_id} to {self.endpoint}"

    @property
    def event_id(self) -> str:
        return str(self.version_id)


class Attempt(models.Model):
    """One POST of a delivery."""

    delivery = models.ForeignKey(
        Delivery, on_delete=models.CASCADE, related_name="log", verbose_name=_("delivery")
    )
    at = models.DateTimeField(verbose_name=_("at"))
    duration_ms = models.PositiveIntegerField(verbose_name=_("duration ms"))
    status_code = models.PositiveIntegerField(
        verbose_name=_("status code"),
        null=True,
        blank=True,
        help_text=_("Empty when no answer came."),
    )
    error = models.CharField(verbose_name=_("error"), max_length=500, blank=True)
    response = models.CharField(
        verbose_name=_("response"),
        max_length=500,
        blank=True,
        help_text=_("The start of the endpoint's answer."),
    )

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.delivery} at {self.at:%Y-%m-%d %H:%M:%S}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
