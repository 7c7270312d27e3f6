"""Where a webhook may be sent: a partner's public HTTPS address, never our own network.

An editor types the URL; a delivery is a POST from inside our network. Without this check
an account that may register endpoints could make our workers reach the database, Redis or
a cloud metadata address (server-side request forgery). ``WEBHOOK_ALLOW_LOCAL`` (on with
``DEBUG``, and in tests) lets development and tests use plain HTTP on 127.0.0.1.

Checked when the endpoint is saved (a form error) and again before each POST (a host's
addresses can change). What is left: a name that resolves to a public address for this
check and to a private one a moment later (DNS rebinding); a proxy that only lets the
workers out to the internet closes that, and docs/operations.md says so.
"""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings


class Refused(ValueError):
    """The URL is not somewhere a delivery may go; the message says why, for the desk."""


def check_destination(url: str) -> None:
    """Raise ``Refused`` unless ``url`` is HTTPS on a host whose every address is public
    (any scheme of http/https and any address with ``WEBHOOK_ALLOW_LOCAL``)."""
    parts = urlsplit(url)
    allow_local = settings.WEBHOOK_ALLOW_LOCAL
    if parts.scheme not in (("http", "https") if allow_local else ("https",)):
        raise Refused("Webhooks are sent over HTTPS only: the URL must start with https://.")
    if parts.username or parts.password:
        raise Refused("Put no user name or password in the URL: deliveries are signed.")
    host = parts.hostname
    if not host:
        raise Refused("The URL has no host.")
    if allow_local:
        return
    try:
        port = parts.port or 443
        addresses = {
            info[4][0] for info in socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        }
    except (OSError, ValueError, UnicodeError) as error:
        raise Refused(f"The host {host} cannot be found ({error}).") from error
    for address in sorted(addresses):
        ip = ipaddress.ip_address(address.split("%")[0])
        if not ip.is_global:
            raise Refused(
                f"The host {host} is at {ip}, an address inside a private network: "
                "webhooks go to public addresses only."
            )
