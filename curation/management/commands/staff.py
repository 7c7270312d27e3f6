"""``manage.py staff <username> --role contributor|editor``: a fact-checker's staff account,
in one step (``make staff USER=ana ROLE=editor``).

Creates the account, or updates one that exists: staff status on, in exactly the role's
group (the other role's group left). A new account's password comes from ``STAFF_PASSWORD``
or, in a terminal, is asked twice; it goes through the project's password validators. An
existing account keeps its password unless ``STAFF_PASSWORD`` is given.
"""

import getpass
import os
import sys

from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from curation.roles import CONTRIBUTORS, EDITORS, setup_roles

ROLES = {"contributor": CONTRIBUTORS, "editor": EDITORS}


class Command(BaseCommand):
    help = "Create or update a staff account in the Contributors or Editors group."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--role", required=True, choices=sorted(ROLES))
        parser.add_argument("--email", default="")

    def handle(self, *args, username, role, email, **options):
        username = username.strip()
        if not username:
            raise CommandError("Give a username: make staff USER=ana ROLE=editor")
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        password = os.environ.get("STAFF_PASSWORD")
        if user is None and password is None:
            password = self._ask_password()
        with transaction.atomic():
            setup_roles()  # the groups exist and carry exactly their permissions
            created = user is None
            if created:
                user = User(username=username, email=email)
            user.is_staff = True
            if email:
                user.email = email
            if password is not None:
                try:
                    password_validation.validate_password(password, user)
                except ValidationError as error:
                    raise CommandError(" ".join(error.messages)) from None
                user.set_password(password)
            user.save()
            user.groups.remove(*Group.objects.filter(name__in=ROLES.values()))
            user.groups.add(Group.objects.get(name=ROLES[role]))
        verb = "Created" if created else "Updated"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {username}: staff, {ROLES[role]} ({role}s' rights).")
        )

    @staticmethod
    def _ask_password() -> str:
        if not sys.stdin.isatty():
            raise CommandError(
                "A new account needs a password: set STAFF_PASSWORD, or run this in a terminal."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ; nothing was changed.")
        return password
