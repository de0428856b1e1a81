"""Rebuild the derived search columns of every entry (after a restore, or an index rebuild that
failed after a commit and was logged)."""

from django.core.management import BaseCommand

from infrastructures.models import Infrastructure
from infrastructures.search import refresh_search_index
from rii_catalogue import catalogue_version


class Command(BaseCommand):
    help = "Rebuild the search index of every infrastructure."

    def handle(self, *args, **options):
        ids = list(Infrastructure.objects.values_list("pk", flat=True))
        refresh_search_index(ids)
        catalogue_version.advance()  # kept counts and the search's vocabulary are read again
        self.stdout.write(f"Rebuilt the search index of {len(ids)} entries.")
