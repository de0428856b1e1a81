"""Restore a backup made by backup_catalogue into an empty database."""

from django.core.management import BaseCommand, CommandError

from rii_catalogue import backups


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_catalogue into an empty database: on PostgreSQL one created "
        "empty (createdb, no migrate), on SQLite a new file. Refuses a database that holds a catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="The backup file.")

    def handle(self, *args, path, **options):
        try:
            backups.restore(path)
        except backups.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the catalogue from {path}.")
