"""Background jobs a curator starts and watches: a spreadsheet import, a large export."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from infrastructures.querysets import JobQuerySet


class Job(models.Model):
    """One run of a task in `tasks.py`, with what its owner sees: state, progress, result, errors.

    An import is one job in two steps: the check (every row, nothing written) and, once the curator
    confirms, the import itself (all rows in one transaction). The uploaded file lives in storage
    until the import ends, never in the session.
    """

    class Kind(models.TextChoices):
        IMPORT = "import", _("Spreadsheet import")
        EXPORT = "export", _("Export")

    class Step(models.TextChoices):
        CHECK = "check", _("Check")
        WRITE = "write", _("Import")
        EXPORT = "export", _("Export")

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        MAPPING = "mapping", _("Waiting for you to match the columns")
        CHECKED = "checked", _("Checked: waiting for your confirmation")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    step = models.CharField(_("step"), max_length=10, choices=Step.choices)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("started by"), related_name="jobs", on_delete=models.CASCADE
    )
    origin = models.CharField(_("through"), max_length=10, default="import")
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    upload = models.FileField(_("uploaded file"), upload_to="jobs/uploads/%Y/%m/", blank=True)
    output = models.FileField(_("produced file"), upload_to="jobs/exports/%Y/%m/", blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    # The curator's language when they started it: the job's messages are written in it.
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    total = models.PositiveIntegerField(_("rows in all"), null=True, blank=True)
    done = models.PositiveIntegerField(_("rows done"), default=0)
    result = models.JSONField(_("result"), default=dict, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.filename} ({self.get_state_display()})"

    def get_absolute_url(self):
        return reverse("curation:job", kwargs={"pk": self.pk})

    @property
    def percent(self):
        if not self.total:
            return 100 if self.state == self.State.DONE else 0
        return min(100, round(100 * self.done / self.total))

    @property
    def can_be_read_again(self):
        """An upload checked (or waiting for its columns to be matched) and not imported yet: it may be
        read again in another encoding or with other columns."""
        waiting = {self.State.MAPPING, self.State.CHECKED, self.State.FAILED}
        return (
            self.kind == self.Kind.IMPORT
            and self.step == self.Step.CHECK
            and self.state in waiting
            and bool(self.upload)
        )

    @property
    def is_finished(self):
        return self.state in {self.State.MAPPING, self.State.CHECKED, self.State.DONE, self.State.FAILED}


class ImportMapping(models.Model):
    """A curator's named column mapping for files from another system: which file column holds which
    catalogue column, and the defaults for values such files lack. Used at once for a file with the
    same columns."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("curator"),
        related_name="import_mappings",
        on_delete=models.CASCADE,
    )
    name = models.CharField(_("name"), max_length=100)
    columns = models.JSONField(_("file columns"), default=list)
    mapping = models.JSONField(_("mapping"), default=dict)
    defaults = models.JSONField(_("defaults"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "name"], name="import_mapping_unique_name"),
        ]

    def __str__(self):
        return self.name
