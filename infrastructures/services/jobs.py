"""Services that start background jobs (tasks.py): queued after the commit that records them.
(tasks.py is imported where it is used: it imports the services' modules in turn.)"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from infrastructures import exports
from infrastructures.mappings import EQUIPMENT_TARGETS, TARGETS
from infrastructures.models import ImportMapping, Job
from infrastructures.tables import ENCODINGS
from regions import roles

# Spreadsheet import as a background job: checked first, written once the curator confirms.


@transaction.atomic
def import_start(*, user, upload, origin="import"):
    """Store the uploaded file and queue its check (tasks.check_import). Returns the Job to watch."""
    from infrastructures import tasks

    if not roles.curates(user):
        raise PermissionDenied(_("Only regional managers import entries."))
    job = Job.objects.create(
        kind=Job.Kind.IMPORT,
        step=Job.Step.CHECK,
        user=user,
        origin=origin,
        filename=upload.name[:200],
        upload=upload,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: tasks.check_import.enqueue(job.pk))
    return job


@transaction.atomic
def import_confirm(*, user, job):
    """The curator saw the check's result and asks to write it (tasks.write_import)."""
    from infrastructures import tasks

    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.user_id != user.pk or not roles.curates(user):
        raise PermissionDenied(_("Only the curator who uploaded this file imports it."))
    if (job.kind, job.step, job.state) != (Job.Kind.IMPORT, Job.Step.CHECK, Job.State.CHECKED):
        raise ValidationError(_("This file is not waiting to be imported (already imported, or refused)."))
    job.step, job.state, job.done = Job.Step.WRITE, Job.State.QUEUED, 0
    job.language = translation.get_language() or job.language
    job.save(update_fields=["step", "state", "done", "language"])
    transaction.on_commit(lambda: tasks.write_import.enqueue(job.pk))
    return job


@transaction.atomic
def export_start(*, user, file_format, query, table="infrastructures"):
    """Queue a large export (tasks.run_export) of what `curated_by(user)` lists, narrowed by the
    search page's filters in `query` (a URL query string). Returns the Job to watch."""
    from infrastructures import tasks

    job = Job.objects.create(
        kind=Job.Kind.EXPORT,
        step=Job.Step.EXPORT,
        user=user,
        origin="export",
        language=translation.get_language() or settings.LANGUAGE_CODE,
        filename=exports.filename(file_format, table),
        parameters={"format": file_format, "query": query, "table": table},
    )
    transaction.on_commit(lambda: tasks.run_export.enqueue(job.pk))
    return job


def _lock_waiting_import(user, job):
    """The job, locked, if it is this curator's uploaded file waiting to be checked again."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if job.user_id != user.pk or not roles.curates(user):
        raise PermissionDenied(_("Only the curator who uploaded this file imports it."))
    if not job.can_be_read_again:
        raise ValidationError(_("This file is not waiting to be imported (already imported, or removed)."))
    return job


def _check_again(job):
    """Queue the check of the file as the job's parameters now say (tasks.check_import)."""
    from infrastructures import tasks

    job.state, job.done, job.errors, job.result = Job.State.QUEUED, 0, [], {}
    job.language = translation.get_language() or job.language
    job.save(update_fields=["parameters", "state", "done", "errors", "result", "language"])
    transaction.on_commit(lambda: tasks.check_import.enqueue(job.pk))
    return job


@transaction.atomic
def import_reread(*, user, job, encoding):
    """Check an uploaded CSV file again, read in the encoding the curator chose."""
    job = _lock_waiting_import(user, job)
    if encoding not in ENCODINGS:
        raise ValidationError(_("Choose one of the encodings offered."))
    if encoding != job.parameters.get("encoding"):
        # Read otherwise, the column names may differ: match the columns again.
        for key in ("mapping", "mapping_name", "proposal", "header", "samples"):
            job.parameters.pop(key, None)
    job.parameters["encoding"] = encoding
    return _check_again(job)


@transaction.atomic
def import_map(*, user, job, mapping, defaults, save_as=""):
    """Check an uploaded file again with its columns matched as the curator says (`mapping`: file
    column -> catalogue column or ""), with `defaults` for the values such a file lacks. `save_as`
    keeps the mapping under that name for the next file with these columns."""
    job = _lock_waiting_import(user, job)
    header = job.parameters.get("header") or []
    if set(mapping) - set(header) or set(mapping.values()) - {"", *TARGETS, *EQUIPMENT_TARGETS}:
        raise ValidationError(_("Match the columns of this file with the catalogue's columns offered."))
    targets = [target for target in mapping.values() if target]
    doubled = sorted({target for target in targets if targets.count(target) > 1})
    if doubled:
        raise ValidationError(
            _("Each catalogue column takes one column of the file: %(columns)s.")
            % {"columns": ", ".join(doubled)}
        )
    if defaults.get("rows_are") == "equipment":
        if "equipment:name_en" not in targets:
            raise ValidationError(_("Match a column with the English name of the equipment items."))
    elif not {"slug", "name_en"} & set(targets):
        raise ValidationError(
            _("Match a column with the slug or the English name: it says which entry a row is.")
        )
    job.parameters.update(mapping=mapping, defaults=defaults, mapping_name=save_as)
    if save_as:
        ImportMapping.objects.update_or_create(
            user=user, name=save_as, defaults={"columns": header, "mapping": mapping, "defaults": defaults}
        )
    return _check_again(job)


@transaction.atomic
def import_mapping_delete(*, user, mapping):
    """A curator forgets one of their saved column mappings."""
    if mapping.user_id != user.pk:
        raise PermissionDenied(_("Only the curator who saved this mapping deletes it."))
    mapping.delete()
