"""Related sheets: the rows of an entry replace its list (equipment, access conditions with their
prices, funding records). Compared as sets, so an unchanged list writes nothing."""

from collections import defaultdict

from django.utils.translation import gettext as _

from access.models import AccessCondition, PriceIndication
from infrastructures.columns import (
    ACCESS_CONDITIONS,
    CLEAR,
    ENTRY,
    EQUIPMENT,
    FUNDING,
    INFRASTRUCTURES,
    LIST_SEPARATOR,
    PRICES,
)
from infrastructures.imports.plan import RowPlan
from infrastructures.imports.records import check_entry_rights
from infrastructures.imports.values import KEEP, comparable, model_problems, read_cells, shown
from infrastructures.models import Equipment, FundingRecord, Infrastructure

AMOUNT_OR_ON_QUOTE = next(
    c for c in PriceIndication._meta.constraints if c.name == "price_amount_or_on_quote"
)


def related_rows(sheet, layout, lookups, plan):
    """{entry slug: [(line, values)]} with every bad cell reported."""
    by_entry = defaultdict(list)
    for line, cells in sheet.rows:
        cells = dict(zip(sheet.header, cells, strict=True))
        values, failed = read_cells(line, layout, cells, lookups, plan, layout.name)
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
        model_problems(Equipment(**item), line, EQUIPMENT.name, ["infrastructure", "version"], plan)
        items.append(item)
    return items


def _funding_items(rows, entry, lookups, plan):
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
            record.priority_axis = lookups.priority_axes.get((item["programme"].pk, axis))
            if record.priority_axis is None:
                plan.refuse(
                    line,
                    "priority_axis",
                    _("This programme has no priority axis %(code)s.") % {"code": axis},
                    axis,
                    FUNDING.name,
                )
        if item["programme"] is not None:
            # The programme and its axis came from the lookups: no need to ask the database again.
            exclude = ["infrastructure", "organisation", "programme", "priority_axis", "version"]
            model_problems(record, line, FUNDING.name, exclude, plan)
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
        model_problems(
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
        model_problems(instance, line, PRICES.name, ["access_condition", "version"], plan)
        if (price["amount_from"] is None) != price["on_quote"]:  # the database's check, said here
            plan.refuse(line, "amount_from", AMOUNT_OR_ON_QUOTE.violation_error_message,
                        shown(price["amount_from"]), PRICES.name)  # fmt: skip
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


def plan_related(related, lookups, plan):
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
            new_lists["funding_records"] = _funding_items(related[FUNDING.name][slug], entry, lookups, plan)
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
            check_entry_rights(row, lookups, plan)
