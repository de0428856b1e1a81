"""Tombstones: records the public could see and no longer can. A harvester that keeps a copy of the
catalogue (API `updated_since`) reads them to remove what it holds."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Tombstone(models.Model):
    class RecordType(models.TextChoices):
        # As the API names its endpoints.
        INFRASTRUCTURE = "infrastructures", _("Infrastructure")
        EQUIPMENT = "equipment", _("Equipment item")
        ORGANISATION = "organisations", _("Organisation")
        REGION = "regions", _("Region")
        THEME = "themes", _("Theme")
        FUNDING_PROGRAMME = "funding-programmes", _("Funding programme")
        CLUSTER = "clusters", _("Cluster")

    class Reason(models.TextChoices):
        DELETED = "deleted", _("Deleted")
        WITHDRAWN = "withdrawn", _("No longer published")
        RENAMED = "renamed", _("Slug changed")

    record_type = models.CharField(_("record type"), max_length=30, choices=RecordType.choices)
    # The slug the public knew it by (an equipment item's id).
    identifier = models.CharField(_("identifier"), max_length=100)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("tombstone")
        verbose_name_plural = _("tombstones")
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["record_type", "at"], name="tombstone_type_at_idx")]

    def __str__(self):
        return f"{self.record_type}/{self.identifier}: {self.get_reason_display()}"
