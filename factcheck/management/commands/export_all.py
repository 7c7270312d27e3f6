import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from factcheck.backup import BackupError, backup_export


class Command(BaseCommand):
    help = (
        "Back up every row of the database, history included, to one file (JSON Lines; "
        "gzip-compressed when the name ends in .gz), read from one consistent snapshot. "
        "Restore it with import_all. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, such as backup.jsonl.gz.")

    def handle(self, *args, path: Path, **options):
        started = time.perf_counter()
        try:
            summary = backup_export(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.rows:,} rows of {summary.models} models to {path} "
                f"({size / 1_000_000:,.1f} MB) in {seconds:.1f} s."
            )
        )
