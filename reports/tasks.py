"""Background work of the reports (Django's tasks API), queued by `services` after commit."""

from django.core.files.base import ContentFile
from django.http import QueryDict
from django_tasks import task

from infrastructures.jobs import JobRefused, problem, report_progress, running
from infrastructures.models import Job
from reports import downloads, selectors


@task()
def run_funding_export(job_id):
    """The funded list as its reader may see it, narrowed by the filters they chose, written to a
    workbook in storage that the job's page offers for download."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with running(job):
        filterset = selectors.funding_filterset(job.user, QueryDict(job.parameters.get("query", "")))
        if not filterset.is_valid():  # a programme or region removed since the job was queued
            raise JobRefused(
                [problem(message, name) for name, errors in filterset.errors.items() for message in errors]
            )
        records = filterset.qs
        report_progress(job, 0, total=records.count())
        content = downloads.xlsx_bytes(records, progress=lambda done: report_progress(job, done))
        job.output.save(f"funding-{job.pk}.xlsx", ContentFile(content), save=False)
        report_progress(job, job.total)
        job.state = Job.State.DONE
