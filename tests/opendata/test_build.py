"""The build of the open-data files: every file written whole and recorded with the state of the
catalogue it holds; built again after each committed change (once per transaction), skipped when
nothing public changed; and, until it has run, the downloads never show an entry no longer published."""

import hashlib
import stat
import threading
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from django.urls import reverse
from django_tasks.signals import task_enqueued

from infrastructures import services as entry_services
from infrastructures.models import Infrastructure, Organisation, PriorityAxis
from opendata import selectors, services
from opendata.downloads import DOWNLOADS
from opendata.models import PublishedFile
from tests import factories
from tests.admin_forms import form_data
from tests.opendata.catalogue import csv_rows, download, entry_slugs, text_of
from tests.uploads import confirm, upload

pytestmark = pytest.mark.django_db
NAMES = [item.name for item in DOWNLOADS]
WHOLE = [item.name for item in DOWNLOADS if item.format != "csv"] + ["infrastructures.csv"]  # every entry
State = Infrastructure.PublicationState


@pytest.fixture
def rebuild_on(settings):
    """As in production: a committed change of the public catalogue queues a build."""
    settings.OPEN_DATA_REBUILD_AFTER_CHANGES = True


@contextmanager
def builds_queued():
    """The builds queued meanwhile (the tests' task backend runs each at once)."""
    queued = []

    def count(sender, task_result, **kwargs):
        if task_result.task.module_path == "opendata.tasks.build_files":
            queued.append(task_result)

    task_enqueued.connect(count)
    try:
        yield queued
    finally:
        task_enqueued.disconnect(count)


def file_bytes(root, name):
    return (root / name).read_bytes()


def test_a_build_writes_every_file_and_records_what_it_holds(catalogue, open_data_root):
    modified, fingerprint = selectors.catalogue_state()
    assert services.published_files_build() == NAMES
    for name in NAMES:
        content = file_bytes(open_data_root, name)
        stored = PublishedFile.objects.get(name=name)
        assert (stored.size, stored.sha256) == (len(content), hashlib.sha256(content).hexdigest())
        assert (stored.records, stored.fingerprint, stored.data_modified) == (2, fingerprint, modified)
        assert stat.S_IMODE((open_data_root / name).stat().st_mode) == 0o644  # a web server may read it
    # Nothing half-written is left beside them.
    assert sorted(path.name for path in open_data_root.iterdir()) == sorted([*NAMES, ".build.lock"])


def test_nothing_is_built_again_while_the_published_catalogue_is_unchanged(catalogue, open_data_root):
    services.published_files_build()
    built_at = dict(PublishedFile.objects.values_list("name", "built_at"))
    entry_services.infrastructure_update(  # a draft changes: the public sees nothing of it
        user=catalogue.users["superuser"],
        infrastructure=catalogue.draft_a,
        data={"name_en": "New"},
        origin="admin",
    )
    assert services.published_files_build() == []
    assert dict(PublishedFile.objects.values_list("name", "built_at")) == built_at
    assert services.published_files_build(force=True) == NAMES


def change(catalogue, what):
    """Edit, unpublish or delete the published entry of region B, as a curator or administrator."""
    entry, superuser = catalogue.published_b, catalogue.users["superuser"]
    if what == "edit":
        data = {"name_en": "Renamed test bed"}
        entry_services.infrastructure_update(user=superuser, infrastructure=entry, data=data, origin="admin")
    elif what == "unpublish":
        entry_services.infrastructure_transition(
            user=superuser, infrastructure=entry, to_state=State.ARCHIVED, origin="admin"
        )
    else:
        entry_services.curated_delete(user=superuser, obj=entry, origin="admin")


@pytest.mark.parametrize("what", ["edit", "unpublish", "delete"])
def test_each_change_of_the_published_catalogue_builds_the_files_again(
    catalogue, open_data_root, rebuild_on, django_capture_on_commit_callbacks, what
):
    services.published_files_build()
    before = dict(PublishedFile.objects.values_list("name", "sha256"))
    with builds_queued() as queued, django_capture_on_commit_callbacks(execute=True):
        change(catalogue, what)
    assert len(queued) == 1
    _modified, fingerprint = selectors.catalogue_state()
    for name in NAMES:
        stored = PublishedFile.objects.get(name=name)
        assert stored.fingerprint == fingerprint, name
        body = file_bytes(open_data_root, name)
        assert hashlib.sha256(body).hexdigest() == stored.sha256
        text = text_of(name, body)
        if what == "edit" and name in WHOLE:
            assert "Renamed test bed" in text, name
        elif what != "edit":
            assert "published-b" not in text, name
    assert dict(PublishedFile.objects.values_list("name", "sha256")) != before


def test_a_priority_axis_recoded_in_the_admin_reaches_the_funding_file(
    client, catalogue, rebuild_on, django_capture_on_commit_callbacks
):
    """Reference data is public too: an administrator's change to it builds the files again."""
    services.published_files_build()
    axis = PriorityAxis.objects.get(code="1")
    client.force_login(catalogue.users["superuser"])
    url = reverse("admin:infrastructures_priorityaxis_change", args=[axis.pk])
    form = form_data(client.get(url))
    with builds_queued() as queued, django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form | {"code": "2"})
    assert response.status_code == 302
    assert len(queued) == 1
    client.logout()
    _response, body = download(client, "infrastructures-funding.csv")
    assert [row["priority_axis"] for row in csv_rows(body)] == ["2"]


def test_one_transaction_queues_one_build_however_many_rows_it_changes(
    catalogue, rebuild_on, django_capture_on_commit_callbacks
):
    superuser = catalogue.users["superuser"]
    with builds_queued() as queued, django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for entry in (catalogue.published_a, catalogue.published_b):
                data = {"summary_en": "Changed", "equipment": [{"name_en": "Microscope"}]}
                entry_services.infrastructure_update(
                    user=superuser, infrastructure=entry, data=data, origin="api"
                )
            organisation = catalogue.published_a.owner
            entry_services.organisation_update(
                user=superuser, organisation=organisation, data={"city": "Gent"}, origin="api"
            )
    assert len(queued) == 1


def test_an_import_of_many_rows_queues_one_build(client, catalogue, rebuild_on):
    """Organisations are public as soon as they exist: 40 of them in one import, one build."""
    client.force_login(catalogue.users["manager_a"])
    header = "slug,name_en,kind,region\n"
    rows = "".join(f"org-{n},Organisation {n},company,flanders\n" for n in range(40))
    page = upload(client, (header + rows).encode(), "organisations.csv")
    with builds_queued() as queued:
        confirm(client, page)
    assert Organisation.objects.filter(slug__startswith="org-").count() == 40
    assert len(queued) == 1


def test_an_import_of_drafts_queues_no_build(client, catalogue, rebuild_on):
    """New entries are drafts: the public sees nothing of them, so the files stay as they are."""
    client.force_login(catalogue.users["manager_a"])
    header = "slug,name_en,kind,owner,region\n"
    rows = "".join(f"lab-{n},Lab {n},lab,owner-a,flanders\n" for n in range(40))
    page = upload(client, (header + rows).encode(), "entries.csv")
    with builds_queued() as queued:
        confirm(client, page)
    assert Infrastructure.objects.filter(slug__startswith="lab-").count() == 40
    assert queued == []


def test_a_rolled_back_change_queues_nothing_and_the_setting_turns_it_off(
    catalogue, settings, django_capture_on_commit_callbacks
):
    settings.OPEN_DATA_REBUILD_AFTER_CHANGES = True
    with builds_queued() as queued, django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            change(catalogue, "edit")
            raise RuntimeError("the request failed after the write")
    assert queued == []
    settings.OPEN_DATA_REBUILD_AFTER_CHANGES = False
    with builds_queued() as queued, django_capture_on_commit_callbacks(execute=True):
        change(catalogue, "edit")
    assert queued == []


def test_an_unpublished_entry_leaves_every_download_at_once_before_the_build_has_run(
    client, catalogue, settings, rebuild_on, django_capture_on_commit_callbacks
):
    services.published_files_build()
    # Builds are queued from now on, not run: the files stay as they were built.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with builds_queued() as queued, django_capture_on_commit_callbacks(execute=True):
        change(catalogue, "unpublish")
    assert len(queued) == 1
    with builds_queued() as queued:
        for name in NAMES:
            response, body = download(client, name)
            if name.endswith(".xlsx"):
                assert response.status_code == 503
                continue
            assert response.status_code == 200 and not response.has_header("ETag")  # the current data
            assert "published-b" not in text_of(name, body), name
            assert response["Link"].endswith('rel="license"')
        _response, body = download(client, "infrastructures.csv")
        assert entry_slugs("infrastructures.csv", body) == {"published-a"}
        head = client.head("/open-data/files/infrastructures.csv")
        assert head.status_code == 200 and head.content == b"" and head["Link"].endswith('rel="license"')
    assert len(queued) == 1  # a build for this state of the catalogue, however many requests found it stale


def test_a_change_during_the_build_leaves_the_files_stale(catalogue, monkeypatch, client):
    """The state is read before the files are written: a change committed meanwhile is not taken for
    built (it queues its own build; here the setting is off, so the file view streams meanwhile)."""
    write = services._write_atomically

    def write_then_change(*args):
        # While the first file is written, a curator archives an entry.
        Infrastructure.objects.filter(slug="published-b").update(publication_state=State.ARCHIVED)
        return write(*args)

    monkeypatch.setattr(services, "_write_atomically", write_then_change)
    services.published_files_build()
    _modified, fingerprint = selectors.catalogue_state()
    assert PublishedFile.objects.exclude(fingerprint=fingerprint).count() == len(NAMES)
    _response, body = download(client, "rii-catalogue.json")
    assert entry_slugs("rii-catalogue.json", body) == {"published-a"}


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_commits_after_a_newer_one_still_reaches_the_files(client, rebuild_on, catalogue):
    """Two curators at once: the one who saved first commits last, so their rows carry the older save
    time. Each commit queues a build, and the files hold both edits (PostgreSQL only: SQLite lets one
    writer at a time)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs two concurrent writers (PostgreSQL)")
    services.published_files_build()
    root = catalogue.users["superuser"]
    saved, go_on = threading.Event(), threading.Event()

    def slow_curator():  # saves first (the earlier updated_at), commits last
        try:
            with transaction.atomic():
                entry_services.infrastructure_update(
                    user=root,
                    infrastructure=catalogue.published_a,
                    data={"name_en": "Slow edit"},
                    origin="admin",
                )
                saved.set()
                go_on.wait(10)
        finally:
            connections.close_all()

    thread = threading.Thread(target=slow_curator)
    thread.start()
    saved.wait(10)
    entry_services.infrastructure_update(  # a quick edit of another entry, committed first
        user=root, infrastructure=catalogue.published_b, data={"name_en": "Quick edit"}, origin="admin"
    )
    go_on.set()
    thread.join()
    _response, body = download(client, "infrastructures.csv")
    names = {row["slug"]: row["name_en"] for row in csv_rows(body)}
    assert names == {"published-a": "Slow edit", "published-b": "Quick edit"}


def test_the_command_builds_the_files_now_and_says_so(catalogue, open_data_root, capsys):
    call_command("build_open_data")
    assert f"Built {len(NAMES)} files" in capsys.readouterr().out
    assert {path.name for path in open_data_root.iterdir()} >= set(NAMES)
    call_command("build_open_data")
    assert "up to date" in capsys.readouterr().out


def test_an_empty_catalogue_builds_empty_files(db, open_data_root):
    factories.infrastructure(publication_state=State.DRAFT)
    services.published_files_build()
    assert PublishedFile.objects.get(name="infrastructures.csv").records == 0
    assert entry_slugs("rii-catalogue.json", file_bytes(open_data_root, "rii-catalogue.json")) == set()
    assert entry_slugs("rii-catalogue.jsonld", file_bytes(open_data_root, "rii-catalogue.jsonld")) == set()
