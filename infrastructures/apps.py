from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructuresConfig(AppConfig):
    name = "infrastructures"
    verbose_name = _("Infrastructures")

    def ready(self):
        from infrastructures import signals  # noqa: F401  (connects the search-index receivers)
