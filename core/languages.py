"""The site's languages and their addresses (docs/pages.md, "Languages").

English, ``LANGUAGE_CODE``, is served at the addresses the site always had; every other
language of ``LANGUAGES`` at the same addresses under its code (``/ru/claims/1/…``), as
Django's ``i18n_patterns(…, prefix_default_language=False)`` in factcheck/urls.py reverses
and resolves them. The published record keeps the unprefixed, language-neutral addresses
(``page_url``); a reader page puts its language's prefix in with ``localized_path``, which
is a string operation, so that a page linking to a hundred documents costs no URL
resolution.
"""

from __future__ import annotations

import functools
import re

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils import translation


@functools.cache
def _prefixed() -> tuple[tuple[str, ...], re.Pattern]:
    codes = tuple(code for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE)
    alternatives = "|".join(re.escape(code) for code in codes) or "(?!)"
    return codes, re.compile(rf"^/(?P<language>{alternatives})(?=/)")


def prefixed_languages() -> tuple[str, ...]:
    """The codes of the languages served under a prefix: all but ``LANGUAGE_CODE``."""
    return _prefixed()[0]


def prefix_pattern() -> str:
    """A regular expression for the optional language prefix of a reader page's path, as
    an early-answer middleware matches it: ``(?:/(?P<language>ru|ar|ckb))?``."""
    codes = "|".join(re.escape(code) for code in prefixed_languages()) or "(?!)"
    return rf"(?:/(?P<language>{codes}))?"


def split_path(path: str) -> tuple[str, str]:
    """``(language, path without its prefix)``: "/ru/claims/" → ("ru", "/claims/");
    an unprefixed path is the default language's."""
    match = _prefixed()[1].match(path)
    if match is None:
        return settings.LANGUAGE_CODE, path
    return match["language"], path[match.end() :]


def localized_path(path: str, language: str | None = None) -> str:
    """The root-relative address ``path`` (unprefixed, as the record stores it) of a reader
    page in ``language`` (by default the active one): "/claims/1/x/" → "/ru/claims/1/x/"."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    if language == settings.LANGUAGE_CODE or not path.startswith("/"):
        return path
    if language not in prefixed_languages():
        # A variant Django activated from a header ("ru-ru"): its language's address.
        language = translation.get_supported_language_variant(language)
        if language == settings.LANGUAGE_CODE:
            return path
    return f"/{language}{path}"


@receiver(setting_changed, dispatch_uid="core.languages.reset")
def _reset(sender, setting: str, **kwargs) -> None:
    # A test that changes the languages (Django clears its own caches the same way).
    if setting in ("LANGUAGES", "LANGUAGE_CODE"):
        _prefixed.cache_clear()
