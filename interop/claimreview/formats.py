"""Which kind of file this is, and its reviews read one at a time, never the whole file.

``open_records(binary_file, name)`` detects the format from the content (never the file's
name) and returns a ``Reading``: its ``format`` for the report, and ``records``, an iterator
of (position, ``ReviewRecord`` or ``RecordError``).

- JSON is streamed with ijson (yajl's C parser): a top-level list item by item, a
  ``DataFeed``'s ``dataFeedElement``, a ``@graph`` or a Fact Check Tools answer's ``claims``
  element by element; only a single object is held whole.
- CSV is read row by row with the ``csv`` module; the header says ClaimsKG, Meedan Check or
  plain.
- An HTML page is parsed whole (pages are small; it is bounded by
  ``CLAIMREVIEW_UPLOAD_MAX_BYTES``), and its ``<script type="application/ld+json">`` blocks
  are read by extruct's JSON-LD extractor (Scrapinghub's, which also takes the comment-
  wrapped and lax JSON publishers' templates produce), one block at a time, so that one
  broken block is reported and the others are read.

A file that cannot be read at all, or that breaks off in the middle, raises
``FileUnreadable`` (the records yielded before it stand).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import ijson

from interop.claimreview.parse import (
    CHECK_REQUIRED,
    IGNORED_GRAPH_TYPES,
    MAX_DEPTH,
    PLAIN_COLUMNS,
    PLAIN_REQUIRED,
    RecordError,
    ReviewRecord,
    checked_row,
    is_google_claim,
    records_in,
    review_from_check_row,
    review_from_claimskg_row,
    review_from_plain_row,
    type_name,
)

Records = Iterator[tuple[str, ReviewRecord | RecordError]]

# The top-level keys whose lists are streamed element by element, and what they make the
# file: the first one met decides.
# Meedan Check's other CSV exports, of fact-checks without their claims (check-api's
# FactCheck.get_exported_data, and a shared feed's fact-checks): recognised, to say why they
# cannot be imported.
CHECK_FACT_CHECKS = {"ID", "Title", "Summary", "URL", "Report Status"}
CHECK_FEED_FACT_CHECKS = {"Fact-check title", "Fact-check summary", "Fact-check URL", "Rating"}
STREAMED_KEYS = {
    "dataFeedElement": "schema.org DataFeed of ClaimReview (JSON-LD)",
    "@graph": "schema.org ClaimReview JSON-LD (@graph)",
    "claims": "Google Fact Check Tools claims:search response",
}
EXPECTED = (
    "expected ClaimReview JSON-LD (an object, a list, a @graph or a DataFeed), a Google Fact "
    "Check Tools claims:search response, an HTML page carrying ClaimReview JSON-LD, a ClaimsKG "
    "CSV, a Meedan Check item export, or a CSV with the header " + ",".join(PLAIN_COLUMNS)
)


class FileUnreadable(Exception):
    """The file, or what is left of it from some point on, cannot be read: ``reason``."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Reading:
    """A file being read: ``format`` names what it was read as (for the report)."""

    format: str
    records: Records


def open_records(
    file: IO[bytes], name: str, *, max_whole_bytes: int | None = None, size: int | None = None
) -> Reading:
    """Detects ``file``'s format and reads it. ``max_whole_bytes`` bounds what must be held
    whole (an HTML page, a single JSON object); ``size`` is the file's, when known."""
    head = file.read(4096)
    file.seek(0)
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if start in (b"{", b"["):
        return _json(file, start, max_whole_bytes, size)
    if start == b"<":
        _check_whole(size, max_whole_bytes, "an HTML page")
        return _html(file.read())
    if not start:
        raise FileUnreadable("the file is empty")
    return _csv(file)


def _check_whole(size: int | None, limit: int | None, what: str) -> None:
    if size is not None and limit is not None and size > limit:
        raise FileUnreadable(
            f"{what} is read whole, and this one is {size / 1_000_000:,.1f} MB; the limit is "
            f"{limit / 1_000_000:,.1f} MB (CLAIMREVIEW_UPLOAD_MAX_BYTES)"
        )


# --- JSON ----------------------------------------------------------------------------------


def _json(file: IO[bytes], start: bytes, limit: int | None, size: int | None) -> Reading:
    parsers = _parsers(file)
    if start == b"[":
        return Reading("a JSON list of ClaimReview JSON-LD", _stream(file, "", parsers))
    key = _streamed_key(file, parsers)
    if key is None:
        _check_whole(size, limit, "a single JSON object")
        return Reading("schema.org ClaimReview JSON-LD (one object)", _stream(file, None, parsers))
    return Reading(STREAMED_KEYS[key], _stream(file, key, parsers))


_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _parsers(file: IO[bytes]) -> tuple:
    """yajl first, then ijson's pure-Python parser for numbers yajl refuses (beyond 64 bits);
    the Python parser alone for a file that escapes UTF-16 surrogates (``\\ud800``): yajl
    turns a lone one into "?" without a word, and the record must be refused, naming it."""
    file.seek(0)
    tail = b""
    while chunk := file.read(1 << 20):
        if _SURROGATE_ESCAPE.search(tail + chunk):
            file.seek(0)
            return (_PYTHON_PARSER,)
        tail = chunk[-6:]
    file.seek(0)
    return (ijson, _PYTHON_PARSER)


# ijson's basic events, not its items: ``ijson.items`` carries each event's full path, which
# grows with the depth, so that JSON nested 100,000 deep costs gigabytes; here the depth is
# counted, and an item nested beyond ``MAX_DEPTH`` is passed over without being built.
_OPEN, _CLOSE = {"start_map", "start_array"}, {"end_map", "end_array"}
_PYTHON_PARSER = ijson.get_backend("python")


def _streamed_key(file: IO[bytes], parsers: tuple) -> str | None:
    """The first top-level key whose value is a streamed list; None for a plain object.
    Reads only as far as that key; nothing is built."""
    for backend in parsers:
        file.seek(0)
        depth = 0
        try:
            events = backend.basic_parse(file, use_float=True)
            for event, value in events:
                if depth == 1 and event == "map_key" and value in STREAMED_KEYS:
                    following, _ = next(events)
                    if following == "start_array":
                        return value
                    event = following  # not a list: an object of that name is no stream
                depth += (event in _OPEN) - (event in _CLOSE)
            return None
        except ijson.JSONError as error:
            reason = _ijson_reason(error)
    raise FileUnreadable(f"not JSON: {reason}")


def _stream(file: IO[bytes], key: str | None, parsers: tuple) -> Records:
    """The file's items, each read into records: a top-level list's (``key`` "", positions
    ``[3]``), the list under a top-level ``key`` (``dataFeedElement[3]``), or the whole
    object (``key`` None).

    yajl (the C parser) refuses numbers beyond 64 bits, which are JSON all the same: from the
    item it stopped at, ijson's pure-Python parser takes over, which reads them."""
    done = 0
    for backend in parsers:
        file.seek(0)
        try:
            for index, item in enumerate(_items(backend.basic_parse(file, use_float=True), key)):
                if index < done:
                    continue  # read by the faster parser already
                done = index + 1
                yield from _item_records(item, key, index)
            return
        except ijson.JSONError as error:
            reason = _ijson_reason(error)
    if done:
        raise FileUnreadable(
            f"the JSON breaks off after item {done - 1} ({reason}): nothing after it was read"
        )
    raise FileUnreadable(f"not JSON: {reason}")


class _TooDeep:
    """An item nested beyond ``MAX_DEPTH``, passed over."""


def _items(events: Iterator[tuple[str, Any]], key: str | None) -> Iterator[Any]:
    """Items built from basic events: the root (``key`` None), the root list's elements
    (``key`` ""), or the elements of the list under the root's ``key``."""
    if key is None:
        yield _build(events, next(events))
        return
    depth = 0
    level = 1 if key == "" else 2  # where the items are
    for event, value in events:
        if depth == level and event not in _CLOSE:
            yield _build(events, (event, value))
            continue
        if key and depth == 1 and event == "map_key" and value == key:
            following = next(events)
            if following[0] != "start_array":
                _skip(events, following)
                continue
            event = following[0]
        elif key and depth == 1 and event == "map_key":
            _skip(events, next(events))  # another key's value: passed over, unbuilt
            continue
        depth += (event in _OPEN) - (event in _CLOSE)


def _build(events, first: tuple[str, Any]) -> Any:
    """The value whose first event is ``first``, built from the events that follow (what
    ``ijson.ObjectBuilder`` does, without its cost per event); a value nested more than
    ``MAX_DEPTH`` deep is passed over and returned as ``_TooDeep``."""
    event, value = first
    if event not in _OPEN:
        return value
    root: Any = {} if event == "start_map" else []
    open_ = [root]  # the maps and lists being filled, innermost last
    top, key = root, None
    for event, value in events:
        if event == "map_key":
            key = value
            continue
        if event == "start_map" or event == "start_array":
            if len(open_) >= MAX_DEPTH:
                _skip_rest(events, len(open_) + 1)
                return _TooDeep()
            value = {} if event == "start_map" else []
        elif event == "end_map" or event == "end_array":
            open_.pop()
            if not open_:
                return root
            top = open_[-1]
            continue
        if type(top) is dict:
            top[key] = value
        else:
            top.append(value)
        if type(value) is dict or type(value) is list:
            open_.append(value)
            top = value
    return root


def _skip(events, first: tuple[str, Any]) -> None:
    if first[0] in _OPEN:
        _skip_rest(events, 1)


def _skip_rest(events, depth: int) -> None:
    for event, _ in events:
        depth += (event in _OPEN) - (event in _CLOSE)
        if depth == 0:
            return


def _item_records(item: Any, key: str | None, index: int) -> Records:
    position = "" if key is None else f"{key}[{index}]"
    if isinstance(item, _TooDeep):
        where = position or "document"
        yield (
            where,
            RecordError(where, f"nested more than {MAX_DEPTH} levels deep: not a ClaimReview"),
        )
        return
    if key == "@graph" and type_name(item) in IGNORED_GRAPH_TYPES:
        return
    if key == "claims" and not is_google_claim(item):
        yield position, RecordError(position, "expected a claim with a claimReview list")
        return
    yield from records_in(item, position, depth_checked=True)  # _build bounded it


def _ijson_reason(error: Exception) -> str:
    return " ".join(str(error).split())[:200]


# --- HTML ----------------------------------------------------------------------------------


def _html(content: bytes) -> Reading:
    import lxml.etree
    from extruct.utils import parse_html

    try:
        tree = parse_html(content, encoding="utf-8")
    except (ValueError, lxml.etree.LxmlError) as error:
        raise FileUnreadable(f"not an HTML page this import can read: {error}") from None
    scripts = tree.xpath('//script[@type="application/ld+json"]') if tree is not None else []
    if not scripts:
        raise FileUnreadable(
            'an HTML page without ClaimReview JSON-LD (no <script type="application/ld+json">)'
        )
    return Reading("an HTML page carrying ClaimReview JSON-LD", _html_records(scripts))


def _html_records(scripts) -> Records:
    from extruct.jsonld import JsonLdExtractor

    extractor = JsonLdExtractor()
    for number, script in enumerate(scripts, start=1):
        position = f"script[{number}]"
        try:
            items = extractor.extract_items(script)
        except ValueError as error:  # json's and jstyleson's errors are ValueErrors
            yield position, RecordError(position, f"this JSON-LD block is not JSON: {error}")
            continue
        for index, item in enumerate(items):
            where = position if len(items) == 1 else f"{position}[{index}]"
            for found_at, found in records_in(item, where):
                # Pages carry other JSON-LD (breadcrumbs, articles): only reviews are records.
                if isinstance(found, RecordError) and "unknown @type" in found.reason:
                    continue
                yield found_at, found


# --- CSV -----------------------------------------------------------------------------------


def _csv(file: IO[bytes]) -> Reading:
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    reader = csv.reader(text)
    try:
        header = [column.strip() for column in next(reader)]
    except (UnicodeDecodeError, csv.Error, StopIteration) as error:
        text.detach()  # the file stays open: it is its opener's to close
        raise FileUnreadable(f"not a format this import reads ({error}): {EXPECTED}") from None
    columns = set(header)
    # Other columns are allowed, and passed over.
    read: Callable[[dict[str, str], str], ReviewRecord]
    if {"claimReview_claimReviewed", "claimReview_url"} <= columns:
        read, kind = review_from_claimskg_row, "ClaimsKG CSV"
    elif set(CHECK_REQUIRED) <= columns:
        read, kind = review_from_check_row, "Meedan Check item export (CSV)"
    elif columns >= CHECK_FACT_CHECKS or columns >= CHECK_FEED_FACT_CHECKS:
        text.detach()
        raise FileUnreadable(
            "a Meedan Check export of fact-checks: it names the fact-checks (title, summary, "
            "address) but not the claims they check, and a review means nothing without its "
            "claim. Export the workspace's items instead (the list with Claim, Item page URL "
            "and Status)"
        )
    elif set(PLAIN_REQUIRED) <= columns:
        read, kind = review_from_plain_row, "plain CSV"
    else:
        text.detach()
        raise FileUnreadable(f"not a format this import reads: {EXPECTED}")
    return Reading(kind, _rows(text, reader, header, read))


def _rows(text: io.TextIOWrapper, reader, header: list[str], read) -> Records:
    line = reader.line_num
    try:
        for row in reader:
            position, line = f"line {line + 1}", reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                yield (
                    position,
                    RecordError(
                        position,
                        f"has {len(row)} fields where the header names {len(header)}: a comma or "
                        "a quote is probably missing",
                    ),
                )
                continue
            values: dict[str, Any] = dict(zip(header, row, strict=True))
            yield position, checked_row(read, values, position)
    except UnicodeDecodeError:
        raise FileUnreadable(
            f"the file is not UTF-8 text from about line {line + 1}: nothing after it was read"
        ) from None
    except csv.Error as error:
        raise FileUnreadable(f"line {line + 1}: {error}: nothing after it was read") from None
    finally:
        text.detach()  # the file stays open: it is its opener's to close
