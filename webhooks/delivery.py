"""Delivering the change feed to partners' endpoints (docs/api.md, "Webhooks").

The database holds the truth; the task queue only carries the work (``webhooks.tasks``):

1. ``fan_out``: for each active endpoint, one ``Delivery`` per change-feed version after
   its ``after_seq``, in seq order. Seq order is commit order (``record.queries``), so
   nothing is skipped, and nothing in the web process has to reach the queue: a publish
   that commits while Redis is down is delivered once it is back.
2. ``claim_due``: leases the deliveries to send now. A healthy endpoint's pending ones, up
   to ``IN_FLIGHT`` at a time; a failing endpoint's oldest one only, once its back-off has
   passed (a probe: an endpoint that is down gets one request per step of the back-off,
   not one per event).
3. ``deliver``: POSTs one delivery, logs the attempt, and settles the delivery and the
   endpoint's health: a 2xx delivers it; anything else (or no answer within
   ``WEBHOOK_TIMEOUT_SECONDS``) backs the endpoint off exponentially, and an endpoint that
   has failed for ``WEBHOOK_RETRY_HOURS`` is paused until an editor resumes it.

A worker that dies mid-POST leaves a lease that ends after ``WEBHOOK_LEASE_SECONDS``; the
next sweep claims the delivery again. Delivery is therefore at least once, and a partner
that sees an event id twice drops the second.
"""

from __future__ import annotations

import datetime
import random
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from record import queries
from record.models import Version
from record.render import change_json
from webhooks import transport
from webhooks.destinations import Refused, check_destination
from webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint
from webhooks.signing import signed_headers

# Deliveries of one endpoint leased at once. Bounds the queue: a delivery waits in it less
# than its lease, so a slow endpoint is not sent the same event twice for being slow.
IN_FLIGHT = 20
# Versions handed to one endpoint per sweep.
FAN_OUT_BATCH = 1000
# What an attempt keeps of the endpoint's answer and error (characters).
EXCERPT = transport.EXCERPT
USER_AGENT = "Factcheck-Webhooks/1 (+docs/api.md#webhooks)"

PENDING, DELIVERED = DeliveryStatus.PENDING, DeliveryStatus.DELIVERED


def sweep(enqueue: Callable[[int, str], object]) -> int:
    """Hand new versions to endpoints, lease what is due and pass each ``(delivery id,
    lease)`` to ``enqueue`` (a task's ``delay``, or ``deliver`` itself). Returns how many
    were leased. Run every ``WEBHOOK_POLL_SECONDS`` by the queue's scheduler."""
    fan_out()
    leased = claim_due()
    for pk, lease in leased:
        enqueue(pk, lease)
    return len(leased)


def fan_out(*, batch: int = FAN_OUT_BATCH) -> int:
    """Create the deliveries of the versions each active endpoint has not been given, up to
    ``batch`` per endpoint; returns how many were created."""
    last = queries.last_seq()
    created = 0
    for pk in Endpoint.objects.active().filter(after_seq__lt=last).values_list("pk", flat=True):
        with transaction.atomic():
            # Locked: two sweeps at once hand each version to an endpoint once.
            endpoint = Endpoint.objects.select_for_update().active().filter(pk=pk).first()
            if endpoint is None:
                continue
            seqs = list(
                Version.objects.filter(seq__gt=endpoint.after_seq)
                .order_by("seq")
                .values_list("seq", flat=True)[:batch]
            )
            if not seqs:
                continue
            now = timezone.now()
            Delivery.objects.bulk_create(
                [Delivery(endpoint=endpoint, version_id=seq, next_attempt_at=now) for seq in seqs],
                ignore_conflicts=True,
            )
            Endpoint.objects.filter(pk=pk).update(after_seq=seqs[-1])
            created += len(seqs)
    return created


def claim_due(now: datetime.datetime | None = None) -> list[tuple[int, str]]:
    """Lease the deliveries to send now (see the module's docstring); returns ``(delivery
    id, lease)`` pairs, oldest event first for each endpoint."""
    now = now or timezone.now()
    free = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    wanted: list[int] = []
    for endpoint in Endpoint.objects.active().filter(
        Q(consecutive_failures=0) | Q(retry_at__lte=now)
    ):
        pending = endpoint.deliveries.filter(status=PENDING)
        in_flight = pending.filter(lease_until__gte=now).count()
        room = IN_FLIGHT - in_flight if endpoint.consecutive_failures == 0 else 1 - in_flight
        if room <= 0:
            continue
        # The endpoint's health decides when (a delivery's next_attempt_at only shows it).
        due = pending.filter(free).order_by("version_id")
        wanted += due.values_list("pk", flat=True)[:room]
    if not wanted:
        return []
    lease = uuid.uuid4()
    until = now + datetime.timedelta(seconds=settings.WEBHOOK_LEASE_SECONDS)
    # Only what nobody leased meanwhile (another sweep): the lease says which are ours.
    Delivery.objects.filter(free, pk__in=wanted, status=PENDING).update(
        lease=lease, lease_until=until
    )
    ours = Delivery.objects.filter(pk__in=wanted, lease=lease).order_by("version_id")
    return [(pk, str(lease)) for pk in ours.values_list("pk", flat=True)]


def deliver(pk: int, lease: str) -> bool | None:
    """POST the delivery ``pk`` if ``lease`` still holds it: True when the endpoint took it
    (2xx), False when not, None when there was nothing to do (delivered meanwhile, or the
    lease ended and another worker has it)."""
    delivery = (
        Delivery.objects.select_related("endpoint")
        .filter(pk=pk, lease=lease, status=PENDING)
        .first()
    )
    if delivery is None:
        return None
    endpoint = delivery.endpoint
    change = queries.change(delivery.version_id)
    body = change_json(change, settings.SITE_URL.rstrip("/")).encode()
    at = timezone.now()
    started = time.monotonic()
    status_code, error, excerpt = None, "", ""
    try:
        check_destination(endpoint.url)
        headers = signed_headers(
            secret=endpoint.secret,
            event_id=delivery.event_id,
            event=change.event,
            body=body,
            at=at,
        )
        answer = transport.post(
            endpoint.url,
            body,
            {**headers, "User-Agent": USER_AGENT},
            deadline=settings.WEBHOOK_TIMEOUT_SECONDS,
        )
        status_code, excerpt = answer.status, answer.excerpt
        if not 200 <= status_code < 300:
            error = _refusal(answer)
    except Refused as refused:
        error = str(refused)
    except transport.NoAnswer:
        error = f"No answer within {settings.WEBHOOK_TIMEOUT_SECONDS:g} seconds."
    except transport.SendFailed as failure:
        error = f"Could not send: {failure}"[:EXCERPT]
    duration_ms = round((time.monotonic() - started) * 1000)
    succeeded = not error
    _settle(delivery, at, duration_ms, status_code, error, excerpt, succeeded)
    return succeeded


def resend(deliveries) -> int:
    """Send ``deliveries`` (a queryset) again, as soon as their endpoint takes deliveries;
    returns how many. The event keeps its id, so a partner that has it drops the copy."""
    return deliveries.update(
        status=PENDING, next_attempt_at=timezone.now(), lease=None, lease_until=None
    )


def pause(endpoints, reason: str) -> int:
    """Stop delivering to ``endpoints`` (a queryset); pending deliveries wait."""
    return endpoints.active().update(paused_at=timezone.now(), paused_reason=reason)


def resume(endpoints) -> int:
    """Deliver to paused ``endpoints`` again: one delivery is tried at once, and when it
    succeeds the backlog (and what was published meanwhile) follows. A failure starts a
    new ``WEBHOOK_RETRY_HOURS`` of back-off."""
    now = timezone.now()
    return endpoints.filter(paused_at__isnull=False).update(
        paused_at=None,
        paused_reason="",
        failing_since=now,
        consecutive_failures=1,
        retry_at=now,
    )


def prune(now: datetime.datetime | None = None) -> int:
    """Forget deliveries delivered over ``WEBHOOK_KEEP_DAYS`` ago, with their attempts;
    returns how many. Pending ones are kept whatever their age."""
    before = (now or timezone.now()) - datetime.timedelta(days=settings.WEBHOOK_KEEP_DAYS)
    old = Delivery.objects.filter(status=DELIVERED, delivered_at__lt=before)
    return old.delete()[1].get(Delivery._meta.label, 0)


def backoff(failures: int) -> datetime.timedelta:
    """How long an endpoint that has failed ``failures`` times in a row waits before the
    next try: ``WEBHOOK_FIRST_RETRY_SECONDS`` doubled each time, at most
    ``WEBHOOK_MAX_RETRY_SECONDS``, less up to a fifth at random so that endpoints that fell
    together are not tried together."""
    first, ceiling = settings.WEBHOOK_FIRST_RETRY_SECONDS, settings.WEBHOOK_MAX_RETRY_SECONDS
    seconds = min(first * 2 ** min(failures - 1, 32), ceiling)
    return datetime.timedelta(seconds=seconds * random.uniform(0.8, 1.0))


def _settle(delivery, at, duration_ms, status_code, error, excerpt, succeeded) -> None:
    now = timezone.now()
    with transaction.atomic():
        Attempt.objects.create(
            delivery=delivery,
            at=at,
            duration_ms=duration_ms,
            status_code=status_code,
            error=error[:EXCERPT],
            response=excerpt,
        )
        done = Delivery.objects.filter(pk=delivery.pk, status=PENDING)
        if succeeded:
            done.update(
                status=DELIVERED,
                delivered_at=now,
                attempts=F("attempts") + 1,
                lease=None,
                lease_until=None,
                last_status_code=status_code,
                last_error="",
            )
            recovered = Endpoint.objects.filter(
                pk=delivery.endpoint_id, consecutive_failures__gt=0
            ).update(failing_since=None, consecutive_failures=0, retry_at=None)
            if recovered:
                # The backlog goes now.
                Delivery.objects.filter(endpoint_id=delivery.endpoint_id, status=PENDING).update(
                    next_attempt_at=now
                )
            return
        endpoint = Endpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
        if endpoint.retry_at and endpoint.retry_at > now:
            # Another delivery sent alongside this one failed first and backed the
            # endpoint off: one outage, one step of the back-off.
            failures, failing_since, retry_at = (
                endpoint.consecutive_failures,
                endpoint.failing_since,
                endpoint.retry_at,
            )
        else:
            failures = endpoint.consecutive_failures + 1
            failing_since = endpoint.failing_since or at
            retry_at = now + backoff(failures)
        changes = {
            "failing_since": failing_since,
            "consecutive_failures": failures,
            "retry_at": retry_at,
        }
        if endpoint.paused_at is None and now - failing_since >= datetime.timedelta(
            hours=settings.WEBHOOK_RETRY_HOURS
        ):
            changes |= {
                "paused_at": now,
                "paused_reason": f"Failed for {settings.WEBHOOK_RETRY_HOURS:g} hours "
                f"({failures} attempts in a row); last: {error}"[:500],
            }
        Endpoint.objects.filter(pk=endpoint.pk).update(**changes)
        done.update(
            attempts=F("attempts") + 1,
            lease=None,
            lease_until=None,
            next_attempt_at=retry_at,
            last_status_code=status_code,
            last_error=error[:EXCERPT],
        )


def _refusal(answer: transport.Answer) -> str:
    if 300 <= answer.status < 400:
        return (
            f"The endpoint answered {answer.status} (a redirect to {answer.location or '?'}); "
            "redirects are not followed: register the final address."
        )[:EXCERPT]
    return f"The endpoint answered {answer.status} {answer.reason or ''}".strip() + "."
