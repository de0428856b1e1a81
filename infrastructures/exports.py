"""The export: the curator's entries in the workbook layout of `columns.py` (the import reads the same
file back unchanged), as one XLSX workbook or one CSV file per table, taking the queryset of
whichever door asked. Cells go through `tables.to_cell`: no formula runs when the file is opened.
"""

import csv
import io

from django.db.models import Q
from openpyxl import Workbook

from infrastructures.columns import (
    ACCESS_CONDITIONS,
    CLEAR,
    CLEAR_HELP,
    EQUIPMENT,
    FUNDING,
    INFRASTRUCTURES,
    LIST_SEPARATOR,
    NOTES_SHEET,
    ORGANISATIONS,
    PRICES,
    REGIONS,
    SHEETS_BY_NAME,
)
from infrastructures.models import Organisation
from infrastructures.tables import Echo, to_cell, to_xlsx_value
from regions.models import Region

PROGRESS_EVERY = 500
EXPORT_ORDER = [INFRASTRUCTURES, ORGANISATIONS, REGIONS, EQUIPMENT, ACCESS_CONDITIONS, PRICES, FUNDING]


def _value(row, column):
    """A stored value as the column holds it: related rows by slug or code, lists joined."""
    if column.name == "infrastructure":
        return row.infrastructure.slug
    value = getattr(row, column.name)
    if column.name == "priority_axis":  # named by its code within the programme
        return value.code if value else ""
    if column.kind == "ref":
        return getattr(value, "slug", None) or getattr(value, "code", "")
    if column.kind == "refs":
        return f"{LIST_SEPARATOR} ".join(getattr(item, "slug", None) or item.code for item in value.all())
    if column.kind == "bool":
        return "" if value is None else ("yes" if value else "no")
    return value


def _entry_rows(entry, layout):
    """The rows of one sheet that belong to an entry, as lists of values."""
    columns = layout.columns
    if layout is INFRASTRUCTURES:
        return [[_value(entry, column) for column in columns]]
    if layout is EQUIPMENT:
        return [[_value(item, column) for column in columns] for item in entry.equipment.all()]
    if layout is FUNDING:
        return [[_value(record, column) for column in columns] for record in entry.funding_records.all()]
    conditions = list(entry.access_conditions.all())
    if layout is ACCESS_CONDITIONS:
        return [
            [number if column.name == "condition" else _value(condition, column) for column in columns]
            for number, condition in enumerate(conditions, start=1)
        ]
    return [
        [
            number
            if column.name == "condition"
            else entry.slug
            if column.name == "infrastructure"
            else _value(price, column)
            for column in columns
        ]
        for number, condition in enumerate(conditions, start=1)
        for price in condition.prices.all()
    ]


def _sheet_rows(queryset, layout, progress=None):
    """Rows of one sheet for the entries of `queryset`, in slug order."""
    if layout in (ORGANISATIONS, REGIONS):
        for row in _organisations(queryset) if layout is ORGANISATIONS else _regions(queryset):
            yield [_value(row, column) for column in layout.columns]
        return
    for entry in _entries(queryset, progress):
        yield from _entry_rows(entry, layout)


def _entries(queryset, progress=None):
    """The entries with all they nest, in slug order, read in chunks; `progress(entries_done)` every
    PROGRESS_EVERY entries (the export job shows it)."""
    for done, entry in enumerate(queryset.for_api().order_by("slug").iterator(chunk_size=500), start=1):
        yield entry
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)


def _organisations(queryset):
    """The organisations the exported entries name (owners and operators). Subqueries, not joins: a
    join of owners and operators multiplies the rows of an organisation by its entries."""
    named = Q(pk__in=queryset.values("owner")) | Q(pk__in=queryset.values("operators"))
    return Organisation.objects.filter(named).select_related("region").order_by("slug")


def _regions(queryset):
    """The regions of the exported entries and of their organisations."""
    organisations = _organisations(queryset).values("region")
    return Region.objects.filter(Q(pk__in=queryset.values("region")) | Q(pk__in=organisations)).order_by(
        "slug"
    )


def filename(file_format, table=INFRASTRUCTURES.name, suffix=""):
    """infrastructures.xlsx (every sheet), infrastructures.csv, infrastructures-equipment.csv, ..."""
    if file_format == "xlsx" or table == INFRASTRUCTURES.name:
        return f"infrastructures{suffix}.{file_format}"
    return f"infrastructures-{table}{suffix}.csv"


def csv_rows(queryset, progress=None, table=INFRASTRUCTURES.name):
    """CSV lines of one table, one at a time, for a streaming response: memory stays flat."""
    layout = SHEETS_BY_NAME[table]
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(layout.column_names)  # BOM: spreadsheet programs then read UTF-8
    for values in _sheet_rows(queryset, layout, progress if layout is INFRASTRUCTURES else None):
        yield writer.writerow([to_cell(value) for value in values])


def xlsx_bytes(queryset, progress=None):
    buffer = io.BytesIO()
    xlsx_workbook(queryset, progress).save(buffer)
    return buffer.getvalue()


def xlsx_workbook(queryset, progress=None):
    """Every sheet, written in one pass over the entries (a write-only workbook streams each sheet to
    its own file, so rows may go to any sheet in any order). Saved to a file or buffer by the caller."""
    workbook = Workbook(write_only=True)
    sheets = {layout.name: workbook.create_sheet(layout.name) for layout in EXPORT_ORDER}
    for layout in EXPORT_ORDER:
        sheets[layout.name].append(layout.column_names)
    for layout in (ORGANISATIONS, REGIONS):
        for values in _sheet_rows(queryset, layout):
            sheets[layout.name].append([to_xlsx_value(value) for value in values])
    per_entry = [layout for layout in EXPORT_ORDER if layout not in (ORGANISATIONS, REGIONS)]
    for entry in _entries(queryset, progress):
        for layout in per_entry:
            for values in _entry_rows(entry, layout):
                sheets[layout.name].append([to_xlsx_value(value) for value in values])
    return workbook


def template_csv(table=INFRASTRUCTURES.name):
    buffer = io.StringIO()
    csv.writer(buffer).writerow(SHEETS_BY_NAME[table].column_names)
    return "\ufeff" + buffer.getvalue()


def append_column_notes(sheet):
    """What each column means, on a sheet the import leaves out (it skips a sheet named NOTES_SHEET)."""
    sheet.append(["sheet", "column", "required", "meaning"])
    for layout in EXPORT_ORDER:
        for column in layout.columns:
            sheet.append([layout.name, column.name, "yes" if column.required else "", str(column.help)])
    sheet.append([])
    sheet.append(["", CLEAR, "", str(CLEAR_HELP)])


def template_xlsx():
    workbook = Workbook()
    workbook.remove(workbook.active)
    for layout in EXPORT_ORDER:
        workbook.create_sheet(layout.name).append(layout.column_names)
    append_column_notes(workbook.create_sheet(NOTES_SHEET))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
