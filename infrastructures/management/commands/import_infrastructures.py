"""Scripted loads: the same all-or-nothing import as the upload page, run as a named curator, for
files in the catalogue's own layout (a file from another system is matched on the import page)."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import BaseCommand, CommandError

from infrastructures.imports import plan_import, run_import, sheets_by_layout
from infrastructures.mappings import is_template
from infrastructures.tables import ENCODINGS, FileRefused, read_file


class Command(BaseCommand):
    help = "Import infrastructures from a CSV or XLSX file in the catalogue's layout, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--user", required=True, help="Username whose regional rights apply.")
        parser.add_argument("--dry-run", action="store_true", help="Check every row, save nothing.")
        parser.add_argument("--encoding", choices=list(ENCODINGS), help="Of a CSV file (default: detected).")

    def handle(self, path, user, dry_run, encoding=None, **options):
        try:
            curator = get_user_model().objects.get(username=user, is_active=True)
        except get_user_model().DoesNotExist as error:
            raise CommandError(f"No active user '{user}'.") from error
        try:
            table = read_file(path.read_bytes(), path.name, encoding=encoding)
        except (OSError, FileRefused) as error:
            raise CommandError(str(error)) from error
        sheets = sheets_by_layout(table, path.name)
        main = sheets.get("infrastructures")
        if main is not None and not is_template(main.header):
            raise CommandError(
                "The columns are not the catalogue's; match them on the import page: "
                + ", ".join(main.header)
            )
        plan = plan_import(curator, sheets, table=table)
        for warning in plan.warnings:
            self.stderr.write(f"{warning.sheet} line {warning.line}, {warning.column}: {warning.message}")
        if not plan.is_valid:
            for problem in plan.problems:
                self.stderr.write(f"{problem.sheet} line {problem.line}, {problem.column}: {problem.message}")
            raise CommandError(f"{len(plan.problems)} problems; nothing was imported.")
        counts = f"{plan.count('create')} to create, {plan.count('update')} to update, " \
                 f"{plan.count('unchanged')} unchanged"  # fmt: skip
        if dry_run:
            self.stdout.write(f"Valid: {counts}. Nothing saved.")
            return
        run_import(curator, plan, origin="command")
        self.stdout.write(self.style.SUCCESS(f"Imported: {counts}."))
