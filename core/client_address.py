"""Whose request is this: the one place that decides a client's address.

Rate limits (factcheck/api/throttling.py), the admin login's lock-out (django-axes, through
``AXES_CLIENT_IP_CALLABLE``) and the request logs (factcheck/logging.py) all key on the
address this module gives, so that they can never disagree about who a client is.

The rule, safe by default:

- ``NUM_PROXIES`` unset (or 0): the connection's address (``REMOTE_ADDR``). X-Forwarded-For
  is then written by the client, and trusting it would let anyone name a fresh address on
  every request and escape every limit.
- ``NUM_PROXIES = N``: the Nth entry of X-Forwarded-For from the right, the one the
  outermost of our N proxies appended (each proxy appends the address it was called from;
  whatever is further left was written by the client).
- An entry may carry a port (``203.0.113.7:51234``, ``[2001:db8::1]:443``: IIS and Azure
  append them): the bare address is kept, so a new connection is not a new client.
- Anything that is not an address falls back to ``REMOTE_ADDR``, never to a constant that
  every such client would share (one attacker could then lock everybody else out).
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

# The longest value an answer is kept for: an IPv6 address with brackets, a port and some
# spaces fits; longer text (an X-Forwarded-For entry is the client's to write) is parsed
# each time, so that the kept answers take at most about 4096 × 64 characters.
CACHED_LENGTH = 64


def parse_address(value: str) -> str | None:
    """The bare IP address in ``value`` (``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1``,
    ``[2001:db8::1]``, ``[2001:db8::1]:443``), normalised (``2001:DB8::1`` →
    ``2001:db8::1``); None when it holds no address."""
    if len(value) <= CACHED_LENGTH:
        return _parse_address_cached(value)
    return _parse_address(value)


def _parse_address(value: str) -> str | None:
    value = value.strip()
    if value.startswith("["):
        # [v6] or [v6]:port
        host, bracket, rest = value[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        value = host
    elif value.count(":") == 1:
        # v4:port (a bare IPv6 address has at least two colons)
        host, _, port = value.partition(":")
        if not port.isdigit():
            return None
        value = host
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4-mapped IPv6 address (::ffff:1.2.3.4) is the IPv4 client it maps.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return str(address)


# Every request parses its connection's address, which ipaddress does in Python (about 5 µs
# of the 6.6 client_address costs): a process sees the same few addresses again and again
# (its proxies, busy clients), so the answers are kept. The function is pure: a kept answer
# is the one it would give again.
_parse_address_cached = lru_cache(maxsize=4096)(_parse_address)


def client_address(request: HttpRequest) -> str | None:
    """The client's address by the rule in this module's docstring. Used as django-axes'
    ``AXES_CLIENT_IP_CALLABLE``; works on Django's and DRF's requests alike (it reads only
    ``request.META``)."""
    remote_addr = request.META.get("REMOTE_ADDR") or None
    connection = parse_address(remote_addr) if remote_addr else None
    num_proxies = settings.NUM_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if num_proxies and forwarded:
        entries = forwarded.split(",")
        # Fewer entries than proxies: the leftmost is the nearest to the client we have.
        candidate = parse_address(entries[-min(num_proxies, len(entries))])
        if candidate is not None:
            return candidate
    return connection or remote_addr
