"""Writes to regions: reference data that only administrators add or change (the admin does it
through Django's own forms; the spreadsheet import through this service)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from regions import signals
from regions.models import Region
from rii_catalogue import writes


@transaction.atomic
def region_save(*, user, region, data, origin):
    """Create `region` (unsaved, fields set) or change the fields in `data`."""
    _check(user)
    if not region._state.adding:
        writes.lock(region)
    stored_slug = None if region._state.adding else region.slug
    changed = writes.apply_changes(region, data)
    if region._state.adding or changed:
        region.full_clean()
        writes.tag(region, user=user, origin=origin)
        region.save()
        # Harvesters knew it by its old slug; a slug reused after a deletion is alive again.
        signals.region_saved.send(sender=Region, region=region, stored_slug=stored_slug, user=user)
    return region


@transaction.atomic
def region_delete(*, user, regions, origin="admin"):
    """Delete regions made by mistake (whatever still refers to one PROTECTs it)."""
    _check(user)
    for region in regions:
        signals.region_deleted.send(sender=Region, region=region)
        writes.tag(region, user=user, origin=origin)
        region.delete()


def _check(user):
    if not (user.is_active and user.is_superuser):
        raise PermissionDenied(_("Only administrators add or change regions."))
