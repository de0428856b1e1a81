"""Column mapping: a file from another system (a published equipment list, an EOSC or MERIL export,
uniquip) read into the catalogue's infrastructure columns.

`propose` suggests, for each column of the file, the catalogue column it holds: by the template's
own names, by the English and Dutch labels of the fields, and by the headers of known layouts. The
curator confirms or changes it on the job page and may save it by name; a saved mapping whose
columns are those of a new file is used for it at once.
"""

import re

from django.utils import translation

from infrastructures.columns import ENTRY, EQUIPMENT, INFRASTRUCTURES
from infrastructures.models import Infrastructure, Organisation
from infrastructures.tables import Sheet
from regions.models import Region

TARGETS = [column.name for column in INFRASTRUCTURES.columns if column.kind != "version"]
# A published equipment list: each row an item of one infrastructure the curator picks.
EQUIPMENT_PREFIX = "equipment:"
EQUIPMENT_TARGETS = [EQUIPMENT_PREFIX + column.name for column in EQUIPMENT.columns if column is not ENTRY]

# Headers of published layouts, by the catalogue column they hold.
# Uniquip (equipment.data.ac.uk; its importer drops anything in brackets, e.g. "Technique(:N8)").
UNIQUIP = {
    "type": "",  # facility or equipment, not a kind of infrastructure
    "name": "name_en", "description": "description_en", "technique": "keywords",
    "contact name": "contact_name", "contact telephone": "contact_phone", "contact email": "contact_email",
    "web address": "website", "institution name": "owner",
}  # fmt: skip
# The EOSC resource profile (the Providers API's service record, its nested fields by dotted path).
EOSC = {
    "name": "name_en", "abbreviation": "acronym", "tagline": "summary_en", "description": "description_en",
    "webpage": "website", "resourceorganisation": "owner", "tags": "keywords",
    "maincontact.email": "contact_email", "maincontact.phone": "contact_phone",
    "location.city": "city", "location.postalcode": "postal_code",
    "location.streetnameandnumber": "street_address",
}  # fmt: skip
# What MERIL's data-entry guidance names (its export headers could not be confirmed).
MERIL = {
    "full name": "name_en", "ri name": "name_en", "acronym": "acronym", "abbreviation": "acronym",
    "website": "website", "official ri website": "website", "keywords": "keywords", "ri keywords": "keywords",
    "ri type": "kind", "type of ri": "kind", "hosting organisation": "owner", "hosting organization": "owner",
    "coordinating organisation": "owner",
}  # fmt: skip
# Everyday synonyms in English and Dutch.
COMMON = {
    "title": "name_en", "naam": "name_en", "name": "name_en", "summary": "summary_en",
    "samenvatting": "summary_en", "omschrijving": "description_en", "beschrijving": "description_en",
    "url": "website", "website url": "website", "email": "contact_email", "e-mail": "contact_email",
    "phone": "contact_phone", "telephone": "contact_phone", "telefoon": "contact_phone",
    "contact": "contact_name", "contactpersoon": "contact_name", "organisation": "owner",
    "organization": "owner", "institution": "owner", "eigenaar": "owner", "organisatie": "owner",
    "stad": "city", "gemeente": "city", "town": "city", "address": "street_address",
    "adres": "street_address", "postcode": "postal_code", "zip": "postal_code", "lat": "latitude",
    "lon": "longitude", "lng": "longitude", "long": "longitude", "breedtegraad": "latitude",
    "lengtegraad": "longitude", "tags": "keywords", "trefwoorden": "keywords", "type": "kind",
    "soort": "kind", "thema": "themes", "themas": "themes", "theme": "themes", "regio": "region",
    "nuts": "region", "nuts code": "region", "trl": "trl_min", "id": "slug",
}  # fmt: skip
KNOWN_LAYOUTS = {"uniquip": UNIQUIP, "eosc": EOSC, "meril": MERIL}
# The columns of equipment lists (uniquip's, the Jisc equipment schema's, everyday names).
EQUIPMENT_NAMES = {
    "name": "name_en", "naam": "name_en", "equipment": "name_en", "instrument": "name_en",
    "toestel": "name_en", "apparatuur": "name_en", "description": "description_en",
    "omschrijving": "description_en", "beschrijving": "description_en", "manufacturer": "manufacturer",
    "make": "manufacturer", "fabrikant": "manufacturer", "merk": "manufacturer", "model": "model_number",
    "model number": "model_number", "modelnummer": "model_number", "type": "", "name en": "name_en",
    "name nl": "name_nl", "description en": "description_en", "description nl": "description_nl",
    "model_number": "model_number",
}  # fmt: skip


def normalise(header):
    header = re.sub(r"\(.*?\)", "", header)  # uniquip: "Technique(:N8)"
    return re.sub(r"[\s_]+", " ", header).strip().lower()


def _labels():
    """Field labels of the infrastructure columns in English and Dutch ("contact e-mail", "stad")."""
    labels = {}
    for name in TARGETS:
        if name.endswith("_nl"):
            continue
        field = Infrastructure._meta.get_field(name.removesuffix("_en"))
        for language in ("en", "nl"):
            with translation.override(language):
                labels.setdefault(normalise(str(field.verbose_name)), name)
    return labels


def recognised_layout(header):
    """The known layout whose headers the file uses most, if it uses at least two of them."""
    names = {normalise(column) for column in header}
    best = max(KNOWN_LAYOUTS, key=lambda layout: len(names & KNOWN_LAYOUTS[layout].keys()))
    return best if len(names & KNOWN_LAYOUTS[best].keys()) >= 2 else ""


def rows_look_like_equipment(header, rows):
    """Whether a file lists equipment items rather than infrastructures: uniquip's Type column says
    "equipment" on most rows, or the file names a manufacturer or model and no owner or region."""
    names = [normalise(column) for column in header]
    if "type" in names:
        index = names.index("type")
        types = [cells[index].strip().lower() for _line, cells in rows if cells[index].strip()]
        if types and sum(kind == "equipment" for kind in types) > len(types) / 2:
            return True
    has_equipment_columns = {"manufacturer", "make", "fabrikant", "merk", "model", "modelnummer"} & set(names)
    return bool(has_equipment_columns) and not {"owner", "region"} & set(propose(header)[0].values())


def propose_equipment(header):
    """{file column: "equipment:<column>" or ""} for a list of equipment items."""
    proposal, taken = {}, set()
    for column in header:
        target = EQUIPMENT_NAMES.get(normalise(column), "")
        target = EQUIPMENT_PREFIX + target if target and target not in taken else ""
        proposal[column] = target
        taken.add(target.removeprefix(EQUIPMENT_PREFIX))
    return proposal


def propose(header):
    """{file column: catalogue column or ""} and the name of the layout recognised ("" if none)."""
    layout = recognised_layout(header)
    tables = [
        {normalise(name): name for name in TARGETS},
        KNOWN_LAYOUTS.get(layout, {}),
        _labels(),
        COMMON,
    ]
    proposal, taken = {}, set()
    for column in header:
        key = normalise(column)
        target = next((table[key] for table in tables if key in table), "")
        if target in taken:
            target = ""  # two file columns never feed one catalogue column
        proposal[column] = target
        taken.add(target)
    return proposal, layout


def is_template(header):
    """A file in the catalogue's own columns needs no mapping."""
    return bool(header) and set(header) <= set(INFRASTRUCTURES.column_names)


def apply(sheet, mapping, equipment_of=""):
    """The sheet in the catalogue's columns: each mapped file column under its target, others left
    out. With `equipment_of` (an entry's slug) the rows are that entry's equipment items."""
    pairs = [(index, mapping[column]) for index, column in enumerate(sheet.header) if mapping.get(column)]
    header = [target.removeprefix(EQUIPMENT_PREFIX) for _index, target in pairs]
    rows = [(line, [cells[index] for index, _target in pairs]) for line, cells in sheet.rows]
    if equipment_of:
        return Sheet(
            EQUIPMENT.name, [ENTRY.name, *header], [(line, [equipment_of, *cells]) for line, cells in rows]
        )
    return Sheet(sheet.name, header, rows)


# The matching step of an import job: propose, use a saved mapping, apply.


def proposal_for(sheet):
    """What the curator starts from when matching the columns: rows of infrastructures or of
    equipment, the catalogue column each file column seems to hold, and a few values of each."""
    if rows_look_like_equipment(sheet.header, sheet.rows):
        rows_are, proposal, layout = (
            "equipment",
            propose_equipment(sheet.header),
            recognised_layout(sheet.header),
        )
    else:
        rows_are, (proposal, layout) = "infrastructures", propose(sheet.header)
    samples = {
        column: [cells[index] for _line, cells in sheet.rows if cells[index].strip()][:3]
        for index, column in enumerate(sheet.header)
    }
    return {"proposal": proposal, "layout": layout, "rows_are": rows_are, "samples": samples}


def saved_mapping(user, header):
    """The curator's saved mapping for exactly these columns, if any."""
    return next((mapping for mapping in user.import_mappings.all() if mapping.columns == header), None)


def mapped_sheets(sheets, mapping, defaults):
    """The sheets with the first one in the catalogue's columns; a list of equipment items becomes
    the equipment sheet of the entry the curator chose."""
    equipment_of = defaults.get("equipment_of", "") if defaults.get("rows_are") == "equipment" else ""
    mapped = apply(sheets[INFRASTRUCTURES.name], mapping, equipment_of=equipment_of)
    if equipment_of:
        others = {name: sheet for name, sheet in sheets.items() if name != INFRASTRUCTURES.name}
        return {**others, EQUIPMENT.name: mapped}
    return {**sheets, INFRASTRUCTURES.name: mapped}


def defaults_for_import(chosen):
    """The curator's defaults (slugs, as the form and a saved mapping keep them) as the import takes
    them: objects; a default whose row is gone is left out."""
    defaults = {
        key: chosen[key] for key in ("kind", "create_organisations", "organisation_kind") if chosen.get(key)
    }
    if chosen.get("owner"):
        defaults["owner"] = Organisation.objects.filter(slug=chosen["owner"]).first()
    if chosen.get("region"):
        defaults["region"] = Region.objects.filter(slug=chosen["region"]).first()
    return {key: value for key, value in defaults.items() if value is not None}
