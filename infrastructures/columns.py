"""The workbook the catalogue exports and imports: one sheet per table, its columns and what each
means. The export writes it, the import reads it, the templates document it: one layout, so a file
round-trips. Related sheets are keyed by the infrastructure's slug.
"""

from dataclasses import dataclass

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from access.models import AccessCondition, PriceIndication
from infrastructures import tables
from infrastructures.models import Equipment, Infrastructure, Organisation

LIST_SEPARATOR = ";"
NOTES_SHEET = "columns"  # a workbook's sheet of column documentation, which the import reads past
CLEAR = tables.CLEAR  # in a cell of the infrastructures, organisations or regions sheet: empty the field


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    kind: str = "text"  # text, choice, int, decimal, date, bool, ref, refs (LIST_SEPARATOR), version
    required: bool = False  # a new row needs a value (from the file or the import's default)
    choices: type | None = None
    target: str = ""  # ref / refs: what the value names (organisation, region, theme, programme, ...)


@dataclass(frozen=True)
class SheetLayout:
    name: str
    title: str
    columns: list

    @property
    def column_names(self):
        return [column.name for column in self.columns]

    def column(self, name):
        return next(column for column in self.columns if column.name == name)


def _coded(code, name):
    """A code as a file holds it, with its name in the reader's language: "pilot_line (Pilot line)"."""
    return f"{code} ({name})"


def _help(message, **parts):
    """A help text whose %(part)s placeholders are filled when it is shown, in the reader's language
    (each part is a function giving the text)."""
    return lazy(lambda: str(message) % {name: part() for name, part in parts.items()}, str)()


def _with_choices(message, choices, **parts):
    """A help text listing the choices' codes and names (a file may give either) as %(values)s."""
    return _help(
        message, values=lambda: ", ".join(_coded(value, label) for value, label in choices.choices), **parts
    )


def _choice(member):
    return lambda: _coded(member.value, member.label)


def _sheets(*names):
    """Sheets by name (as a workbook's tabs are named), with their titles."""
    return lambda: ", ".join(_coded(name, SHEETS_BY_NAME[name].title) for name in names)


ENTRY = Column("infrastructure", _("Slug of the infrastructure this row belongs to."), required=True)

INFRASTRUCTURES = SheetLayout("infrastructures", _("Infrastructures"), columns=[
    Column("slug", _("Stable key of the entry: lower-case letters, digits and hyphens. An existing slug "
                     "updates that entry; a new one creates a draft. Empty: made from the English name.")),
    Column("name_en", _("Name in English."), required=True),
    Column("name_nl", _("Name in Dutch.")),
    Column("acronym", _("Acronym.")),
    Column("summary_en", _("One-paragraph summary in English.")),
    Column("summary_nl", _("One-paragraph summary in Dutch.")),
    Column("description_en", _("Longer description in English.")),
    Column("description_nl", _("Longer description in Dutch.")),
    Column("kind", _with_choices(_("The kind of infrastructure, by code or name: %(values)s."),
                                  Infrastructure.Kind), kind="choice", required=True,
           choices=Infrastructure.Kind),
    Column("status", _with_choices(
        _("Operational status, by code or name: %(values)s (new entries: %(default)s)."),
        Infrastructure.OperationalStatus, default=_choice(Infrastructure.OperationalStatus.OPERATIONAL)),
           kind="choice", choices=Infrastructure.OperationalStatus),
    Column("owner", _("The owning organisation: its slug, name or acronym."), kind="ref", required=True,
           target="organisation"),
    Column("operators", _("Operating organisations (slugs, names or acronyms), separated by ';'."),
           kind="refs", target="organisation"),
    Column("region", _("The region (one you manage): its slug, NUTS code or name."), kind="ref",
           required=True, target="region"),
    Column("street_address", _("Street and number.")),
    Column("postal_code", _("Postal code.")),
    Column("city", _("City.")),
    Column("latitude", _("Decimal degrees, -90 to 90, e.g. 51.2306."), kind="decimal"),
    Column("longitude", _("Decimal degrees, -180 to 180, e.g. 5.3133."), kind="decimal"),
    Column("themes", _("Themes (slugs or names), separated by ';'."), kind="refs", target="theme"),
    Column("keywords", _("Comma-separated keywords.")),
    Column("trl_min", _("Lowest technology readiness level, 1 to 9."), kind="int"),
    Column("trl_max", _("Highest technology readiness level, 1 to 9."), kind="int"),
    Column("website", _("Web address.")),
    Column("contact_name", _("Contact person.")),
    Column("contact_email", _("Contact e-mail.")),
    Column("contact_phone", _("Contact phone.")),
    Column("last_reviewed_on", _("Date last verified, YYYY-MM-DD."), kind="date"),
    Column("version", _("The entry's version when exported: leave it as it is. If the entry changed "
                        "since, a row that would change it is refused rather than undoing that change. "
                        "Empty: no check."), kind="version"),
])  # fmt: skip

ORGANISATIONS = SheetLayout("organisations", _("Organisations"), columns=[
    Column("slug", _("Stable key of the organisation. A new slug creates it (in a region you manage).")),
    Column("name_en", _("Name in English."), required=True),
    Column("name_nl", _("Name in Dutch.")),
    Column("acronym", _("Acronym.")),
    Column("kind", _with_choices(_("The kind of organisation, by code or name: %(values)s."),
                                  Organisation.Kind), kind="choice", required=True,
           choices=Organisation.Kind),
    Column("region", _("The region: its slug, NUTS code or name."), kind="ref", required=True,
           target="region"),
    Column("city", _("City.")),
    Column("website", _("Web address.")),
    Column("version", _("The organisation's version when exported: leave it as it is."), kind="version"),
])  # fmt: skip

REGIONS = SheetLayout("regions", _("Regions"), columns=[
    Column("slug", _("Stable key of the region. A new slug adds a region: administrators only.")),
    Column("name_en", _("Name in English."), required=True),
    Column("name_nl", _("Name in Dutch.")),
    Column("country", _("ISO 3166-1 alpha-2 code in capitals, e.g. BE."), required=True),
    Column("nuts_code", _("NUTS code where one exists, e.g. BE2.")),
    Column("managing_authority_en", _("The body that manages the region's ERDF programme, in English.")),
    Column("managing_authority_nl", _("The body that manages the region's ERDF programme, in Dutch.")),
    Column("managing_authority_website", _("Its web address.")),
])  # fmt: skip

EQUIPMENT = SheetLayout("equipment", _("Equipment"), columns=[
    ENTRY,
    Column("name_en", _("Name of the item in English."), required=True),
    Column("name_nl", _("Name of the item in Dutch.")),
    Column("description_en", _("Description in English.")),
    Column("description_nl", _("Description in Dutch.")),
    Column("manufacturer", _("Manufacturer.")),
    Column("model_number", _("Model.")),
    Column("identifier", _("A persistent identifier of the item where one exists, e.g. a DOI such as "
                           "10.5281/zenodo.1234567 (without https://doi.org/), a Handle or a web address; "
                           "else its serial or inventory number. Give its type too.")),
    Column("identifier_type", _with_choices(
        _("The kind of identifier, by code or name: %(values)s. Required with an identifier, empty without."),
        Equipment.IdentifierType), kind="choice", choices=Equipment.IdentifierType),
    Column("landing_page", _("Web address of a page that describes this item.")),
])  # fmt: skip

ACCESS_CONDITIONS = SheetLayout("access_conditions", _("Access conditions"), columns=[
    ENTRY,
    Column("condition", _help(_("Number of this condition within its infrastructure (1, 2, ...): the "
                                "%(sheet)s sheet refers to it."), sheet=_sheets("prices")),
           kind="int", required=True),
    Column("access_mode", _with_choices(_("Access mode, by code or name: %(values)s."),
                                  AccessCondition.AccessMode), kind="choice",
           choices=AccessCondition.AccessMode),
    Column("forms_of_access", _("Forms of access (codes or names), separated by ';'."), kind="refs",
           target="access_form"),
    Column("business_models", _("Business models (codes or names), separated by ';'."), kind="refs",
           target="business_model"),
    Column("open_to_smes", _("yes, no, or empty when the source does not say."), kind="bool"),
    Column("request_required", _("yes or no: whether a company must send a request first (empty: yes)."),
           kind="bool"),
    Column("eligibility_en", _("Who is eligible, in English.")),
    Column("eligibility_nl", _("Who is eligible, in Dutch.")),
    Column("price_notes_en", _("Price indication in words, in English.")),
    Column("price_notes_nl", _("Price indication in words, in Dutch.")),
    Column("lead_time_days", _("Typical days from request to first use."), kind="int"),
    Column("training_terms_en", _("Training, in English.")),
    Column("training_terms_nl", _("Training, in Dutch.")),
    Column("ip_terms_en", _("Intellectual property terms, in English.")),
    Column("ip_terms_nl", _("Intellectual property terms, in Dutch.")),
    Column("confidentiality_terms_en", _("Confidentiality terms, in English.")),
    Column("confidentiality_terms_nl", _("Confidentiality terms, in Dutch.")),
])  # fmt: skip

PRICES = SheetLayout("prices", _("Prices"), columns=[
    ENTRY,
    Column("condition", _help(_("Number of the access condition (on the %(sheet)s sheet)."),
                              sheet=_sheets("access_conditions")), kind="int", required=True),
    Column("tier", _with_choices(_("Who pays it, by code or name: %(values)s."),
                                  PriceIndication.Tier), kind="choice", required=True,
           choices=PriceIndication.Tier),
    Column("unit", _with_choices(_("Per what, by code or name: %(values)s."), PriceIndication.Unit),
           kind="choice", required=True, choices=PriceIndication.Unit),
    Column("amount_from", _("'From' amount in euro, e.g. 850.00; empty when on quote."), kind="decimal"),
    Column("on_quote", _("yes when the price is given on quote (then no amount)."), kind="bool"),
])  # fmt: skip

FUNDING = SheetLayout("funding", _("Funding"), columns=[
    ENTRY,
    Column("programme", _("Slug of the funding programme."), kind="ref", required=True, target="programme"),
    Column("priority_axis", _("Code of the programme's priority axis, e.g. 1.")),
    Column("project", _("Project or operation.")),
    Column("amount", _("Total amount in euro, e.g. 8400000.00; empty when unknown."), kind="decimal"),
    Column("eu_amount", _("EU share in euro."), kind="decimal"),
    Column("start_year", _("First year."), kind="int"),
    Column("end_year", _("Last year."), kind="int"),
    Column("note_en", _("Note in English.")),
    Column("note_nl", _("Note in Dutch.")),
])  # fmt: skip

# In the order the import reads them: regions and organisations first (entries name them), then
# the entries, then what belongs to the entries.
SHEETS = [REGIONS, ORGANISATIONS, INFRASTRUCTURES, EQUIPMENT, ACCESS_CONDITIONS, PRICES, FUNDING]
RELATED_SHEETS = [EQUIPMENT, ACCESS_CONDITIONS, PRICES, FUNDING]
SHEETS_BY_NAME = {sheet.name: sheet for sheet in SHEETS}

CLEAR_HELP = _help(
    _(
        "An empty cell keeps what is stored. To empty a field, write [clear] in its cell. The rows of the "
        "%(sheets)s sheets replace the lists of the entries they name; an entry they do not name keeps "
        "its lists."
    ),
    sheets=_sheets(*(sheet.name for sheet in RELATED_SHEETS)),
)


def layout_of(header, filename=""):
    """The table a CSV file holds. A related table has an `infrastructure` column: the one whose
    columns it fits best. The organisations' and regions' columns are a subset of the entries', so
    their file says so in its name (as the export names it: infrastructures-organisations.csv).
    Otherwise: the entries."""
    names = set(header)
    if "infrastructure" in names:
        return max(
            RELATED_SHEETS, key=lambda sheet: (len(names & set(sheet.column_names)), -len(sheet.columns))
        )
    if "organisations" in filename.lower() and names <= set(ORGANISATIONS.column_names):
        return ORGANISATIONS
    if "regions" in filename.lower() and names <= set(REGIONS.column_names):
        return REGIONS
    return INFRASTRUCTURES
