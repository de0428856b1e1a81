from django.conf import settings
from django.core.management.base import BaseCommand

from access import services


class Command(BaseCommand):
    help = (
        "Anonymise access requests unchanged for the retention period (ACCESS_REQUEST_RETENTION_DAYS), "
        "keeping what the indicators count."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.ACCESS_REQUEST_RETENTION_DAYS,
            help="Retention period in days (default: %(default)s).",
        )

    def handle(self, *args, days, **options):
        if days < 0:
            self.stderr.write("--days cannot be negative.")
            return
        count = services.anonymise_access_requests(older_than_days=days)
        self.stdout.write(f"Anonymised {count} access request(s) unchanged for {days} days or more.")
