"""How a delivery is signed, so that a partner can tell it came from us, unchanged.

Two signatures of the same body, with the endpoint's secret:

- ``X-Factcheck-Signature: sha256=<hex>``: HMAC-SHA256 of the raw body, keyed with the
  secret's text as given (``whsec_…``), as docs/api.md promised first; with
  ``X-Factcheck-Event-Id``.
- ``webhook-id``, ``webhook-timestamp``, ``webhook-signature``: the Standard Webhooks
  headers (https://www.standardwebhooks.com/), which the ``standardwebhooks`` libraries of
  most languages verify in one call, and which bind the time of sending too, so that an
  old delivery replayed by someone who caught it is refused.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac

from standardwebhooks import Webhook


def signed_headers(
    *, secret: str, event_id: str, event: str, body: bytes, at: datetime.datetime
) -> dict[str, str]:
    """The headers of one POST of ``body`` (UTF-8 JSON) for the event ``event_id`` (the
    change-feed seq, as text) of type ``event`` (published, updated, withdrawn), sent at
    ``at`` (an aware datetime)."""
    at = at.astimezone(datetime.UTC)
    digest = hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Factcheck-Event-Id": event_id,
        "X-Factcheck-Event": event,
        "X-Factcheck-Signature": f"sha256={digest}",
        "webhook-id": event_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(event_id, at, body.decode()),
    }
