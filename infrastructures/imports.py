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
  file when the curator asks for it, in regions the curator manages; regions are never created.
"""

import copy
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from access.models import AccessCondition, AccessForm, BusinessModel, PriceIndication
from infrastructures import services
from infrastructures.columns import (
    ACCESS_CONDITIONS,
    CLEAR,
    ENTRY,
    EQUIPMENT,
    FUNDING,
    INFRASTRUCTURES,
    LIST_SEPARATOR,
    ORGANISATIONS,
    PRICES,
)
from infrastructures.models import (
    Equipment,
    FundingProgramme,
    FundingRecord,
    Infrastructure,
    Organisation,
    Theme,
)
from infrastructures.tables import Notice, from_cell
from regions import roles
from regions.models import Region
from rii_catalogue.writes import last_change

PROGRESS_EVERY = 500
KEEP = object()  # an empty cell: the stored value stays
KEYS = {"slug", "infrastructure"}
DERIVED_FIELDS = ["search_document", "search_vector"]
NESTED = {
    EQUIPMENT.name: "equipment",
    ACCESS_CONDITIONS.name: "access_conditions",
    FUNDING.name: "funding_records",
}


@dataclass
class RowPlan:
    """What one row does: `data` is what the services get (for an update: only what changes)."""

    sheet: str
    line: int | None
    key: str
    existing: object = None
    data: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)  # (field, old, new) as text
    expected_version: int | None = None
    instance: object = None  # a new organisation, built before it is saved

    @property
    def action(self):
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"


@dataclass
class Plan:
    organisations: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.problems

    def refuse(self, line, column, message, value="", sheet=""):
        """Record a problem of the file: where, what was there, and why it cannot be imported."""
        self.problems.append(Notice(line, column, message, value, sheet))

    def count(self, action, rows=None):
        return sum(1 for row in (self.entries if rows is None else rows) if row.action == action)

    def summary(self, limit=2000):
        """What the job page shows: counts, and each created or changed row with its changes."""
        changed = [row for row in self.organisations + self.entries if row.action != "unchanged"]
        return {
            "created": self.count("create"),
            "updated": self.count("update"),
            "unchanged": self.count("unchanged"),
            "organisations_created": self.count("create", self.organisations),
            "organisations_updated": self.count("update", self.organisations),
            "changes": [
                {
                    "sheet": row.sheet,
                    "line": row.line,
                    "key": row.key,
                    "action": row.action,
                    "fields": [list(change) for change in row.changes],
                }
                for row in changed[:limit]
            ],
            "changes_left_out": max(0, len(changed) - limit),
            "warnings": [asdict(warning) for warning in self.warnings],
        }


# Reading a value


def _names(*values):
    return [value.strip().lower() for value in values if value and value.strip()]


class Lookups:
    """Everything a file may name, read once: by slug or code, and by name (when unambiguous)."""

    def __init__(self, user, entry_slugs):
        self.user = user
        self.organisations = self._index(Organisation.objects.all(), "slug", "name_en", "name_nl", "acronym")
        self.regions = self._index(Region.objects.all(), "slug", "nuts_code", "name_en", "name_nl")
        self.themes = self._index(Theme.objects.all(), "slug", "name_en", "name_nl")
        self.programmes = self._index(FundingProgramme.objects.all(), "slug", "cci_code", "name_en")
        self.access_forms = self._index(AccessForm.objects.all(), "code", "name_en", "name_nl")
        self.business_models = self._index(BusinessModel.objects.all(), "code", "name_en", "name_nl")
        self.managed_region_ids = set(Region.objects.managed_by(user).values_list("pk", flat=True))
        self.entries = {
            entry.slug: entry
            for entry in Infrastructure.objects.filter(slug__in=entry_slugs)
            .select_related("owner", "region")
            .prefetch_related(
                "themes",
                "operators",
                "equipment",
                "funding_records__programme",
                "funding_records__priority_axis",
                "access_conditions__forms_of_access",
                "access_conditions__business_models",
                "access_conditions__prices",
            )
        }
        self.editable_entry_ids = set(
            Infrastructure.objects.editable_by(user).filter(slug__in=entry_slugs).values_list("pk", flat=True)
        )

    @staticmethod
    def _index(queryset, key, *names):
        index, by_name = {}, defaultdict(list)
        for row in queryset:
            index[getattr(row, key)] = row
            for name in set(_names(*(getattr(row, attribute) or "" for attribute in names))):
                by_name[name].append(row)
        # A key always wins; a name counts only when exactly one row has it.
        return {**{name: rows[0] for name, rows in by_name.items() if len(rows) == 1}, **index}

    def table(self, target):
        return {
            "organisation": self.organisations,
            "region": self.regions,
            "theme": self.themes,
            "programme": self.programmes,
            "access_form": self.access_forms,
            "business_model": self.business_models,
        }[target]

    def find(self, target, text):
        table = self.table(target)
        return table.get(text) or table.get(text.lower())

    def add_organisation(self, organisation):
        for name in {organisation.slug, *_names(organisation.name_en or "", organisation.acronym or "")}:
            self.organisations[name] = organisation


_TARGET_NAMES = {
    "organisation": _("organisation"),
    "region": _("region"),
    "theme": _("theme"),
    "programme": _("funding programme"),
    "access_form": _("form of access"),
    "business_model": _("business model"),
}


def _number(text):
    """A number as people type it: 8400000.00, 8.400.000,00, 8,400,000.00, 51,2306, '1 200'."""
    text = text.replace("\N{NO-BREAK SPACE}", "").replace("\N{NARROW NO-BREAK SPACE}", "").replace(" ", "")
    text = text.removeprefix("€").removesuffix("€")
    if "," in text and "." in text:
        decimal_mark = "," if text.rindex(",") > text.rindex(".") else "."
        text = text.replace("." if decimal_mark == "," else ",", "").replace(",", ".")
    elif text.count(",") == 1:
        text = text.replace(",", ".")
    elif text.count(",") > 1:
        text = text.replace(",", "")
    return Decimal(text)


_TRUE = {"yes", "ja", "true", "waar", "1", "y", "j", "x"}
_FALSE = {"no", "nee", "false", "onwaar", "0", "n"}


def convert(column, text, lookups):
    """The cell's text as the value the model takes; a ValueError says why it cannot be."""
    kind = column.kind
    if kind == "text":
        return text
    if kind == "choice":
        for value, label in column.choices.choices:
            if text.lower() in {value, str(label).lower(), _dutch(label).lower()}:
                return value
        raise ValueError(
            _("“%(value)s” is not one of: %(values)s.")
            % {"value": text, "values": ", ".join(str(label) for label in column.choices.labels)}
        )
    if kind in {"int", "version"}:
        number = _number(text)
        if number != number.to_integral_value():
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)
    if kind == "decimal":
        return _number(text)
    if kind == "date":
        return date.fromisoformat(text[:10])
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": text})
    if kind == "ref":
        found = lookups.find(column.target, text)
        if found is None:
            raise ValueError(
                _("No %(what)s “%(value)s”.") % {"what": _TARGET_NAMES[column.target], "value": text}
            )
        return found
    if kind == "refs":
        names = [name.strip() for name in text.split(LIST_SEPARATOR) if name.strip()]
        unknown = [name for name in names if lookups.find(column.target, name) is None]
        if unknown:
            raise ValueError(
                _("Unknown %(what)s: %(values)s.")
                % {"what": _TARGET_NAMES[column.target], "values": ", ".join(unknown)}
            )
        return list(dict.fromkeys(lookups.find(column.target, name) for name in names))
    raise AssertionError(kind)


def _dutch(label):
    from django.utils import translation

    with translation.override("nl"):
        return str(label)


def comparable(value):
    """A value as the diff compares it: empty text is empty, related rows by key, lists as sets."""
    if value is None or value == "":
        return ""
    if isinstance(value, (list, tuple, set, frozenset)) and not isinstance(value, str):
        return frozenset(comparable(item) for item in value)
    if isinstance(value, (Organisation, Region, Theme, FundingProgramme)):
        return value.slug
    if isinstance(value, (AccessForm, BusinessModel)):
        return value.code
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return value.normalize()  # 8400000 and 8400000.00 are one amount
    return value


def shown(value):
    """A value as the diff shows it."""
    if isinstance(value, Decimal):
        return format(value, "f")
    value = comparable(value)
    if isinstance(value, frozenset):
        return f"{LIST_SEPARATOR} ".join(sorted(str(item) for item in value))
    return str(value)


def _read_cells(line, layout, cells, lookups, plan, sheet_name):
    """{column: value, KEEP or CLEAR} for one row, every bad cell reported."""
    values, failed = {}, set()
    for column in layout.columns:
        raw = cells.get(column.name) or ""
        if not raw.strip():
            values[column.name] = KEEP
            continue
        if raw.strip() == CLEAR:
            values[column.name] = CLEAR
            continue
        # Text is taken as it is, spaces and all: what goes in comes out byte for byte.
        text = from_cell(raw if column.kind == "text" and column.name not in KEYS else raw.strip())
        try:
            values[column.name] = convert(column, text, lookups)
        except (ValueError, InvalidOperation, ArithmeticError) as error:
            message = str(error) if isinstance(error, ValueError) and str(error).endswith(".") else None
            plan.refuse(
                line,
                column.name,
                message or _("“%(value)s” is not a valid value.") % {"value": text[:50]},
                text[:80],
                sheet_name,
            )
            failed.add(column.name)
    return values, failed


def _cleared(column):
    return [] if column.kind == "refs" else None if column.kind not in {"text", "choice"} else ""


def _model_problems(instance, line, sheet, exclude, plan):
    """The model's own rules (choices, lengths, TRL range, coordinates, e-mail and web addresses)."""
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            value = "" if name == "__all__" else shown(getattr(instance, name, ""))
            for message in messages:
                plan.refuse(line, "" if name == "__all__" else name, message, value[:80], sheet)


# Organisations and infrastructures: one row, one record, created or changed field by field.


def _plan_record(line, layout, cells, lookups, plan, *, model, existing, defaults, key):
    """A RowPlan for an entry or an organisation: new values, changed fields, every problem."""
    values, failed = _read_cells(line, layout, cells, lookups, plan, layout.name)
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
            value = _cleared(column)
        if existing is None:
            row.data[name] = value
            continue
        stored = list(getattr(existing, name).all()) if column.kind == "refs" else getattr(existing, name)
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
        if name not in many | refs:
            setattr(candidate, name, value)
    unchecked = (
        {f.name for f in model._meta.concrete_fields} - set(row.data) if existing is not None else set()
    )
    exclude = failed | refs | many | unchecked | {"version", *DERIVED_FIELDS}
    if existing is None or row.data:
        _model_problems(candidate, line, layout.name, sorted(exclude), plan)
    return row


def _check_version(row, plan):
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


def _plan_organisations(sheet, lookups, plan):
    seen = {}
    for line, cells in sheet.rows:
        cells = dict(zip(sheet.header, cells, strict=True))
        key = from_cell(cells.get("slug", "").strip()) or slugify(cells.get("name_en", ""))[:80]
        if not key:
            plan.refuse(line, "slug", _("Give a slug or an English name."), "", sheet.name)
            continue
        if key in seen:
            plan.refuse(line, "slug", _("Also on line %(line)d.") % {"line": seen[key]}, key, sheet.name)
            continue
        seen[key] = line
        existing = lookups.organisations.get(key)
        existing = existing if existing is not None and existing.slug == key and existing.pk else None
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
        _check_version(row, plan)
        region = row.data.get("region")
        if (
            row.action != "unchanged"
            and existing is not None
            and existing.region_id not in lookups.managed_region_ids
        ):
            plan.refuse(
                line,
                "slug",
                _("This organisation belongs to a region you do not manage."),
                key,
                sheet.name,
            )
        if region is not None and region.pk not in lookups.managed_region_ids:
            plan.refuse(
                line,
                "region",
                _("You do not manage the region %(region)s.") % {"region": region},
                region.slug,
                sheet.name,
            )
        if existing is None:
            row.instance = Organisation(**{k: v for k, v in row.data.items()})
            lookups.add_organisation(row.instance)
        plan.organisations.append(row)


def _new_owner(name, region, defaults, lookups, plan, line):
    """An organisation the file names as owner and the catalogue does not know: created when the
    curator asked for it (a mapped file), in the row's region."""
    slug = slugify(name)[:80]
    organisation = Organisation(slug=slug, name_en=name, kind=defaults["organisation_kind"], region=region)
    row = RowPlan(
        ORGANISATIONS.name,
        line,
        slug,
        data={"slug": slug, "name_en": name},
        changes=[("name_en", "", name), ("region", "", region.slug)],
        instance=organisation,
    )
    _model_problems(organisation, line, INFRASTRUCTURES.name, ["region", "parent"], plan)
    lookups.add_organisation(organisation)
    plan.organisations.append(row)
    return organisation


def _plan_entries(sheet, lookups, plan, defaults, progress):
    seen = {}
    for done, (line, cells) in enumerate(sheet.rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        cells = dict(zip(sheet.header, cells, strict=True))
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
        key = entry_key(cells)
        if not key:
            plan.refuse(line, "slug", _("Give a slug or an English name."), "", sheet.name)
            continue
        if key in seen:
            plan.refuse(line, "slug", _("Also on line %(line)d.") % {"line": seen[key]}, key, sheet.name)
            continue
        seen[key] = line
        existing = lookups.entries.get(key)
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
        _check_entry_rights(row, lookups, plan)
        _check_version(row, plan)
        plan.entries.append(row)


def entry_key(cells):
    return from_cell((cells.get("slug") or "").strip()) or slugify(cells.get("name_en") or "")[:100]


def _check_entry_rights(row, lookups, plan):
    if row.action == "unchanged":
        return
    if row.existing is not None and row.existing.pk not in lookups.editable_entry_ids:
        plan.refuse(
            row.line, "slug", _("This entry belongs to a region you do not manage."), row.key, row.sheet
        )
    region = row.data.get("region")
    if region is not None and region.pk not in lookups.managed_region_ids:
        plan.refuse(
            row.line,
            "region",
            _("You do not manage the region %(region)s.") % {"region": region},
            region.slug,
            row.sheet,
        )
    owner = row.data.get("owner")
    if owner is not None and owner.region_id not in lookups.managed_region_ids:
        plan.refuse(
            row.line,
            "owner",
            _("%(owner)s belongs to a region you do not manage.") % {"owner": owner},
            owner.slug,
            row.sheet,
        )


# Related sheets: the rows of an entry replace its list (equipment, access conditions with their
# prices, funding records). Compared as sets, so an unchanged list writes nothing.


def _related_rows(sheet, layout, lookups, plan):
    """{entry slug: [(line, values)]} with every bad cell reported."""
    by_entry = defaultdict(list)
    for line, cells in sheet.rows:
        cells = dict(zip(sheet.header, cells, strict=True))
        values, failed = _read_cells(line, layout, cells, lookups, plan, layout.name)
        values = {name: ("" if value is KEEP else value) for name, value in values.items()}
        slug = values.pop("infrastructure")
        for column in layout.columns:
            if (
                column.required
                and values.get(column.name, "") == ""
                and column.name not in failed | {"infrastructure"}
            ):
                plan.refuse(line, column.name, _("A value is required."), "", layout.name)
        if isinstance(slug, str) and slug:
            by_entry[slug].append((line, values))
        elif "infrastructure" not in failed:
            plan.refuse(line, "infrastructure", _("A value is required."), "", layout.name)
    return by_entry


def _none_if_empty(values, names):
    return {name: (None if values.get(name) in ("", CLEAR) else values[name]) for name in names}


def _text_values(values, names):
    return {name: ("" if values.get(name) in (None, CLEAR) else values.get(name, "")) for name in names}


def _text_columns(layout):
    return [column.name for column in layout.columns if column.kind == "text" and column is not ENTRY]


def _equipment_items(rows, plan):
    items = []
    texts = _text_columns(EQUIPMENT)
    for line, values in rows:
        item = _text_values(values, texts)
        _model_problems(Equipment(**item), line, EQUIPMENT.name, ["infrastructure", "version"], plan)
        items.append(item)
    return items


def _funding_items(rows, entry, plan):
    items = []
    texts = [name for name in _text_columns(FUNDING) if name != "priority_axis"]
    for line, values in rows:
        item = {
            "programme": values.get("programme") or None,
            **_text_values(values, texts),
            **_none_if_empty(values, ["amount", "eu_amount", "start_year", "end_year"]),
        }
        axis = values.get("priority_axis") or None
        record = FundingRecord(**item)
        if isinstance(entry, Infrastructure) and entry.region_id:
            record.infrastructure = entry
        if axis and item["programme"] is not None:
            record.priority_axis = item["programme"].priority_axes.filter(code=axis).first()
            if record.priority_axis is None:
                plan.refuse(
                    line,
                    "priority_axis",
                    _("This programme has no priority axis %(code)s.") % {"code": axis},
                    axis,
                    FUNDING.name,
                )
        if item["programme"] is not None:
            _model_problems(record, line, FUNDING.name, ["infrastructure", "organisation", "version"], plan)
        items.append({**item, "priority_axis": axis})
    return items


def _condition_items(rows, price_rows, plan, kept_prices=None):
    """The access conditions of an entry with their prices. `kept_prices` (the stored conditions'
    prices, by number) stand when the file has no prices sheet: a file of conditions alone keeps them."""
    items, numbers = [], {}
    texts = _text_columns(ACCESS_CONDITIONS)
    for line, values in rows:
        number = values.get("condition")
        if number in numbers:
            plan.refuse(
                line,
                "condition",
                _("Also on line %(line)d.") % {"line": numbers[number]},
                str(number),
                ACCESS_CONDITIONS.name,
            )
            continue
        numbers[number] = line
        item = {
            **_text_values(values, [*texts, "access_mode"]),
            "forms_of_access": values.get("forms_of_access") or [],
            "business_models": values.get("business_models") or [],
            "open_to_smes": values.get("open_to_smes")
            if isinstance(values.get("open_to_smes"), bool)
            else None,
            "request_required": values.get("request_required") is not False,
            "lead_time_days": values.get("lead_time_days") or None,
            "prices": [],
        }
        scalar = {k: v for k, v in item.items() if k not in {"forms_of_access", "business_models", "prices"}}
        _model_problems(
            AccessCondition(**scalar), line, ACCESS_CONDITIONS.name, ["infrastructure", "version"], plan
        )
        items.append((number, item))
    conditions = dict(items)
    seen_prices = {}
    for line, values in price_rows:
        number = values.get("condition")
        if number not in conditions:
            plan.refuse(
                line,
                "condition",
                _("No access condition %(number)s for this infrastructure on the access_conditions sheet.")
                % {"number": number},
                str(number),
                PRICES.name,
            )
            continue
        price = {
            "tier": values.get("tier") or "",
            "unit": values.get("unit") or "",
            "amount_from": values.get("amount_from") if values.get("amount_from") != "" else None,
            "on_quote": values.get("on_quote") is True,
        }
        where = (number, price["tier"], price["unit"])
        if where in seen_prices:
            plan.refuse(
                line,
                "unit",
                _("Also on line %(line)d.") % {"line": seen_prices[where]},
                price["unit"],
                PRICES.name,
            )
            continue
        seen_prices[where] = line
        instance = PriceIndication(**price)
        _model_problems(instance, line, PRICES.name, ["access_condition", "version"], plan)
        try:
            for constraint in PriceIndication._meta.constraints:
                if not hasattr(constraint, "fields"):  # the check constraints: amount xor on quote
                    constraint.validate(PriceIndication, instance)
        except ValidationError as error:
            plan.refuse(line, "amount_from", error.messages[0], shown(price["amount_from"]), PRICES.name)
        conditions[number]["prices"].append(price)
    if kept_prices is not None:
        for number, item in items:
            if isinstance(number, int) and 1 <= number <= len(kept_prices):
                item["prices"] = kept_prices[number - 1]
    return [item for _number, item in sorted(items, key=lambda pair: pair[0] or 0)]


def _stored_equipment(entry):
    texts = _text_columns(EQUIPMENT)
    return [{name: getattr(item, name) for name in texts} for item in entry.equipment.all()]


def _stored_conditions(entry):
    texts = _text_columns(ACCESS_CONDITIONS)
    return [
        {
            **{name: getattr(condition, name) for name in [*texts, "access_mode"]},
            "forms_of_access": list(condition.forms_of_access.all()),
            "business_models": list(condition.business_models.all()),
            "open_to_smes": condition.open_to_smes,
            "request_required": condition.request_required,
            "lead_time_days": condition.lead_time_days,
            "prices": [
                {"tier": p.tier, "unit": p.unit, "amount_from": p.amount_from, "on_quote": p.on_quote}
                for p in condition.prices.all()
            ],
        }
        for condition in entry.access_conditions.all()
    ]


def _stored_funding(entry):
    texts = [name for name in _text_columns(FUNDING) if name != "priority_axis"]
    return [
        {
            "programme": record.programme,
            "priority_axis": record.priority_axis.code if record.priority_axis else None,
            "amount": record.amount,
            "eu_amount": record.eu_amount,
            "start_year": record.start_year,
            "end_year": record.end_year,
            **{name: getattr(record, name) for name in texts},
        }
        for record in entry.funding_records.all()
    ]


def _fingerprint(item):
    """An item of a related list as the diff compares it (prices, in any order, inside their condition)."""
    parts = []
    for name, value in sorted(item.items()):
        if name == "prices":
            value = sorted(repr(_fingerprint(price)) for price in value)
        else:
            value = comparable(value)
            if isinstance(value, frozenset):
                value = sorted(value)
        parts.append((name, repr(value)))
    return tuple(parts)


def _same_list(stored, new):
    """Whether two lists hold the same items, in whatever order."""
    return sorted(repr(_fingerprint(item)) for item in stored) == sorted(
        repr(_fingerprint(item)) for item in new
    )


def _describe(items, label_of):
    return f"{len(items)}: " + f"{LIST_SEPARATOR} ".join(label_of(item) for item in items) if items else "0"


_LABELS = {
    "equipment": lambda item: item.get("name_en") or "",
    "access_conditions": lambda item: item.get("access_mode") or "–",
    "funding_records": lambda item: f"{shown(item.get('programme'))} {shown(item.get('amount'))}",
}


def _plan_related(related, lookups, plan):
    """Attach each entry's new lists to its row (or to a new row for an entry the file's
    infrastructures sheet does not name)."""
    rows_by_key = {row.key: row for row in plan.entries}
    slugs = set().union(*(rows.keys() for rows in related.values())) if related else set()
    for slug in sorted(slugs):
        row = rows_by_key.get(slug)
        if row is None:
            existing = lookups.entries.get(slug)
            if existing is None:
                for layout_name, rows in related.items():
                    for line, _values in rows.get(slug, []):
                        plan.refuse(
                            line,
                            "infrastructure",
                            _("No infrastructure “%(slug)s” in the catalogue or in this file.")
                            % {"slug": slug},
                            slug,
                            layout_name,
                        )
                continue
            row = RowPlan(INFRASTRUCTURES.name, None, slug, existing=existing)
            plan.entries.append(row)
            rows_by_key[slug] = row
        entry = row.existing if row.existing is not None else Infrastructure(region=row.data.get("region"))
        new_lists = {}
        if EQUIPMENT.name in related and slug in related[EQUIPMENT.name]:
            new_lists["equipment"] = _equipment_items(related[EQUIPMENT.name][slug], plan)
        if ACCESS_CONDITIONS.name in related and slug in related[ACCESS_CONDITIONS.name]:
            kept_prices = None
            if PRICES.name not in related and row.existing is not None:
                kept_prices = [condition["prices"] for condition in _stored_conditions(row.existing)]
            new_lists["access_conditions"] = _condition_items(
                related[ACCESS_CONDITIONS.name][slug],
                related.get(PRICES.name, {}).get(slug, []),
                plan,
                kept_prices,
            )
        elif PRICES.name in related and slug in related[PRICES.name]:
            for line, _values in related[PRICES.name][slug]:
                plan.refuse(
                    line,
                    "infrastructure",
                    _(
                        "Prices go with their access conditions: give this entry's rows on the "
                        "access_conditions sheet too."
                    ),
                    slug,
                    PRICES.name,
                )
        if FUNDING.name in related and slug in related[FUNDING.name]:
            new_lists["funding_records"] = _funding_items(related[FUNDING.name][slug], entry, plan)
        stored = {
            "equipment": _stored_equipment,
            "access_conditions": _stored_conditions,
            "funding_records": _stored_funding,
        }
        for name, items in new_lists.items():
            old = stored[name](row.existing) if row.existing is not None else []
            if not _same_list(old, items):
                row.data[name] = items
                row.changes.append((name, _describe(old, _LABELS[name]), _describe(items, _LABELS[name])))
        if row.existing is not None and row.action == "update" and row.line is None:
            _check_entry_rights(row, lookups, plan)


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
        {entry_key(dict(zip(main.header, cells, strict=True))) for _line, cells in main.rows}
        if main
        else set()
    )
    for layout_name in NESTED.keys() | {PRICES.name}:
        sheet = sheets.get(layout_name)
        if sheet is not None and "infrastructure" in sheet.header:
            index = sheet.header.index("infrastructure")
            entry_slugs |= {from_cell(cells[index].strip()) for _line, cells in sheet.rows}
    lookups = Lookups(user, entry_slugs)
    if ORGANISATIONS.name in sheets:
        _plan_organisations(sheets[ORGANISATIONS.name], lookups, plan)
    if main is not None:
        _plan_entries(main, lookups, plan, defaults, progress)
    related = {
        name: _related_rows(sheets[name], layout, lookups, plan)
        for name, layout in [(s.name, s) for s in (EQUIPMENT, ACCESS_CONDITIONS, PRICES, FUNDING)]
        if name in sheets
    }
    _plan_related(related, lookups, plan)
    if not roles.curates(user):
        plan.refuse(None, "", _("Only regional managers import entries."))
    return plan


def run_import(user, plan, origin):
    """Write a plan without problems, all rows in one transaction; a refusal anywhere saves nothing.
    Unchanged rows are left alone."""
    if not plan.is_valid:
        raise ValueError("Only a file without problems is imported.")
    with transaction.atomic():  # the services index each entry once, after this commits
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
    from infrastructures.columns import SHEETS_BY_NAME, layout_of

    if len(table.sheets) == 1 and not filename.lower().endswith(".xlsx"):
        sheet = table.sheets[0]
        return {layout_of(sheet.header, filename).name: sheet}
    found = {sheet.name: sheet for sheet in table.sheets if sheet.name in SHEETS_BY_NAME}
    if INFRASTRUCTURES.name not in found and table.sheets and table.sheets[0].name not in SHEETS_BY_NAME:
        found[INFRASTRUCTURES.name] = table.sheets[0]
    used = {id(sheet) for sheet in found.values()}
    for sheet in table.sheets:
        if id(sheet) not in used and sheet.name != "columns":  # the template's notes
            table.warnings.append(
                Notice(
                    None,
                    "",
                    _("This sheet is not one the catalogue reads; it was left out."),
                    sheet=sheet.name,
                )
            )
    return found
