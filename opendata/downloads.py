"""The downloads of the open-data page: one registry that the page, the build job, the file view and
the DCAT-AP metadata all read. Each holds the whole published catalogue, and only that."""

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from infrastructures import exports


@dataclass(frozen=True)
class Download:
    name: str  # the file name, also its address: /open-data/files/<name>
    format: str  # csv (one table), zip (every CSV with a data package), xlsx, json, jsonld
    media_type: str
    title: str
    table: str = ""  # csv: the table (a sheet of infrastructures.columns)

    @property
    def format_label(self):
        return {"zip": "ZIP (CSV)", "jsonld": "JSON-LD"}.get(self.format, self.format.upper())

    @property
    def streams(self):
        """Whether it can be written straight into a response while the data is read (a workbook is
        assembled in a file first: while it is stale, the file view answers 503 instead)."""
        return self.format != "xlsx"


def _csv(layout):
    return Download(
        name=exports.filename("csv", layout.name),
        format="csv",
        media_type="text/csv",
        title=layout.title,
        table=layout.name,
    )


DOWNLOADS = [
    Download("rii-catalogue-csv.zip", "zip", "application/zip", _("Every table as CSV, with a data package")),
    *[_csv(layout) for layout in exports.EXPORT_ORDER],
    Download(
        exports.filename("xlsx"),
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _("Workbook, one sheet per table"),
    ),
    Download("rii-catalogue.json", "json", "application/json", _("JSON, as the API represents it")),
    Download("rii-catalogue.jsonld", "jsonld", "application/ld+json", _("JSON-LD (schema.org)")),
]
DOWNLOADS_BY_NAME = {download.name: download for download in DOWNLOADS}


def licence():
    """The licence every download carries (in the file, or in its `Link` header for a CSV file)."""
    return {
        "name": settings.OPEN_DATA_LICENCE_NAME,
        "url": settings.OPEN_DATA_LICENCE_URL,
        "attribution": f"{settings.OPEN_DATA_PUBLISHER_NAME} ({settings.OPEN_DATA_PUBLISHER_URL})",
    }
