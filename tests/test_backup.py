"""Backups: `backup_catalogue` then `restore_catalogue` into an empty database gives the same
catalogue, row for row: the seed, a curator's draft with its history, an access request, accounts,
groups and tokens. The restore runs as an operator runs it, in its own process with its own
DATABASE_URL: pg_dump and pg_restore on PostgreSQL, dumpdata and loaddata on SQLite."""

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from infrastructures.models import Infrastructure, SearchEntry
from infrastructures.services import entries
from regions import roles
from regions.models import Region
from tests import factories
from tests.rights import make_user

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def empty_database(tmp_path):
    """The DATABASE_URL of a database with nothing in it: a new SQLite file, or a PostgreSQL database
    created on the test server beside the test database (and dropped afterwards)."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        pytest.skip("pg_dump and pg_restore are not installed (Debian: postgresql-client-15)")
    database = connection.settings_dict
    name = f"{database['NAME']}_restore"
    quoted = connection.ops.quote_name(name)
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")
        cursor.execute(f"CREATE DATABASE {quoted}")
    credentials = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    yield f"postgres://{credentials}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
    with connection._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {quoted}")


def manage(database_url, *arguments):
    """`python manage.py ...` with the production settings, against another database."""
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))
    }
    environment |= {"DJANGO_SETTINGS_MODULE": "rii_catalogue.settings", "DATABASE_URL": database_url}
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def every_row_as_dumpdata_sees_it(output):
    """Every row of every model (unmanaged ones aside), as {model: {pk: fields}}."""
    rows = {}
    for record in json.loads(output):
        rows.setdefault(record["model"], {})[record["pk"]] = record["fields"]
    return rows


DUMP_ALL = ["dumpdata", "--all", "--exclude=infrastructures.SearchEntry"]


def slow_on_sqlite(test):
    """SQLite's restore migrates a new database (about 10 s on 2 cores); PostgreSQL's takes a few
    seconds, so the test stays in CI's PostgreSQL pass, which leaves slow tests out."""
    return pytest.mark.slow(test) if connection.vendor == "sqlite" else test


# pg_dump reads the database from another session: what the test writes must be committed.
@pytest.mark.django_db(transaction=True)
@slow_on_sqlite
def test_a_backup_restored_into_an_empty_database_gives_the_same_catalogue(tmp_path, empty_database):
    call_command("load_seed", verbosity=0)
    flanders = Region.objects.get(slug="flanders")
    curator = make_user("curator", role=roles.REGIONAL_MANAGER, regions=[flanders])
    Token.objects.create(user=curator)
    owner = Infrastructure.objects.filter(region=flanders).first().owner
    draft = entries.infrastructure_create(
        user=curator,
        data={
            "slug": "cleanroom-draft",
            "name_en": "Cleanroom",
            "kind": "lab",
            "owner": owner,
            "region": flanders,
        },
        origin="api",
    )
    factories.access_request(Infrastructure.objects.published().first(), company_name="Acme Optics BV")
    backup = tmp_path / "catalogue.backup"

    out = StringIO()
    call_command("backup_catalogue", output=str(backup), stdout=out)
    assert f"({backup.stat().st_size:,} bytes)" in out.getvalue()
    assert backup.stat().st_mode & 0o777 == 0o600  # contact details and password hashes inside
    assert [path.name for path in tmp_path.iterdir()] == ["catalogue.backup"]  # no temporary left

    with pytest.raises(CommandError, match="already holds a catalogue"):
        call_command("restore_catalogue", str(backup))

    assert "Restored the catalogue" in manage(empty_database, "restore_catalogue", str(backup))

    out = StringIO()
    call_command(*DUMP_ALL, stdout=out)
    before = every_row_as_dumpdata_sees_it(out.getvalue())
    after = every_row_as_dumpdata_sees_it(manage(empty_database, *DUMP_ALL))
    assert after.keys() == before.keys()
    for model in before:
        assert after[model] == before[model], model
    # Not an empty comparison: what the catalogue holds is there.
    for model, at_least in {
        "infrastructures.infrastructure": Infrastructure.objects.count(),
        "infrastructures.historicalinfrastructure": 1,
        "access.accessrequest": 1,
        "auth.user": 1,
        "auth.group": 2,
        "authtoken.token": 1,
    }.items():
        assert len(after[model]) >= at_least > 0, model
    assert after["infrastructures.infrastructure"][draft.pk]["publication_state"] == "draft"
    assert models_with_rows() <= before.keys()  # dumpdata left no model out

    if connection.vendor == "sqlite":  # the search index, made again from the restored entries
        restored = sqlite3.connect(tmp_path / "restored.sqlite3")
        index = f"SELECT rowid, names, summary, body FROM {SearchEntry._meta.db_table} ORDER BY rowid"
        # (Of the entries there are: the FTS5 table keeps rows of entries other tests flushed away,
        # which the restore, rebuilding from the entries, rightly leaves out.)
        indexed = SearchEntry.objects.filter(pk__in=Infrastructure.objects.values("pk")).order_by("pk")
        assert restored.execute(index).fetchall() == list(
            indexed.values_list("pk", "names", "summary", "body")
        )
        restored.close()


def models_with_rows():
    """The models with a table of their own that hold rows in the test database (many-to-many tables
    aside: dumpdata writes them in their models' rows)."""
    return {
        model._meta.label_lower
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._base_manager.exists()
    }


def test_a_file_that_is_no_backup_is_refused_before_anything_changes(tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a backup")
    with pytest.raises(CommandError, match="is not a backup of the catalogue"):
        call_command("restore_catalogue", str(text))
    with pytest.raises(CommandError, match="There is no file"):
        call_command("restore_catalogue", str(tmp_path / "missing.backup"))
    with pytest.raises(CommandError, match="does not exist"):
        call_command("backup_catalogue", output=str(tmp_path / "no-such-folder" / "catalogue.backup"))
