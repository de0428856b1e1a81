"""Back up the whole catalogue to one file (pg_dump on PostgreSQL, compressed dumpdata on SQLite)."""

from django.core.management import BaseCommand, CommandError

from rii_catalogue import backups


class Command(BaseCommand):
    help = (
        "Back up the database to a file: pg_dump's custom format on PostgreSQL, gzip-compressed JSON "
        "(dumpdata) on SQLite. Restore it with restore_catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, help="Where to write the backup (replaced when complete)."
        )

    def handle(self, *args, output, **options):
        try:
            size = backups.back_up(output)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the catalogue to {output} ({size:,} bytes).")
