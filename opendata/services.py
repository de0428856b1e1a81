"""Building the open-data files, and queueing that work.

`published_files_build` writes every download of the registry into settings.OPEN_DATA_ROOT and
records each as a PublishedFile, stamped with the state of the published catalogue it was read
from. A file whose stamp differs from the current state is stale: the file view then serves the
current data from the database instead (opendata.views.downloads), until the next build.
"""

import fcntl
import hashlib
import os
import tempfile
from contextlib import ExitStack, contextmanager
from functools import partial
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from opendata import selectors, writers
from opendata.downloads import DOWNLOADS
from opendata.models import PublishedFile

# A stale file asked for again and again queues one build for a state of the catalogue, not one per
# request; after this long (a build that failed, a lost job) the next request queues another.
QUEUED_FOR_SECONDS = 10 * 60
TABLES = ("csv", "xlsx")  # the formats written together, from one pass over the entries


def published_files_build(*, force=False):
    """Build every download unless each is built already from the current state (or `force`).
    Returns the names built. One build at a time: a second one waits, then finds the work done or
    builds the newer state."""
    root = Path(settings.OPEN_DATA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with _one_build_at_a_time(root):
        # Read before building: a change committed meanwhile leaves the files stale, to be built again
        # by the job that change queued.
        modified, fingerprint = selectors.catalogue_state()
        if not force and _all_built(root, fingerprint):
            return []
        stamp = {
            "records": selectors.published_entries().count(),
            "data_modified": modified or timezone.now(),
            "fingerprint": fingerprint,
        }
        # The tables (every CSV file and the workbook) from one pass over the entries; then the ZIP,
        # which packs the CSV files just written, and the records (JSON, JSON-LD), a file each.
        tables = [download for download in DOWNLOADS if download.format in TABLES]
        _record(_write_atomically(root, tables, partial(writers.write_tables, modified=modified)), stamp)
        built = {download.name: root / download.name for download in tables if download.format == "csv"}
        for download in DOWNLOADS:
            if download not in tables:
                write = partial(_write_one, download, modified=modified, built=built)
                _record(_write_atomically(root, [download], write), stamp)
        names = [download.name for download in DOWNLOADS]
        PublishedFile.objects.exclude(name__in=names).delete()  # a download the registry no longer has
        return names


def is_built(published_file, fingerprint):
    """Whether this row's file holds the catalogue in the state `fingerprint`, and is there."""
    return (
        published_file is not None
        and published_file.fingerprint == fingerprint
        and (Path(settings.OPEN_DATA_ROOT) / published_file.name).is_file()
    )


def _all_built(root, fingerprint):
    built = PublishedFile.objects.in_bulk([download.name for download in DOWNLOADS], field_name="name")
    return all(is_built(built.get(download.name), fingerprint) for download in DOWNLOADS)


@contextmanager
def _one_build_at_a_time(root):
    """An exclusive lock on a file beside the downloads, held for the build (two workers building at
    once could otherwise each rename its file over the other's and record the other's checksum)."""
    with open(root / ".build.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _record(written, stamp):
    for name, (size, sha256) in written.items():
        PublishedFile.objects.update_or_create(name=name, defaults={"size": size, "sha256": sha256, **stamp})


def _write_one(download, files, *, modified, built):
    writers.write(download, files[download.name], modified, built)


def _write_atomically(root, downloads, write):
    """Write `downloads` to temporary names beside their files (`write` gets {name: binary file}),
    then rename each over its file: a reader gets the old file or the new one, never a half-written
    one. Returns {name: (size, sha256)}."""
    temporaries = {}
    try:
        with ExitStack() as files_open:
            files = {}
            for download in downloads:
                handle, temporary = tempfile.mkstemp(dir=root, prefix=f".{download.name}.", suffix=".tmp")
                temporaries[download.name] = Path(temporary)
                files[download.name] = files_open.enter_context(os.fdopen(handle, "wb"))
            write(files)
            for file in files.values():
                file.flush()
                os.fsync(file.fileno())
        measured = {}
        for name, temporary in temporaries.items():
            os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server may serve the folder
            measured[name] = _measure(temporary)
        for name, temporary in temporaries.items():
            os.replace(temporary, root / name)
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    return measured


def _measure(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1024 * 1024), b""):
            digest.update(block)
    return path.stat().st_size, digest.hexdigest()


# Queueing (after a commit: opendata.changes)


def build_for_stale_request(fingerprint):
    """Queue a build for a request that found a stale file: once per state of the catalogue."""
    if cache.add(f"opendata:build-queued:{fingerprint}", True, QUEUED_FOR_SECONDS):
        from opendata import tasks

        tasks.build_files.enqueue()
