"""The export: the curator's entries in the workbook layout of `columns.py` (the import reads the same
file back unchanged), as one XLSX workbook or one CSV file per table, taking the queryset of
whichever door asked. Cells go through `tables.to_cell`: no formula runs when the file is opened.

Rows are read as values, not model instances, a chunk of entries at a time, and what the chunk's
entries hold (equipment, conditions, prices, funding, lists) with one query per table that the asked
tables need: a hundred thousand entries are written in seconds, in a fixed number of queries per
chunk, with memory flat. Every table of a workbook (or of the open-data build) comes from one pass.
"""

import csv
import io
from collections import defaultdict

from django.db.models import Q
from openpyxl import Workbook

from access.models import AccessCondition, AccessForm, BusinessModel, PriceIndication
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
    SHEETS,
    SHEETS_BY_NAME,
)
from infrastructures.models import Equipment, FundingRecord, Infrastructure, Organisation
from infrastructures.tables import Echo, to_cell, to_xlsx_value
from regions.models import Region

PROGRESS_EVERY = 500
CHUNK = 2000  # entries read at once; what they hold is read in one query per table for the chunk
EXPORT_ORDER = [INFRASTRUCTURES, ORGANISATIONS, REGIONS, EQUIPMENT, ACCESS_CONDITIONS, PRICES, FUNDING]


def _key(column):
    """Where a row read with values() holds a column: a related row by its slug (a priority axis by its
    code within the programme); the entry's slug, the condition's number and the lists are put in the
    row as it is read (see _entries)."""
    if column.name == "priority_axis":
        return "priority_axis__code"
    if column.kind == "ref":
        return f"{column.name}__slug"
    return column.name


def _stored(layout):
    """What values() reads for a layout: its columns but those put in the row as it is read."""
    return [
        _key(column)
        for column in layout.columns
        if column.kind != "refs" and column.name not in ("infrastructure", "condition")
    ]


# Per sheet: each column's key in a row, and whether it is a yes/no column.
_READS = {
    layout.name: [(_key(column), column.kind == "bool") for column in layout.columns] for layout in SHEETS
}


def _values(row, layout):
    """A row's values in the layout's column order, as the file holds them."""
    return [_yes_no(row[key]) if boolean else row[key] for key, boolean in _READS[layout.name]]


def _yes_no(value):
    return "" if value is None else ("yes" if value else "no")


def _joined(names):
    return f"{LIST_SEPARATOR} ".join(names)


def table_rows(queryset, layouts, progress=None):
    """(layout, values) of every row of `layouts` for the entries of `queryset`: the organisations and
    regions they name, then each entry's rows of each other layout, entries in slug order, every
    layout in one pass over the entries. `progress(entries_done)` every PROGRESS_EVERY entries (the
    export job shows it)."""
    for layout, rows in ((ORGANISATIONS, _organisations), (REGIONS, _regions)):
        if layout in layouts:
            for row in rows(queryset).values(*_stored(layout)):
                yield layout, _values(row, layout)
    per_entry = [layout for layout in layouts if layout not in (ORGANISATIONS, REGIONS)]
    if not per_entry:
        return
    for done, rows in enumerate(_entries(queryset, per_entry), start=1):
        for layout in per_entry:
            for row in rows[layout.name]:
                yield layout, _values(row, layout)
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)


def _entries(queryset, layouts):
    """Each entry's rows of `layouts` ({layout name: [row, ...]}), entries in slug order: CHUNK entries
    read at once, and their rows in related tables with one query per table the layouts need.

    Each chunk is a query of its own, after the last slug of the one before (the unique slug's index
    finds it): the first rows come at once and nothing is held between chunks. (A cursor over all the
    entries, as QuerySet.iterator() opens on PostgreSQL outside a transaction, is WITH HOLD: the
    server reads every row before the first one comes, half a second at 100,000 entries.)"""
    fields = _stored(INFRASTRUCTURES) if INFRASTRUCTURES in layouts else ["slug"]
    entries = queryset.order_by("slug").values("pk", *fields)
    chunk = list(entries[:CHUNK])
    while chunk:
        rows = _rows_of(chunk, layouts)
        for entry in chunk:
            yield {layout.name: rows[layout.name][entry["pk"]] for layout in layouts}
        chunk = list(entries.filter(slug__gt=chunk[-1]["slug"])[:CHUNK]) if len(chunk) == CHUNK else []


def _rows_of(entries, layouts):
    """{layout name: {entry pk: [row, ...]}} of a chunk of entries. Related rows keep their model's
    order within an entry (equipment by name, conditions as added, prices by tier and unit, funding by
    programme and start year), then their key's; a row names its entry by slug."""
    ids = [entry["pk"] for entry in entries]
    slugs = {entry["pk"]: entry["slug"] for entry in entries}
    rows = {layout.name: defaultdict(list) for layout in layouts}

    def add(layout, row):
        row["infrastructure"] = slugs[row["infrastructure_id"]]
        rows[layout.name][row["infrastructure_id"]].append(row)

    if INFRASTRUCTURES in layouts:
        themes, operators = _lists(Infrastructure.themes, ids), _lists(Infrastructure.operators, ids)
        for entry in entries:
            entry |= {"themes": _joined(themes[entry["pk"]]), "operators": _joined(operators[entry["pk"]])}
            rows[INFRASTRUCTURES.name][entry["pk"]].append(entry)
    if EQUIPMENT in layouts:
        items = Equipment.objects.filter(infrastructure_id__in=ids).order_by(
            "infrastructure_id", "name", "pk"
        )
        for item in items.values("infrastructure_id", *_stored(EQUIPMENT)):
            add(EQUIPMENT, item)
    if FUNDING in layouts:
        # "programme": in the programme's own order (by name), as the model orders funding records.
        records = FundingRecord.objects.filter(infrastructure_id__in=ids)
        records = records.order_by("infrastructure_id", "programme", "start_year", "pk")
        for record in records.values("infrastructure_id", *_stored(FUNDING)):
            add(FUNDING, record)
    if ACCESS_CONDITIONS in layouts or PRICES in layouts:
        conditions, prices = _conditions(ids, ACCESS_CONDITIONS in layouts, PRICES in layouts)
        for condition in conditions:
            if ACCESS_CONDITIONS in layouts:
                add(ACCESS_CONDITIONS, condition)
            for price in prices[condition["pk"]]:
                price |= {
                    "infrastructure_id": condition["infrastructure_id"],
                    "condition": condition["condition"],
                }
                add(PRICES, price)
    return rows


def _conditions(ids, with_terms, with_prices):
    """([condition, ...], {condition pk: [price, ...]}) of these entries. Each condition carries its
    number within its entry (the prices name their condition by it); with its terms and lists if
    `with_terms`, else only that number; the prices if `with_prices`."""
    fields = _stored(ACCESS_CONDITIONS) if with_terms else []
    conditions = AccessCondition.objects.filter(infrastructure_id__in=ids).order_by("infrastructure_id", "pk")
    conditions = list(conditions.values("pk", "infrastructure_id", *fields))
    numbers = defaultdict(int)
    for condition in conditions:
        numbers[condition["infrastructure_id"]] += 1
        condition["condition"] = numbers[condition["infrastructure_id"]]
    condition_ids = [condition["pk"] for condition in conditions]
    if with_terms:
        forms = _lists(AccessCondition.forms_of_access, condition_ids)
        models = _lists(AccessCondition.business_models, condition_ids)
        for condition in conditions:
            condition["forms_of_access"] = _joined(forms[condition["pk"]])
            condition["business_models"] = _joined(models[condition["pk"]])
    prices = defaultdict(list)
    if with_prices:
        rows = PriceIndication.objects.filter(access_condition_id__in=condition_ids)
        rows = rows.order_by("access_condition_id", "tier", "unit", "pk")
        for price in rows.values("access_condition_id", *_stored(PRICES)):
            prices[price["access_condition_id"]].append(price)
    return conditions, prices


def _lists(relation, ids):
    """{pk of the owner: [slug or code, ...]} of a many-to-many list (Infrastructure.themes, ...) of
    these owners: in the listed model's own order (a name in the current language's column, as the
    model orders itself), then in the order the items were added. The links and the items are read
    apart: joined, SQLite reads every item once for each owner."""
    field = relation.field
    owner, listed = field.m2m_field_name(), field.m2m_reverse_field_name()
    links = relation.through.objects.filter(**{f"{owner}_id__in": ids}).order_by("pk")
    links = list(links.values_list(f"{owner}_id", f"{listed}_id"))
    model = field.related_model
    order = model.objects.order_by(*model._meta.ordering).query.order_by  # translated names localised
    items = model.objects.filter(pk__in={item for _owner, item in links}).order_by(*order)
    key = "code" if model in (AccessForm, BusinessModel) else "slug"
    names, places, place, previous = {}, {}, -1, None
    for pk, name, *values in items.values_list("pk", key, *(by.lstrip("-") for by in order)):
        if values != previous:  # items the model's order ties share a place
            place, previous = place + 1, values
        names[pk], places[pk] = name, place
    lists = defaultdict(list)
    for owner_pk, item in sorted(links, key=lambda link: places[link[1]]):  # stable: then as added
        lists[owner_pk].append(names[item])
    return lists


def _organisations(queryset):
    """The organisations the exported entries name (owners and operators). Subqueries, not joins: a
    join of owners and operators multiplies the rows of an organisation by its entries. The operators
    are read from the list itself (a join from the entries makes SQLite scan the list per entry)."""
    operating = Infrastructure.operators.through.objects.filter(infrastructure__in=queryset.values("pk"))
    named = Q(pk__in=queryset.values("owner")) | Q(pk__in=operating.values("organisation"))
    return Organisation.objects.filter(named).order_by("slug")


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
    yield csv_header(writer, layout)
    progress = progress if layout is INFRASTRUCTURES else None  # it counts entries: their own table's
    for _layout, values in table_rows(queryset, [layout], progress):
        yield csv_line(writer, values)


def csv_header(writer, layout):
    """The first line of a table's CSV file (`writer`: a csv.writer that returns what it writes)."""
    return "\ufeff" + writer.writerow(layout.column_names)  # BOM: spreadsheet programs then read UTF-8


def csv_line(writer, values):
    return writer.writerow([to_cell(value) for value in values])


def xlsx_bytes(queryset, progress=None):
    buffer = io.BytesIO()
    xlsx_workbook(queryset, progress).save(buffer)
    return buffer.getvalue()


def xlsx_workbook(queryset, progress=None):
    """Every sheet, written in one pass over the entries. Saved to a file or buffer by the caller."""
    workbook, sheets = xlsx_sheets()
    for layout, values in table_rows(queryset, EXPORT_ORDER, progress):
        sheets[layout.name].append(xlsx_row(values))
    return workbook


def xlsx_sheets():
    """(workbook, its sheets by name): a write-only workbook with a sheet per table, headers written.
    Each sheet streams to its own file, so rows may go to any sheet in any order."""
    workbook = Workbook(write_only=True)
    sheets = {layout.name: workbook.create_sheet(layout.name) for layout in EXPORT_ORDER}
    for layout in EXPORT_ORDER:
        sheets[layout.name].append(layout.column_names)
    return workbook, sheets


def xlsx_row(values):
    return [to_xlsx_value(value) for value in values]


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
