"""Fill in an admin change form as a curator's browser would: every field and inline row as shown."""

from datetime import date


def _post_value(value):
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def form_data(response):
    """The POST data of an admin add/change page as rendered, inline rows and hidden fields included."""
    data = {}
    form = response.context["adminform"].form
    forms = [form]
    inlines = response.context.get("inline_admin_formsets") or []  # none on a history revert page
    for inline in inlines:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms += formset.forms
    for each in forms:
        for name in each.fields:
            value = _post_value(each[name].value())
            if value is not None:
                data[each.add_prefix(name)] = value
    return data


def add_inline_row(data, prefix, **fields):
    """Append one row to an inline formset's POST data."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = index + 1
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
