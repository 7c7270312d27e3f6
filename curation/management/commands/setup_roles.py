from django.core.management.base import BaseCommand

from curation.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the Contributors and Editors groups and their permissions."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(self.style.SUCCESS(f"{name}: {count} permissions"))
