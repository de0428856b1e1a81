from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _index_missing_entries(using, **kwargs):
    from infrastructures.search import index_missing_entries  # models are ready only now

    index_missing_entries(using)


class InfrastructuresConfig(AppConfig):
    name = "infrastructures"
    verbose_name = _("Infrastructures")

    def ready(self):
        # After a migration that changes how entries are analysed (or a restore without the
        # SQLite index), entries without an index are indexed again.
        post_migrate.connect(_index_missing_entries, sender=self)

        # A region renamed or deleted (the regions app imports no other) leaves a tombstone.
        from infrastructures.services import entries, tombstones
        from regions import signals

        signals.region_saved.connect(entries.region_saved, dispatch_uid="infrastructures.region_saved")
        signals.region_deleted.connect(
            tombstones.region_deleted, dispatch_uid="infrastructures.region_deleted"
        )
