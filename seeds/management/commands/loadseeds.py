from django.core.management.base import BaseCommand, CommandError

from seeds.loader import SeedError, load_seeds


class Command(BaseCommand):
    help = (
        "Load the seed data in seeds/ (the TASS Raqqa dispute, the default rating scale). "
        "Idempotent: running it again changes nothing."
    )

    def handle(self, *args, **options):
        try:
            report = load_seeds()
        except SeedError as error:
            raise CommandError(
                f"Seed data is inconsistent; nothing was written. {error}"
            ) from None
        self.stdout.write(self.style.SUCCESS(str(report)))
