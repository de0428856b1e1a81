"""No lost updates through the API: ETags from the row version, If-Match, row locks; and what one
write costs in queries (the search index rebuilt once, after the commit)."""

import threading

import pytest
from django.db import connection
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from infrastructures.models import Infrastructure
from tests import factories
from tests.rights import make_cast
from tests.uploads import run_after_commit

URL = "/api/v1/infrastructures/"
READ_ONLY = {"url", "page_url", "created_at", "updated_at"}


@pytest.mark.django_db
def test_the_etag_changes_with_every_write_and_if_match_guards_it(cast, api_as):
    client = api_as("manager_a")
    read = client.get(f"{URL}draft-a/")
    etag = read["ETag"]
    assert etag.startswith('"') and not etag.startswith("W/")  # strong

    stale = client.patch(f"{URL}draft-a/", {"summary_en": "Mine"}, format="json", HTTP_IF_MATCH='"1-99"')
    assert stale.status_code == 412 and "changed" in stale.json()["detail"]
    cast.draft_a.refresh_from_db()
    assert cast.draft_a.summary_en != "Mine"

    weak = client.patch(f"{URL}draft-a/", {"summary_en": "Mine"}, format="json", HTTP_IF_MATCH=f"W/{etag}")
    assert weak.status_code == 412  # a weak tag never matches a strong comparison

    written = client.patch(f"{URL}draft-a/", {"summary_en": "Mine"}, format="json", HTTP_IF_MATCH=etag)
    assert written.status_code == 200 and written["ETag"] != etag
    assert client.get(f"{URL}draft-a/")["ETag"] == written["ETag"]

    again = client.patch(f"{URL}draft-a/", {"summary_en": "Again"}, format="json", HTTP_IF_MATCH=etag)
    assert again.status_code == 412  # the first write made that ETag stale
    anything = client.patch(f"{URL}draft-a/", {"summary_en": "Any"}, format="json", HTTP_IF_MATCH="*")
    assert anything.status_code == 200


@pytest.mark.django_db
def test_if_match_guards_put_organisations_and_access_requests(cast, api_as):
    client = api_as("manager_a")
    entry = client.get(f"{URL}draft-a/").json()
    body = {
        key: value
        for key, value in entry.items()
        if key not in {"url", "page_url", "created_at", "updated_at"}
    }
    assert client.put(f"{URL}draft-a/", body, format="json", HTTP_IF_MATCH='"0-0"').status_code == 412
    organisation = client.get("/api/v1/organisations/owner-a/")
    response = client.patch(
        "/api/v1/organisations/owner-a/", {"city": "Lommel"}, format="json", HTTP_IF_MATCH='"0-0"'
    )
    assert response.status_code == 412
    response = client.patch(
        "/api/v1/organisations/owner-a/",
        {"city": "Lommel"},
        format="json",
        HTTP_IF_MATCH=organisation["ETag"],
    )
    assert response.status_code == 200 and response["ETag"] != organisation["ETag"]


@pytest.mark.django_db
def test_writes_without_if_match_never_undo_another_change(cast, api_as):
    """Two curators read version 1; each changes another field. A PATCH writes only what it sends;
    a PUT of the stale copy (which would undo the other change) needs If-Match and is refused."""
    first, second = api_as("manager_a"), api_as("superuser")
    read = first.get(f"{URL}draft-a/")
    assert second.patch(f"{URL}draft-a/", {"name_nl": "Nieuwe naam"}, format="json").status_code == 200
    body = {key: value for key, value in read.json().items() if key not in READ_ONLY}
    body["summary_en"] = "New summary"
    refused = first.put(f"{URL}draft-a/", body, format="json")
    assert refused.status_code == 428 and "If-Match" in refused.json()["detail"]
    assert first.put(f"{URL}draft-a/", body, format="json", HTTP_IF_MATCH=read["ETag"]).status_code == 412
    assert first.patch(f"{URL}draft-a/", {"summary_en": "New summary"}, format="json").status_code == 200
    cast.draft_a.refresh_from_db()
    assert (cast.draft_a.summary_en, cast.draft_a.name_nl) == ("New summary", "Nieuwe naam")


@pytest.mark.django_db
def test_query_counts_of_writes_are_small_and_fixed(cast, api_as, django_assert_max_num_queries):
    client = api_as("manager_a")
    theme = factories.theme(slug="photonics")
    programme = factories.programme(slug="erdf-any")
    nested = {
        "slug": "nested-lab", "name_en": "Nested lab", "kind": "lab", "owner": "owner-a",
        "region": "flanders",
        "themes": [theme.slug],
        "equipment": [{"name_en": "Laser"}, {"name_en": "Microscope"}],
        "access_conditions": [{"open_to_smes": True, "business_models": [], "forms_of_access": [],
                               "prices": [{"tier": "sme", "unit": "day", "amount_from": "100.00"}]}],
        "funding_records": [{"programme": programme.slug, "amount": "1000.00"}],
    }  # fmt: skip
    # After the commit: the catalogue's version token advances (the database cache's set: 5 queries).
    with django_assert_max_num_queries(67), run_after_commit():
        assert client.post(URL, nested, format="json").status_code == 201
    # 3 to authenticate; 7 to read the entry and its lists and check the rights; 6 to lock, update,
    # record the history and verify the rights again; 12 to read it back; 9 to rebuild the index once
    # (its texts in 5 queries; SQLite replaces the entry's full-text row in a transaction of its own:
    # a delete and an insert).
    with django_assert_max_num_queries(39), run_after_commit():
        patched = client.patch(f"{URL}nested-lab/", {"summary_en": "One field"}, format="json")
    assert patched.status_code == 200
    # Each nested row replaced costs its delete and insert, both with a history row.
    with django_assert_max_num_queries(80), run_after_commit():
        put = client.put(
            f"{URL}nested-lab/", nested | {"name_en": "Renamed"}, format="json", HTTP_IF_MATCH=patched["ETag"]
        )
    assert put.status_code == 200


def _token_client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token " + Token.objects.get_or_create(user=user)[0].key)
    return client


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_never_lose_an_acknowledged_change():
    """Two curators PATCH two fields of one entry at the same moment, 20 times: every 200 stays."""
    from regions import roles

    cast = make_cast()
    roles.ensure_role_groups()
    manager, root = cast.users["manager_a"], cast.users["superuser"]
    lost = []
    for attempt in range(20):
        start = threading.Barrier(2)
        answers = {}

        def patch(user, field, value, answers=answers, start=start):
            client = _token_client(user)
            start.wait()
            answers[field] = (
                value,
                client.patch(f"{URL}draft-a/", {field: value}, format="json").status_code,
            )
            connection.close()

        threads = [
            threading.Thread(target=patch, args=(manager, "summary_en", f"summary {attempt}")),
            threading.Thread(target=patch, args=(root, "name_nl", f"naam {attempt}")),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        entry = Infrastructure.objects.get(slug="draft-a")
        for field, (value, status) in answers.items():
            assert status == 200
            if getattr(entry, field) != value:
                lost.append((attempt, field))
    assert not lost
    assert Infrastructure.objects.get(slug="draft-a").version == 1 + 2 * 20


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_with_the_same_if_match_let_exactly_one_through():
    cast = make_cast()
    manager, root = cast.users["manager_a"], cast.users["superuser"]
    etag = _token_client(manager).get(f"{URL}draft-a/")["ETag"]
    start = threading.Barrier(2)
    statuses = []

    def patch(user, value):
        client = _token_client(user)
        start.wait()
        statuses.append(
            client.patch(
                f"{URL}draft-a/", {"summary_en": value}, format="json", HTTP_IF_MATCH=etag
            ).status_code
        )
        connection.close()

    threads = [threading.Thread(target=patch, args=(user, user.username)) for user in (manager, root)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 412]
    winner = Infrastructure.objects.get(slug="draft-a")
    assert winner.version == 2 and winner.summary_en in {"manager-a", "root"}


@pytest.mark.django_db
def test_the_etag_changes_when_what_the_entry_shows_of_other_rows_changes(cast, api_as):
    from infrastructures import services

    client = api_as("anonymous")
    before = client.get(f"{URL}published-a/")
    services.organisation_update(
        user=cast.users["superuser"], organisation=cast.published_a.owner, data={"slug": "renamed-owner"},
        origin="api",
    )  # fmt: skip
    after = client.get(f"{URL}published-a/", HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200 and after.json()["owner"] == "renamed-owner"
    assert after["ETag"] != before["ETag"]


@pytest.mark.django_db
def test_a_locked_database_is_a_503_to_retry_not_a_server_error(cast, api_as, monkeypatch):
    """SQLite's single writer, busy with a long import: the waiting write gets a clear 503."""
    from django.db import OperationalError

    from infrastructures import services

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "infrastructure_update", locked)
    client = api_as("manager_a")
    client.raise_request_exception = False
    response = client.patch(f"{URL}draft-a/", {"city": "Genk"}, format="json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "try again" in response.content.decode()


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_renaming_an_organisation_while_an_entry_links_it_does_not_deadlock(monkeypatch):
    """One curator renames an operator's slug (which touches the entries it operates) while another
    adds it as an operator of an entry: each waits at most for the other to finish."""
    import time

    from infrastructures import services
    from infrastructures.models import Organisation
    from rii_catalogue import writes

    cast = make_cast()
    owner = Organisation.objects.get(slug="owner-a")
    services.infrastructure_update(
        user=cast.users["superuser"],
        infrastructure=cast.published_a,
        data={"operators": [owner]},
        origin="api",
    )
    original_lock = writes.lock

    def slow_lock(instance):  # hold the organisation's lock long enough for the other to start
        locked = original_lock(instance)
        if isinstance(instance, Organisation):
            time.sleep(0.5)
        return locked

    monkeypatch.setattr(writes, "lock", slow_lock)
    errors = []

    def run(write):
        try:
            write()
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    rename = threading.Thread(
        target=run,
        args=(lambda: services.organisation_update(
            user=cast.users["manager_a"], organisation=Organisation.objects.get(slug="owner-a"),
            data={"slug": "owner-a-renamed"}, origin="api",
        ),),
    )  # fmt: skip
    link = threading.Thread(
        target=run,
        args=(lambda: services.infrastructure_update(
            user=cast.users["manager_a"], infrastructure=Infrastructure.objects.get(slug="draft-a"),
            data={"operators": [owner]}, origin="api",
        ),),
    )  # fmt: skip
    rename.start()
    time.sleep(0.1)
    link.start()
    rename.join()
    link.join()
    assert not errors
    assert Organisation.objects.filter(slug="owner-a-renamed").exists()
    assert list(Infrastructure.objects.get(slug="draft-a").operators.values_list("slug", flat=True)) == [
        "owner-a-renamed"
    ]


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent transactions need PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "about", [{"infrastructure": "published-a"}, {"regions": ["flanders", "south-netherlands"]}]
)
def test_the_same_access_request_sent_at_once_from_several_clients_is_stored_once(about):
    from access.models import AccessRequest

    make_cast()
    body = {
        **about, "company_name": "Acme", "company_size": "small", "contact_name": "An",
        "contact_email": "an@acme.example", "need": "Climate chamber tests", "consent": True,
    }  # fmt: skip
    clients = 6
    start = threading.Barrier(clients)
    statuses = []

    def send():
        client = APIClient()
        start.wait()
        statuses.append(client.post("/api/v1/access-requests/", body, format="json").status_code)
        connection.close()

    threads = [threading.Thread(target=send) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200] * (clients - 1) + [201]
    assert AccessRequest.objects.count() == 1
