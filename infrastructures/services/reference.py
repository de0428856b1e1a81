"""Reference data that administrators maintain in the admin: funding programmes with their priority
axes, and clusters. Their writes go through here so that a changed or deleted slug leaves a tombstone
and the open-data files hear of it, as for every public record."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from infrastructures.models import FundingProgramme, PriorityAxis
from infrastructures.services import tombstones, touches
from infrastructures.services.tombstones import Reason, Record
from rii_catalogue import writes

RECORD_TYPES = {
    "infrastructures.FundingProgramme": Record.FUNDING_PROGRAMME,
    "infrastructures.Cluster": Record.CLUSTER,
}  # a priority axis is part of its programme: no record of its own


def _check(user):
    if not user.is_superuser:
        raise PermissionDenied(_("Only administrators change reference data."))


@transaction.atomic
def reference_save(*, user, obj, origin):
    """Add or change a programme, a priority axis or a cluster (`obj` holds the admin form's values)."""
    _check(user)
    record_type = RECORD_TYPES.get(type(obj)._meta.label)
    stored = type(obj)._default_manager.select_for_update().filter(pk=obj.pk)  # locked while we write
    stored_slug = stored.values_list("slug" if record_type else "pk", flat=True).first()
    obj.full_clean()
    writes.tag(obj, user=user, origin=origin)
    obj.save()
    if record_type:
        tombstones.record_slug_change(record_type, stored_slug, obj)
    if isinstance(obj, PriorityAxis) or (record_type and obj.slug != stored_slug):
        _shown_elsewhere_changed(obj, user)
    return obj


def _shown_elsewhere_changed(obj, user):
    """A programme's slug or an axis (its code, its name) shows in the funding of entries, funding
    rows and the programme's list of axes."""
    touches.slug_holders(obj)
    if isinstance(obj, (FundingProgramme, PriorityAxis)):
        touches.entries(touches.funded_entries(obj), user)


@transaction.atomic
def reference_delete(*, user, objects, origin="admin"):
    """Delete programmes, axes or clusters made by mistake (whatever still refers to them PROTECTs
    them); harvesters get a tombstone for each programme or cluster."""
    _check(user)
    for obj in objects:
        record_type = RECORD_TYPES.get(type(obj)._meta.label)
        if record_type:
            tombstones.bury(record_type, obj.slug, Reason.DELETED)
        if isinstance(obj, PriorityAxis):  # its programme lists one axis fewer
            touches.slug_holders(obj)
        writes.tag(obj, user=user, origin=origin)
        obj.delete()
