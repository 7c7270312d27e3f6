"""``manage.py prepare``: what ``make run`` does before serving, in one process."""

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Migrate the database, set up the Contributors and Editors groups (setup_roles) and "
        "load the seeds (loadseeds), in one process: Django starts once instead of three "
        "times. Idempotent, as each of the three is."
    )
    # migrate runs the system checks itself, the database's included.
    requires_system_checks = []

    def handle(self, *args, **options):
        common = {"verbosity": options["verbosity"], "stdout": self.stdout}
        call_command("migrate", interactive=False, skip_checks=False, **common)
        call_command("setup_roles", **common)
        call_command("loadseeds", **common)
