from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The public catalogue as open data: downloads built in the background, DCAT-AP metadata."""

    name = "opendata"
    verbose_name = _("Open data")
