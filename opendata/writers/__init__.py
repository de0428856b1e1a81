"""The writers of the open-data files, one per format of the registry (`opendata.downloads`).

Each reads the published catalogue a chunk of rows at a time and hands its bytes on a block at a
time, so memory stays flat however large the catalogue: the build job writes the blocks to a file,
the file view streams them while a file is stale. The build writes the tables (every CSV file and the
workbook) together, from one pass over the entries (`write_tables`); the workbook is only built so.
Files are written in English, whichever language the request that asked for them spoke.
"""

from django.utils import translation

from opendata.writers import records, tabular
from opendata.writers.common import site_request

FILE_LANGUAGE = "en"


def chunks(download, modified, built=None):
    """The bytes of a streaming download (`download.streams`), a block at a time. `modified`: the
    published catalogue's last change, which the file states; `built`: the CSV files a build wrote
    already, by name, which the ZIP then packs instead of reading the tables again."""
    writer = {
        "csv": lambda: tabular.csv_chunks(download.table),
        "zip": lambda: tabular.zip_chunks(modified, built),
        "json": lambda: records.json_chunks(modified, site_request()),
        "jsonld": lambda: records.jsonld_chunks(modified, site_request()),
    }[download.format]
    return _in_file_language(writer())


def write(download, file, modified, built=None):
    """Write a whole streaming download to `file` (binary)."""
    for block in chunks(download, modified, built):
        file.write(block)


def write_tables(files, modified):
    """Write every CSV file and the workbook, from one pass over the entries: `files` maps their
    download names to binary files (seekable: a workbook is a ZIP archive whose parts openpyxl
    assembles from the temporary files of its write-only sheets)."""
    with translation.override(FILE_LANGUAGE):
        tabular.write_tables(files, modified)


def _in_file_language(blocks):
    """Each block made in the file's language, and the caller's language back between blocks (a
    streamed response hands control back to the server after each one)."""
    iterator = iter(blocks)
    while True:
        with translation.override(FILE_LANGUAGE):
            block = next(iterator, None)
        if block is None:
            return
        yield block
