"""Spreadsheet import of infrastructures: all or nothing.

`read_table` turns a CSV or XLSX file into rows; `validate` checks every row (values, the model's
rules, the user's regions) and collects every problem with its line and column; `run_import`
writes only a fully valid file, in one transaction, through the services. The import job
(`tasks.py`, started from the upload page) and the `import_infrastructures` command call the same
functions.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from infrastructures import services
from infrastructures.exports import COLUMN_NAMES, COLUMNS, LIST_SEPARATOR
from infrastructures.models import Infrastructure, Organisation, Theme
from regions import roles
from regions.models import Region
from rii_catalogue.writes import last_change

MAX_ROWS = 20_000
INTEGER_COLUMNS = {"trl_min", "trl_max", "version"}
DECIMAL_COLUMNS = {"latitude", "longitude"}
DATE_COLUMNS = {"last_reviewed_on"}
REQUIRED = {column.name for column in COLUMNS if column.required}
MANY = {column.name for column in COLUMNS if column.many}


class ImportFileError(Exception):
    """The file as a whole cannot be read (format, encoding, header)."""


@dataclass
class RowError:
    line: int
    column: str
    message: str


@dataclass
class Preview:
    rows: list = field(default_factory=list)  # (line, slug, data, existing entry or None)
    errors: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def created(self):
        return sum(1 for row in self.rows if row[3] is None)

    @property
    def updated(self):
        return len(self.rows) - self.created


def read_table(content, filename):
    """(header, rows) from CSV or XLSX bytes; rows are lists of strings, line numbers from 2."""
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            raise ImportFileError(_("This is not a readable XLSX workbook.")) from error
        table = [
            ["" if value is None else _text(value) for value in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    elif filename.lower().endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("The CSV file is not UTF-8 text. Save it as 'CSV UTF-8'.")) from error
        try:
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        reader = csv.reader(io.StringIO(text, newline=""), dialect)
        try:
            table = list(reader)
        except csv.Error as error:
            raise ImportFileError(
                _("Line %(line)d cannot be read as CSV: %(reason)s.")
                % {"line": reader.line_num, "reason": error}
            ) from error
    else:
        raise ImportFileError(_("Upload a .csv or .xlsx file."))
    table = [row for row in table if any(cell.strip() for cell in row)]
    if not table:
        raise ImportFileError(_("The file is empty."))
    header = [cell.strip() for cell in table[0]]
    while header and not header[-1]:  # spreadsheets often carry empty trailing columns
        header.pop()
    unknown = [name for name in header if name not in COLUMN_NAMES]
    missing = sorted(REQUIRED - set(header))
    if unknown or missing:
        problems = []
        if unknown:
            problems.append(_("unknown columns: %(names)s") % {"names": ", ".join(unknown)})
        if missing:
            problems.append(_("missing columns: %(names)s") % {"names": ", ".join(missing)})
        raise ImportFileError(
            _("The header row does not match the template (%(problems)s).")
            % {"problems": "; ".join(problems)}
        )
    if len(table) - 1 > MAX_ROWS:
        raise ImportFileError(_("At most %(max)d rows per file.") % {"max": MAX_ROWS})
    return header, [(line, row) for line, row in enumerate(table[1:], start=2)]


def _text(value):
    if isinstance(value, date):
        return value.date().isoformat() if hasattr(value, "date") else value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class _Lookups:
    """Slug -> object for everything a row may name, read once for the whole file."""

    def __init__(self, user, slugs):
        self.organisations = {o.slug: o for o in Organisation.objects.all()}
        self.regions = {r.slug: r for r in Region.objects.all()}
        self.themes = {t.slug: t for t in Theme.objects.all()}
        self.managed_region_ids = set(Region.objects.managed_by(user).values_list("pk", flat=True))
        self.existing = {e.slug: e for e in Infrastructure.objects.filter(slug__in=slugs)}
        self.editable_ids = set(
            Infrastructure.objects.editable_by(user).filter(slug__in=slugs).values_list("pk", flat=True)
        )


def _convert(name, raw, lookups, errors, line):
    value = raw.strip()
    if "\x00" in value:
        errors.append(RowError(line, name, _("Contains a NUL character.")))
        return None
    try:
        if name in MANY:
            slugs = [slug.strip() for slug in value.split(LIST_SEPARATOR) if slug.strip()]
            table = lookups.organisations if name == "operators" else lookups.themes
            unknown = [slug for slug in slugs if slug not in table]
            if unknown:
                raise ValueError(_("Unknown: %(slugs)s.") % {"slugs": ", ".join(unknown)})
            return [table[slug] for slug in slugs]
        if name == "owner":
            if value not in lookups.organisations:
                raise ValueError(_("No organisation with slug “%(slug)s”.") % {"slug": value})
            return lookups.organisations[value]
        if name == "region":
            if value not in lookups.regions:
                raise ValueError(_("No region with slug “%(slug)s”.") % {"slug": value})
            return lookups.regions[value]
        if not value:
            return None if name in INTEGER_COLUMNS | DECIMAL_COLUMNS | DATE_COLUMNS else ""
        if name in INTEGER_COLUMNS:
            return int(value)
        if name in DECIMAL_COLUMNS:
            return Decimal(value.replace(",", "."))
        if name in DATE_COLUMNS:
            return date.fromisoformat(value)
        return value
    except (ValueError, InvalidOperation) as error:
        message = str(error) if isinstance(error, ValueError) and str(error).endswith(".") else None
        errors.append(
            RowError(line, name, message or _("“%(value)s” is not a valid value.") % {"value": value[:50]})
        )
        return None


PROGRESS_EVERY = 500


def validate(user, header, rows, progress=None):
    """Check every row; nothing is written. Returns a Preview with all rows and all errors.

    `progress(rows_done)` is called every PROGRESS_EVERY rows (the import job shows it)."""
    slug_index = header.index("slug")
    slugs = [
        row[slug_index].strip()
        for _line, row in rows
        if slug_index < len(row) and "\x00" not in row[slug_index]
    ]
    lookups = _Lookups(user, slugs)
    preview, seen = Preview(), {}
    for done, (line, row) in enumerate(rows, start=1):
        if progress is not None and done % PROGRESS_EVERY == 0:
            progress(done)
        cells = dict(zip(header, row + [""] * (len(header) - len(row)), strict=False))
        errors = []
        data = {name: _convert(name, cells[name], lookups, errors, line) for name in header}
        slug = data["slug"]
        if slug in seen:
            errors.append(RowError(line, "slug", _("Also on line %(line)d.") % {"line": seen[slug]}))
        seen.setdefault(slug, line)
        existing = lookups.existing.get(slug)
        if existing is not None and existing.pk not in lookups.editable_ids:
            errors.append(RowError(line, "slug", _("This entry belongs to a region you do not manage.")))
        region = data.get("region")
        if region is not None and region.pk not in lookups.managed_region_ids:
            errors.append(
                RowError(line, "region", _("You do not manage the region %(region)s.") % {"region": region})
            )
        seen_version = data.pop("version", None)
        if existing is not None and seen_version is not None:
            if seen_version != existing.version:
                errors.append(RowError(line, "version", _changed_since_export(existing)))
            data["expected_version"] = seen_version
        owner = data.get("owner")
        owner_changed = existing is None or (owner is not None and owner.pk != existing.owner_id)
        if owner is not None and owner_changed and not roles.may_edit_region(user, owner.region_id):
            errors.append(
                RowError(
                    line, "owner", _("%(owner)s belongs to a region you do not manage.") % {"owner": owner}
                )
            )
        if not errors:
            errors += _model_errors(line, data, existing)
        preview.errors += errors
        preview.rows.append((line, slug, data, existing))
    return preview


def _changed_since_export(entry):
    who, when = last_change(entry)
    return _(
        "This entry was changed by %(who)s on %(when)s, after this file was exported: export it again "
        "and make your changes there, or empty the version cell to overwrite that change."
    ) % {"who": who or _("someone else"), "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M")}


def _model_errors(line, data, existing):
    """The model's own rules (required values, choices, TRL range, coordinates, unique slug)."""
    fields = {name: value for name, value in data.items() if name not in MANY and name != "expected_version"}
    if fields.get("status") in ("", None):
        fields["status"] = Infrastructure.OperationalStatus.OPERATIONAL
    candidate = Infrastructure(pk=existing.pk if existing else None, **fields)
    if existing:
        candidate.publication_state = existing.publication_state
        candidate._state.adding = False  # so the unique checks compare with other rows only
    try:
        candidate.full_clean(exclude=["search_document", "search_vector"], validate_constraints=False)
    except ValidationError as error:
        return [
            RowError(line, "row" if name == "__all__" else name, message)
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return []


def run_import(user, preview, origin):
    """Write a valid preview, all rows in one transaction; a refusal anywhere saves nothing."""
    if not preview.is_valid:
        raise ValueError("Only a file without errors is imported.")
    with transaction.atomic():  # the services index each entry once, after this commits
        for _line, _slug, data, existing in preview.rows:
            data = {name: value for name, value in data.items() if name != "status" or value}
            expected_version = data.pop("expected_version", None)
            if existing is None:
                services.infrastructure_create(user=user, data=data, origin=origin)
            else:
                services.infrastructure_update(
                    user=user,
                    infrastructure=existing,
                    data=data,
                    origin=origin,
                    expected_version=expected_version,
                )
    return preview.created, preview.updated
