"""The first account of a new installation: the role groups with their permissions, and a superuser
who then adds the curators in the admin."""

import getpass
import os
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import BaseCommand, CommandError
from django.db import transaction

from regions import roles

PASSWORD_VARIABLE = "DJANGO_SUPERUSER_PASSWORD"


class Command(BaseCommand):
    help = (
        "Create the role groups (Regional manager, Managing authority) and the first superuser, with the "
        f"password from {PASSWORD_VARIABLE} or, without it, asked twice on the terminal. Refuses when a "
        "superuser exists already."
    )
    stealth_options = ("stdin",)  # tests pass a terminal of their own

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True, help="The superuser's login name.")
        parser.add_argument("--email", required=True, help="The superuser's e-mail address.")

    def handle(self, *args, username, email, **options):
        existing = get_user_model().objects.filter(is_superuser=True)
        if existing.exists():
            names = ", ".join(sorted(existing.values_list("username", flat=True)))
            raise CommandError(
                f"A superuser exists already ({names}): nothing was created. Sign in as them and add "
                "accounts in the admin; `manage.py changepassword <name>` sets a forgotten password."
            )
        user = get_user_model()(username=username, email=email, is_staff=True, is_superuser=True)
        password = self.password(options.get("stdin", sys.stdin))
        try:
            user.full_clean(exclude=["password"])  # the username's rules, not taken yet, the e-mail
            validate_password(password, user)  # AUTH_PASSWORD_VALIDATORS
        except ValidationError as error:
            raise CommandError("Nothing was created: " + " ".join(error.messages)) from error
        user.set_password(password)
        with transaction.atomic():
            roles.ensure_role_groups()
            user.save()
        self.stdout.write(f"Role groups ready with their permissions: {', '.join(roles.ROLE_PERMISSIONS)}.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Created the superuser '{user.username}' ({user.email}). Sign in at "
                f"{settings.SITE_URL.rstrip('/')}/admin/ and add the curators there."
            )
        )

    def password(self, stdin):
        from_environment = os.environ.get(PASSWORD_VARIABLE)
        if from_environment:
            return from_environment
        if not (hasattr(stdin, "isatty") and stdin.isatty()):
            raise CommandError(
                f"No password: set {PASSWORD_VARIABLE}, or run the command in a terminal to type it."
            )
        password = getpass.getpass("Password: ")
        if password != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ: nothing was created.")
        if not password:
            raise CommandError("The password cannot be empty: nothing was created.")
        return password
