"""What makes the open-data files stale: any saved or deleted row of the public catalogue.

Why signal receivers here, where the catalogue's own derived data (the search index) is queued by
the services: the files depend on every public model, written by many services in two apps (entries,
nested rows, organisations, regions, themes, reference data, tombstones) and through the admin, the
API, the import and the commands. A receiver per model sees every one of those writes, including the
ones added later, without each service having to remember the open-data app (which the catalogue's
apps must not import). The receivers do no domain work: they mark the transaction, and one build is
queued after it commits (build_after_commit), however many rows it changed. A change that leaves the
published catalogue as it was (a draft saved) costs one job that reads the state and stops.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save


def public_models():
    from access.models import AccessCondition, PriceIndication
    from infrastructures.models import (
        Cluster,
        Equipment,
        FundingProgramme,
        FundingRecord,
        Infrastructure,
        Organisation,
        PriorityAxis,
        Theme,
        Tombstone,
    )
    from regions.models import Region

    return [
        Infrastructure, Equipment, AccessCondition, PriceIndication, FundingRecord, Organisation, Region,
        Theme, FundingProgramme, PriorityAxis, Cluster, Tombstone,
    ]  # fmt: skip


def catalogue_changed(sender, **kwargs):
    if settings.OPEN_DATA_REBUILD_AFTER_CHANGES:
        build_after_commit()


def connect():
    for model in public_models():
        post_save.connect(catalogue_changed, sender=model, dispatch_uid=f"opendata-save-{model._meta.label}")
        post_delete.connect(
            catalogue_changed, sender=model, dispatch_uid=f"opendata-delete-{model._meta.label}"
        )
        for field in model._meta.local_many_to_many:  # themes, operators, forms of access, members, ...
            through = field.remote_field.through
            m2m_changed.connect(
                catalogue_changed, sender=through, dispatch_uid=f"opendata-m2m-{through._meta.label}"
            )


def build_after_commit():
    """Queue one build after the current transaction commits, however many public rows it changes
    (an import of 5,000 rows queues one). A rolled-back transaction queues nothing."""
    connection = transaction.get_connection()
    # Django drops the callbacks of a rolled-back transaction or savepoint from this list, so a build
    # is pending while ours is in it. Read from the start: ours came with the first public write.
    pending = (callback for _savepoints, callback, _robust in connection.run_on_commit)
    if connection.in_atomic_block and any(
        isinstance(callback, _BuildAfterCommit) and not callback.done for callback in pending
    ):
        return
    # robust: the files are derived data; a failure to queue their build must not turn a committed
    # write into an error (the next change or request queues it again).
    transaction.on_commit(_BuildAfterCommit(), robust=True)


class _BuildAfterCommit:
    """The after-commit callback, marked once it ran (a test runs the callbacks of its transaction
    without ending it, so they stay in the connection's list)."""

    done = False

    def __call__(self):
        self.done = True
        from opendata import tasks

        tasks.build_files.enqueue()
