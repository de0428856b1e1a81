"""Backups of the whole catalogue, and their restore into an empty database.

- PostgreSQL: pg_dump's custom format (compressed; schema, data, extensions and sequences in one
  file), restored by pg_restore into a database created empty, without `migrate`: the backup brings
  the tables itself. The cache table keeps its definition but not its rows.
- SQLite: Django's dumpdata of every model, as gzip-compressed JSON, restored by `migrate`, then
  loaddata into the emptied tables (the rows `migrate` adds, such as the vocabularies, come from the
  backup with their ids). Times keep their milliseconds (the JSON serializer's precision).

Either way a backup is written to a temporary file beside its destination and renamed once complete
(a failed or interrupted backup never replaces the last good one), readable by its owner only: it
holds the access requests' contact details and the accounts' password hashes. After a restore the
derived data is made again: the search index (SQLite keeps it outside the dumped models), the cache
table, and the catalogue version that keeps cached counts.

The connection comes from the settings (DATABASE_URL); the password goes to pg_dump and pg_restore
in their environment (PGPASSWORD), never on their command line, which any local user can read.
"""

import gzip
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from infrastructures.models import Infrastructure
from infrastructures.search import refresh_search_index
from regions.models import Region
from rii_catalogue import catalogue_version

PG_DUMP_SIGNATURE = b"PGDMP"  # how pg_dump's custom format begins
GZIP_SIGNATURE = b"\x1f\x8b"
# Rows that make a database "hold a catalogue": a restore never mixes two catalogues.
CATALOGUE_MODELS = (Region, Infrastructure, get_user_model())


class BackupError(Exception):
    """A backup or a restore that cannot go on, with what to do about it."""


def back_up(destination):
    """Write a backup of the database to `destination`; returns its size in bytes."""
    destination = Path(destination)
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    # The suffix tells dumpdata to compress; the temporary name stays hidden beside the destination.
    handle, temporary = tempfile.mkstemp(
        dir=destination.parent, prefix=f".{destination.name}.", suffix=".json.gz"
    )
    os.close(handle)
    try:
        if connection.vendor == "postgresql":
            _run_postgresql_tool(
                "pg_dump", ["--format=custom", f"--file={temporary}", *_cache_tables_excluded()]
            )
        else:
            # Every row (the base managers, not filtered ones), content types and permissions with
            # their ids: the restore empties the freshly migrated tables and loads them as they were.
            # Unmanaged models (SQLite's search index) are rebuilt instead.
            unmanaged = [model._meta.label for model in apps.get_models() if not model._meta.managed]
            call_command("dumpdata", use_base_manager=True, exclude=unmanaged, output=temporary, verbosity=0)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return destination.stat().st_size


def restore(source):
    """Restore the backup at `source` into this empty database."""
    source = Path(source)
    kind = backup_kind(source)
    if _holds_catalogue():
        raise BackupError(
            "This database already holds a catalogue. Restore into an empty database "
            "(a new one, or this one dropped and created again)."
        )
    if kind == "pg_dump":
        _restore_pg_dump(source)
    else:
        _restore_json(source)
    # The cache's table (the pg_dump backup holds it empty; migrate does not make it), then a new
    # catalogue version: counts kept before the restore are not reused.
    call_command("createcachetable", verbosity=0)
    catalogue_version.advance()


def backup_kind(source):
    if not source.is_file():
        raise BackupError(f"There is no file {source}.")
    with source.open("rb") as file:
        start = file.read(5)
    if start == PG_DUMP_SIGNATURE:
        return "pg_dump"
    if start[:2] == GZIP_SIGNATURE:
        return "json"
    raise BackupError(f"{source} is not a backup of the catalogue (neither pg_dump's format nor gzip).")


def _holds_catalogue():
    tables = set(connection.introspection.table_names())
    return any(model._meta.db_table in tables and model._base_manager.exists() for model in CATALOGUE_MODELS)


def _restore_pg_dump(source):
    if connection.vendor != "postgresql":
        raise BackupError("This backup was made by pg_dump: restore it into a PostgreSQL database.")
    if connection.introspection.table_names():
        raise BackupError(
            "pg_restore brings the tables with the data: restore into a database created empty "
            "(createdb), without running migrate first."
        )
    name = connection.settings_dict["NAME"]
    # One transaction: a restore that fails leaves the database as empty as it was. Objects belong to
    # the restoring user, and grants to roles of the old server are left out.
    _run_postgresql_tool(
        "pg_restore",
        ["--no-owner", "--no-privileges", "--single-transaction", f"--dbname={name}", str(source)],
    )
    connection.close()  # the tables are new: start a connection that knows them
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # pg_restore leaves the planner without statistics


def _restore_json(source):
    call_command("migrate", interactive=False, verbosity=0)
    # Empty what migrate added (vocabularies, groups, content types): the backup brings them with
    # their ids. No post_migrate handlers: they would add them back.
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    with tempfile.TemporaryDirectory() as folder:
        # loaddata reads the compression from the name, whatever the backup file is called.
        fixture = Path(folder) / "catalogue.json.gz"
        with gzip.open(source) as compressed, gzip.open(fixture, "wb") as copy:
            shutil.copyfileobj(compressed, copy)
        call_command("loaddata", str(fixture), verbosity=0)
    # Loaded rows skip the save signals; SQLite's search index is not among the dumped models.
    refresh_search_index(Infrastructure.objects.values_list("pk", flat=True))


def _run_postgresql_tool(tool, arguments):
    program = shutil.which(tool)
    if program is None:
        raise BackupError(f"{tool} is not installed (Debian: apt-get install postgresql-client).")
    database = connection.settings_dict
    environment = {
        **os.environ,
        "PGHOST": str(database.get("HOST") or ""),
        "PGPORT": str(database.get("PORT") or ""),
        "PGUSER": str(database.get("USER") or ""),
        "PGPASSWORD": str(database.get("PASSWORD") or ""),
        "PGDATABASE": str(database["NAME"]),
    }
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if option in database.get("OPTIONS", {}):
            environment[variable] = str(database["OPTIONS"][option])
    # --no-password: never wait for a password typed at a terminal (cron has none).
    result = subprocess.run(
        [program, "--no-password", *arguments], env=environment, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} failed: {result.stderr.strip()}")


def _cache_tables_excluded():
    """pg_dump options that keep the database cache's table without its rows (counters, tokens)."""
    tables = {
        cache["LOCATION"]
        for cache in settings.CACHES.values()
        if cache["BACKEND"].endswith("db.DatabaseCache")
    }
    return [f"--exclude-table-data={table}" for table in sorted(tables)]
