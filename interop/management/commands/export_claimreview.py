import json
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from interop.claimreview.export import data_feed


class Command(BaseCommand):
    help = (
        "Write the published reviews as a schema.org DataFeed of ClaimReview items (the shape "
        "of /api/v1/claimreviews/), to a file or to standard output."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="Where to write (default: stdout).")
        parser.add_argument(
            "--base-url",
            default=settings.SITE_URL,
            help="The site's address, for absolute URLs (default: SITE_URL).",
        )

    def handle(self, *args, path, base_url, **options):
        base = base_url.rstrip("/")
        feed = data_feed(lambda site_path: base + site_path)
        text = json.dumps(feed, ensure_ascii=False, indent=2) + "\n"
        if path is None:
            sys.stdout.write(text)
        else:
            path.write_text(text, encoding="utf-8")
            count = len(feed["dataFeedElement"])
            self.stderr.write(self.style.SUCCESS(f"Wrote {count} reviews to {path}."))
