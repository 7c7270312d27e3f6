import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_import


class Command(BaseCommand):
    help = (
        "Restore a file written by export_all into an empty, migrated database, all or "
        "nothing: it refuses a database that holds data. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file export_all wrote.")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        started = time.perf_counter()
        try:
            summary = backup_import(path=path)
        except BackupError as error:
            raise CommandError(f"Nothing was imported. {error}") from None
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {summary.rows:,} rows of {summary.models} models from {path} "
                f"in {seconds:.1f} s."
            )
        )
