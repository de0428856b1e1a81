"""Loads the seed catalogue (fixtures/seed.json) and, for local use, demo accounts of each role."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import BaseCommand, CommandError, call_command

from access.models import AccessForm, BusinessModel
from access.vocabularies import ensure_vocabularies
from infrastructures.models import Infrastructure
from infrastructures.search import refresh_search_index
from regions import roles
from regions.models import Region, RegionAssignment
from rii_catalogue import catalogue_version

DEMO_PASSWORD = "catalogue-demo"  # a local demo login, refused outside debug mode
# username -> (role, region slugs); None for the superuser
DEMO_ACCOUNTS = {
    "admin": (None, []),
    "manager-flanders": (roles.REGIONAL_MANAGER, ["flanders"]),
    "authority": (roles.MANAGING_AUTHORITY, []),
}


class Command(BaseCommand):
    help = "Load the seed data; with --demo-admin also create demo accounts of each role (debug mode only)."

    def add_arguments(self, parser):
        parser.add_argument("--demo-admin", action="store_true", help="Create the demo accounts.")

    def handle(self, *args, demo_admin=False, **options):
        ensure_vocabularies(AccessForm, BusinessModel)  # the seed refers to them by code
        call_command("loaddata", "seed", verbosity=options["verbosity"])
        # Fixtures load with raw saves, which skip the search-index signals.
        refresh_search_index(Infrastructure.objects.values_list("pk", flat=True))
        catalogue_version.advance()  # pages that keep counts of the public catalogue count again
        if not demo_admin:
            return
        if not settings.DEBUG:
            raise CommandError("The demo accounts are for development only (DJANGO_DEBUG=true).")
        roles.ensure_role_groups()
        for username, (role, region_slugs) in DEMO_ACCOUNTS.items():
            self.create_demo_account(username, role, region_slugs)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo login: http://127.0.0.1:8000/admin/  user '{username}'  password '{DEMO_PASSWORD}'"
                    + (
                        f"  ({role}{' of ' + ', '.join(region_slugs) if region_slugs else ''})"
                        if role
                        else ""
                    )
                )
            )

    def create_demo_account(self, username, role, region_slugs):
        user_model = get_user_model()
        if user_model.objects.filter(username=username).exists():
            return
        if role is None:
            user_model.objects.create_superuser(username, f"{username}@localhost", DEMO_PASSWORD)
            return
        user = user_model.objects.create_user(username, f"{username}@localhost", DEMO_PASSWORD, is_staff=True)
        user.groups.add(Group.objects.get(name=role))
        for region in Region.objects.filter(slug__in=region_slugs):
            RegionAssignment.objects.create(user=user, region=region)
