from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class RegionsConfig(AppConfig):
    name = "regions"
    verbose_name = _("Regions")

    def ready(self):
        from regions.roles import ensure_role_groups

        # After Django has created the permissions, give the role groups theirs.
        post_migrate.connect(ensure_role_groups, dispatch_uid="regions.ensure_role_groups")
