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

# IPv6 ranges that carry an IPv4 address in their last 32 bits, which networks route to
# (IPv4-compatible, NAT64, local NAT64; 6to4 has it in bits 16–48). Python calls most of
# them global: ``[::127.0.0.1]`` would pass for a public address.
_IPV4_IN_LAST_32 = [ipaddress.ip_network(n) for n in ("::/96", "64:ff9b::/96", "64:ff9b:1::/48")]
_TEREDO = ipaddress.ip_network("2001::/32")


class Refused(ValueError):
    """The URL is not somewhere a delivery may go; the message says why, for the desk."""


def _embedded_ipv4_is_global(ip) -> bool:
    """False when an IPv6 address carries an IPv4 address that is not public (or is a
    Teredo tunnel, whose far end cannot be told)."""
    if ip.version != 6:
        return True
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped.is_global
    if ip in _TEREDO:
        return False
    if ip.sixtofour is not None:
        return ip.sixtofour.is_global
    if any(ip in network for network in _IPV4_IN_LAST_32):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF).is_global
    return True


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
        if not ip.is_global or not _embedded_ipv4_is_global(ip):
            raise Refused(
                f"The host {host} is at {ip}, an address inside a private network: "
                "webhooks go to public addresses only."
            )
