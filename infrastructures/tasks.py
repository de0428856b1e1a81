"""Background work of the infrastructures app (Django's tasks API), queued by the services after
commit. Each task takes the id of its Job and keeps that record true (see jobs.py)."""

from dataclasses import asdict

from django.core.files.base import ContentFile
from django.http import QueryDict
from django.utils.translation import gettext as _
from django_tasks import task

from infrastructures import exports, imports, mappings, tables
from infrastructures.filtersets import InfrastructureFilterSet
from infrastructures.jobs import JobRefused, problem, report_progress, running
from infrastructures.models import Infrastructure, Job


def _mapped(job, sheets):
    """The sheets in the catalogue's columns (see mappings.mapped_sheets), through the job's mapping
    or the curator's saved one for these columns; None while the columns are still to be matched."""
    main = sheets.get("infrastructures")
    if main is None or mappings.is_template(main.header):
        return sheets
    job.parameters["header"] = main.header
    if "mapping" not in job.parameters:
        saved = mappings.saved_mapping(job.user, main.header)
        if saved is None:
            job.parameters.update(mappings.proposal_for(main))
            return None
        job.parameters.update(mapping=saved.mapping, defaults=saved.defaults, mapping_name=saved.name)
    return mappings.mapped_sheets(sheets, job.parameters["mapping"], job.parameters.get("defaults") or {})


def _read_and_check(job):
    checking = job.step == Job.Step.CHECK  # a refused file stays for another reading; an import's goes
    with job.upload.open("rb") as file:
        content = file.read()
    try:
        table = tables.read_file(content, job.filename, encoding=job.parameters.get("encoding"))
    except tables.FileRefused as error:  # kept: the curator may read it in another encoding
        raise JobRefused([problem(error)], keep_upload=checking) from error
    job.result = {
        "encoding": table.encoding,
        "encoding_label": tables.ENCODINGS.get(table.encoding, table.encoding),
        "encoding_detected": table.encoding_detected,
    }
    header_problems = [notice for notice in table.errors if notice.line == 1]
    if header_problems:  # columns named twice: nothing to match them by
        raise JobRefused([asdict(notice) for notice in header_problems], keep_upload=checking)
    sheets = _mapped(job, imports.sheets_by_layout(table, job.filename))
    if sheets is None:
        job.state = Job.State.MAPPING
        return None
    total = sum(len(sheet.rows) for sheet in sheets.values())
    report_progress(job, 0, total=total)
    plan = imports.plan_import(
        job.user,
        sheets,
        table=table,
        defaults=mappings.defaults_for_import(job.parameters.get("defaults") or {}),
        progress=lambda done: report_progress(job, done),
    )
    report_progress(job, total)
    job.result.update(plan.summary())
    if not plan.is_valid:
        raise JobRefused([asdict(notice) for notice in plan.problems], keep_upload=checking)
    return plan


@task()
def check_import(job_id):
    """Step 1: read the uploaded file and work out every change; nothing is written."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with running(job):
        if _read_and_check(job) is not None:
            job.state = Job.State.CHECKED


@task()
def write_import(job_id):
    """Step 2, once the curator confirmed: check again (entries or rights may have changed since)
    and write every changed row in one transaction through the services, or none."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with running(job):
        plan = _read_and_check(job)
        if plan is None:
            raise JobRefused([problem(_("The columns of this file are not matched yet."))])
        imports.run_import(job.user, plan, origin=job.origin)
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
            table = job.parameters.get("table", "infrastructures")
            content = "".join(exports.csv_rows(queryset, progress=progress, table=table)).encode("utf-8")
        job.output.save(f"infrastructures-{job.pk}.{file_format}", ContentFile(content), save=False)
        report_progress(job, job.total)
        job.state = Job.State.DONE
