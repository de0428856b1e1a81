"""One cell's text as a value of the catalogue, and a stored value as the diff compares and shows it."""

import functools
import re
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from access.models import AccessForm, BusinessModel
from infrastructures.columns import CLEAR, LIST_SEPARATOR
from infrastructures.models import FundingProgramme, Infrastructure, Organisation, PriorityAxis, Theme
from infrastructures.tables import CONTROL_CHARACTERS, Notice, from_cell
from regions import roles
from regions.models import Region

KEEP = object()  # an empty cell: the stored value stays
MAX_EXPONENT = 30  # no number beyond 10^30: 1e1000000 would take minutes to expand


class CellError(ValueError):
    """A cell that cannot be read, with the reason the curator reads."""


WEB_ADDRESS_COLUMNS = {"website", "managing_authority_website", "landing_page"}
_BARE_DOMAIN = re.compile(r"^(?:www\.)?[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?:[/?#]\S*)?$", re.IGNORECASE)
KEYS = {"slug", "infrastructure"}


def _names(*values):
    return [value.strip().lower() for value in values if value and value.strip()]


class Lookups:
    """Everything a file may name, read once: by slug or code, and by name (when unambiguous)."""

    # What each table is known by: its key first, then the names a file may use instead.
    NAMES = {
        "organisation": ("slug", "name_en", "name_nl", "acronym"),
        "region": ("slug", "nuts_code", "name_en", "name_nl"),
        "theme": ("slug", "name_en", "name_nl"),
        "programme": ("slug", "cci_code", "name_en"),
        "access_form": ("code", "name_en", "name_nl"),
        "business_model": ("code", "name_en", "name_nl"),
    }
    MODELS = {
        "organisation": Organisation,
        "region": Region,
        "theme": Theme,
        "programme": FundingProgramme,
        "access_form": AccessForm,
        "business_model": BusinessModel,
    }

    def __init__(self, user, entry_slugs):
        self.tables = {
            target: self._index(model.objects.all(), *self.NAMES[target])
            for target, model in self.MODELS.items()
        }
        self.organisations, self.regions = self.tables["organisation"], self.tables["region"]
        self.priority_axes = {(axis.programme_id, axis.code): axis for axis in PriorityAxis.objects.all()}
        self.region_ids = roles.region_ids(user)
        wanted = set(entry_slugs) | {slug.lower() for slug in entry_slugs}  # slugs are lower case
        self.entries = {
            entry.slug: entry for entry in Infrastructure.objects.filter(slug__in=wanted).for_api()
        }
        self._entries_by_lower = {slug.lower(): entry for slug, entry in self.entries.items()}
        self.editable_entry_ids = set(
            Infrastructure.objects.editable_by(user).filter(slug__in=wanted).values_list("pk", flat=True)
        )

    @staticmethod
    def _index(queryset, key, *names):
        """Key -> row, and each name (lower case) -> row when exactly one row has it."""
        index, by_name = {}, defaultdict(list)
        for row in queryset:
            index[getattr(row, key)] = row
            for name in set(_names(*(getattr(row, attribute) or "" for attribute in names))):
                by_name[name].append(row)
        # A key always wins; a name counts only when exactly one row has it.
        return {**{name: rows[0] for name, rows in by_name.items() if len(rows) == 1}, **index}

    def entry(self, slug):
        """The stored entry a file's slug names ("Draft-A" is draft-a), or None."""
        return self.entries.get(slug) or self._entries_by_lower.get(slug.lower())

    def manages(self, region_id):
        """Whether the user may change rows of this region (a new one, no id yet: administrators)."""
        return self.region_ids is roles.EVERY_REGION or (
            region_id is not None and region_id in self.region_ids
        )

    def find(self, target, text):
        table = self.tables[target]
        return table.get(text) or table.get(text.lower())

    def add(self, target, row):
        """A row the import is about to create: later rows of the file may name it."""
        key, *names = self.NAMES[target]
        for name in {getattr(row, key), *_names(*(getattr(row, attribute) or "" for attribute in names))}:
            self.tables[target][name] = row


_TARGET_NAMES = {  # lazy: shown in the language of the job
    "organisation": gettext_lazy("organisation"),
    "region": gettext_lazy("region"),
    "theme": gettext_lazy("theme"),
    "programme": gettext_lazy("funding programme"),
    "access_form": gettext_lazy("form of access"),
    "business_model": gettext_lazy("business model"),
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
    elif text.count(".") > 1:  # 8.400.000
        text = text.replace(".", "")
    number = Decimal(text)
    # No NaN or infinity, and no exponent that would take minutes to expand (1e1000000).
    if not number.is_finite() or not -MAX_EXPONENT <= number.adjusted() <= MAX_EXPONENT:
        raise CellError(_("“%(value)s” is not a number the catalogue can store.") % {"value": text[:50]})
    return number


_EUROPEAN_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")


def _date(text):
    """A date as ISO (2026-11-01, with or without a time of day) or day first as Belgian and Dutch
    spreadsheets write it (1/11/2026, 01-11-2026, 1.11.2026)."""
    try:
        return datetime.fromisoformat(text).date() if len(text) > 10 else date.fromisoformat(text)
    except ValueError:
        pass
    match = _EUROPEAN_DATE.match(text)
    if match:
        day, month, year = (int(part) for part in match.groups())
        return date(year, month, day)  # a ValueError names an impossible day
    raise CellError(_date_message(text))


def _date_message(text):
    return _("Write the date as YYYY-MM-DD or DD/MM/YYYY, not “%(value)s”.") % {"value": text[:50]}


_TRUE = {"yes", "ja", "true", "waar", "1", "y", "j", "x"}
_FALSE = {"no", "nee", "false", "onwaar", "0", "n"}


def convert(column, text, lookups):
    """The cell's text as the value the model takes; a ValueError says why it cannot be."""
    kind = column.kind
    if kind == "text":
        return text
    if kind == "choice":
        found = _choice_names(column.choices).get(text.lower())
        if found is not None:
            return found
        raise CellError(
            _("“%(value)s” is not one of: %(values)s.")
            % {"value": text, "values": ", ".join(str(label) for label in column.choices.labels)}
        )
    if kind in {"int", "version"}:
        number = _number(text)
        if number != number.to_integral_value():
            raise CellError(_("“%(value)s” is not a whole number.") % {"value": text})
        return int(number)
    if kind == "decimal":
        return _number(text)
    if kind == "date":
        return _date(text)
    if kind == "bool":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise CellError(_("Write yes or no, not “%(value)s”.") % {"value": text})
    if kind == "ref":
        found = lookups.find(column.target, text)
        if found is None:
            raise CellError(
                _("No %(what)s “%(value)s”.") % {"what": _TARGET_NAMES[column.target], "value": text}
            )
        return found
    if kind == "refs":
        names = [name.strip() for name in text.split(LIST_SEPARATOR) if name.strip()]
        unknown = [name for name in names if lookups.find(column.target, name) is None]
        if unknown:
            raise CellError(
                _("Unknown %(what)s: %(values)s.")
                % {"what": _TARGET_NAMES[column.target], "values": ", ".join(unknown)}
            )
        return list(dict.fromkeys(lookups.find(column.target, name) for name in names))
    raise AssertionError(kind)


@functools.cache
def _choice_names(choices):
    """Code, English and Dutch label (in lower case) -> code, for a choices class."""
    names = {}
    for value, label in choices.choices:
        names[value.lower()] = value
        for language in ("en", "nl"):
            with translation.override(language):
                names.setdefault(str(label).lower(), value)
    return names


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
    if isinstance(value, str):  # the export leaves control characters out (XLSX cannot hold them)
        return CONTROL_CHARACTERS.sub("", value)
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


def read_cells(line, layout, cells, lookups, plan, sheet_name, *, blank_keeps=True):
    """{column: value, KEEP or CLEAR} for one row, every bad cell reported. On a related sheet
    (`blank_keeps` false) a row is a whole item: only an empty cell is empty, spaces are text."""
    values, failed = {}, set()
    for column in layout.columns:
        raw = cells.get(column.name) or ""
        if not raw.strip() and (blank_keeps or not raw or column.kind != "text"):
            values[column.name] = KEEP
            continue
        if raw.strip() == CLEAR:
            values[column.name] = CLEAR
            continue
        # Text is taken as it is, spaces and all: what goes in comes out byte for byte.
        text = from_cell(raw if column.kind == "text" and column.name not in KEYS else raw.strip())
        if column.name in WEB_ADDRESS_COLUMNS and _BARE_DOMAIN.match(text):
            # As the admin's forms do: a web address without its scheme is taken as https.
            plan.warnings.append(
                Notice(
                    line, column.name, _("“https://” was added to this web address."), text[:80], sheet_name
                )
            )
            text = "https://" + text
        try:
            values[column.name] = convert(column, text, lookups)
        except (ValueError, ArithmeticError) as error:  # decimal.InvalidOperation is an ArithmeticError
            message = str(error) if isinstance(error, CellError) else None
            plan.refuse(
                line,
                column.name,
                message or _expected(column, text),
                text[:80],
                sheet_name,
            )
            failed.add(column.name)
    return values, failed


def _expected(column, text):
    """Why a cell could not be read, saying what the column takes."""
    arguments = {"value": text[:50]}
    if column.kind in {"int", "version"}:
        return _("“%(value)s” is not a whole number, e.g. 3.") % arguments
    if column.kind == "decimal":
        return _("“%(value)s” is not a number, e.g. 51.2306 or 850,00.") % arguments
    if column.kind == "date":
        return _date_message(text)
    return _("“%(value)s” is not a valid value.") % arguments


def cleared(column):
    return [] if column.kind == "refs" else None if column.kind not in {"text", "choice"} else ""


def model_problems(instance, line, sheet, exclude, plan):
    """The model's own rules (choices, lengths, TRL range, coordinates, e-mail and web addresses)."""
    # django-modeltranslation keeps the original field (name) beside name_en, name_nl: the file's
    # columns are the language fields, so the original is not checked twice.
    exclude = [*exclude, *translated_originals(type(instance))]
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            value = "" if name == "__all__" else shown(getattr(instance, name, ""))
            for message in messages:
                plan.refuse(line, "" if name == "__all__" else name, message, value[:80], sheet)


@functools.cache
def translated_originals(model):
    from modeltranslation.translator import NotRegistered, translator

    try:
        return tuple(translator.get_options_for_model(model).all_fields)
    except NotRegistered:
        return ()
