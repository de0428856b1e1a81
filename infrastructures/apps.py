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
