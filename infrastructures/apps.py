from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InfrastructuresConfig(AppConfig):
    name = "infrastructures"
    verbose_name = _("Infrastructures")
