"""Spreadsheet files as tables of text, and the rules for a single cell, shared by the import and
the export so that a file exported and imported again changes nothing.

`read_file` reads any real CSV (encoding detected, delimiter taken from the header line, quoting
per RFC 4180 over the whole file) or XLSX workbook (cached values; formulas reported). It never
guesses silently: the encoding it chose is reported and may be overridden, control characters
are removed with a warning naming the cell, a row longer than its header is an error.

`to_cell` / `from_cell` neutralise and restore formulas: a value that a spreadsheet program would
run as a formula (it starts with = + - @, a tab or a carriage return) is written with a leading
apostrophe, and the import removes exactly that apostrophe again.
"""

import codecs
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from charset_normalizer import from_bytes
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

MAX_ROWS = 20_000
WORKBOOK_SUFFIX = ".xlsx"
TEXT_SUFFIXES = (".csv", ".txt", ".tsv")  # read as CSV (the delimiter comes from the header line)
UPLOAD_SUFFIXES = (*TEXT_SUFFIXES, WORKBOOK_SUFFIX)
MAX_FIELD = 16 * 1024 * 1024  # characters; larger than any upload
CSV_DELIMITERS = (",", ";", "\t")

# The encodings a spreadsheet program writes: Excel's "CSV UTF-8", "CSV (semicolon)" on a Belgian or
# Dutch Windows (Windows-1252), "Unicode text" (UTF-16), and older Macs (Mac Roman).
ENCODINGS = {
    "utf-8": "UTF-8",
    "utf-16": "UTF-16",
    "cp1252": "Windows-1252",
    "mac_roman": "Mac Roman",
    "latin_1": "ISO-8859-1",
    "cp850": "DOS Latin (CP850)",
}
_DETECTABLE = ["cp1252", "mac_roman", "utf_16", "latin_1"]

# C0 and C1 control characters other than tab, line feed and carriage return: invisible, refused by
# XLSX, and a way to hide a formula (\x01=HYPERLINK(...) would pass a naive check).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
CLEAR = "[clear]"  # a cell that empties its field on import (see imports)
# What a spreadsheet would run as a formula (= + - @, tab, CR), and the import's clear marker: such a
# stored value is written with one more leading apostrophe, which the import takes off again.
_NEEDS_QUOTE = re.compile(r"^'*(?:[=+\-@\t\r]|\s*\[clear\]\s*$)")
_QUOTED = re.compile(r"^'+(?:[=+\-@\t\r]|\s*\[clear\]\s*$)")
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
XLSX_MAX_TEXT = 32_767  # characters in a workbook cell (Excel's limit; openpyxl cuts longer text)


class FileRefused(Exception):
    """The file as a whole cannot be read (format, encoding, a broken quote)."""


@dataclass
class Notice:
    """A problem or warning about one cell, row or sheet: where, what was there, and why."""

    line: int | None
    column: str
    message: str
    value: str = ""
    sheet: str = ""


@dataclass
class Sheet:
    name: str
    header: list
    rows: list  # (line, [cells]) with the file's own line (CSV) or row (XLSX) numbers


@dataclass
class Table:
    sheets: list
    encoding: str = ""  # for CSV: the encoding used to read it
    encoding_detected: bool = False
    warnings: list = field(default_factory=list)
    errors: list = field(default_factory=list)


# One cell


def to_cell(value):
    """A stored value as the text of a cell: control characters removed first, then a value that a
    spreadsheet would run as a formula gets one more leading apostrophe (see from_cell)."""
    if value is None:
        return ""
    text = CONTROL_CHARACTERS.sub("", str(value))
    if _NEEDS_QUOTE.match(text) and not _NUMBER.match(text):
        text = "'" + text
    return text


class Echo:
    """A file for csv.writer that hands each line back instead of keeping it: a streaming response
    then sends the lines one at a time."""

    def write(self, value):
        return value


def to_xlsx_value(value):
    """Numbers stay numbers in a workbook; dates are ISO text (a date cell depends on the reader's
    calendar and epoch); text is neutralised."""
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return value
    return to_xlsx_text(to_cell(value))


def from_cell(text):
    """Undo to_cell's neutralisation: one apostrophe before a formula character (or before the clear
    marker) goes. to_cell never quotes a number, and a number has no apostrophe."""
    if _QUOTED.match(text):
        return text[1:]
    return text


_OOXML_ESCAPED = re.compile("_x([0-9A-Fa-f]{4})_")
_UNDERSCORE_BEFORE_ESCAPE = re.compile("_(?=x[0-9A-Fa-f]{4}_)")


def to_xlsx_text(text):
    """Text for a workbook cell. XML turns a carriage return into a line feed, so OOXML writes it as
    _x000D_ (as Excel does), and a literal "_xHHHH_" has its underscore escaped (_x005F_)."""
    return _UNDERSCORE_BEFORE_ESCAPE.sub("_x005F_", text).replace("\r", "_x000D_")


def from_xlsx_text(text):
    return _OOXML_ESCAPED.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _cell_text(value):
    """A workbook's cell value as text, the way it reads in the spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time(0) else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):  # as the spreadsheet shows it: 15 significant digits, no exponent
        return (
            str(int(value)) if value.is_integer() and abs(value) < 1e15 else format(Decimal(repr(value)), "f")
        )
    if isinstance(value, time):
        return value.isoformat()
    if isinstance(value, str):
        return from_xlsx_text(value)
    return str(value)


# Whole files


def read_file(content, filename, encoding=None):
    """A Table of every sheet of an uploaded CSV or XLSX file."""
    name = filename.lower()
    if name.endswith(WORKBOOK_SUFFIX):
        table = _read_xlsx(content)
    elif name.endswith(TEXT_SUFFIXES):
        table = _read_csv(content, encoding)
    else:
        raise FileRefused(_("Upload a .csv or .xlsx file."))
    for sheet in table.sheets:
        _clean_sheet(sheet, table)
    table.sheets = [sheet for sheet in table.sheets if sheet.header]
    if not table.sheets:
        raise FileRefused(_("The file is empty."))
    rows = sum(len(sheet.rows) for sheet in table.sheets)
    if rows > MAX_ROWS:
        raise FileRefused(_("At most %(max)d rows per file.") % {"max": MAX_ROWS})
    return table


def decode(content, encoding=None):
    """(text, encoding, detected): the encoding asked for, else a BOM, else strict UTF-8, else the
    likeliest of the encodings spreadsheet programs write."""
    if encoding:
        try:
            return content.decode(_python_codec(encoding, content)), encoding, False
        except (UnicodeDecodeError, LookupError) as error:
            raise FileRefused(_undecodable(content, encoding, error)) from error
    if content.startswith(codecs.BOM_UTF8):
        return content.decode("utf-8-sig"), "utf-8", True
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "utf-16", True
        except UnicodeDecodeError as error:
            raise FileRefused(_undecodable(content, "utf-16", error)) from error
    try:
        return content.decode("utf-8"), "utf-8", True
    except UnicodeDecodeError as utf8_error:
        best = from_bytes(content, cp_isolation=_DETECTABLE).best()
        if best is None:
            raise FileRefused(_undecodable(content, "utf-8", utf8_error)) from utf8_error
        detected = best.encoding.replace("utf_16", "utf-16")
        return str(best), detected, True


def _python_codec(encoding, content):
    if encoding == "utf-8" and content.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    return encoding


def _undecodable(content, encoding, error):
    line = content[: error.start].count(b"\n") + 1
    return _(
        "The file cannot be read as %(encoding)s: byte %(byte)s on line %(line)d (position %(position)d). "
        "Choose the encoding it was saved in, or save it as 'CSV UTF-8'."
    ) % {
        "encoding": ENCODINGS.get(encoding, encoding),
        "byte": f"0x{content[error.start]:02X}",
        "line": line,
        "position": error.start + 1,
    }


def _header_delimiter(text):
    """The delimiter of the header line (the first record, quotes respected): the candidate it holds
    most often. Guessing from a sample of the rows misreads files whose quirks come later."""
    counts, quoted = dict.fromkeys(CSV_DELIMITERS, 0), False
    for character in text:
        if character == '"':
            quoted = not quoted
        elif not quoted and character in "\r\n":
            break
        elif not quoted and character in counts:
            counts[character] += 1
    best = max(CSV_DELIMITERS, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ","


def _read_csv(content, encoding):
    text, encoding, detected = decode(content, encoding)
    text = text.removeprefix("\ufeff")
    csv.field_size_limit(MAX_FIELD)  # a long description is one field (the module's default is 128 KB)
    reader = csv.reader(
        io.StringIO(text, newline=""),
        delimiter=_header_delimiter(text),
        quotechar='"',
        doublequote=True,
        strict=True,
    )
    records, line = [], 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileRefused(
            _("Line %(line)d cannot be read as CSV: %(reason)s.") % {"line": line, "reason": error}
        ) from error
    name = "infrastructures"
    sheet = Sheet(name, records[0][1] if records else [], records[1:])
    return Table([sheet], encoding=encoding, encoding_detected=detected)


def _read_xlsx(content):
    try:
        values = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        formulas = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise FileRefused(_("This is not a readable XLSX workbook.")) from error
    table = Table([])
    try:
        for value_sheet, formula_sheet in zip(values.worksheets, formulas.worksheets, strict=True):
            table.sheets.append(_read_sheet(value_sheet, formula_sheet, table))
    except Exception as error:  # a cell openpyxl cannot read (a number that is not one, ...)
        raise FileRefused(
            _("This workbook has a cell that cannot be read: %(reason)s.") % {"reason": error}
        ) from error
    names = [sheet.name for sheet in table.sheets]
    doubled = sorted({name for name in names if names.count(name) > 1})
    if doubled:
        raise FileRefused(
            _("Two sheets have the same name once spaces and capitals are set aside: %(names)s.")
            % {"names": ", ".join(doubled)}
        )
    return table


def sheet_name(title):
    """A sheet's name as the catalogue reads it: "Access Conditions " is access_conditions."""
    return re.sub(r"[\s_]+", "_", title.strip().lower())


def _read_sheet(value_sheet, formula_sheet, table):
    """One sheet's cells as text (a formula's computed value, the formula reported)."""
    rows = []
    pairs = zip(
        value_sheet.iter_rows(values_only=True), formula_sheet.iter_rows(values_only=True), strict=False
    )
    for number, (cached, written) in enumerate(pairs, start=1):
        cells = []
        for index, (value, source) in enumerate(zip(cached, written, strict=False)):
            if isinstance(source, str) and source.startswith("="):
                where = f"{get_column_letter(index + 1)}{number}"
                if value is None:  # an empty result, or a file no program has calculated
                    message = _(
                        "This cell holds a formula without a computed value: it is read as an empty cell, "
                        "which keeps what is stored."
                    )
                else:
                    message = _("This cell holds a formula; its computed value “%(value)s” is imported.") % {
                        "value": _cell_text(value)
                    }
                table.warnings.append(Notice(number, where, message, source, value_sheet.title))
            cells.append(_cell_text(value))
        rows.append((number, cells))
    header = rows[0][1] if rows else []
    return Sheet(sheet_name(value_sheet.title), header, rows[1:])


def _clean_sheet(sheet, table):
    """Trim the header, drop empty rows, remove control characters (a warning names each cell),
    and refuse cells beyond the header (an error names the line)."""
    header = [CONTROL_CHARACTERS.sub("", cell).strip() for cell in sheet.header]
    while header and not header[-1]:  # spreadsheets often carry empty trailing columns
        header.pop()
    # An unnamed column in the middle is named by its letter, so that it can be matched or refused.
    header = [name or f"({get_column_letter(index + 1)})" for index, name in enumerate(header)]
    doubled = sorted({name for name in header if header.count(name) > 1})
    if doubled:
        message = _("These column names appear more than once; give each column its own name.")
        table.errors.append(Notice(1, ", ".join(doubled), message, sheet=sheet.name))
    sheet.header = header
    rows = []
    for line, cells in sheet.rows:
        if not any(cell.strip() for cell in cells):
            continue
        extra = [cell for cell in cells[len(header) :] if cell.strip()]
        if extra:
            table.errors.append(
                Notice(
                    line,
                    "",
                    _(
                        "This row has %(cells)d cells but the header has %(columns)d columns: "
                        "“%(extra)s” has no column."
                    )
                    % {"cells": len(header) + len(extra), "columns": len(header), "extra": extra[0][:50]},
                    sheet=sheet.name,
                )
            )
        cells = cells[: len(header)] + [""] * (len(header) - len(cells))
        for index, cell in enumerate(cells):
            if CONTROL_CHARACTERS.search(cell):
                table.warnings.append(
                    Notice(
                        line,
                        header[index],
                        _("Control characters removed from this cell."),
                        CONTROL_CHARACTERS.sub("\N{REPLACEMENT CHARACTER}", cell)[:80],
                        sheet.name,
                    )
                )
                cells[index] = CONTROL_CHARACTERS.sub("", cell)
        rows.append((line, cells))
    sheet.rows = rows
