"""Migration 0009 on a database that holds entries: forward it indexes them, backward the old
search column is filled again, and a migrate to before it does not trip over the new index."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests import factories

BEFORE_0009 = [("infrastructures", "0008_funding_operating_grant_and_organisation_figures")]


def _back_to_latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrating_back_before_0009_does_not_crash_in_post_migrate():
    """`manage.py migrate infrastructures 0008` (a rollback) unapplies 0009, then the app's
    post_migrate handler queries the FTS5 table 0009's reverse just dropped: OperationalError
    'no such table: infrastructures_search' on SQLite. Any partial migrate to a state before 0009
    (e.g. a fresh database migrated app by app) fails the same way."""
    factories.infrastructure(name_en="Photonics lab")
    try:
        call_command("migrate", "infrastructures", "0008", verbosity=0)
    finally:
        call_command("migrate", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_unapplying_0009_leaves_the_old_search_document_filled():
    """0009's reverse adds `search_document` back empty and nothing rebuilds it: the code of 0008
    searches that column (on SQLite it is the only index), so after a rollback every search finds
    nothing until someone runs rebuild_search_index by hand."""
    factories.infrastructure(name_en="Photonics lab")
    executor = MigrationExecutor(connection)
    try:
        executor.migrate(BEFORE_0009)
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM infrastructures_infrastructure WHERE search_document = ''")
            empty = cursor.fetchone()[0]
        assert empty == 0
    finally:
        _back_to_latest()
