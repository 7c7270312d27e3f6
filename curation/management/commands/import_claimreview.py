from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from curation.proposals import propose_matches
from interop.claimreview.load import ImportFailed, import_path


class Command(BaseCommand):
    help = (
        "Import schema.org ClaimReview JSON-LD (an object, a list, a @graph or a DataFeed) from "
        "a file or from every .json/.jsonld file of a folder. Everything is created as a draft. "
        "Each file is imported whole or not at all; a review already imported (same URL) is "
        "not duplicated. A review of a claim that is already public never changes it: it is "
        "imported as a draft claim and proposed to an editor (changes submitted for review)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A file, or a folder of files.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Say what would change; write nothing."
        )

    def handle(self, *args, path: Path, dry_run: bool, **options):
        if not path.exists():
            raise CommandError(f"No such file or folder: {path}")
        try:
            report = import_path(path, dry_run=dry_run)
        except ImportFailed as failure:
            lines = "\n".join(f"  {reason}" for reason in failure.reasons)
            raise CommandError(f"Nothing was imported from {failure.path}:\n{lines}") from None
        if not dry_run:
            propose_matches(report.proposals, by=None)
        prefix = "Dry run, nothing written. Would have: " if dry_run else ""
        self.stdout.write(self.style.SUCCESS(prefix + str(report)))
