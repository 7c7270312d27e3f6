"""Writing a research release (``manage.py release``; docs/api.md, "Research releases").

A release is the published record as it stood at one place in the change feed (its last
``seq``), written as files: every table of ``releases.tables`` as CSV and as JSON Lines, a
data dictionary (``datapackage.json``, a Frictionless Data Package, and ``README.md``), and
a manifest (``manifest.json``: each file's size and SHA-256; ``SHA256SUMS``: the same for
``sha256sum -c``). The same record gives the same bytes:

- it reads only the live documents' stored bodies and the withdrawn documents' tombstones,
  in one snapshot of the database (so the ``seq`` it names is the record it holds);
- rows come in a fixed order (by id, speakers by slug), columns in the dictionary's order,
  JSON written as the API writes it, with addresses absolute under ``SITE_URL``;
- nothing in the files says when they were written (the ``Release`` row does).

What it never reads: the working copy, and users (a version's ``published_by`` is in no
body). Files are written to a local temporary directory first, hashed as they are written,
then copied to the "releases" storage under ``<name>/``; the ``Release`` row is written
last, so a listed release is whole.
"""

from __future__ import annotations

import csv
import hashlib
import json
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.db import IntegrityError, connections, transaction
from django.urls import reverse

from core.routers import primary_database
from record import queries
from record.content import iso_datetime
from record.models import Kind
from record.render import absolute_json, dumps
from releases.models import Release, release_name
from releases.tables import TABLES, WITHDRAWN, Table

# Bump when the files' layout or columns change: the same record then gives other bytes.
FORMAT_VERSION = 1
STORAGE_ALIAS = "releases"

MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/x-ndjson",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    "": "text/plain; charset=utf-8",  # SHA256SUMS
}
DICTIONARY = "datapackage.json"
README = "README.md"
MANIFEST = "manifest.json"
CHECKSUMS = "SHA256SUMS"


def media_type(filename: str) -> str:
    return MEDIA_TYPES[Path(filename).suffix]


def release_storage() -> Storage:
    return storages[STORAGE_ALIAS]


@dataclass
class Outcome:
    """What ``release_write`` did: ``written`` False when the release existed whole and
    nothing was written; ``identical`` (after a forced rewrite) whether the new files are
    the bytes the release listed before."""

    release: Release
    written: bool
    identical: bool | None = None


class ReleaseError(Exception):
    """The storage did not keep a file under the name it was given."""


def release_write(*, force: bool = False) -> Outcome:
    """Writes the release of the record as it stands, unless it exists whole (``force``:
    write it again, and say whether the bytes are the same). Raises ``ReleaseError`` when
    the storage renames a file."""
    storage = release_storage()
    # The primary: a replica's lag would name a seq the primary has long passed, harmless
    # but confusing; and the Release row is written there.
    with primary_database():
        with _snapshot("default"):
            last_seq, changed_at = queries.last_version()
            name = release_name(last_seq)
            existing = Release.objects.filter(name=name).first()
            if existing and not force and _whole(existing, storage):
                return Outcome(existing, written=False)
            with tempfile.TemporaryDirectory(prefix="release-") as tmp:
                files, counts = _write_bundle(Path(tmp), name, last_seq, changed_at)
                # Copied while the snapshot is open: nothing in it is written meanwhile.
                _store(storage, Path(tmp), name, files)
        fields = {
            "last_seq": last_seq,
            "record_changed_at": changed_at,
            "format_version": FORMAT_VERSION,
            "files": files,
            "counts": counts,
        }
        if existing:
            identical = existing.files == files
            for key, value in fields.items():
                setattr(existing, key, value)
            existing.save()
            return Outcome(existing, written=True, identical=identical)
        try:
            release = Release.objects.create(name=name, **fields)
        except IntegrityError:
            # Another run wrote the same release meanwhile: the same bytes, by design.
            release = Release.objects.get(name=name)
        return Outcome(release, written=True)


@contextmanager
def _snapshot(alias: str):
    """One consistent view of the record for every query inside: on PostgreSQL a
    repeatable-read, read-only transaction (a publish committing meanwhile is not seen, and
    blocks nothing); SQLite's read transaction is a snapshot already. Inside a transaction
    that has begun (a test's), that one's view is kept."""
    connection = connections[alias]
    started = not connection.in_atomic_block
    with transaction.atomic(using=alias):
        if started and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _whole(release: Release, storage: Storage) -> bool:
    return all(storage.exists(f"{release.name}/{entry['name']}") for entry in release.files)


# --- The files ----------------------------------------------------------------------------


class _Output:
    """A file written as UTF-8, hashed and counted as it goes (``csv.writer`` writes to
    it as to a text file)."""

    def __init__(self, path: Path):
        self.name = path.name
        self._file = path.open("wb")
        self._hash = hashlib.sha256()
        self.size = 0

    def write(self, text: str) -> None:
        data = text.encode()
        self._file.write(data)
        self._hash.update(data)
        self.size += len(data)

    def close(self) -> dict:
        self._file.close()
        return {
            "name": self.name,
            "size": self.size,
            "sha256": self._hash.hexdigest(),
            "media_type": media_type(self.name),
        }


class _TableWriter:
    """One table's two files: CSV (RFC 4180: comma, double quotes, CRLF; a header row) and
    JSON Lines (one object a row, keys in the columns' order)."""

    def __init__(self, directory: Path, table: Table):
        self.table = table
        self.columns = table.column_names
        self.csv_file = _Output(directory / f"{table.name}.csv")
        self.jsonl_file = _Output(directory / f"{table.name}.jsonl")
        self.csv = csv.writer(self.csv_file, lineterminator="\r\n")
        self.csv.writerow(self.columns)
        self.rows = 0

    def write(self, row: dict) -> None:
        values = [row[column] for column in self.columns]
        self.csv.writerow([_cell(value) for value in values])
        self.jsonl_file.write(dumps(dict(zip(self.columns, values, strict=True))) + "\n")
        self.rows += 1

    def close(self) -> list[dict]:
        return [self.csv_file.close(), self.jsonl_file.close()]


def _cell(value) -> str | int:
    """A CSV cell: null empty, booleans true/false, lists as JSON text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return dumps(value)
    return value


def _bodies(kind: str, origin: str) -> Iterator[dict]:
    for text in queries.release_bodies(kind):
        yield json.loads(absolute_json(text, origin))


def _withdrawn(origin: str) -> Iterator[dict]:
    for kind, pk, slug, withdrawn_at, reason in queries.withdrawn_documents():
        if kind == Kind.SPEAKER:
            path = reverse("api:speaker-detail", kwargs={"slug": slug})
        else:
            path = reverse(f"api:{kind}-detail", kwargs={"pk": pk})
        yield {
            "object": kind,
            "id": None if kind == Kind.SPEAKER else pk,
            "slug": slug,
            "api_url": f"{origin}{path}",
            "withdrawn_at": iso_datetime(withdrawn_at),
            "reason": reason,
        }


def _write_bundle(directory: Path, name: str, last_seq: int, changed_at) -> tuple[list, dict]:
    """Every file of the bundle in ``directory``: the manifest entries (sorted by name)
    and the rows of each table."""
    origin = settings.SITE_URL.rstrip("/")
    writers = {table.name: _TableWriter(directory, table) for table in TABLES}
    try:
        for kind in (Kind.CLAIM, Kind.SPEAKER, Kind.SOURCE, Kind.OUTLET):
            fed = [writers[t.name] for t in TABLES if t.kind == kind]
            # One pass over each kind's documents feeds all of its tables.
            for body in _bodies(kind, origin):
                for writer in fed:
                    for row in writer.table.rows(body):
                        writer.write(row)
        for row in _withdrawn(origin):
            writers[WITHDRAWN.name].write(row)
    finally:
        entries = [entry for writer in writers.values() for entry in writer.close()]
    counts = {name: writer.rows for name, writer in writers.items()}
    record = {
        "last_seq": last_seq,
        "changed_at": iso_datetime(changed_at),
        "site": origin,
        "format_version": FORMAT_VERSION,
    }
    entries.append(_text_file(directory / DICTIONARY, _dictionary(name, record, counts)))
    entries.append(_text_file(directory / README, _readme(name, record, counts)))
    entries.sort(key=lambda entry: entry["name"])
    manifest = {"name": name, **record, "files": entries}
    entries.append(_text_file(directory / MANIFEST, _json_text(manifest)))
    entries.sort(key=lambda entry: entry["name"])
    sums = "".join(f"{entry['sha256']}  {entry['name']}\n" for entry in entries)
    entries.append(_text_file(directory / CHECKSUMS, sums))
    entries.sort(key=lambda entry: entry["name"])
    return entries, counts


def _text_file(path: Path, text: str) -> dict:
    output = _Output(path)
    output.write(text)
    return output.close()


def _json_text(value) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def _store(storage: Storage, directory: Path, name: str, entries: list[dict]) -> None:
    for entry in entries:
        path = f"{name}/{entry['name']}"
        if storage.exists(path):
            storage.delete(path)  # a forced rewrite, or a run that stopped half-way
        with (directory / entry["name"]).open("rb") as file:
            saved = storage.save(path, File(file))
        if saved != path:
            raise ReleaseError(f"The storage kept {path} as {saved}.")


# --- The data dictionary ------------------------------------------------------------------


def _field(column) -> dict:
    field = {"name": column.name, "type": column.type, "description": column.description}
    if column.type == "array":
        field["description"] += " In CSV: a JSON array."
    if not column.nullable:
        field["constraints"] = {"required": True}
    return field


def _dictionary(name: str, record: dict, counts: dict) -> str:
    resources = []
    for table in TABLES:
        schema = {"fields": [_field(column) for column in table.columns], "missingValues": [""]}
        if table.primary_key:
            schema["primaryKey"] = list(table.primary_key)
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "profile": "tabular-data-resource",
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "dialect": {"delimiter": ",", "lineTerminator": "\r\n", "header": True},
                "rows": counts[table.name],
                "jsonl_path": f"{table.name}.jsonl",
                "schema": schema,
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": f"factcheck-{name}",
        "title": f"{settings.SITE_NAME}: research release {name}",
        "description": "The published record of claims, who denied them, the evidence and "
        "the verdicts, as the API serves it.",
        "version": name,
        "record": record,
        "resources": resources,
    }
    return _json_text(package)


def _readme(name: str, record: dict, counts: dict) -> str:
    lines = [
        f"# {settings.SITE_NAME}: research release {name}",
        "",
        f"The published record as it stood at change-feed seq {record['last_seq']} "
        f"(its last version published {record['changed_at'] or 'never: the record is empty'}), "
        f"from {record['site']}. Format version {record['format_version']}.",
        "",
        "Every table is given twice, with the same rows: `<table>.csv` (RFC 4180, UTF-8, "
        "comma-separated, a header row, CRLF line ends) and `<table>.jsonl` (JSON Lines, "
        "one object a row). In CSV an empty cell is null or an empty string, booleans are "
        "`true`/`false` and arrays are JSON text; JSON Lines keeps types and nulls exact. "
        "Cells are written as published: a spreadsheet may read one starting with `=` as a "
        "formula, so import them as text.",
        "",
        "Only published documents are here; withdrawn ones are listed in `withdrawn` with "
        "when and why, without their content. `datapackage.json` is this dictionary as a "
        "Frictionless Data Package. Check the files with `sha256sum -c SHA256SUMS` "
        "(`manifest.json` gives each file's size too).",
        "",
    ]
    for table in TABLES:
        lines += [f"## {table.name} ({counts[table.name]:,} rows)", "", table.description, ""]
        lines += ["| column | type | meaning |", "|---|---|---|"]
        for column in table.columns:
            kind = f"{column.type}, or null" if column.nullable else column.type
            meaning = column.description.replace("|", "\\|")
            lines.append(f"| `{column.name}` | {kind} | {meaning} |")
        lines.append("")
    return "\n".join(lines)
