import time

from django.core.management.base import BaseCommand

from serving.renditions import claims_without_pages
from web.claim_pages import render_again, site_languages


class Command(BaseCommand):
    help = (
        "Render and store the pages of live claims that have none from this release, in "
        "every language: after a bulk import (which leaves them to their first reader) or a "
        "deploy that changed the templates. Safe to run while the site serves and editors "
        "publish (serving/renditions.py); stop it at any time. See docs/scaling.md."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Render at most this many.")
        parser.add_argument(
            "--language",
            action="append",
            choices=site_languages(),
            help="Only this language (repeat for several); by default every one.",
        )
        parser.add_argument("ids", nargs="*", type=int, help="Only these claims.")

    def handle(self, *args, limit: int | None, language: list[str] | None, ids, **options):
        started = time.perf_counter()
        rendered = 0
        for code in language or site_languages():
            for claim_id in ids or self._missing(code):
                if limit is not None and rendered >= limit:
                    break
                rendered += len(render_again(claim_id, [code]))
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Rendered {rendered:,} claim pages in {seconds:.1f} s.")
        )

    @staticmethod
    def _missing(language: str):
        """Claims without a page in ``language``, by id, a thousand read at a time."""
        after = 0
        while batch := claims_without_pages(language=language, after=after):
            yield from batch
            after = batch[-1]
