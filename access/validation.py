"""The rules an access request must meet, shared by the public form and the API."""

from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.be import vat as belgian_vat
from stdnum.eu import vat as eu_vat
from stdnum.exceptions import ValidationError as NumberInvalid

# Greece's VAT numbers start with EL, not its ISO code GR.
VAT_PREFIX = {"GR": "EL"}
EU_VAT_PREFIXES = {code.upper() for code in eu_vat.MEMBER_STATES} | {"EL"}
KVK_DIGITS = 8  # a Dutch Chamber of Commerce (KvK) number: eight digits, no check digit


def vat_number_problem(number, country=""):
    """Why `number` is not an EU VAT number or enterprise number (of `country` when it has no
    country prefix), or None when it is one. The number itself is kept as the company typed it."""
    compact = "".join(char for char in number if char.isalnum()).upper()
    prefix = compact[:2]
    if prefix.isalpha():
        if prefix not in EU_VAT_PREFIXES:
            return _("%(prefix)s is not the prefix of an EU VAT number (BE, NL, DE, FR, …).") % {
                "prefix": prefix
            }
        return _check(eu_vat, compact)
    country = (country or "").upper()
    if country == "BE":  # the enterprise number (KBO/BCE) is the VAT number without BE
        return _check(belgian_vat, compact)
    if country == "NL" and compact.isdigit() and len(compact) == KVK_DIGITS:
        return None
    vat_prefix = VAT_PREFIX.get(country, country)
    if vat_prefix in EU_VAT_PREFIXES:
        return _check(eu_vat, vat_prefix + compact)
    return _(
        "Start the number with its country code (for example BE0403170701), or choose your company's country."
    )


def _check(module, number):
    try:
        module.validate(number)
    except NumberInvalid:
        return _("This is not a valid VAT or enterprise number: check its digits.")
    return None


def request_problems(values):
    """{field: message} for rules across fields; `values` are the cleaned fields."""
    problems = {}
    if values.get("vat_number"):
        problem = vat_number_problem(values["vat_number"], values.get("country") or "")
        if problem:
            problems["vat_number"] = problem
    wanted_from, wanted_until = values.get("wanted_from"), values.get("wanted_until")
    if wanted_until and wanted_from and wanted_until < wanted_from:
        problems["wanted_until"] = _("The end of the period comes before its start.")
    elif wanted_until and wanted_until < timezone.localdate():
        problems["wanted_until"] = _("The period is over already: choose dates from today on.")
    if wanted_from and wanted_from < timezone.localdate() and "wanted_until" not in problems:
        problems["wanted_from"] = _("This date is past: choose a date from today on, or leave it empty.")
    if "consent" in values and values["consent"] is not True:
        problems["consent"] = _("We can only pass on your request with your consent.")
    return problems
