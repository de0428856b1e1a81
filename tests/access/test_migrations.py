"""The routing migrations on a database that already holds requests (sent before routing existed)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# The entries' and regions' apps go back too, so that the database matches the models of that time.
BEFORE = [
    ("access", "0004_versions_and_history"),
    ("infrastructures", "0008_funding_operating_grant_and_organisation_figures"),
    ("regions", "0002_region_assignments"),
]
AFTER = [("access", "0007_reference_unique")]


@pytest.mark.django_db(transaction=True)
def test_earlier_requests_get_a_reference_their_region_and_their_events():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    region = apps.get_model("regions", "Region").objects.create(
        slug="flanders", name_en="Flanders", name="Flanders"
    )
    owner = apps.get_model("infrastructures", "Organisation").objects.create(
        slug="owner", name="Owner", name_en="Owner", region=region
    )
    entry = apps.get_model("infrastructures", "Infrastructure").objects.create(
        slug="lab", name="Lab", name_en="Lab", owner=owner, region=region
    )
    request = apps.get_model("access", "AccessRequest").objects.create(
        infrastructure=entry, company_name="Acme", company_size="small", contact_name="An",
        contact_email="an@example.com", need="Tests", consent=True, status="accepted",
    )  # fmt: skip
    apps.get_model("access", "HistoricalAccessRequest").objects.create(
        id=request.pk, infrastructure=entry, company_name="Acme", company_size="small", consent=True,
        status="accepted", created_at=request.created_at, updated_at=request.updated_at, version=1,
        history_date=request.created_at, history_type="+",
    )  # fmt: skip

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    migrated = apps.get_model("access", "AccessRequest").objects.get(pk=request.pk)
    assert migrated.reference.startswith("RII-") and list(
        migrated.regions.values_list("slug", flat=True)
    ) == ["flanders"]
    assert list(migrated.events.order_by("pk").values_list("from_status", "status")) == [
        ("", "new"), ("new", "accepted"),
    ]  # fmt: skip
    history = apps.get_model("access", "HistoricalAccessRequest").objects.get(id=request.pk)
    assert history.reference == migrated.reference
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_migrate_creates_the_cache_table_the_rate_limit_counts_in(settings):
    from django.core.cache import cache
    from django.core.management import call_command

    table = settings.CACHES["default"]["LOCATION"]
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    call_command("migrate", verbosity=0)
    assert table in connection.introspection.table_names()
    cache.set("probe", 1)
    assert cache.get("probe") == 1
