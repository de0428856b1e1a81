"""Spreadsheet import: documented layout, all or nothing, every bad row reported, idempotent."""

import csv
import io
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from infrastructures import tasks
from infrastructures.columns import INFRASTRUCTURES
from infrastructures.imports import plan_import, run_import, sheets_by_layout
from infrastructures.models import Infrastructure, Job
from infrastructures.tables import read_file
from tests import factories
from tests.rights import make_cast
from tests.uploads import confirm, run_after_commit, upload

pytestmark = pytest.mark.django_db
HEADER = ["slug", "name_en", "name_nl", "kind", "owner", "region", "themes", "trl_min", "trl_max", "latitude",
          "longitude"]  # fmt: skip


@pytest.fixture
def cast(db):
    cast = make_cast()
    factories.theme(slug="photonics")
    return cast


def csv_bytes(rows, header=HEADER):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode()


def row(slug, **overrides):
    values = {
        "slug": slug,
        "name_en": f"Lab {slug}",
        "name_nl": f"Labo {slug}",
        "kind": "lab",
        "owner": "owner-a",
        "region": "flanders",
        "themes": "photonics",
        "trl_min": "3",
        "trl_max": "6",
        "latitude": "51.2",
        "longitude": "5.3",
    } | overrides
    return [values[name] for name in HEADER]


def check(user, content, name="entries.csv"):
    table = read_file(content, name)
    return plan_import(user, sheets_by_layout(table, name), table=table)


def edit_csv(content, slug, **values):
    """The CSV file with some cells of the row of `slug` changed, as a curator edits an export."""
    rows = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    for entry in rows:
        if entry["slug"] == slug:
            entry.update(values)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def counts(plan):
    return plan.count("create"), plan.count("update")


def test_valid_file_imports_and_reimport_updates_instead_of_duplicating(cast):
    manager = cast.users["manager_a"]
    content = csv_bytes([row("lab-1"), row("lab-2", themes="")])
    preview = check(manager, content)
    assert preview.is_valid and counts(preview) == (2, 0)
    assert run_import(manager, preview, origin="import") == (2, 0)
    lab = Infrastructure.objects.get(slug="lab-1")
    assert (lab.publication_state, lab.trl_min, [t.slug for t in lab.themes.all()]) == (
        "draft",
        3,
        ["photonics"],
    )
    again = check(manager, csv_bytes([row("lab-1", name_en="Renamed lab"), row("lab-2", themes="")]))
    assert counts(again) == (0, 1) and again.count("unchanged") == 1  # only lab-1 differs
    run_import(manager, again, origin="import")
    assert Infrastructure.objects.filter(slug__in=["lab-1", "lab-2"]).count() == 2
    assert Infrastructure.objects.get(slug="lab-1").name_en == "Renamed lab"
    assert Infrastructure.objects.get(slug="lab-1").history.first().history_change_reason == "import"


def test_every_bad_row_is_reported_with_its_column_and_nothing_is_saved(cast):
    manager = cast.users["manager_a"]
    content = csv_bytes([
        row("good-1"),
        row("bad-trl", trl_min="8", trl_max="2"),
        row("bad-kind", kind="spaceship"),
        row("bad-owner", owner="nobody"),
        row("bad-region", region="south-netherlands"),
        row("bad-latitude", latitude="north"),
        row("bad-theme", themes="photonics; alchemy"),
        row("good-1"),
        row("", name_en=""),
        row("good-2"),
    ])  # fmt: skip
    preview = check(manager, content)
    found = {(error.line, error.column) for error in preview.problems}
    assert {(3, "trl_min"), (4, "kind"), (5, "owner"), (6, "region"), (7, "latitude"), (8, "themes"),
            (9, "slug"), (10, "slug")} <= found  # fmt: skip
    assert not any(error.line in (2, 11) for error in preview.problems)
    with pytest.raises(ValueError):
        run_import(manager, preview, origin="import")
    assert not Infrastructure.objects.filter(slug__in=["good-1", "good-2"]).exists()


@pytest.mark.parametrize(
    "content, name, message",
    [
        (b"", "empty.csv", "empty"),
        (b'slug,name_en\n"x,y\n', "x.csv", "Line 2 cannot be read as CSV"),
        (b"slug,name_en\nx,y\xff\xfe\x00\x81\n", "x.csv", "cannot be read as"),
        (b"not a workbook", "x.xlsx", "XLSX"),
        (b"a", "x.pdf", ".csv or .xlsx"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(client, cast, content, name, message):
    client.force_login(cast.users["manager_a"])
    response = upload(client, content, name)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_upload_check_then_confirm_through_the_job_page(client, cast, settings):
    client.force_login(cast.users["manager_a"])
    checked = upload(client, csv_bytes([row("lab-1"), row("lab-2")]))
    assert checked.status_code == 200 and "2 to create, 0 to update" in checked.content.decode()
    assert not Infrastructure.objects.filter(slug="lab-1").exists()
    job = Job.objects.get()
    assert job.upload and (settings.MEDIA_ROOT / job.upload.name).exists()  # in storage, not the session
    assert not any(key.startswith("infrastructure") for key in client.session.keys())
    done = confirm(client, checked)
    assert "2 created, 0 updated" in done.content.decode()
    assert Infrastructure.objects.filter(slug__in=["lab-1", "lab-2"]).count() == 2
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    assert not job.upload and not list((settings.MEDIA_ROOT / "jobs" / "uploads").rglob("*.csv"))
    assert confirm(client, checked).status_code == 200  # a second press imports nothing more
    assert Infrastructure.objects.filter(slug__in=["lab-1", "lab-2"]).count() == 2


def test_xlsx_file_and_the_downloadable_templates(client, cast):
    client.force_login(cast.users["manager_a"])
    template = load_workbook(
        io.BytesIO(client.get(reverse("curation:import-template", args=["xlsx"])).content)
    )
    assert [cell.value for cell in template["infrastructures"][1]] == INFRASTRUCTURES.column_names
    csv_template = client.get(reverse("curation:import-template", args=["csv"])).content.decode("utf-8-sig")
    assert csv_template.strip() == ",".join(INFRASTRUCTURES.column_names)
    workbook = Workbook()
    workbook.active.append(HEADER)
    workbook.active.append(row("xlsx-lab", trl_min=4))  # a number cell, as spreadsheets store it
    buffer = io.BytesIO()
    workbook.save(buffer)
    preview = check(cast.users["manager_a"], buffer.getvalue(), "entries.xlsx")
    assert preview.is_valid, preview.problems
    run_import(cast.users["manager_a"], preview, origin="import")
    assert Infrastructure.objects.get(slug="xlsx-lab").trl_min == 4


def test_export_round_trips_through_the_import(client, cast):
    client.force_login(cast.users["manager_a"])
    exported = b"".join(client.get(reverse("curation:export", args=["csv"])).streaming_content)
    preview = check(cast.users["manager_a"], exported)
    assert preview.is_valid, preview.problems
    assert counts(preview) == (0, 0) and preview.count("unchanged") == 2


def test_management_command_imports_and_refuses_bad_files(cast, tmp_path):
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes([row("cmd-lab")]))
    call_command("import_infrastructures", str(good), user="manager-a")
    assert Infrastructure.objects.filter(slug="cmd-lab").exists()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([row("cmd-other", region="south-netherlands")]))
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_infrastructures", str(bad), user="manager-a")
    assert not Infrastructure.objects.filter(slug="cmd-other").exists()


@pytest.mark.slow
def test_a_5000_row_file_imports_in_one_go(cast):
    manager = cast.users["manager_a"]
    content = csv_bytes([row(f"bulk-{n}") for n in range(5000)])
    started = time.monotonic()
    preview = check(manager, content)
    assert preview.is_valid and preview.count("create") == 5000
    assert run_import(manager, preview, origin="import") == (5000, 0)
    assert Infrastructure.objects.filter(slug__startswith="bulk-").count() == 5000
    print(f"5000-row import: {time.monotonic() - started:.1f} s")  # reported with -s, not asserted


@pytest.mark.slow
def test_one_bad_row_among_5000_saves_nothing_and_is_named(cast):
    manager = cast.users["manager_a"]
    rows = [row(f"bulk-{n}") for n in range(5000)]
    rows[3120] = row("bulk-3120", trl_max="10")
    preview = check(manager, csv_bytes(rows))
    assert [(error.line, error.column) for error in preview.problems] == [(3122, "trl_max")]
    assert not Infrastructure.objects.filter(slug__startswith="bulk-").exists()


@pytest.mark.slow
def test_an_import_of_20000_rows_runs_in_the_worker_and_reports_progress(client, cast, settings):
    """The request only stores the file and queues the job; the worker (the database queue, as
    bin/serve runs it) checks every row with progress, then writes all of them once confirmed."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    manager = cast.users["manager_a"]
    client.force_login(manager)
    content = csv_bytes([row(f"bulk-{n}") for n in range(20_000)])
    file = io.BytesIO(content)
    file.name = "bulk.csv"
    with run_after_commit():  # the commit queues the job; nothing runs in the request
        response = client.post(reverse("curation:import"), {"file": file})
    assert response.status_code == 302
    job = Job.objects.get()
    assert (job.state, job.done) == ("queued", 0)
    seen = []
    original = tasks.report_progress
    with mock.patch.object(
        tasks,
        "report_progress",
        lambda job, done, total=None: (seen.append(done), original(job, done, total)),
    ):
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.state, job.done, job.total, job.result["created"]) == ("checked", 20_000, 20_000, 20_000)
    assert seen[:3] == [0, 500, 1000] and seen[-1] == 20_000  # the page's progress bar moved
    assert "20000 to create" in client.get(job.get_absolute_url()).content.decode()
    with run_after_commit():
        assert client.post(job.get_absolute_url()).status_code == 302
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    job.refresh_from_db()
    assert (job.state, job.result["created"], job.result["updated"]) == ("done", 20_000, 0)
    assert Infrastructure.objects.filter(slug__startswith="bulk-").count() == 20_000


def test_a_large_export_runs_as_a_job_and_only_its_curator_downloads_it(client, cast, monkeypatch):
    from infrastructures.views import curation

    client.force_login(cast.users["manager_a"])
    direct = b"".join(client.get(reverse("curation:export", args=["csv"])).streaming_content)
    monkeypatch.setattr(curation, "EXPORT_IN_REQUEST_MAX", 1)  # two entries: "large" now
    with run_after_commit():
        response = client.get(reverse("curation:export", args=["csv"]), {"region": "flanders"})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert "Your export is ready" in page.content.decode()
    job = Job.objects.get(kind="export")
    assert (job.state, job.done, job.total) == ("done", 2, 2)
    download = client.get(reverse("curation:job-download", args=[job.pk]))
    assert b"".join(download.streaming_content) == direct  # the same file as the direct export
    assert download["Content-Disposition"].startswith('attachment; filename="infrastructures.csv"')
    client.force_login(cast.users["manager_b"])
    assert client.get(reverse("curation:job-download", args=[job.pk])).status_code == 404
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 404


def test_an_import_checks_again_when_confirmed_and_refuses_what_is_no_longer_allowed(client, cast):
    """The rights changed between the check and the confirmation: nothing is saved, and why."""
    from regions.models import RegionAssignment

    client.force_login(cast.users["manager_a"])
    checked = upload(client, csv_bytes([row("lab-1"), row("lab-2")]))
    assert "2 to create" in checked.content.decode()
    RegionAssignment.objects.filter(user=cast.users["manager_a"]).delete()
    page = confirm(client, checked).content.decode()
    assert "nothing was saved" in page and "You do not manage the region Flanders." in page
    assert not Infrastructure.objects.filter(slug__in=["lab-1", "lab-2"]).exists()
    job = Job.objects.get()
    assert job.state == "failed" and not job.upload


def test_a_job_that_breaks_half_way_saves_nothing_and_says_so(client, cast, monkeypatch):
    from infrastructures import services

    client.force_login(cast.users["manager_a"])
    checked = upload(client, csv_bytes([row("lab-1"), row("lab-2"), row("lab-3")]))
    original, calls = services.infrastructure_create, []

    def breaks_on_the_second_row(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return original(**kwargs)

    monkeypatch.setattr(services, "infrastructure_create", breaks_on_the_second_row)
    page = confirm(client, checked).content.decode()
    assert "The job failed unexpectedly; nothing was saved." in page
    assert not Infrastructure.objects.filter(slug__startswith="lab-").exists()
    assert Job.objects.get().state == "failed"


def test_old_jobs_and_their_files_are_pruned(client, cast, settings):
    client.force_login(cast.users["manager_a"])
    checked = upload(client, csv_bytes([row("lab-1")]))  # checked, never confirmed: the file waits
    assert "1 to create" in checked.content.decode()
    job = Job.objects.get()
    path = settings.MEDIA_ROOT / job.upload.name
    assert path.exists()
    call_command("prune_jobs", days=7)
    assert Job.objects.filter(pk=job.pk).exists()  # a recent job stays
    Job.objects.filter(pk=job.pk).update(created_at=job.created_at - timedelta(days=8))
    call_command("prune_jobs", days=7)
    assert not Job.objects.exists() and not path.exists()


def test_reimporting_an_old_export_never_undoes_a_later_change(client, cast):
    """The export carries each entry's version: a row whose entry changed since is refused."""
    from infrastructures import services

    client.force_login(cast.users["manager_a"])
    exported = b"".join(client.get(reverse("curation:export", args=["csv"])).streaming_content)
    services.infrastructure_update(
        user=cast.users["superuser"], infrastructure=cast.draft_a, data={"city": "Hasselt"}, origin="admin"
    )
    page = upload(client, exported).content.decode()
    assert "This row was changed by root" not in page  # an unchanged row undoes nothing: no conflict
    edited = edit_csv(exported, "draft-a", name_en="Draft A, renamed")
    page = upload(client, edited).content.decode()
    assert "This row was changed by root" in page and "nothing was saved" in page
    cast.draft_a.refresh_from_db()
    assert cast.draft_a.city == "Hasselt"
    fresh = b"".join(client.get(reverse("curation:export", args=["csv"])).streaming_content)
    page = upload(client, edit_csv(fresh, "draft-a", name_en="Draft A, renamed")).content.decode()
    assert "0 to create, 1 to update, 1 unchanged" in page  # a fresh export goes through


def test_reimporting_an_unchanged_export_changes_nothing(client, cast):
    from infrastructures import services

    theme = factories.theme(slug="optics")
    services.infrastructure_update(
        user=cast.users["manager_a"], infrastructure=cast.draft_a, data={"themes": [theme]}, origin="admin"
    )
    client.force_login(cast.users["manager_a"])
    exported = b"".join(client.get(reverse("curation:export", args=["csv"])).streaming_content)
    before = {entry.slug: entry.version for entry in Infrastructure.objects.all()}
    history_rows = Infrastructure.history.count()
    checked = upload(client, exported).content.decode()
    assert "0 to create, 0 to update, 2 unchanged" in checked and "there is nothing to import" in checked
    job = Job.objects.latest("pk")
    with run_after_commit():
        client.post(job.get_absolute_url())  # confirming anyway writes nothing
    assert {entry.slug: entry.version for entry in Infrastructure.objects.all()} == before
    assert Infrastructure.history.count() == history_rows  # nothing written, so no history either


@pytest.mark.slow
def test_an_export_of_5000_entries_reimports_unchanged_in_both_formats(cast):
    """The round trip at size (an export job writes the same file); durations printed with -s."""
    from infrastructures import exports

    manager = cast.users["manager_a"]
    preview = check(manager, csv_bytes([row(f"bulk-{n}", name_en=f'Lab "{n}", +32') for n in range(5000)]))
    run_import(manager, preview, origin="import")
    entries = Infrastructure.objects.curated_by(manager)
    for file_format in ("csv", "xlsx"):
        started = time.monotonic()
        if file_format == "xlsx":
            content = exports.xlsx_bytes(entries)
        else:
            content = "".join(exports.csv_rows(entries)).encode()
        exported = time.monotonic() - started
        started = time.monotonic()
        plan = check(manager, content, f"catalogue.{file_format}")
        checked = time.monotonic() - started
        assert plan.is_valid and plan.count("unchanged") == 5002 and plan.count("update") == 0
        print(f"5000 entries, {file_format}: export {exported:.1f} s, check of the file {checked:.1f} s")
