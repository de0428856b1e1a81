"""Background work of the infrastructures app (Django's tasks API), queued by the services after
commit. Each task takes the id of its Job and keeps that record true (see jobs.py)."""

from dataclasses import asdict

from django.core.files.base import ContentFile
from django.http import QueryDict
from django_tasks import task

from infrastructures import exports, imports
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.jobs import JobRefused, problem, report_progress, running
from infrastructures.models import Infrastructure, Job


def _read_and_check(job):
    with job.upload.open("rb") as file:
        content = file.read()
    try:
        header, rows = imports.read_table(content, job.filename)
    except imports.ImportFileError as error:
        raise JobRefused([problem(error)]) from error
    report_progress(job, 0, total=len(rows))
    preview = imports.validate(job.user, header, rows, progress=lambda done: report_progress(job, done))
    report_progress(job, len(rows))
    if not preview.is_valid:
        raise JobRefused([asdict(error) for error in preview.errors])
    job.result = {"created": preview.created, "updated": preview.updated}
    return preview


@task()
def check_import(job_id):
    """Step 1: read the uploaded file and check every row; nothing is written."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with running(job):
        _read_and_check(job)
        job.state = Job.State.CHECKED


@task()
def run_import(job_id):
    """Step 2, once the curator confirmed: check again (entries or rights may have changed since)
    and write every row in one transaction through the services, or none."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with running(job):
        preview = _read_and_check(job)
        created, updated = imports.run_import(job.user, preview, origin=job.origin)
        job.result = {"created": created, "updated": updated}
        job.state = Job.State.DONE
        job.upload.delete(save=False)


@task()
def run_export(job_id):
    """A large export: the curator's entries narrowed by the search filters they chose, written to a
    file in storage that the job's page offers for download."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with running(job):
        filterset = InfrastructureFilterSet(
            QueryDict(job.parameters.get("query", "")), queryset=Infrastructure.objects.curated_by(job.user)
        )
        queryset = filterset.qs
        report_progress(job, 0, total=queryset.count())
        file_format = job.parameters["format"]
        progress = lambda done: report_progress(job, done)  # noqa: E731
        if file_format == "xlsx":
            content = exports.xlsx_bytes(queryset, progress=progress)
        else:
            content = "".join(exports.csv_rows(queryset, progress=progress)).encode("utf-8")
        job.output.save(f"infrastructures-{job.pk}.{file_format}", ContentFile(content), save=False)
        report_progress(job, job.total)
        job.state = Job.State.DONE
