"""The reports' one write: a large funded list queued as a background export for its reader."""

from django.conf import settings
from django.db import transaction
from django.utils import translation

from infrastructures.models import Job
from reports import tasks

FILENAME = "funding.xlsx"


@transaction.atomic
def funding_export_start(*, user, query):
    """Queue the funded list narrowed by `query` (the report's URL query string) as a workbook
    (tasks.run_funding_export). Returns the Job to watch; its page offers the file."""
    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        step=Job.Step.EXPORT,
        user=user,
        origin="report",
        language=translation.get_language() or settings.LANGUAGE_CODE,
        filename=FILENAME,
        parameters={"report": "funding", "format": "xlsx", "query": query},
    )
    transaction.on_commit(lambda: tasks.run_funding_export.enqueue(job.pk))
    return job
