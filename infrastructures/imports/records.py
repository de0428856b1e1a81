"""Rows of the organisations and infrastructures sheets: each one record, created, changed field by
field, or left unchanged; with the rights and the version each change needs."""

import copy

from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from infrastructures.columns import CLEAR, INFRASTRUCTURES, ORGANISATIONS, REGIONS
from infrastructures.imports.plan import RowPlan
from infrastructures.imports.values import KEEP, cleared, comparable, model_problems, read_cells, shown
from infrastructures.models import Infrastructure, Organisation
from infrastructures.services.entries import DERIVED_FIELDS
from infrastructures.tables import XLSX_MAX_TEXT, Notice, from_cell
from regions import roles
from regions.models import Region
from rii_catalogue.writes import last_change

PROGRESS_EVERY = 500


def _plan_record(line, layout, cells, lookups, plan, *, model, existing, defaults, key):
    """A RowPlan for an entry or an organisation: new values, changed fields, every problem."""
    values, failed = read_cells(line, layout, cells, lookups, plan, layout.name)
    row = RowPlan(layout.name, line, key, existing=existing)
    version = values.pop("version", KEEP)
    row.expected_version = None if version in (KEEP, CLEAR) else version
    for column in layout.columns:
        name = column.name
        if name in {"version", "slug"} or name in failed:
            continue
        value = values[name]
        if value is KEEP and existing is None and name in defaults:
            value = defaults[name]
        if value is KEEP:
            if existing is None and column.required:
                plan.refuse(line, name, _("A value is required."), "", layout.name)
                failed.add(name)
            continue
        if value is CLEAR:
            if column.required:
                plan.refuse(line, name, _("This column cannot be cleared."), CLEAR, layout.name)
                failed.add(name)
                continue
            value = cleared(column)
        if existing is None:
            row.data[name] = value
            continue
        stored = list(getattr(existing, name).all()) if column.kind == "refs" else getattr(existing, name)
        if _cut_by_the_workbook(stored, value):
            # A workbook cell holds 32,767 characters at most: the stored text is longer, so this cell
            # cannot carry it. Unedited, it is no change; edited, its tail would be lost.
            if stored.startswith(value):
                message = _(
                    "This cell holds the first 32,767 characters of a longer stored text (the most a "
                    "workbook cell holds): the stored text is kept. Edit it in a CSV file."
                )
                plan.warnings.append(Notice(line, name, message, "", layout.name))
            else:
                message = _(
                    "The stored text is longer than a workbook cell holds (32,767 characters): edit it in a "
                    "CSV file, or it would lose its end."
                )
                plan.refuse(line, name, message, value[:80], layout.name)
            continue
        if comparable(stored) != comparable(value):
            row.data[name] = value
            row.changes.append((name, shown(stored), shown(value)))
    if existing is None:
        row.data["slug"] = key
        row.changes = [
            (name, "", shown(value)) for name, value in row.data.items() if comparable(value) != ""
        ]
    many = {column.name for column in layout.columns if column.kind == "refs"}
    refs = {column.name for column in layout.columns if column.kind == "ref"}
    candidate = copy.copy(existing) if existing is not None else model()
    for name, value in row.data.items():
        # A single reference (region, owner) goes on too: clean() checks the coordinates against
        # the region's country. Lists (themes) stay off, they are not fields of the row.
        if name not in many and (name not in refs or isinstance(value, models.Model)):
            setattr(candidate, name, value)
    unchecked = (
        {f.name for f in model._meta.concrete_fields} - set(row.data) if existing is not None else set()
    )
    exclude = failed | refs | many | unchecked | {"version", *DERIVED_FIELDS}
    if existing is None or row.data:
        model_problems(candidate, line, layout.name, sorted(exclude), plan)
    return row


def _cut_by_the_workbook(stored, value):
    """A cell as full as a workbook cell gets, for a stored text longer than that."""
    return (
        isinstance(value, str)
        and len(value) == XLSX_MAX_TEXT
        and isinstance(stored, str)
        and len(stored) > XLSX_MAX_TEXT
    )


def check_version(row, plan):
    if row.existing is not None and row.expected_version is not None and row.action != "unchanged":
        if row.expected_version != row.existing.version:
            who, when = last_change(row.existing)
            plan.refuse(
                row.line,
                "version",
                _(
                    "This row was changed by %(who)s on %(when)s, after this file was exported: export it "
                    "again and make your changes there, or empty the version cell to overwrite that change."
                )
                % {
                    "who": who or _("someone else"),
                    "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M") if when else "?",
                },
                str(row.expected_version),
                row.sheet,
            )


def row_key(cells, model):
    """The slug a row names: its slug cell, else one made from its English name."""
    return from_cell((cells.get("slug") or "").strip()) or slug_for(cells.get("name_en") or "", model)


def slug_for(name, model):
    return slugify(name)[: model._meta.get_field("slug").max_length]


def _keyed_rows(sheet, layout, model, plan, stored=None):
    """(line, cells, key) for each row of a sheet keyed by slug; `stored(key)` finds the row a key
    names in other capitals. A row without a key, or with the key of an earlier row, is a problem."""
    seen = {}
    for line, cells in sheet.rows:
        cells = dict(zip(sheet.header, cells, strict=True))
        key = row_key(cells, model)
        found = stored(key) if stored is not None and key else None
        key = found.slug if found is not None else key
        if not key:
            plan.refuse(line, "slug", _("Give a slug or an English name."), "", layout.name)
        elif key in seen:
            plan.refuse(line, "slug", _("Also on line %(line)d.") % {"line": seen[key]}, key, layout.name)
        else:
            seen[key] = line
            yield line, cells, key


def _stored(table, key):
    """The stored row of this slug in a lookup table (which also holds names and planned rows)."""
    row = table.get(key)
    return row if row is not None and row.pk and row.slug == key else None


def plan_regions(sheet, lookups, plan):
    """Regions are reference data: administrators add and change them; for anyone else a regions sheet
    (an export carries one) must leave them as they are."""
    for line, cells, key in _keyed_rows(sheet, REGIONS, Region, plan):
        existing = _stored(lookups.regions, key)
        row = _plan_record(
            line, REGIONS, cells, lookups, plan, model=Region, existing=existing, defaults={}, key=key
        )
        if lookups.region_ids is not roles.EVERY_REGION:
            if existing is None:
                plan.refuse(line, "slug", _("Only administrators add regions."), key, REGIONS.name)
            elif row.changes:  # an older export's regions sheet: regions are the administrators' to change
                plan.warnings.append(
                    Notice(
                        line,
                        "slug",
                        _("Only administrators change regions: this row is left as it is."),
                        key,
                        REGIONS.name,
                    )
                )
                row.changes, row.data = [], {}
        if existing is None:
            row.instance = Region(**row.data)
            lookups.add("region", row.instance)
        plan.regions.append(row)


def plan_organisations(sheet, lookups, plan):
    for line, cells, key in _keyed_rows(sheet, ORGANISATIONS, Organisation, plan):
        existing = _stored(lookups.organisations, key)
        row = _plan_record(
            line,
            ORGANISATIONS,
            cells,
            lookups,
            plan,
            model=Organisation,
            existing=existing,
            defaults={},
            key=key,
        )
        check_version(row, plan)
        if row.action != "unchanged" and existing is not None and not lookups.manages(existing.region_id):
            plan.refuse(
                line,
                "slug",
                _("This organisation belongs to a region you do not manage."),
                key,
                ORGANISATIONS.name,
            )
        region = row.data.get("region")
        if region is not None and not lookups.manages(region.pk):
            plan.refuse(
                line,
                "region",
                _("You do not manage the region %(region)s.") % {"region": region},
                region.slug,
                ORGANISATIONS.name,
            )
        if existing is None:
            row.instance = Organisation(**row.data)
            lookups.add("organisation", row.instance)
        plan.organisations.append(row)


def _new_owner(name, region, defaults, lookups, plan, line):
    """An organisation the file names as owner and the catalogue does not know: created when the
    curator asked for it (a mapped file), in the row's region."""
    slug = slug_for(name, Organisation)
    if slug in lookups.organisations:  # another organisation has this slug under another name
        plan.refuse(
            line,
            "owner",
            _(
                "An organisation with the slug “%(slug)s” exists: name the owner by its "
                "slug, or by its name as the catalogue has it."
            )
            % {"slug": slug},
            name,
            INFRASTRUCTURES.name,
        )
        return None
    organisation = Organisation(slug=slug, name_en=name, kind=defaults["organisation_kind"], region=region)
    row = RowPlan(
        ORGANISATIONS.name,
        line,
        slug,
        data={"slug": slug, "name_en": name},
        changes=[("name_en", "", name), ("kind", "", organisation.kind), ("region", "", region.slug)],
        instance=organisation,
    )
    model_problems(organisation, line, INFRASTRUCTURES.name, ["region", "parent"], plan)
    lookups.add("organisation", organisation)
    plan.organisations.append(row)
    return organisation


def plan_entries(sheet, lookups, plan, defaults, progress):
    rows = _keyed_rows(sheet, INFRASTRUCTURES, Infrastructure, plan, stored=lookups.entry)
    for done, (line, cells, key) in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        owner_text = from_cell(cells.get("owner", "").strip())
        if (
            owner_text
            and owner_text != CLEAR
            and defaults.get("create_organisations")
            and lookups.find("organisation", owner_text) is None
        ):
            region = lookups.find("region", cells.get("region", "").strip()) or defaults.get("region")
            if region is not None:
                _new_owner(owner_text, region, defaults, lookups, plan, line)
        existing = lookups.entry(key)
        row = _plan_record(
            line,
            INFRASTRUCTURES,
            cells,
            lookups,
            plan,
            model=Infrastructure,
            existing=existing,
            defaults=defaults,
            key=key,
        )
        if existing is None and "status" not in row.data:
            row.data["status"] = Infrastructure.OperationalStatus.OPERATIONAL
        plan.entries.append(row)  # rights and version: once the related sheets are planned too


def check_entry_rights(row, lookups, plan):
    """The user must manage the entry as stored, and its region and owner as they will be."""
    if row.existing is not None and row.existing.pk not in lookups.editable_entry_ids:
        plan.refuse(
            row.line, "slug", _("This entry belongs to a region you do not manage."), row.key, row.sheet
        )
    region = row.data.get("region")
    if region is not None and not lookups.manages(region.pk):
        plan.refuse(
            row.line,
            "region",
            _("You do not manage the region %(region)s.") % {"region": region},
            region.slug,
            row.sheet,
        )
    owner = row.data.get("owner")
    if owner is not None and not lookups.manages(owner.region_id):
        plan.refuse(
            row.line,
            "owner",
            _("%(owner)s belongs to a region you do not manage.") % {"owner": owner},
            owner.slug,
            row.sheet,
        )
