from django import template

from rii_catalogue import formats

register = template.Library()

register.filter("euro", formats.euro)


@register.filter
def get(mapping, key):
    """mapping[key] in a template (a table's cell by its column)."""
    return mapping.get(key, 0) if mapping else 0
