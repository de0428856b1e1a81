"""The open-data files as last built by the background job (`tasks.build_files`)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublishedFile(models.Model):
    """One download of the open-data page: where it is, what it holds, and from which state of the
    published catalogue it was built (a newer state makes it stale until it is built again)."""

    name = models.CharField(_("file name"), max_length=100, unique=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    records = models.PositiveIntegerField(_("entries"), help_text=_("Published entries it holds."))
    data_modified = models.DateTimeField(_("last change of the data"))
    fingerprint = models.CharField(_("catalogue state"), max_length=64)
    built_at = models.DateTimeField(_("built at"), auto_now=True)

    class Meta:
        verbose_name = _("open-data file")
        verbose_name_plural = _("open-data files")
        ordering = ["name"]

    def __str__(self):
        return self.name


class CatalogueChanges(models.Model):
    """How many committed transactions changed the public catalogue, and when the last did (one row,
    counted after each commit by opendata.changes): part of the state the files are stamped with."""

    count = models.PositiveBigIntegerField(_("committed changes"), default=0)
    last_at = models.DateTimeField(_("last change"), null=True)

    class Meta:
        verbose_name = _("count of catalogue changes")
        verbose_name_plural = _("counts of catalogue changes")

    def __str__(self):
        return str(self.count)
