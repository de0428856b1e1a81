"""Loads the seed catalogue (fixtures/seed.json) and, for local use, a demo admin account."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError, call_command

from access.models import AccessForm, BusinessModel
from access.vocabularies import ensure_vocabularies
from infrastructures.models import Infrastructure
from infrastructures.search import refresh_search_index

DEMO_USERNAME = "admin"
DEMO_PASSWORD = "catalogue-demo"


class Command(BaseCommand):
    help = "Load the seed data; with --demo-admin also create a demo superuser (debug mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--demo-admin", action="store_true", help="Create the demo admin account.")

    def handle(self, *args, demo_admin=False, **options):
        ensure_vocabularies(AccessForm, BusinessModel)  # the seed refers to them by code
        call_command("loaddata", "seed", verbosity=options["verbosity"])
        # Fixtures load with raw saves, which skip the search-index signals.
        refresh_search_index(Infrastructure.objects.values_list("pk", flat=True))
        if not demo_admin:
            return
        if not settings.DEBUG:
            raise CommandError("The demo admin account is for development only (DJANGO_DEBUG=true).")
        user_model = get_user_model()
        if not user_model.objects.filter(username=DEMO_USERNAME).exists():
            user_model.objects.create_superuser(DEMO_USERNAME, "admin@localhost", DEMO_PASSWORD)
        self.stdout.write(
            self.style.SUCCESS(
                "Demo admin: http://127.0.0.1:8000/admin/  "
                f"user '{DEMO_USERNAME}'  password '{DEMO_PASSWORD}'"
            )
        )
