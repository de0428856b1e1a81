"""What makes the open-data files stale, and the count of committed changes that says so.

The services report each row of the catalogue they write: `rii_catalogue.writes.tag` does it for every
tagged save and delete, `writes.note_change` for the few writes without a history tag (tombstones,
themes). A row the public sees (a published entry and what belongs to it, organisations, regions,
themes, funding, clusters, tombstones) marks its transaction; after that transaction commits, the
change is counted (`CatalogueChanges`) and one build is queued, however many rows it changed (an
import of 5,000 rows queues one). A rolled-back transaction counts and queues nothing.

Counting after the commit, not reading the rows' `updated_at`, is what keeps the files right when a
transaction commits after a newer one: its rows carry the older save time.
"""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from rii_catalogue import catalogue_version

# Rows the public sees whatever their state (organisations have no draft state).
ALWAYS_PUBLIC = {
    "infrastructures.Organisation",
    "infrastructures.Theme",
    "infrastructures.FundingProgramme",
    "infrastructures.PriorityAxis",
    "infrastructures.Cluster",
    "infrastructures.Tombstone",
    "regions.Region",
}
# Rows that belong to an entry, and the way to it: public while their entry is published (a move
# or a deletion out of a published entry leaves a tombstone, which counts).
ENTRY_OF = {
    "infrastructures.Equipment": "infrastructure",
    "infrastructures.FundingRecord": "infrastructure",
    "access.AccessCondition": "infrastructure",
    "access.PriceIndication": "access_condition",
}


def note(row):
    """`row` is being saved or deleted in the current transaction."""
    if _pending() or not _is_public(row):
        return
    # robust: the files are derived data; a failure to count or queue must not turn a committed
    # write into an error (the next change, or a request finding the file stale, queues a build).
    transaction.on_commit(_ChangeCommitted(), robust=True)


def _is_public(row):
    from infrastructures.models import Infrastructure

    label = row._meta.label
    if label in ALWAYS_PUBLIC:
        return True
    if label == "infrastructures.Infrastructure":
        return row.is_published
    relation = ENTRY_OF.get(label)
    if relation is None:
        return False
    if relation == "access_condition":
        row = row.access_condition
    if row.infrastructure_id is None:  # an organisation's funding: always public
        return label == "infrastructures.FundingRecord"
    if row._meta.get_field("infrastructure").is_cached(row):  # a form or a service holds the entry
        return row.infrastructure.is_published
    return Infrastructure.objects.published().filter(pk=row.infrastructure_id).exists()


def _pending():
    """Whether this transaction already counts a change (Django drops the callbacks of a rolled-back
    transaction or savepoint from the list, so a pending one is still to come)."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return False
    return any(
        isinstance(callback, _ChangeCommitted) and not callback.done
        for _savepoints, callback, _robust in connection.run_on_commit
    )


def count_change():
    """One more committed change of the public catalogue (one row, updated in place)."""
    from opendata.models import CatalogueChanges

    now = timezone.now()
    if not CatalogueChanges.objects.filter(pk=1).update(count=F("count") + 1, last_at=now):
        CatalogueChanges.objects.get_or_create(pk=1, defaults={"count": 1, "last_at": now})


class _ChangeCommitted:
    """The after-commit callback, marked once it ran (a test runs the callbacks of its transaction
    without ending it, so they stay in the connection's list)."""

    done = False

    def __call__(self):
        self.done = True
        count_change()
        catalogue_version.advance()
        if settings.OPEN_DATA_REBUILD_AFTER_CHANGES:
            from opendata import tasks

            tasks.build_files.enqueue()
