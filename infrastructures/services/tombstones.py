"""Tombstones: what the public could see and no longer can (a deleted row, an entry withdrawn from
publication, an old slug). The services leave them; harvesters of the API (`updated_since`) read them
to remove their copies. Only what the public saw gets one: a draft's slug never leaks."""

from infrastructures.models import Tombstone
from rii_catalogue import writes

Record = Tombstone.RecordType
Reason = Tombstone.Reason


def bury(record_type, identifier, reason):
    """The public could see `identifier` and no longer can."""
    writes.note_change(
        Tombstone.objects.create(record_type=record_type, identifier=identifier, reason=reason)
    )


def unbury(record_type, identifier):
    """It is visible again (published again, a slug reused): no harvester should remove it."""
    Tombstone.objects.filter(record_type=record_type, identifier=identifier).delete()


def record_slug_change(record_type, stored_slug, row, *, public=True):
    """After a save of a row the public sees: a changed slug leaves a tombstone for the old one, and
    the row's slug, new or reused, loses any tombstone. `stored_slug` is None for a new row. A row
    the public does not see (a draft) changes no tombstone: a deleted entry's slug given to a draft
    is still gone for the public."""
    if row.slug == stored_slug or not public:
        return
    if stored_slug is not None:
        bury(record_type, stored_slug, Reason.RENAMED)
    unbury(record_type, row.slug)


def bury_equipment(items, entry):
    """Items deleted from, or moved out of, `entry`: a tombstone each if the public saw them there."""
    if entry is not None and entry.is_published:
        for item in items:
            bury(Record.EQUIPMENT, str(item.pk), Reason.DELETED)


def bury_items_of(entry, reason):
    """An entry the public no longer sees takes its equipment with it, each with a tombstone."""
    for item_id in entry.equipment.values_list("pk", flat=True):
        bury(Record.EQUIPMENT, str(item_id), reason)


def unbury_items_of(entry):
    ids = [str(pk) for pk in entry.equipment.values_list("pk", flat=True)]
    Tombstone.objects.filter(record_type=Record.EQUIPMENT, identifier__in=ids).delete()


def region_deleted(sender, region, **kwargs):
    """A region deleted (regions.signals: the regions app imports no other)."""
    bury(Record.REGION, region.slug, Reason.DELETED)
