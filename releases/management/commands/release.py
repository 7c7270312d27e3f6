import time

from django.core.management.base import BaseCommand, CommandError

from releases.bundle import ReleaseError, release_storage, release_write


class Command(BaseCommand):
    help = (
        "Write the research release of the published record as it stands: CSV and JSON "
        "Lines of every table, a data dictionary and a SHA-256 manifest, into the "
        '"releases" storage (RELEASES_ROOT). The same record gives the same bytes; an '
        "existing release is not written again. See docs/operations.md."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Write the release again even if it exists, and say whether its bytes "
            "are the same.",
        )

    def handle(self, *args, force: bool, **options):
        started = time.perf_counter()
        try:
            outcome = release_write(force=force)
        except ReleaseError as error:
            raise CommandError(str(error)) from None
        release = outcome.release
        where = release_storage().path(release.name) if _local() else release.name
        if not outcome.written:
            self.stdout.write(
                f"Release {release.name} exists (the record has not changed since it was "
                f"written): nothing written. Its files are in {where}."
            )
            return
        for entry in release.files:
            self.stdout.write(f"{entry['sha256']}  {entry['size']:>12,}  {entry['name']}")
        seconds = time.perf_counter() - started
        rows = ", ".join(f"{count:,} {name}" for name, count in release.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote release {release.name} ({len(release.files)} files, {rows}) to "
                f"{where} in {seconds:.1f} s."
            )
        )
        if outcome.identical is not None:
            self.stdout.write(
                "The files are the same bytes as before."
                if outcome.identical
                else "The files differ from those written before (another format version?)."
            )


def _local() -> bool:
    try:
        release_storage().path("")
    except NotImplementedError:  # object storage has no local path
        return False
    return True
