"""The canonical form of an imported address, and the key two spellings of one page share.

A publisher's fact-check moves from ``http://checks.example/article/`` to
``https://Checks.example:443/article?utm_source=feed``; both are the same review. Imports
store the *clean* form (``clean_url``: what the publisher wrote, less what only tracks the
reader) and compare by ``identity_key`` (scheme and trailing slash ignored too), so a
re-import spelled the other way matches instead of creating a second review.

The escaping and query order are w3lib's ``canonicalize_url`` (Scrapy's, the reference
implementation crawlers use); the tracking parameters are our own list, since w3lib keeps
every parameter.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

# Parameters that say how a reader arrived, never which page: analytics (Google, Adobe,
# HubSpot, Mailchimp, Matomo/Piwik), ad click ids (Google, Microsoft, Facebook, Twitter,
# TikTok, Yandex, LinkedIn), share buttons. A prefix ends in "_" or "*".
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "twclid",
        "ttclid", "yclid", "li_fat_id", "igshid", "mc_cid", "mc_eid", "_hsenc", "_hsmi",
        "__hstc", "__hssc", "__hsfp", "hsctatracking", "oly_anon_id", "oly_enc_id",
        "vero_id", "wickedid", "rb_clickid", "s_cid", "ref_src", "ref_url", "cmpid",
        "icid", "ncid", "ocid", "sr_share", "at_medium", "at_campaign", "spm",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "matomo_", "itm_", "stm_", "hmb_")
DEFAULT_PORTS = {"http": 80, "https": 443}


def is_tracking(name: str) -> bool:
    """Whether a query parameter only tracks the reader (``utm_source``, ``fbclid``…)."""
    name = name.lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


# An address already in its clean form: http(s), a host in lower case, a path of unreserved
# characters (no dot segment), and nothing else: returned as it is, without w3lib's work
# (most fact-checks' addresses; tests/claims/test_claimreview_formats.py checks the two agree).
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_SEGMENT = r"[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
ALREADY_CLEAN = re.compile(rf"https?://{_LABEL}(?:\.{_LABEL})*(?:(?:/{_SEGMENT})+/?|/)")


@lru_cache(maxsize=20_000)  # an import asks for each address several times
def clean_url(url: str) -> str:
    """``url`` as stored: scheme and host in lower case, no default port, no fragment, no
    tracking parameters, the rest escaped and ordered as w3lib does. The path (trailing
    slash included) is the publisher's. An address that is not http(s) is returned as given
    (field validation refuses it later, naming it)."""
    url = url.strip()
    if ALREADY_CLEAN.fullmatch(url):
        return url
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a bad port or an unclosed IPv6 bracket: not an address to tidy
        return url
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname:
        return url
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6
        host = f"[{host}]"
    if port is not None and port != DEFAULT_PORTS[scheme]:
        host = f"{host}:{port}"
    query = urlencode(
        [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not is_tracking(k)]
    )
    tidy = urlunsplit((scheme, host, parts.path or "/", query, ""))
    return canonicalize_url(tidy, keep_fragments=False)


@lru_cache(maxsize=20_000)
def identity_key(url: str) -> str:
    """What two spellings of one page share: the clean form without its scheme and without
    a trailing slash (``checks.example/article``)."""
    clean = clean_url(url)
    clean = re.sub(r"^https?://", "", clean, flags=re.IGNORECASE)
    path, _, query = clean.partition("?")
    path = path.rstrip("/") if path.count("/") > 0 else path
    return f"{path}?{query}" if query else path


def spellings(url: str) -> list[str]:
    """The stored forms an address may have been imported under before (http or https,
    with or without the trailing slash), to look them up in one query."""
    key = identity_key(url)
    path, _, query = key.partition("?")
    suffix = f"?{query}" if query else ""
    forms = []
    for scheme in ("https", "http"):
        for tail in ("", "/"):
            if tail and path.endswith("/"):
                continue
            forms.append(f"{scheme}://{path}{tail}{suffix}")
    return forms
