"""Scripted loads: the same all-or-nothing import as the upload page, run as a named curator."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from infrastructures.imports import ImportFileError, read_table, run_import, validate


class Command(BaseCommand):
    help = "Import infrastructures from a CSV or XLSX file (columns as in the template), all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="Username whose regional rights apply.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, save nothing.")

    def handle(self, path, user, dry_run, **options):
        try:
            curator = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No active user '{user}'.") from error
        try:
            header, rows = read_table(path.read_bytes(), path.name)
        except (OSError, ImportFileError) as error:
            raise CommandError(str(error)) from error
        preview = validate(curator, header, rows)
        if not preview.is_valid:
            for error in preview.errors:
                self.stderr.write(f"line {error.line}, {error.column}: {error.message}")
            raise CommandError(f"{len(preview.errors)} problems; nothing was imported.")
        if dry_run:
            self.stdout.write(
                f"Valid: {preview.created} to create, {preview.updated} to update. Nothing saved."
            )
            return
        created, updated = run_import(curator, preview, origin="command")
        self.stdout.write(self.style.SUCCESS(f"Imported: {created} created, {updated} updated."))
