import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, backup_export


class Command(BaseCommand):
    help = (
        "Back up every row of the database, history included, to one file (JSON Lines; "
        "gzip-compressed when the name ends in .gz), read from one consistent snapshot. "
        "Restore it with import_all. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The file to write, such as backup.jsonl.gz.")
        parser.add_argument(
            "--include-secrets",
            action="store_true",
            help="Also write users' password hashes and partners' API key hashes (without it, "
            "restored users must set new passwords and partners need new keys). Keep such a "
            "file as safe as the database itself.",
        )

    def handle(self, *args, path: Path, include_secrets: bool, **options):
        started = time.perf_counter()
        try:
            summary = backup_export(path=path, include_secrets=include_secrets)
        except BackupError as error:
            raise CommandError(str(error)) from None
        seconds = time.perf_counter() - started
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {summary.rows:,} rows of {summary.models} models to {path} "
                f"({size / 1_000_000:,.1f} MB, readable by its owner only) in {seconds:.1f} s."
            )
        )
        if not include_secrets:
            self.stdout.write(
                "Password and API key hashes were left out (--include-secrets writes them): "
                "restored users set new passwords, partners get new keys."
            )
