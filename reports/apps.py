from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """What managing authorities read: funded lists, region comparisons and indicators. No data of its
    own: selectors over the other apps' models, shared by the pages, the downloads and the API."""

    name = "reports"
    verbose_name = _("Reports")
