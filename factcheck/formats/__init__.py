"""Date formats that differ from Django's (FORMAT_MODULE_PATH): for each language, the
module ``<code>/formats.py``; a language without one keeps Django's."""
