"""``manage.py refresh_record``: write again every live document as this version of the code
renders it (record.services.refresh_documents). Run it once after ``migrate`` when an
upgrade changes what documents say; a second run writes nothing."""

from django.core.management.base import BaseCommand

from record.services import refresh_documents


class Command(BaseCommand):
    help = "Re-render every live document of the published record from its published content."

    def handle(self, *args, **options):
        def progress(kind, done, total):
            if options["verbosity"] > 1:
                self.stdout.write(f"{kind}: {done}/{total}")

        written = refresh_documents(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {written} new version{'s' if written != 1 else ''}; "
                "documents that read the same were left alone."
            )
        )
