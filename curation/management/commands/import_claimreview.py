import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from curation.proposals import propose_matches
from interop.claimreview.load import ImportFailed, import_path


class Command(BaseCommand):
    help = (
        "Import fact-checks from a file or from every .json/.jsonld/.csv/.html file of a "
        "folder: schema.org ClaimReview JSON-LD (an object, a list, a @graph, a DataFeed, or "
        "an HTML page carrying it), a Google Fact Check Tools claims:search response, a "
        "ClaimsKG CSV, or the plain CSV of docs/interop.md. The format is detected. Records "
        "are imported one by one: one that cannot be read is skipped and reported with its "
        "place in the file, and the others import (--strict: all or nothing). Everything is "
        "created as a draft; a review already here (same address, in canonical form) is "
        "matched, not duplicated; a review of a public claim is proposed to an editor."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A file, or a folder of files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )
        parser.add_argument(
            "--strict",
            action="store_true",
            help="All or nothing per file: one skipped record and nothing from it is written.",
        )

    def handle(self, *args, path: Path, dry_run: bool, strict: bool, **options):
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        # A progress bar on a terminal only: logs and pipes get the report alone.
        quiet = not sys.stderr.isatty() or options.get("verbosity", 1) == 0
        bars: list[tqdm] = []

        def progress_for(file: Path, size: int):
            bar = tqdm(
                total=size, unit="B", unit_scale=True, desc=file.name, disable=quiet,
                leave=False,
            )  # fmt: skip
            bars.append(bar)
            return lambda done: bar.update(done - bar.n)

        try:
            report = import_path(path, dry_run=dry_run, strict=strict, progress_for=progress_for)
        except ImportFailed as failure:
            lines = "\n".join(f"  {reason}" for reason in failure.reasons)
            kept = " (--strict: the whole file is refused)" if strict else ""
            raise CommandError(
                f"Nothing was imported from {failure.path}{kept}:\n{lines}"
            ) from None
        finally:
            for bar in bars:
                bar.close()
        if not dry_run:
            propose_matches(report.proposals, by=None)
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        summary, *details = report.lines()
        self.stdout.write(self.style.SUCCESS(prefix + summary))
        for line in details:
            self.stdout.write(line)
        if report.file_error:
            raise CommandError(f"{path}: part of it could not be read: {report.file_error}")
