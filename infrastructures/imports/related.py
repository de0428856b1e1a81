"""Related sheets: the rows of an entry replace its list (equipment, access conditions with their
prices, funding records). Compared as sets, so an unchanged list writes nothing."""

import copy
from collections import defaultdict
from difflib import SequenceMatcher

from django.utils.translation import gettext as _

from access.models import AccessCondition, PriceIndication
from infrastructures.columns import (
    ACCESS_CONDITIONS,
    CLEAR,
    ENTRY,
    EQUIPMENT,
    FUNDING,
    PRICES,
)
from infrastructures.imports.plan import RowPlan
from infrastructures.imports.values import KEEP, cleared, comparable, model_problems, read_cells, shown
from infrastructures.models import Equipment, FundingRecord, Infrastructure

AMOUNT_OR_ON_QUOTE = next(
    c for c in PriceIndication._meta.constraints if c.name == "price_amount_or_on_quote"
)


def related_rows(sheet, layout, lookups, plan):
    """{entry slug: [(line, values)]} with every bad cell reported."""
    by_entry = defaultdict(list)
    for line, cells in sheet.rows:
        cells = dict(zip(sheet.header, cells, strict=True))
        values, failed = read_cells(line, layout, cells, lookups, plan, layout.name, blank_keeps=False)
        # A row is the whole item: an empty cell is an empty field, and so is [clear].
        values = {
            name: cleared(layout.column(name)) if value is KEEP or value is CLEAR else value
            for name, value in values.items()
        }
        slug = values.pop("infrastructure")
        for column in layout.columns:
            if (
                column.required
                and values.get(column.name) in ("", None, [])
                and column.name not in failed | {"infrastructure"}
            ):
                plan.refuse(line, column.name, _("A value is required."), "", layout.name)
        if isinstance(slug, str) and slug:
            stored = lookups.entry(slug)
            by_entry[stored.slug if stored is not None else slug].append((line, values))
        elif "infrastructure" not in failed:
            plan.refuse(line, "infrastructure", _("A value is required."), "", layout.name)
    return by_entry


def _values(values, names):
    return {name: values.get(name) for name in names}


def _text_columns(layout):
    return [column.name for column in layout.columns if column.kind == "text" and column is not ENTRY]


def _equipment_fields():
    """An item's fields as the sheet names them (text, and the identifier's type)."""
    return [column.name for column in EQUIPMENT.columns if column is not ENTRY]


def _equipment_items(rows, plan):
    items = []
    for line, values in rows:
        item = _values(values, _equipment_fields())
        model_problems(Equipment(**item), line, EQUIPMENT.name, ["infrastructure", "version"], plan)
        items.append(item)
    return items


def _funding_items(rows, entry, lookups, plan):
    items = []
    texts = [name for name in _text_columns(FUNDING) if name != "priority_axis"]
    for line, values in rows:
        item = _values(values, ["programme", *texts, "amount", "eu_amount", "start_year", "end_year"])
        axis = values.get("priority_axis") or None
        record = FundingRecord(**item)
        if entry.region_id:  # the model checks a regional programme against the entry's region
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


def _conditions(rows, plan):
    """{number: access condition} from the rows of the access_conditions sheet for one entry."""
    conditions, lines = {}, {}
    texts = _text_columns(ACCESS_CONDITIONS)
    for line, values in rows:
        number = values.get("condition")
        if number in lines:
            plan.refuse(
                line,
                "condition",
                _("Also on line %(line)d.") % {"line": lines[number]},
                str(number),
                ACCESS_CONDITIONS.name,
            )
            continue
        lines[number] = line
        item = {
            **_values(values, [*texts, "access_mode"]),
            "forms_of_access": values.get("forms_of_access"),
            "business_models": values.get("business_models"),
            "open_to_smes": values.get("open_to_smes"),  # None: the source does not say
            "request_required": values.get("request_required") is not False,
            "lead_time_days": values.get("lead_time_days"),
            "prices": [],
        }
        scalar = {k: v for k, v in item.items() if k not in {"forms_of_access", "business_models", "prices"}}
        model_problems(
            AccessCondition(**scalar), line, ACCESS_CONDITIONS.name, ["infrastructure", "version"], plan
        )
        conditions[number] = item
    return conditions


def _attach_prices(conditions, price_rows, plan):
    """Put the prices sheet's rows of one entry on its conditions (by number), each checked."""
    seen_prices = {}
    for line, values in price_rows:
        number = values.get("condition")
        if number not in conditions:
            plan.refuse(
                line,
                "condition",
                _("This infrastructure has no access condition %(number)s.") % {"number": number},
                str(number),
                PRICES.name,
            )
            continue
        price = {
            "tier": values.get("tier"),
            "unit": values.get("unit"),
            "amount_from": values.get("amount_from"),
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
            plan.refuse(
                line,
                "amount_from",
                AMOUNT_OR_ON_QUOTE.violation_error_message,
                shown(price["amount_from"]),
                PRICES.name,
            )
        conditions[number]["prices"].append(price)


def _condition_list(conditions):
    return [item for _number, item in sorted(conditions.items(), key=lambda pair: pair[0] or 0)]


def _stored_equipment(entry):
    fields = _equipment_fields()
    return [{name: getattr(item, name) for name in fields} for item in entry.equipment.all()]


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


def _list_changes(name, old, new):
    """(field, old, new) for what differs between two lists: items the file keeps as they are pair
    up first, so one removed item reads as one removal; items changed in place are shown field by
    field (equipment[2].manufacturer, funding_records[1].amount, access_conditions[1].prices)."""
    changes = []
    matcher = SequenceMatcher(
        a=[repr(_fingerprint(i)) for i in old], b=[repr(_fingerprint(i)) for i in new], autojunk=False
    )
    for tag, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(old_end - old_start, new_end - new_start)):
            before = old[old_start + offset] if old_start + offset < old_end else None
            after = new[new_start + offset] if new_start + offset < new_end else None
            label = f"{name}[{(new_start if after is not None else old_start) + offset + 1}]"
            if before is None or after is None:
                changes.append((label, _summary(before), _summary(after)))
                continue
            for field in sorted(set(before) | set(after)):
                if field == "prices":
                    if _fingerprint({"prices": before[field]}) != _fingerprint({"prices": after[field]}):
                        changes.append((f"{label}.prices", _prices(before[field]), _prices(after[field])))
                elif comparable(before.get(field)) != comparable(after.get(field)):
                    changes.append((f"{label}.{field}", shown(before.get(field)), shown(after.get(field))))
    return changes


def _summary(item):
    if item is None:
        return ""
    parts = [f"{name}: {shown(value)}" for name, value in item.items() if name != "prices" and shown(value)]
    if item.get("prices"):
        parts.append(f"prices: {_prices(item['prices'])}")
    return "\n".join(parts)


def _prices(prices):
    return "; ".join(
        f"{price['tier']} {price['unit']} {'on quote' if price['on_quote'] else shown(price['amount_from'])}"
        for price in prices
    )


def _planned_conditions(row, condition_rows, price_rows, plan):
    """An entry's conditions with their prices, from whichever of the two sheets name it: a sheet that
    does not name the entry leaves that part as stored (conditions keep their prices by number)."""
    stored = {
        number: condition
        for number, condition in enumerate(_stored_conditions(row.existing) if row.existing else [], start=1)
    }
    if condition_rows is None:
        if row.existing is None:
            for line, _values in price_rows:
                plan.refuse(
                    line,
                    "infrastructure",
                    _(
                        "Prices go with access conditions: give this entry's "
                        "conditions on the access_conditions sheet too."
                    ),
                    row.key,
                    PRICES.name,
                )
            return None
        conditions = stored
    else:
        conditions = _conditions(condition_rows, plan)
    if price_rows is None:
        for number, condition in conditions.items():
            condition["prices"] = stored[number]["prices"] if number in stored else []
    else:
        for condition in conditions.values():
            condition["prices"] = []
        _attach_prices(conditions, price_rows, plan)
    return conditions


def plan_related(related, lookups, plan):
    """Attach each entry's new lists to its row (or to a new row for an entry the file's
    infrastructures sheet does not name)."""
    rows_by_key = {row.key: row for row in plan.entries}
    slugs = set().union(*(rows.keys() for rows in related.values())) if related else set()
    for slug in sorted(slugs):
        row = rows_by_key.get(slug)
        if row is None:
            existing = lookups.entry(slug)
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
            # The entry's rows are on a related sheet only: its changes point at the first of them.
            sheet, line = next((name, rows[slug][0][0]) for name, rows in related.items() if slug in rows)
            row = RowPlan(sheet, line, slug, existing=existing)
            plan.entries.append(row)
            rows_by_key[slug] = row
        # Funding is checked against the entry as it will be (a new region changes which programmes fund it).
        entry = copy.copy(row.existing) if row.existing is not None else Infrastructure()
        if row.data.get("region") is not None:
            entry.region = row.data["region"]
        new_lists = {}
        if EQUIPMENT.name in related and slug in related[EQUIPMENT.name]:
            new_lists["equipment"] = _equipment_items(related[EQUIPMENT.name][slug], plan)
        condition_rows = related.get(ACCESS_CONDITIONS.name, {}).get(slug)
        price_rows = related.get(PRICES.name, {}).get(slug)
        if condition_rows is not None or price_rows is not None:
            conditions = _planned_conditions(row, condition_rows, price_rows, plan)
            if conditions is not None:
                new_lists["access_conditions"] = _condition_list(conditions)
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
                row.changes += _list_changes(name, old, items)
