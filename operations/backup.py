"""Backup and restore of the whole database as one file (``manage.py export_all`` and
``import_all``; docs/operations.md says when to use them rather than ``pg_dump``).

The file is JSON Lines, gzip-compressed when its name ends in ``.gz``. The first line is a
header: the format and its version, the app and Django versions, the migrations applied, and
the models in load order with their row counts. Every other line is one row in Django's
serialization format (``{"model": …, "pk": …, "fields": {…}}``), grouped by model in the
header's order. Both ends stream: rows are written as they are read from the database and
loaded as they are read from the file.

Secrets (``SECRET_FIELDS``: users' password hashes, partners' API key hashes) are written
only when asked for (``--include-secrets``); otherwise they are replaced by values that match
nothing, so a copy of the file lets nobody sign in or pass for a partner, and the header says
which it holds. The file is created readable by its owner only (mode 0600). Restoring runs
every field's checks (``clean_fields``), so a tampered file (a ``javascript:`` URL, say) is
refused whole, naming the row.

Every model is backed up (history included) except those in ``EXCLUDED``. Ids are kept, so
addresses and history rows stay valid; content types and permissions, which ``migrate``
creates in every database under ids of its own, travel by natural key, and so do references
to them.
"""

from __future__ import annotations

import datetime
import gzip
import importlib.metadata
import io
import json
import os
import secrets
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import django
from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, ValidationError
from django.core.management.color import no_style
from django.core.serializers import jsonl, python
from django.core.serializers.base import DeserializationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, models, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import Prefetch
from django.utils import timezone

from claims.models import Claim
from core.routers import primary_database
from record.models import ClaimDocument, PublicDataVersion
from record.search import update_search_vectors as update_record_vectors
from webhooks.models import new_secret

FORMAT = "factcheck-backup"
FORMAT_VERSION = 1

# What is not backed up, and why (docs/operations.md repeats it).
EXCLUDED = {
    "sessions.session": "logins, not data: restored users sign in again",
    "record.publicdataversion": "set to the time of the restore instead, so that no cache "
    "keeps answers from before it",
    "record.lock": "the row every publish locks: created by migrate, it holds nothing",
    "serving.claimpagerendition": "claim pages as rendered: rendered again on their first "
    "request after the restore",
    "serving.claimpagedependency": "what the stored claim pages show: stored with them",
}
EXCLUDED_APPS = {
    "axes": "django-axes' login attempts and lockouts: short-lived security state",
}

# Created by `migrate` in every database, under ids of their own: these rows, and references
# to them, travel by natural key (read here from a row's fields) and are matched on restore.
BY_NATURAL_KEY = {
    ContentType: lambda fields: (fields["app_label"], fields["model"]),
    Permission: lambda fields: (fields["codename"], *fields["content_type"]),
}

# Written only with include_secrets (``export_all --include-secrets``); otherwise replaced by
# a value that matches nothing: an unusable password (curators set a new one), a key hash
# no key hashes to (SHA-256 hex never starts with "!": partners get new keys).
SECRET_FIELDS = {
    ("auth.user", "password"): lambda: make_password(None),
    ("serving.apikey", "key_hash"): lambda: "!" + secrets.token_hex(31),
    # A webhook endpoint's signing secret: without it, a fresh one (give partners theirs).
    ("webhooks.endpoint", "secret"): new_secret,
}

# The file holds every curated row, and with secrets what lets one sign in: its owner's only.
FILE_MODE = 0o600

CHUNK_SIZE = 2000
INSERT_BATCH = 500


class BackupError(Exception):
    """The backup cannot be written or restored; a failed restore has written nothing."""


@dataclass(frozen=True)
class BackupSummary:
    models: int
    rows: int


def backed_up_models() -> list[type[models.Model]]:
    """Every model whose rows the backup holds, in load order (a model after the models it
    refers to)."""
    chosen = [
        model
        for model in apps.get_models()
        if model._meta.label_lower not in EXCLUDED
        and model._meta.app_label not in EXCLUDED_APPS
        and model._meta.managed
        and not model._meta.proxy
    ]
    return _in_dependency_order(chosen)


def _in_dependency_order(chosen: list[type[models.Model]]) -> list[type[models.Model]]:
    remaining = {model: _dependencies(model) & set(chosen) for model in chosen}
    ordered: list[type[models.Model]] = []
    while remaining:
        ready = [model for model in chosen if model in remaining and not remaining[model]]
        # A cycle of plain ids would load in any order (foreign keys are checked at the end
        # of the transaction); only natural keys must exist before they are looked up, and
        # content types and permissions refer to nothing in a cycle.
        ready = ready or [next(model for model in chosen if model in remaining)]
        for model in ready:
            ordered.append(model)
            del remaining[model]
        for dependencies in remaining.values():
            dependencies.difference_update(ready)
    return ordered


def _dependencies(model: type[models.Model]) -> set[type[models.Model]]:
    related = {
        field.related_model
        for field in [*model._meta.concrete_fields, *model._meta.local_many_to_many]
        if field.is_relation and field.related_model is not None
    }
    return {other._meta.concrete_model for other in related} - {model}


def _m2m_fields(model: type[models.Model]) -> list[models.ManyToManyField]:
    # Explicit through models (ClaimLink) are backed up as models of their own.
    return [
        field
        for field in model._meta.local_many_to_many
        if field.remote_field.through._meta.auto_created
    ]


class _LosslessEncoder(DjangoJSONEncoder):
    """DjangoJSONEncoder (``dumpdata``'s) rounds times to the millisecond, as JavaScript
    does; a backup keeps the microseconds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


class _RowSerializer(jsonl.Serializer):
    """Django's JSON Lines serializer, with natural keys for content types and permissions
    only: every other reference keeps its id, which the restore keeps too."""

    def __init__(self, *, include_secrets: bool):
        super().__init__()
        self.include_secrets = include_secrets

    def start_serialization(self):
        super().start_serialization()
        self.written = 0

    def end_object(self, obj):
        # One write a row: Django's json.dump hands the stream every token on its own, ten
        # times slower.
        self.stream.write(json.dumps(self.get_dump_object(obj), **self.json_kwargs) + "\n")
        self._current = None
        self.written += 1

    def handle_field(self, obj, field):
        # Derived from the text and excerpts, and database-specific: rebuilt on restore.
        if isinstance(field, SearchVectorField):
            return
        redact = SECRET_FIELDS.get((obj._meta.label_lower, field.name))
        if redact is not None and not self.include_secrets:
            self._current[field.name] = redact()
        else:
            super().handle_field(obj, field)

    def handle_fk_field(self, obj, field):
        if field.related_model in BY_NATURAL_KEY:
            related = getattr(obj, field.name)  # joined by _export_rows
            self._current[field.name] = related.natural_key() if related else None
        else:
            self._current[field.name] = self._value_from_field(obj, field)

    def handle_m2m_field(self, obj, field):
        if not field.remote_field.through._meta.auto_created:
            return
        related = getattr(obj, field.name).all()  # prefetched by _export_rows
        if field.related_model in BY_NATURAL_KEY:
            self._current[field.name] = sorted(other.natural_key() for other in related)
        else:
            self._current[field.name] = sorted(other.pk for other in related)


def _natural_key_joins(model: type[models.Model]) -> list[str]:
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model in BY_NATURAL_KEY
    ]


def _export_rows(model: type[models.Model], using: str) -> Iterator[models.Model]:
    rows = model._base_manager.using(using).order_by(model._meta.pk.name)
    if joins := _natural_key_joins(model):
        rows = rows.select_related(*joins)
    prefetches = []
    for field in _m2m_fields(model):
        related = field.related_model._base_manager.using(using).order_by()
        if joins := _natural_key_joins(field.related_model):
            related = related.select_related(*joins)
        prefetches.append(Prefetch(field.name, queryset=related))
    return rows.prefetch_related(*prefetches).iterator(chunk_size=CHUNK_SIZE)


def backup_export(
    *, path: Path, using: str = DEFAULT_DB_ALIAS, include_secrets: bool = False
) -> BackupSummary:
    """Write every backed-up row to ``path`` (mode 0600), from one consistent snapshot of the
    database. The file appears only once complete. Password and API key hashes are replaced
    by values that match nothing unless ``include_secrets``."""
    chosen = backed_up_models()
    partial = path.with_name(path.name + ".partial")
    try:
        with primary_database(), _snapshot(using), _open(partial, "w", like=path) as stream:
            counts = {model: model._base_manager.using(using).count() for model in chosen}
            header = _header(counts, using, include_secrets=include_secrets)
            stream.write(json.dumps(header, ensure_ascii=False) + "\n")
            for model in chosen:
                serializer = _RowSerializer(include_secrets=include_secrets)
                serializer.serialize(
                    _export_rows(model, using),
                    stream=stream,
                    use_natural_primary_keys=model in BY_NATURAL_KEY,
                    cls=_LosslessEncoder,
                )
                if serializer.written != counts[model]:
                    raise BackupError(
                        f"{model._meta.label} changed during the export "
                        f"({counts[model]} rows counted, {serializer.written} written)."
                    )
        os.replace(partial, path)
    except (OSError, DatabaseError) as error:
        raise BackupError(f"Cannot write {path}: {error}") from error
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(models=len(chosen), rows=sum(counts.values()))


@contextmanager
def _snapshot(using: str):
    """A read transaction: every table is read as it was at one moment, while the site keeps
    writing (PostgreSQL: REPEATABLE READ; SQLite: a read transaction is a snapshot)."""
    connection = connections[using]
    already_in_transaction = connection.in_atomic_block
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql" and not already_in_transaction:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _header(
    counts: dict[type[models.Model], int], using: str, *, include_secrets: bool
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "includes_secrets": include_secrets,
        "app_version": _app_version(),
        "django_version": django.get_version(),
        "database": connections[using].vendor,
        "migrations": _applied_migrations({model._meta.app_label for model in counts}, using),
        "models": [
            {"model": model._meta.label_lower, "rows": rows} for model, rows in counts.items()
        ],
    }


def _app_version() -> str:
    try:
        return importlib.metadata.version("factcheck")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _applied_migrations(app_labels: set[str], using: str) -> dict[str, list[str]]:
    """The names of the migrations applied in ``using``, by app label. Squashed migrations
    are left out: Django records one beside the migrations it replaces once they are all
    applied, and it changes no table, so a backup made before a squash restores after it."""
    applied = MigrationRecorder(connections[using]).applied_migrations()
    squashed = MigrationLoader(None, ignore_no_migrations=True).replacements
    kept = [key for key in applied if key not in squashed]
    return {
        label: sorted(name for app, name in kept if app == label) for label in sorted(app_labels)
    }


@contextmanager
def _open(path: Path, mode: str, *, like: Path | None = None) -> Iterator[IO[str]]:
    """Open for text, gzip-compressed when the name (or the name of ``like``, the file being
    written) ends in .gz."""
    # newline="\n": a row is one line, and JSON escapes every line break inside strings.
    if mode == "w":
        # Created owner-only, never widened afterwards (os.replace keeps the mode): a file
        # made by open() would be world-readable under the usual umask until chmod.
        path.unlink(missing_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(descriptor, "wb") as raw:
            compressed = (like or path).name.endswith(".gz")
            binary = gzip.GzipFile(fileobj=raw, mode="wb") if compressed else raw
            with binary, io.TextIOWrapper(binary, encoding="utf-8", newline="\n") as stream:
                yield stream
        return
    if (like or path).name.endswith(".gz"):
        with gzip.open(path, mode + "t", encoding="utf-8", newline="\n") as stream:
            yield stream
    else:
        with open(path, mode, encoding="utf-8", newline="\n") as stream:
            yield stream


# --- Restore ------------------------------------------------------------------------------


def backup_import(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> BackupSummary:
    """Restore a backup into an empty, migrated database, all or nothing. Rows are inserted
    raw, so no history row or data version bump is written on the way; what is derived
    (search vectors, id sequences, the public data version) is rebuilt afterwards."""
    loader = _Loader(path, using)
    try:
        with primary_database(), _open(path, "r") as stream:
            lines = enumerate(stream, start=1)
            loader.read_header(lines)
            with transaction.atomic(using=using):
                loader.load_rows(lines)
                loader.check_counts()
                loader.rebuild_search_vectors()
                loader.reset_sequences()
                loader.check_references()
                transaction.on_commit(PublicDataVersion.bump, using=using)
    except BackupError:
        raise
    except (
        DeserializationError,
        FieldDoesNotExist,
        ObjectDoesNotExist,
        DatabaseError,
        ValueError,
        TypeError,
        EOFError,
        OSError,
    ) as error:
        raise loader.fail(str(error)) from error
    return BackupSummary(models=len(loader.models), rows=sum(loader.expected.values()))


class _Loader:
    def __init__(self, path: Path, using: str):
        self.path, self.using = path, using
        self.connection = connections[using]
        self.line = 0
        self.models: list[type[models.Model]] = []
        self.expected: dict[type[models.Model], int] = {}
        self.loaded: Counter[type[models.Model]] = Counter()
        self.links: dict[type[models.Model], list[models.Model]] = defaultdict(list)
        self.links_loaded: Counter[type[models.Model]] = Counter()
        # This database's content types and permissions, and the natural key of the row
        # being read (the deserializer turns each row into its object before reading on).
        self.by_natural_key: dict[type[models.Model], dict[tuple, models.Model]] = {}
        self.natural_key: tuple = ()

    def fail(self, reason: str) -> BackupError:
        where = f"line {self.line}: " if self.line else ""
        return BackupError(f"{self.path}: {where}{reason}")

    def read_header(self, lines: Iterator[tuple[int, str]]) -> None:
        self.line, text = next(lines, (0, ""))
        try:
            header = json.loads(text)
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("format") != FORMAT:
            raise self.fail(f"not a backup made by export_all (no {FORMAT!r} header).")
        if header.get("format_version") != FORMAT_VERSION:
            raise self.fail(
                f"format version {header.get('format_version')!r}; this code reads version "
                f"{FORMAT_VERSION}."
            )
        restorable = set(backed_up_models())
        for entry in header.get("models") or []:
            try:
                model = apps.get_model(entry["model"])
                rows = int(entry["rows"])
            except (LookupError, KeyError, TypeError, ValueError):
                raise self.fail(f"unknown model in the header: {entry!r}.") from None
            if model not in restorable:
                raise self.fail(f"{model._meta.label} is not restored by import_all.")
            self.models.append(model)
            self.expected[model] = rows
        self.check_migrations(header.get("migrations") or {})
        self.check_empty()

    def check_migrations(self, in_backup: dict[str, list[str]]) -> None:
        # Rows fit the schema they were read from: restore with the code that wrote them,
        # then upgrade the code and migrate.
        app_labels = set(in_backup) | {model._meta.app_label for model in backed_up_models()}
        here = _applied_migrations(app_labels, self.using)
        differences = []
        for label in sorted(app_labels):
            missing = sorted(set(in_backup.get(label, [])) - set(here[label]))
            extra = sorted(set(here[label]) - set(in_backup.get(label, [])))
            differences += [f"{label}.{name} (not applied here)" for name in missing]
            differences += [f"{label}.{name} (not in the backup)" for name in extra]
        if differences:
            raise self.fail(
                "the backup was made with other migrations applied than this database has: "
                + ", ".join(differences)
                + ". Restore with the code version that made the backup, then migrate."
            )

    def check_empty(self) -> None:
        # Content types and permissions come with `migrate`; anything else means data.
        tables = [model for model in backed_up_models() if model not in BY_NATURAL_KEY]
        tables += [field.remote_field.through for model in tables for field in _m2m_fields(model)]
        holding = [
            _rows(model._meta.label, model._base_manager.using(self.using).count())
            for model in tables
            if model._base_manager.using(self.using).exists()
        ]
        if holding:
            raise BackupError(
                "The database is not empty: "
                + ", ".join(holding)
                + ". import_all restores into an empty database only: create a new one and "
                "run `manage.py migrate` (nothing else) before importing."
            )

    def load_rows(self, lines: Iterator[tuple[int, str]]) -> None:
        self.by_natural_key = {model: self.natural_keys(model) for model in BY_NATURAL_KEY}
        pending: list[models.Model] = []
        for deserialized in python.Deserializer(self.rows(lines), using=self.using):
            row, links = deserialized.object, deserialized.m2m_data
            model = type(row)
            if pending and type(pending[0]) is not model:
                self.insert(pending)
            if model in BY_NATURAL_KEY:
                self.match(deserialized)
            else:
                self.validate(row)
                pending.append(row)
                if len(pending) >= self.batch_size(model):
                    self.insert(pending)
            for name, related_ids in links.items():
                self.add_links(model._meta.get_field(name), row.pk, related_ids)
        self.insert(pending)
        for through, rows in self.links.items():
            self.save_links(through, rows)

    def validate(self, row: models.Model) -> None:
        """Every field's own checks (URL schemes, lengths, choices, text without control
        characters), as a form would run them: the rows are inserted raw, so a tampered
        file would otherwise restore a ``javascript:`` link. References are left to the
        database's foreign keys (checked at the end, in bulk), and derived fields to the
        rebuild. An empty value is left as stored: required-ness is a form's rule, and history
        rows hold empty values the models' forms would refuse (no change reason); no
        validator runs on one anyway."""
        exclude = [
            field.name
            for field in type(row)._meta.concrete_fields
            if field.is_relation
            or isinstance(field, SearchVectorField)
            or getattr(row, field.attname) in field.empty_values
        ]
        try:
            row.clean_fields(exclude=exclude)
        except ValidationError as error:
            problems = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
            raise self.fail(f"{type(row)._meta.label} {row.pk} is invalid: {problems}") from None

    def natural_keys(self, model: type[models.Model]) -> dict[tuple, models.Model]:
        rows = model._base_manager.using(self.using).select_related(*_natural_key_joins(model))
        return {row.natural_key(): row for row in rows}

    def match(self, deserialized) -> None:
        """A content type or permission: the row `migrate` made here is kept (its name
        brought up to date), or the row is added (a model removed since, say)."""
        row = deserialized.object
        model = type(row)
        if row.pk is not None:
            existing = self.by_natural_key[model][self.natural_key]
            fields = model._meta.concrete_fields
            if all(getattr(row, f.attname) == getattr(existing, f.attname) for f in fields):
                return
        # A raw save: signal receivers know to write nothing.
        deserialized.save(using=self.using, save_m2m=False)
        self.by_natural_key[model][self.natural_key] = row

    def natural_ids(self, field: models.Field, value: Any) -> Any:
        """A reference to a content type or permission, by natural key, as this database's
        id."""
        keys = [value] if field.many_to_one else value
        try:
            ids = [
                None if key is None else self.by_natural_key[field.related_model][tuple(key)].pk
                for key in keys
            ]
        except (KeyError, TypeError):
            raise self.fail(
                f"{field.name}: no {field.related_model._meta.verbose_name} {value!r} here."
            ) from None
        return ids[0] if field.many_to_one else ids

    def batch_size(self, model: type[models.Model]) -> int:
        fields = _insert_fields(model)
        limit = self.connection.ops.bulk_batch_size(fields, range(INSERT_BATCH))
        # PostgreSQL takes at most 65,535 parameters a statement.
        return max(1, min(INSERT_BATCH, limit, 65_535 // len(fields)))

    def insert(self, rows: list[models.Model]) -> None:
        """Insert a batch the way ``Model.save_base(raw=True)`` inserts one row (it calls the
        same ``_insert``): values as stored, ``auto_now`` dates not restamped (``bulk_create``
        would), ``save()`` overrides skipped, and no signal sent, so neither the history nor
        the public data version writes a row of its own."""
        if not rows:
            return
        model = type(rows[0])
        manager = model._base_manager.using(self.using)
        manager._insert(rows, fields=_insert_fields(model), raw=True, using=self.using)
        rows.clear()

    def rows(self, lines: Iterator[tuple[int, str]]) -> Iterator[dict[str, Any]]:
        position = 0
        for self.line, text in lines:
            if not text.strip():
                continue
            try:
                row = json.loads(text)
            except ValueError as error:
                raise self.fail(f"not JSON ({error}).") from None
            if (
                not isinstance(row, dict)
                or not isinstance(row.get("model"), str)
                or not isinstance(row.get("fields"), dict)
            ):
                raise self.fail("not a row (an object with a model and its fields).")
            try:
                model = apps.get_model(row["model"])
            except (LookupError, ValueError):
                model = None
            if model not in self.expected:
                raise self.fail(f"a row of {row.get('model')!r}, not listed in the header.")
            if self.models.index(model) < position:
                raise self.fail(f"a row of {model._meta.label} out of the header's order.")
            position = self.models.index(model)
            if model in BY_NATURAL_KEY:
                try:
                    self.natural_key = tuple(BY_NATURAL_KEY[model](row["fields"]))
                except (KeyError, TypeError):
                    raise self.fail(
                        f"a {model._meta.verbose_name} without its natural key."
                    ) from None
                existing = self.by_natural_key[model].get(self.natural_key)
                row["pk"] = existing.pk if existing else None
            elif row.get("pk") is None:
                raise self.fail(f"a row of {model._meta.label} without its id.")
            for field in _natural_key_references(model):
                if field.name in row["fields"]:
                    row["fields"][field.name] = self.natural_ids(field, row["fields"][field.name])
            self.loaded[model] += 1
            yield row
        self.line = 0

    def add_links(self, field, pk: Any, related_ids: list[Any]) -> None:
        # Many-to-many rows in bulk: no m2m_changed signal (which would write history), and
        # one query per chunk instead of two per object.
        through = field.remote_field.through
        source = through._meta.get_field(field.m2m_field_name()).attname
        target = through._meta.get_field(field.m2m_reverse_field_name()).attname
        rows = self.links[through]
        rows.extend(through(**{source: pk, target: related}) for related in related_ids)
        if len(rows) >= CHUNK_SIZE:
            self.save_links(through, rows)

    def save_links(self, through: type[models.Model], rows: list[models.Model]) -> None:
        through._base_manager.using(self.using).bulk_create(rows, batch_size=CHUNK_SIZE)
        self.links_loaded[through] += len(rows)
        rows.clear()

    def check_counts(self) -> None:
        """Every row the header announced was read, and the database holds exactly those:
        no row went missing, and no signal wrote one of its own."""
        differences = []
        for model in self.models:
            in_database = model._base_manager.using(self.using).count()
            expected, read = self.expected[model], self.loaded[model]
            # Content types and permissions also include those `migrate` made here.
            exact = model not in BY_NATURAL_KEY
            if read != expected or (in_database != expected if exact else in_database < read):
                differences.append(
                    f"{model._meta.label}: {expected} in the header, {read} in the file, "
                    f"{in_database} in the database"
                )
        for through, links in self.links_loaded.items():
            in_database = through._base_manager.using(self.using).count()
            if in_database != links:
                differences.append(f"{through._meta.label}: {links} links, {in_database} rows")
        if differences:
            raise BackupError(f"{self.path}: rows do not add up: " + "; ".join(differences))

    def rebuild_search_vectors(self) -> None:
        """PostgreSQL only (a no-op elsewhere), by chunk: the working claims' vectors and the
        published record's (derived data, not backed up)."""
        for ids, rebuild in (
            (
                Claim.objects.using(self.using).order_by("pk").values_list("pk", flat=True),
                lambda chunk: Claim.objects.filter(pk__in=chunk).update_search_vectors(),
            ),
            (
                ClaimDocument.objects.using(self.using)
                .order_by("pk")
                .values_list("pk", flat=True),
                update_record_vectors,
            ),
        ):
            chunk: list[int] = []
            for pk in ids.iterator(chunk_size=CHUNK_SIZE):
                chunk.append(pk)
                if len(chunk) == CHUNK_SIZE:
                    rebuild(chunk)
                    chunk = []
            if chunk:
                rebuild(chunk)

    def reset_sequences(self) -> None:
        """The next id of every table follows the restored ones (PostgreSQL sequences;
        SQLite follows by itself)."""
        tables = [*self.models, *self.links]
        with self.connection.cursor() as cursor:
            for sql in self.connection.ops.sequence_reset_sql(no_style(), tables):
                cursor.execute(sql)

    def check_references(self) -> None:
        # Foreign keys are checked at commit; checked now, a dangling reference fails the
        # restore with its table named, and fails it inside a test's transaction too.
        self.connection.check_constraints()


def _natural_key_references(model: type[models.Model]) -> list[models.Field]:
    return [
        field
        for field in [*model._meta.concrete_fields, *_m2m_fields(model)]
        if field.is_relation and field.related_model in BY_NATURAL_KEY
    ]


def _insert_fields(model: type[models.Model]) -> list[models.Field]:
    return [field for field in model._meta.local_concrete_fields if not field.generated]


def _rows(label: str, count: int) -> str:
    return f"{label} ({count} row{'' if count == 1 else 's'})"
