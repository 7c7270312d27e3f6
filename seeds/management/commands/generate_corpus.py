import time

from django.core.management.base import BaseCommand

from seeds.corpus import generate_corpus
from seeds.loader import load_seeds


class Command(BaseCommand):
    help = (
        "Add a deterministic, realistic generated corpus (speakers, outlets, sources, claims "
        "in several languages, appearances, denial chains, evidence, reviews) for benchmarks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--claims", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--quiet", action="store_true", help="No progress bars.")

    def handle(self, *args, claims, seed, quiet, **options):
        load_seeds()  # the rating scale the reviews use
        started = time.perf_counter()
        counts = generate_corpus(claims=claims, seed=seed, progress=not quiet)
        seconds = time.perf_counter() - started
        summary = ", ".join(f"{n:,} {label}" for label, n in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Generated {summary} in {seconds:.1f} s."))
