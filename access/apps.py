from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_cache_table(using, **kwargs):
    """The rate limit on requests counts in the database cache: `migrate` makes its table, so a
    deployment cannot forget it (createcachetable does nothing when the table exists)."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccessConfig(AppConfig):
    name = "access"
    verbose_name = _("Access")

    def ready(self):
        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="access.create_cache_table")
