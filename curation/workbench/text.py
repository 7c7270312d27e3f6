"""An article's text as the workbench stores it and shows it.

- ``article_text(html)``: a web page reduced to the article's text by trafilatura (its
  main-content extraction: the navigation, footers, scripts and comments left out), and
  the page's own title and address, which fill the source's when the curator left them
  empty.
- ``plain_text(data)``: an uploaded text file as text.
- ``one_line_ending(text)``: line breaks as ``\\n``. Browsers send a textarea's line
  breaks as ``\\r\\n`` whatever was pasted, and show a text's ``\\r\\n`` as one break: they
  are the form's encoding, not the source's words, and a selection's offsets are counted
  in the text as the browser shows it.
- ``passages(text, marks)``: the stored text cut where excerpts already taken from it begin
  and end, for the page to show them marked.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import trafilatura
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext


class NoArticleText(ValueError):
    """The page holds no text trafilatura takes for an article."""


@dataclass(frozen=True)
class Article:
    """What a web page gives a source: its text, and its own title and URL ("" unknown)."""

    text: str
    title: str
    url: str


def one_line_ending(text: str) -> str:
    """``text`` with every ``\\r\\n`` and lone ``\\r`` as ``\\n``; nothing else changes."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def article_text(html: str) -> Article:
    """The article in the web page ``html``: its text (paragraphs one a line, tables kept,
    comments left out) and the title and address the page states (``<title>``,
    ``og:title``, the canonical link…). Raises ``NoArticleText`` when trafilatura finds no
    main text (an empty page, a page of links)."""
    text = trafilatura.extract(
        html, include_comments=False, include_tables=True, include_images=False
    )
    if not text or not text.strip():
        raise NoArticleText(
            gettext("No article text was found in this HTML: paste the article's text instead.")
        )
    metadata = trafilatura.extract_metadata(html)
    title = (metadata.title or "") if metadata is not None else ""
    url = (metadata.url or "") if metadata is not None else ""
    return Article(text=one_line_ending(text), title=title.strip(), url=url.strip())


def plain_text(data: bytes) -> str:
    """An uploaded text file's bytes as text: UTF-8 (a byte-order mark dropped), line
    breaks as ``\\n``. Raises ``UnicodeDecodeError`` for any other encoding."""
    return one_line_ending(data.decode("utf-8-sig"))


def looks_like_html(name: str, content_type: str, head: bytes) -> bool:
    """Whether an upload is a web page: by its name, its declared type, or its start."""
    if name.lower().endswith((".html", ".htm", ".xhtml")) or "html" in content_type:
        return True
    start = head.lstrip()[:15].lower()
    return start.startswith((b"<!doctype html", b"<html"))


@dataclass(frozen=True)
class Passage:
    """A run of the stored text, and the claims whose excerpts cover it (ids; empty for
    text no excerpt takes)."""

    text: str
    claims: tuple[int, ...]

    @property
    def shown(self) -> SafeString:
        """The run as HTML whose text is exactly the run: escaped, and each carriage return
        as a character reference, which (unlike a raw one) the HTML parser keeps, so that
        the characters a selection counts on the page are the stored text's."""
        return mark_safe(escape(self.text).replace("\r", "&#13;"))


def passages(text: str, marks: list[tuple[int, int, int]]) -> list[Passage]:
    """``text`` cut into runs at every start and end of ``marks`` (``(start, end,
    claim_id)``, characters, end exclusive): each run with the claims covering it, so
    overlapping excerpts show as runs covered by both. The runs put together are
    ``text``."""
    cuts = {0, len(text)}
    for start, end, _ in marks:
        cuts.update({max(0, min(start, len(text))), max(0, min(end, len(text)))})
    bounds = sorted(cuts)
    runs = []
    for start, end in pairwise(bounds):
        covering = tuple(sorted({claim for s, e, claim in marks if s <= start and end <= e}))
        runs.append(Passage(text[start:end], covering))
    return runs
