"""A read replica (DATABASE_REPLICA_URL): anonymous visitors' reads come from it; curators, token
clients, writes, a client right after its own write, transactions, commands and jobs use the primary.

Two real databases: the replica starts as a copy of the primary's test database, then one entry is
renamed on it alone, so every page tells which database it was read from. The replica never catches
up here, as if it lagged for ever. A streaming replica (a second PostgreSQL server) is not started:
the router and the middleware are what decide, and they see two databases either way.
"""

import copy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections, router, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from access.models import AccessForm, AccessRequest, BusinessModel
from access.vocabularies import ensure_vocabularies
from infrastructures.models import Infrastructure
from regions import roles
from rii_catalogue import catalogue_version
from rii_catalogue.db_routers import PIN_COOKIE, REPLICA, ReplicaReadsMiddleware
from tests import factories
from tests.rights import make_user

ROOT = Path(__file__).resolve().parent.parent
ON_PRIMARY = "Optics lab as on the primary"
ON_REPLICA = "Optics lab as on the replica"


def test_settings_define_the_replica_and_its_router_only_when_asked():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES.get('replica'); "
        "print(r and (r['HOST'], r['NAME'], r['CONN_MAX_AGE'], r['CONN_HEALTH_CHECKS']), s.DATABASE_ROUTERS)"
    )
    env = {"DJANGO_SETTINGS_MODULE": "rii_catalogue.settings", "PATH": "/usr/bin:/bin"}
    replica_url = "postgres://reader@replica.example:5432/catalogue"
    answers = [
        subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env | more, capture_output=True, text=True, timeout=60
        ).stdout.strip()
        for more in ({}, {"DATABASE_REPLICA_URL": replica_url, "DATABASE_CONN_MAX_AGE": "30"})
    ]
    assert answers == [
        "None []",
        "('replica.example', 'catalogue', 30, True) ['rii_catalogue.db_routers.ReplicaRouter']",
    ]


def test_the_replica_is_never_migrated():
    from rii_catalogue.db_routers import ReplicaRouter

    assert ReplicaRouter().allow_migrate(REPLICA, "infrastructures", "infrastructure") is False
    assert ReplicaRouter().allow_migrate("default", "infrastructures", "infrastructure") is None


@pytest.fixture(scope="module")
def replica_alias(django_db_setup, django_db_blocker):
    """The alias `replica` in DATABASES and the router, as DATABASE_REPLICA_URL turns them on. Its
    database is a copy of the primary's test database that each test takes afresh
    (`_copy_primary_to_replica`)."""
    primary = connections["default"]
    previous = settings.DATABASES.get(REPLICA)  # a mirror of the primary, if the environment sets one
    replica_settings = copy.deepcopy(primary.settings_dict)
    if primary.vendor == "sqlite":
        replica_settings["NAME"] = f"file:memorydb_{REPLICA}?mode=memory&cache=shared"
    else:
        replica_settings["NAME"] = f"{primary.settings_dict['NAME']}_{REPLICA}"
    _forget_replica_connection()
    settings.DATABASES[REPLICA] = replica_settings
    with override_settings(DATABASE_ROUTERS=["rii_catalogue.db_routers.ReplicaRouter"]):
        yield
    with django_db_blocker.unblock():
        replica = connections[REPLICA]
        if replica.vendor == "sqlite":
            if replica.connection is not None:
                replica.connection.close()  # Django's close() keeps an in-memory database open
        else:
            replica.close()
            with primary._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE IF EXISTS {replica.ops.quote_name(replica_settings['NAME'])}")
    _forget_replica_connection()
    if previous is None:
        del settings.DATABASES[REPLICA]
    else:
        settings.DATABASES[REPLICA] = previous


def _forget_replica_connection():
    try:
        del connections[REPLICA]
    except AttributeError:  # never opened in this thread
        pass


def _copy_primary_to_replica():
    """What streaming replication does, at once: SQLite's backup of the in-memory database, or
    PostgreSQL's CREATE DATABASE ... TEMPLATE (which needs both databases without a session)."""
    primary, replica = connections["default"], connections[REPLICA]
    if primary.vendor == "sqlite":
        primary.ensure_connection()
        replica.ensure_connection()
        primary.connection.backup(replica.connection)
        return
    primary.close()
    replica.close()
    name, template = (primary.ops.quote_name(db.settings_dict["NAME"]) for db in (replica, primary))
    with primary._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name} TEMPLATE {template}")


@pytest.fixture
def catalogue(replica_alias):
    """An entry, a curator with an API token and the access vocabularies on the primary; then the
    replica, a copy of it on which the entry has another name."""
    ensure_vocabularies(AccessForm, BusinessModel)
    region = factories.region(slug="replica-region")
    owner = factories.organisation(slug="replica-owner", region=region)
    entry = factories.infrastructure(slug="optics-lab", name_en=ON_PRIMARY, owner=owner)
    curator = make_user("replica-curator", role=roles.REGIONAL_MANAGER, regions=[region])
    token = Token.objects.create(user=curator).key
    _copy_primary_to_replica()
    Infrastructure.objects.using(REPLICA).filter(pk=entry.pk).update(name_en=ON_REPLICA)
    return {"entry": entry, "curator": curator, "token": token}


@pytest.fixture
def entry(catalogue):
    return catalogue["entry"]


# Committed, not inside a transaction kept open around each test: that would send every read to the
# primary. pytest-django empties the primary after each test; the next copies it to the replica again.
with_replica = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@with_replica
def test_anonymous_visitors_read_the_replica_and_signed_in_clients_the_primary(client, entry, catalogue):
    page = client.get(entry.get_absolute_url()).content.decode()
    assert ON_REPLICA in page and ON_PRIMARY not in page
    listed = APIClient().get("/api/v1/infrastructures/", {"region": "replica-region"})
    assert ON_REPLICA in str(listed.json()) and ON_PRIMARY not in str(listed.json())
    assert PIN_COOKIE not in listed.cookies

    client.force_login(catalogue["curator"])
    page = client.get(entry.get_absolute_url()).content.decode()
    assert ON_PRIMARY in page and ON_REPLICA not in page
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION="Token " + catalogue["token"])
    listed = api.get("/api/v1/infrastructures/", {"region": "replica-region"})
    assert ON_PRIMARY in str(listed.json()) and ON_REPLICA not in str(listed.json())


@with_replica
def test_a_write_goes_to_the_primary_and_its_sender_reads_the_primary_until_the_pin_expires(
    client, entry, settings
):
    form = {
        "company_name": "Replica Optics BV", "company_size": "small", "country": "BE",
        "contact_name": "An Peeters", "contact_email": "an@replica.example",
        "need": "Lens tests in March.", "consent": "on",
    }  # fmt: skip
    sent = client.post(f"/infrastructures/{entry.slug}/request/", form)
    assert sent.status_code == 302, sent.content.decode()[:2000]
    stored = AccessRequest.objects.get(company_name="Replica Optics BV")
    assert not AccessRequest.objects.using(REPLICA).filter(pk=stored.pk).exists()  # the replica lags
    assert sent.cookies[PIN_COOKIE]["max-age"] == settings.REPLICA_PIN_SECONDS
    # The confirmation and the next pages come from the primary, which holds the request.
    confirmation = client.get(sent["Location"])
    assert confirmation.status_code == 200 and stored.reference in confirmation.content.decode()
    assert ON_PRIMARY in client.get(entry.get_absolute_url()).content.decode()

    # An integrator's anonymous POST: no session, the pin alone keeps it on the primary.
    api = APIClient()
    body = {
        "infrastructure": entry.slug, "company_name": "Pinned Optics BV", "company_size": "micro",
        "contact_name": "Jan", "contact_email": "jan@pinned.example", "need": "Tests.", "consent": True,
    }  # fmt: skip
    created = api.post("/api/v1/access-requests/", body, format="json")
    assert created.status_code == 201, created.json()
    assert settings.SESSION_COOKIE_NAME not in api.cookies
    assert ON_PRIMARY in str(api.get(f"/api/v1/infrastructures/{entry.slug}/").json())
    del api.cookies[PIN_COOKIE]  # REPLICA_PIN_SECONDS later
    assert ON_REPLICA in str(api.get(f"/api/v1/infrastructures/{entry.slug}/").json())


@with_replica
def test_which_reads_go_to_the_replica(entry, settings):
    public, primary = (ON_REPLICA, ON_PRIMARY), (ON_PRIMARY, ON_PRIMARY)
    factory = RequestFactory()
    expected = {
        ("get", "/nl/search/", ""): public,
        ("head", "/", ""): public,
        ("options", "/api/v1/infrastructures/", ""): public,
        ("get", "/admin/infrastructures/infrastructure/", ""): primary,
        ("get", "/nl/admin/login/", ""): primary,
        ("get", "/curation/requests/", ""): primary,
        ("get", "/nl/curation/start/", ""): primary,
        ("get", "/", "HTTP_AUTHORIZATION=Token abc"): primary,
        ("get", "/", f"HTTP_COOKIE={settings.SESSION_COOKIE_NAME}=abc"): primary,
        ("get", "/", f"HTTP_COOKIE={PIN_COOKIE}=1"): primary,
        ("post", "/request/", ""): primary,
        ("delete", "/api/v1/infrastructures/optics-lab/", ""): primary,
    }
    read = {}
    for method, path, header in expected:
        headers = dict([header.split("=", 1)]) if header else {}
        read[method, path, header] = _names_read_during(getattr(factory, method)(path, **headers))
    assert read == expected

    # No request at all: the job worker, a command.
    assert router.db_for_read(Infrastructure) == "default"
    call_command("build_open_data", force=True, verbosity=0)
    written = "".join(
        path.read_text(errors="ignore") for path in Path(settings.OPEN_DATA_ROOT).rglob("*.csv")
    )
    assert ON_PRIMARY in written and ON_REPLICA not in written


def _names_read_during(request):
    """The entry's name read by a view behind the middleware: outside, then inside a transaction."""
    names = []

    def view(request):
        names.append(Infrastructure.objects.get(slug="optics-lab").name_en)
        with transaction.atomic():
            names.append(Infrastructure.objects.get(slug="optics-lab").name_en)
        return HttpResponse()

    ReplicaReadsMiddleware(view)(request)
    return tuple(names)


@with_replica
def test_an_anonymous_search_counts_its_facets_where_it_reads_its_results(client, entry):
    # On the replica the entry is still a draft (its publication has not arrived): the results and
    # the facet counts under a filter must agree, both from the replica.
    draft = Infrastructure.PublicationState.DRAFT
    Infrastructure.objects.using(REPLICA).filter(pk=entry.pk).update(publication_state=draft)
    response = client.get("/search/", {"region": "replica-region"})
    assert response.context["page"].paginator.count == 0
    owners = next(facet for facet in response.context["facets"] if facet.name == "owner")
    counts = [option.count for option in owners.options if option.value == "replica-owner"]
    assert owners.counted and counts in ([], [0])


@with_replica
def test_values_kept_until_the_next_change_are_read_on_the_primary(client, entry):
    # Kept under the catalogue version that a publication has just advanced: read from a replica
    # that has not received the publication yet, they would stay wrong until the next change.
    draft = Infrastructure.PublicationState.DRAFT
    Infrastructure.objects.using(REPLICA).filter(pk=entry.pk).update(publication_state=draft)
    catalogue_version.advance()
    response = client.get("/search/")
    owners = next(facet for facet in response.context["facets"] if facet.name == "owner")
    assert [option.count for option in owners.options if option.value == "replica-owner"] == [1]
