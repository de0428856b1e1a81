"""How the catalogue writes values for people, in the reader's language."""

from decimal import Decimal

from django.utils import formats
from django.utils.translation import pgettext


def euro(value):
    """An amount in euro for the reader's language: €8,400,000 in English, € 8.400.000 in Dutch.
    Exact: cents are shown whenever there are any. Empty for an unknown amount."""
    if value is None or value == "":
        return ""
    # A chart hands its values over as floats: their shortest text is the amount stored.
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    places = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, decimal_pos=places, use_l10n=True, force_grouping=True)
    return pgettext("an amount in euro", "€%(amount)s") % {"amount": number}
