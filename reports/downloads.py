"""The funded list as CSV, JSON and XLSX: the rows of `selectors.report_rows` and the totals added up
from the very rows written. CSV and JSON stream (memory stays flat however long the list); a
workbook is written by a background job once it is large (see views).

CSV and XLSX cells go through `tables.to_cell`: no text runs as a formula when the file is opened.
Amounts are exact: text with two decimals in CSV and JSON, numbers in the workbook.
"""

import csv
import io
import json
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from infrastructures.tables import Echo, to_cell, to_xlsx_value
from reports.selectors import PAGE_ONLY, Totals, report_rows

COLUMNS = [
    "row", "recipient_type", "recipient", "recipient_name", "publication_state", "programme",
    "programme_name", "priority_axis", "priority_axis_name", "project", "start_year", "end_year",
    "eu_amount", "amount", "operating_grant", "owner", "owner_name", "region", "region_name",
    "nuts_code", "themes", "note", "records", "records_without_amount", "records_without_eu_amount",
]  # fmt: skip
AMOUNTS = ("amount", "eu_amount")
RECORD, PROGRAMME_TOTAL, TOTAL = "record", "programme total", "total"
EURO_FORMAT = "#,##0.00"


def _total_rows(totals):
    """The totals as rows of the same table: one per programme, then the overall one."""
    data = totals.as_dict()
    for programme in data["programmes"]:
        yield {"row": PROGRAMME_TOTAL, **programme}
    yield {"row": TOTAL, **data["overall"]}


def _text(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return to_cell(value)


def csv_lines(queryset):
    """The records, then the totals per programme and overall, marked in the `row` column."""
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(COLUMNS)  # BOM: spreadsheet programs then read UTF-8
    totals = Totals()
    for row in report_rows(queryset):
        totals.add(row)
        yield writer.writerow([_text(value) for value in _with_row_type(row).values()])
    for row in _total_rows(totals):
        yield writer.writerow([_text(row.get(column)) for column in COLUMNS])


def _with_row_type(row):
    values = {
        "row": RECORD,
        **row,
        "records": 1,
        "records_without_amount": int(row["amount"] is None),
        "records_without_eu_amount": int(row["eu_amount"] is None),
    }
    return {column: values.get(column) for column in COLUMNS}


def _json_value(value):
    return f"{value:.2f}" if isinstance(value, Decimal) else value


def json_row(row):
    """A record as JSON and the API give it (amounts as exact strings)."""
    return {key: _json_value(value) for key, value in row.items() if key not in PAGE_ONLY}


def json_totals(totals):
    data = totals.as_dict()
    return {
        "programmes": [
            {key: _json_value(value) for key, value in item.items()} for item in data["programmes"]
        ],
        "overall": {key: _json_value(value) for key, value in data["overall"].items()},
    }


def json_chunks(queryset, filters):
    """{"filters": ..., "rows": [...], "totals": {...}}, written as it goes."""
    yield '{"filters": ' + json.dumps(filters, ensure_ascii=False) + ', "rows": ['
    totals = Totals()
    for number, row in enumerate(report_rows(queryset)):
        totals.add(row)
        yield ("," if number else "") + "\n" + json.dumps(json_row(row), ensure_ascii=False)
    yield '\n], "totals": ' + json.dumps(json_totals(totals), ensure_ascii=False) + "}\n"


def _cell(sheet, column, value):
    if column not in AMOUNTS:
        return to_xlsx_value(value)
    if value is None:
        return None  # an unknown amount stays an empty cell
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = EURO_FORMAT
    return cell


def xlsx_bytes(queryset, progress=None):
    """One sheet of records and totals (the same table as the CSV), amounts as numbers."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("funding")
    sheet.append(COLUMNS)
    totals = Totals()
    for done, row in enumerate(report_rows(queryset), start=1):
        totals.add(row)
        sheet.append([_cell(sheet, column, value) for column, value in _with_row_type(row).items()])
        if progress is not None and done % 500 == 0:
            progress(done)
    for row in _total_rows(totals):
        sheet.append([_cell(sheet, column, row.get(column)) for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
