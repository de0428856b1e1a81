"""Spreadsheet import: a plan of every change, field by field, then all of it or nothing.

`plan_import` reads the sheets of a file (`tables.read_file`; the infrastructures sheet through the
curator's column mapping) and works out, for each row, whether it creates, updates or leaves an
entry unchanged, and for an update which fields change from what to what. It collects every
problem of every row in one pass. Nothing is written. `run_import` writes a plan without problems in
one transaction, through the services; unchanged rows are not touched (no version, no history).

The rules a curator relies on:
- an empty cell keeps the stored value; `[clear]` empties the field;
- a value neutralised by the export ('+32 …) comes back as it was stored (`tables.from_cell`);
- the rows of a related sheet (equipment, access conditions, prices, funding) replace the list of the
  entry they name; an entry the sheet does not name keeps its list;
- owners, regions, themes and vocabularies are named by slug or code, or by name;
- organisations are created from the organisations sheet, or from the owner names of a mapped
  file when the curator asks for it, in regions the curator manages; regions (the regions sheet)
  only by administrators.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from infrastructures import services
from infrastructures.columns import (
    INFRASTRUCTURES,
    NOTES_SHEET,
    ORGANISATIONS,
    REGIONS,
    RELATED_SHEETS,
    SHEETS,
    SHEETS_BY_NAME,
    layout_of,
)
from infrastructures.imports.plan import Plan, RowPlan
from infrastructures.imports.records import (
    check_entry_rights,
    check_version,
    plan_entries,
    plan_organisations,
    plan_regions,
    row_key,
)
from infrastructures.imports.related import plan_related, related_rows
from infrastructures.imports.values import Lookups
from infrastructures.models import Infrastructure
from infrastructures.tables import WORKBOOK_SUFFIX, Notice, from_cell
from regions import roles
from regions import services as region_services

__all__ = ["Plan", "RowPlan", "plan_import", "run_import", "sheets_by_layout"]


def plan_import(user, sheets, *, table=None, defaults=None, progress=None):
    """The plan of a file: `sheets` maps each layout's name to its `tables.Sheet` (the infrastructures
    sheet already in the template's columns); `defaults` fills required values a mapped file lacks.
    The problems and warnings of reading the file (`table`) come first in the plan's."""
    defaults = defaults or {}
    plan = Plan()
    if table is not None:
        plan.problems += table.errors
        plan.warnings += table.warnings
    main = sheets.get(INFRASTRUCTURES.name)
    entry_slugs = (
        {row_key(dict(zip(main.header, cells, strict=True)), Infrastructure) for _line, cells in main.rows}
        if main
        else set()
    )
    for layout in RELATED_SHEETS:
        sheet = sheets.get(layout.name)
        if sheet is not None and "infrastructure" in sheet.header:
            index = sheet.header.index("infrastructure")
            entry_slugs |= {from_cell(cells[index].strip()) for _line, cells in sheet.rows}
    lookups = Lookups(user, entry_slugs)
    if REGIONS.name in sheets:
        plan_regions(sheets[REGIONS.name], lookups, plan)
    if ORGANISATIONS.name in sheets:
        plan_organisations(sheets[ORGANISATIONS.name], lookups, plan)
    if main is not None:
        plan_entries(main, lookups, plan, defaults, progress)
    related = {
        layout.name: related_rows(sheets[layout.name], layout, lookups, plan)
        for layout in RELATED_SHEETS
        if layout.name in sheets
    }
    plan_related(related, lookups, plan)
    for row in plan.entries:  # whichever sheets change an entry, it must be the user's, and current
        if row.action != "unchanged":
            check_entry_rights(row, lookups, plan)
            check_version(row, plan)
    for name, sheet in sheets.items():
        unknown = [column for column in sheet.header if column not in SHEETS_BY_NAME[name].column_names]
        if unknown:
            plan.refuse(
                1,
                ", ".join(unknown),
                _(
                    "The %(sheet)s sheet has no such columns (names are as in the template, in lower case): "
                    "nothing in them would be imported."
                )
                % {"sheet": name},
                sheet=name,
            )
    if not roles.curates(user):
        plan.refuse(None, "", _("Only regional managers import entries."))
    order = {layout.name: position for position, layout in enumerate(SHEETS)}
    plan.problems.sort(key=lambda notice: (order.get(notice.sheet, -1), notice.line or 0))  # stable
    return plan


def run_import(user, plan, origin):
    """Write a plan without problems, all rows in one transaction; a refusal anywhere saves nothing.
    Unchanged rows are left alone."""
    if not plan.is_valid:
        raise ValueError("Only a file without problems is imported.")
    with transaction.atomic():  # the services index each entry once, after this commits
        for row in plan.regions:
            if row.action != "unchanged":
                region_services.region_save(
                    user=user, region=row.existing or row.instance, data=row.data, origin=origin
                )
        for row in plan.organisations:
            if row.action == "create":
                services.organisation_create(user=user, data={}, origin=origin, organisation=row.instance)
            elif row.action == "update":
                services.organisation_update(
                    user=user,
                    organisation=row.existing,
                    data=row.data,
                    origin=origin,
                    expected_version=row.expected_version,
                )
        for row in plan.entries:
            if row.action == "create":
                services.infrastructure_create(user=user, data=row.data, origin=origin)
            elif row.action == "update":
                services.infrastructure_update(
                    user=user,
                    infrastructure=row.existing,
                    data=row.data,
                    origin=origin,
                    expected_version=row.expected_version,
                )
    return plan.count("create"), plan.count("update")


def sheets_by_layout(table, filename):
    """{layout name: Sheet} for the sheets of a file, and warnings for sheets that are left out. A
    workbook names its sheets as the export does; a workbook from elsewhere holds entries on its first
    sheet; a CSV file holds one table (`columns.layout_of`)."""
    if len(table.sheets) == 1 and not filename.lower().endswith(WORKBOOK_SUFFIX):
        sheet = table.sheets[0]
        return {layout_of(sheet.header, filename).name: sheet}
    found = {sheet.name: sheet for sheet in table.sheets if sheet.name in SHEETS_BY_NAME}
    if INFRASTRUCTURES.name not in found and table.sheets and table.sheets[0].name not in SHEETS_BY_NAME:
        found[INFRASTRUCTURES.name] = table.sheets[0]
    used = {id(sheet) for sheet in found.values()}
    for sheet in table.sheets:
        if id(sheet) not in used and sheet.name != NOTES_SHEET:  # the template's notes
            table.warnings.append(
                Notice(
                    None,
                    "",
                    _("This sheet is not one the catalogue reads; it was left out."),
                    sheet=sheet.name,
                )
            )
    return found
