"""How a task in `tasks.py` keeps its Job record true: state, progress and errors, as its owner
sees them on the job page. A failing job says why; its writes were rolled back with it."""

import logging
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from infrastructures.models import Job
from rii_catalogue.writes import StaleVersion

logger = logging.getLogger(__name__)


def report_progress(job, done, total=None):
    """Rows done so far; written at once (outside any transaction of the job's own writes)."""
    job.done = done
    fields = {"done": done}
    if total is not None:
        job.total = fields["total"] = total
    Job.objects.filter(pk=job.pk).update(**fields)


class JobRefused(Exception):
    """The job ends with messages for its owner (a file that cannot be read, rows with problems)."""

    def __init__(self, errors, keep_upload=False):
        self.errors = errors
        # A file being checked stays: the curator may read it again (encoding, columns).
        self.keep_upload = keep_upload
        super().__init__("; ".join(error["message"] for error in errors))


def problem(message, column=""):
    """One line of the job page's table of problems (rows of a file carry their line number)."""
    return {"line": None, "column": column, "message": str(message), "value": "", "sheet": ""}


def _messages(error):
    if isinstance(error, ValidationError):
        by_field = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
        return [problem(message, field) for field, messages in by_field for message in messages]
    return [problem(error)]


@contextmanager
def running(job):
    """Mark the job running, in its curator's language; on the way out, failed with the reason if
    anything went wrong."""
    with translation.override(job.language):
        yield from _running(job)


def _running(job):
    job.state, job.started_at, job.errors = Job.State.RUNNING, timezone.now(), []
    job.save(update_fields=["state", "started_at", "errors"])
    try:
        yield job
    except JobRefused as refusal:
        _fail(job, refusal.errors, keep_upload=refusal.keep_upload)
    except (ValidationError, PermissionDenied, StaleVersion) as error:
        _fail(job, _messages(error))
    except Exception:
        logger.exception("Job %s failed", job.pk)
        _fail(job, [problem(_("The job failed unexpectedly; nothing was saved."))])
        raise
    finally:
        job.finished_at = timezone.now()
        job.save()


def _fail(job, errors, keep_upload=False):
    job.state, job.errors = Job.State.FAILED, errors
    if job.upload and not keep_upload:
        job.upload.delete(save=False)
