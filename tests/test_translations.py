"""The translation catalogues (locale/, docs/pages.md "Languages"): Russian and Arabic
complete, every translation keeping its message's placeholders, the compiled .mo files in
step with the .po files the site is translated from, and the .po files in step with the
code (`make messages`)."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

PROJECT = Path(__file__).resolve().parents[1]
LOCALE = PROJECT / "locale"
COMPLETE = ["ru", "ar"]
# Kurdish Sorani: the reader's layout, dates and dispute words; the rest falls back to
# English (docs/pages.md).
PARTIAL = ["ckb"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{\w*\}")


# The domains: the code and templates (django), the admin's scripts (djangojs).
DOMAINS = ["django", "djangojs"]


def catalogue(language: str, domain: str = "django") -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / f"{domain}.po"))


def messages(po) -> dict:
    """(context, msgid) → the translation (a string, or the plural forms as a tuple), for
    the entries a compiled catalogue carries: translated, not fuzzy, not obsolete."""
    found = {}
    for entry in po:
        if entry.msgid == "" or entry.obsolete or "fuzzy" in entry.flags:
            continue  # the header; what msgfmt leaves out
        if entry.msgid_plural:
            value = tuple(entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural))
        else:
            value = (entry.msgstr,)
        if all(value):
            found[(entry.msgctxt, entry.msgid)] = value
    return found


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", COMPLETE)
def test_every_message_is_translated(language, domain):
    po = catalogue(language, domain)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == []
    assert fuzzy == []
    assert len(po) > (600 if domain == "django" else 5)


@pytest.mark.parametrize("language", PARTIAL)
def test_the_partial_catalogue_covers_the_readers_layout(language):
    translated = {(e.msgctxt, e.msgid) for e in catalogue(language).translated_entries()}
    for key in [
        (None, "Home"),
        (None, "All claims"),
        ("navigation", "Disputed"),
        (None, "Languages"),
        (None, "The dispute"),
        ("thread step", "Denied by"),
        ("month name after a day", "May"),
        ("date", "between %(start)s and %(end)s"),
    ]:
        assert key in translated


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", COMPLETE + PARTIAL)
def test_translations_keep_their_messages_placeholders(language, domain):
    wrong = []
    for entry in catalogue(language, domain).translated_entries():
        expected = set(PLACEHOLDER.findall(entry.msgid)) | set(
            PLACEHOLDER.findall(entry.msgid_plural or "")
        )
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for form in forms:
            found = set(PLACEHOLDER.findall(form))
            # A plural form for one number may say the number in words ("نفيان", two).
            if not found <= expected or (not entry.msgid_plural and found != expected):
                wrong.append((entry.msgid, form))
    assert wrong == []


@pytest.mark.parametrize("domain", DOMAINS)
@pytest.mark.parametrize("language", COMPLETE + PARTIAL)
def test_the_compiled_catalogue_is_the_po_file(language, domain):
    """The .mo the site reads says what its .po says: run `make messages` (or
    `manage.py compilemessages`) after editing a translation."""
    folder = LOCALE / language / "LC_MESSAGES"
    compiled = polib.mofile(str(folder / f"{domain}.mo"))
    assert messages(compiled) == messages(catalogue(language, domain))


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalogues_hold_every_message_of_the_code(tmp_path):
    """`make messages` on a copy of the project finds no message the catalogues lack (nor
    one they keep for nothing): a string wrapped for translation is in the catalogues."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".*", "node_modules", "tests", "bench", "staticfiles", "var", "__pycache__", "*.mo"
    )
    shutil.copytree(PROJECT, copy, ignore=ignore)
    for domain in DOMAINS:
        subprocess.run(
            [
                sys.executable,
                "manage.py",
                "makemessages",
                f"--domain={domain}",
                "--locale=ru",
                "--no-obsolete",
            ],
            cwd=copy,
            env={"PATH": "/usr/bin:/bin", "DEBUG": "true", "PYTHONPATH": str(copy)},
            check=True,
            capture_output=True,
            timeout=300,
        )
        po = polib.pofile(str(copy / "locale" / "ru" / "LC_MESSAGES" / f"{domain}.po"))
        extracted = {(entry.msgctxt, entry.msgid) for entry in po}
        committed = {(entry.msgctxt, entry.msgid) for entry in catalogue("ru", domain)}
        assert extracted - committed == set(), f"new {domain} messages: run `make messages`"
        assert committed - extracted == set(), f"{domain} messages no longer used"
