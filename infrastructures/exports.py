"""Spreadsheet columns of infrastructures, shared by the export and the import so a file round-trips,
and the CSV / XLSX writers (taking the queryset of whichever door asked)."""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from infrastructures.models import Infrastructure

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False
    many: bool = False  # several slugs separated by LIST_SEPARATOR


COLUMNS = [
    Column("slug", _("Stable key of the entry: lower-case letters, digits and hyphens. An existing slug "
                     "updates that entry; a new one creates an entry."), required=True),
    Column("name_en", _("Name in English."), required=True),
    Column("name_nl", _("Name in Dutch.")),
    Column("acronym", _("Acronym.")),
    Column("summary_en", _("One-paragraph summary in English.")),
    Column("summary_nl", _("One-paragraph summary in Dutch.")),
    Column("description_en", _("Longer description in English.")),
    Column("description_nl", _("Longer description in Dutch.")),
    Column("kind", _("One of: %(values)s.") % {"values": ", ".join(Infrastructure.Kind.values)},
           required=True),
    Column("status", _("One of: %(values)s (empty: operational).")
           % {"values": ", ".join(Infrastructure.OperationalStatus.values)}),
    Column("owner", _("Slug of the owning organisation."), required=True),
    Column("operators", _("Slugs of operating organisations, separated by ';'."), many=True),
    Column("region", _("Slug of the region (one you manage)."), required=True),
    Column("street_address", _("Street and number.")),
    Column("postal_code", _("Postal code.")),
    Column("city", _("City.")),
    Column("latitude", _("Decimal degrees, -90 to 90, e.g. 51.2306.")),
    Column("longitude", _("Decimal degrees, -180 to 180, e.g. 5.3133.")),
    Column("themes", _("Slugs of themes, separated by ';'."), many=True),
    Column("keywords", _("Comma-separated keywords.")),
    Column("trl_min", _("Lowest technology readiness level, 1 to 9.")),
    Column("trl_max", _("Highest technology readiness level, 1 to 9.")),
    Column("website", _("Web address.")),
    Column("contact_name", _("Contact person.")),
    Column("contact_email", _("Contact e-mail.")),
    Column("contact_phone", _("Contact phone.")),
    Column("last_reviewed_on", _("Date last verified, YYYY-MM-DD.")),
    Column("version", _("The entry's version when exported: leave it as it is. If the entry changed "
                        "since, its row is refused rather than undoing that change. Empty: no check.")),
]  # fmt: skip
COLUMN_NAMES = [column.name for column in COLUMNS]


def _cell(value):
    """A value as spreadsheet text; a leading = + - @ is neutralised so no formula runs on opening."""
    if value is None:
        return ""
    text = str(value)
    if text[:1] in {"=", "+", "-", "@"} and not _is_number(text):
        text = "'" + text
    return ILLEGAL_CHARACTERS_RE.sub("", text)


def _is_number(text):
    try:
        float(text)
    except ValueError:
        return False
    return True


def row_values(entry):
    values = []
    for column in COLUMNS:
        if column.name in {"owner", "region"}:
            value = getattr(entry, column.name).slug
        elif column.many:
            value = f"{LIST_SEPARATOR} ".join(item.slug for item in getattr(entry, column.name).all())
        else:
            value = getattr(entry, column.name)
        values.append(_cell(value))
    return values


def export_queryset(queryset):
    return queryset.select_related("owner", "region").prefetch_related("operators", "themes").order_by("slug")


class _Echo:
    def write(self, value):
        return value


PROGRESS_EVERY = 500


def _rows(queryset, progress):
    """Row values in slug order; `progress(rows_done)` every PROGRESS_EVERY rows (the export job)."""
    for done, entry in enumerate(export_queryset(queryset).iterator(chunk_size=500), start=1):
        yield row_values(entry)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)


def csv_rows(queryset, progress=None):
    """CSV lines, one at a time, for a streaming response: memory stays flat for any size."""
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(COLUMN_NAMES)  # BOM: spreadsheet programs then read UTF-8
    for values in _rows(queryset, progress):
        yield writer.writerow(values)


def xlsx_bytes(queryset, progress=None):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("infrastructures")
    sheet.append(COLUMN_NAMES)
    for values in _rows(queryset, progress):
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def template_csv():
    writer_buffer = io.StringIO()
    csv.writer(writer_buffer).writerow(COLUMN_NAMES)
    return "\ufeff" + writer_buffer.getvalue()


def template_xlsx():
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "infrastructures"
    sheet.append(COLUMN_NAMES)
    notes = workbook.create_sheet("columns")
    notes.append(["column", "required", "meaning"])
    for column in COLUMNS:
        notes.append([column.name, "yes" if column.required else "", str(column.help)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
