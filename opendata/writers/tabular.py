"""The tables: one CSV file per table and the workbook, exactly as the curators' export writes them
(infrastructures.exports, the layout of infrastructures.columns), so that a downloaded file goes back
through the spreadsheet import unchanged; and the ZIP of every CSV file with a Frictionless data
package (https://specs.frictionlessdata.io/data-package/) describing them, and the licence."""

import csv
import io
import json
import zipfile

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from infrastructures import exports
from infrastructures.columns import (
    ACCESS_CONDITIONS,
    INFRASTRUCTURES,
    NOTES_SHEET,
    ORGANISATIONS,
    PRICES,
    REGIONS,
    SHEETS_BY_NAME,
)
from infrastructures.tables import Echo
from opendata.dcat import DATASET_DESCRIPTION, DATASET_TITLE
from opendata.downloads import DOWNLOADS, licence
from opendata.selectors import published_entries
from opendata.writers.common import BLOCK, blocks, site_request

DATA_PACKAGE = "datapackage.json"
LICENCE_FILE = "LICENCE.txt"
# Frictionless field types of the columns' kinds (infrastructures.columns.Column.kind).
FIELD_TYPES = {"int": "integer", "version": "integer", "decimal": "number", "date": "date", "bool": "boolean"}
# What each table's rows are keyed by, and what its columns name in another table of the package.
PRIMARY_KEYS = {
    INFRASTRUCTURES.name: ["slug"],
    ORGANISATIONS.name: ["slug"],
    REGIONS.name: ["slug"],
    ACCESS_CONDITIONS.name: ["infrastructure", "condition"],
}
REFERENCES = {"infrastructure": INFRASTRUCTURES, "owner": ORGANISATIONS, "region": REGIONS}  # by slug


def csv_downloads():
    return [download for download in DOWNLOADS if download.format == "csv"]


def csv_chunks(table):
    return blocks(exports.csv_rows(published_entries(), table=table))


def zip_chunks(modified, built=None):
    """The ZIP archive, written as it goes: zipfile writes to a stream it cannot seek by putting each
    member's sizes after its data, so no member is held in memory. `built` maps CSV file names to
    the files the same build wrote a moment ago: read from there rather than from the database."""
    pipe = _Pipe()
    date_time = (modified.timetuple()[:6] if modified else None) or (1980, 1, 1, 0, 0, 0)
    with zipfile.ZipFile(pipe, "w") as archive:
        for download in csv_downloads():
            with archive.open(_member(download.name, date_time), "w") as member:
                for block in _file_blocks(built[download.name]) if built else csv_chunks(download.table):
                    member.write(block)
                    yield from pipe.take()
        package = json.dumps(data_package(modified), ensure_ascii=False, indent=2)
        archive.writestr(_member(DATA_PACKAGE, date_time), package)
        archive.writestr(_member(LICENCE_FILE, date_time), licence_text())
    yield from pipe.take(everything=True)


def _file_blocks(path):
    with open(path, "rb") as file:
        yield from iter(lambda: file.read(BLOCK), b"")


def _member(name, date_time):
    member = zipfile.ZipInfo(name, date_time=date_time)
    member.compress_type = zipfile.ZIP_DEFLATED
    member.external_attr = 0o644 << 16  # a plain readable file once unpacked
    return member


class _Pipe:
    """Where zipfile writes: the bytes wait here until the generator hands them on."""

    def __init__(self):
        self.parts, self.size = [], 0

    def write(self, data):
        self.parts.append(bytes(data))
        self.size += len(data)
        return len(data)

    def flush(self):
        pass

    def take(self, everything=False):
        if self.parts and (everything or self.size >= BLOCK):
            yield b"".join(self.parts)
            self.parts, self.size = [], 0


def data_package(modified):
    """The data package (Frictionless, tabular): each CSV file with its columns' types and meanings."""
    terms = licence()
    request = site_request()
    return {
        "profile": "tabular-data-package",
        "name": "rii-catalogue",
        "title": str(DATASET_TITLE),
        "description": str(DATASET_DESCRIPTION) + " " + _NEUTRALISED,
        "homepage": request.build_absolute_uri(reverse("opendata:index")),
        "licenses": [{"path": terms["url"], "title": terms["name"]}],
        "contributors": [
            {
                "title": settings.OPEN_DATA_PUBLISHER_NAME,
                "path": settings.OPEN_DATA_PUBLISHER_URL,
                "role": "publisher",
            }
        ],
        **({"modified": modified.isoformat()} if modified else {}),
        "resources": [_resource(download) for download in csv_downloads()],
    }


_NEUTRALISED = (
    "A text that a spreadsheet program would run as a formula (it starts with =, +, -, @, a tab or a "
    "carriage return) is written with one more apostrophe in front, which the catalogue's import takes "
    "off again."
)


def _resource(download):
    layout = SHEETS_BY_NAME[download.table]
    schema = {"fields": [_field(column) for column in layout.columns]}
    if layout.name in PRIMARY_KEYS:
        schema["primaryKey"] = PRIMARY_KEYS[layout.name]
    schema["foreignKeys"] = [
        {"fields": column.name, "reference": {"resource": REFERENCES[column.name].name, "fields": "slug"}}
        for column in layout.columns
        if column.name in REFERENCES
    ]
    if layout is PRICES:
        schema["foreignKeys"].append(
            {
                "fields": ["infrastructure", "condition"],
                "reference": {"resource": ACCESS_CONDITIONS.name, "fields": ["infrastructure", "condition"]},
            }
        )
    return {
        "name": layout.name,
        "title": str(layout.title),
        "path": download.name,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": download.media_type,
        "encoding": "utf-8",
        "schema": schema,
    }


def _field(column):
    field = {
        "name": column.name,
        "type": FIELD_TYPES.get(column.kind, "string"),
        "description": str(column.help),
    }
    if column.kind == "bool":
        field |= {"trueValues": ["yes"], "falseValues": ["no"]}
    if column.choices is not None:
        field["constraints"] = {"enum": list(column.choices.values)}
    return field


def licence_text():
    terms = licence()
    return (
        _(
            "The published entries of the RII catalogue are open data under the licence %(name)s:\n"
            "%(url)s\n\nName the source when you reuse them: %(attribution)s.\n"
        )
        % terms
    )


def write_tables(files, modified):
    """Every CSV file and the workbook, from one pass over the published entries (`files`: a binary
    file for each, by download name)."""
    workbook, sheets = exports.xlsx_sheets()
    writer = csv.writer(Echo())
    tables = {}
    for download in csv_downloads():
        tables[download.table] = io.TextIOWrapper(files[download.name], encoding="utf-8", newline="")
        tables[download.table].write(exports.csv_header(writer, SHEETS_BY_NAME[download.table]))
    for layout, values in exports.table_rows(published_entries(), exports.EXPORT_ORDER):
        tables[layout.name].write(exports.csv_line(writer, values))
        sheets[layout.name].append(exports.xlsx_row(values))
    for table in tables.values():
        table.detach()  # flushed into its file, which stays open for the caller
    _describe(workbook, modified)
    workbook.save(files[exports.filename("xlsx")])


def _describe(workbook, modified):
    """What the workbook says besides its tables: the column notes of the import template and the
    licence on the sheet the import reads past (NOTES_SHEET), and its properties."""
    terms = licence()
    notes = workbook.create_sheet(NOTES_SHEET)
    exports.append_column_notes(notes)
    notes.append([])
    notes.append(["", _("licence"), "", f"{terms['name']}: {terms['url']}"])
    notes.append(["", _("source"), "", terms["attribution"]])
    workbook.properties.title = str(DATASET_TITLE)
    workbook.properties.creator = settings.OPEN_DATA_PUBLISHER_NAME
    workbook.properties.description = licence_text()
    if modified:
        workbook.properties.created = modified.replace(tzinfo=None)
