"""The queue's side of webhooks (Celery; ``factcheck/celery.py``): thin wrappers around
``webhooks.delivery``, which holds the rules and is tested without a queue.

``webhooks.sweep`` runs every ``WEBHOOK_POLL_SECONDS`` (Celery beat) and queues one
``webhooks.deliver`` per leased delivery; ``webhooks.prune`` runs hourly.
"""

from celery import shared_task

from webhooks import delivery


@shared_task(name="webhooks.sweep", ignore_result=True)
def sweep() -> int:
    return delivery.sweep(deliver.delay)


# Acknowledged when done: a worker killed mid-POST leaves the message to the broker; the
# lease (and the next sweep) sends it again anyway, so the message is belt and braces.
@shared_task(name="webhooks.deliver", ignore_result=True, acks_late=True)
def deliver(pk: int, lease: str) -> bool | None:
    return delivery.deliver(pk, lease)


@shared_task(name="webhooks.prune", ignore_result=True)
def prune() -> int:
    return delivery.prune()
