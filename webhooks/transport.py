"""One webhook POST, over in a set time whatever the other end does.

A client's usual timeout (requests', urllib3's, http.client's) bounds each wait for a
packet, not the request: an endpoint that sends a header line every few seconds keeps a
worker for as long as it likes, and past its lease another worker sends the event again.
Here a timer shuts the socket when ``deadline`` seconds have passed since the start,
which ends any wait at once (connecting, the TLS handshake, the answer's head or body).

The standard library's ``http.client`` is used for that: it is the one client whose socket
is ours to shut while it waits. It verifies certificates and host names (``ssl``'s
defaults), follows no redirect and reads no proxy settings (egress is the network's
business: docs/operations.md, "Workers").
"""

from __future__ import annotations

import contextlib
import http.client
import socket
import ssl
import threading
from typing import NamedTuple
from urllib.parse import urlsplit

# What an attempt keeps of the endpoint's answer (bytes read, characters kept).
EXCERPT = 500
_TLS = ssl.create_default_context()


class Answer(NamedTuple):
    status: int
    reason: str
    location: str
    excerpt: str


class NoAnswer(Exception):
    """The deadline passed before the endpoint's answer (its status line and headers)
    came."""


class SendFailed(Exception):
    """The POST could not be made or was cut short (refused, reset, a certificate that
    does not verify …); the message says what happened."""


def post(url: str, body: bytes, headers: dict[str, str], *, deadline: float) -> Answer:
    """POST ``body`` to ``url`` (http or https) with ``headers``; the answer's status,
    reason phrase, ``Location`` and the start of its body. Raises ``NoAnswer`` past
    ``deadline`` seconds, ``SendFailed`` for anything else that went wrong."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=deadline, context=_TLS
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=deadline)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        if connection.sock is not None:
            with contextlib.suppress(OSError):
                connection.sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(deadline, expire)
    timer.daemon = True
    timer.start()
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("POST", path, body=body, headers={**headers, "Connection": "close"})
        response = connection.getresponse()
        if expired.is_set():
            # Shut mid-head, the socket's end reads as the end of the headers.
            raise NoAnswer
        status, reason = response.status, response.reason
        location = response.getheader("Location", "")
        try:
            excerpt = response.read(EXCERPT).decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            excerpt = ""  # the answer's status came in time; its body need not
        return Answer(status, reason, location, excerpt)
    except (OSError, http.client.HTTPException, ValueError) as failure:
        if expired.is_set() or isinstance(failure, TimeoutError):
            raise NoAnswer from failure
        raise SendFailed(str(failure) or type(failure).__name__) from failure
    finally:
        timer.cancel()
        connection.close()
