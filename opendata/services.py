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
from contextlib import contextmanager
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
        records = selectors.published_entries().count()
        built = {}  # the CSV files, written first: the ZIP packs them
        for download in sorted(DOWNLOADS, key=lambda download: download.format != "csv"):
            size, sha256 = _write_atomically(root, download, modified, built)
            if download.format == "csv":
                built[download.name] = root / download.name
            PublishedFile.objects.update_or_create(
                name=download.name,
                defaults={
                    "size": size,
                    "sha256": sha256,
                    "records": records,
                    "data_modified": modified or timezone.now(),
                    "fingerprint": fingerprint,
                },
            )
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


def _write_atomically(root, download, modified, built):
    """Write to a temporary name beside the file, then rename it over the file: a reader gets the old
    file or the new one, never a half-written one. Returns (size, sha256)."""
    handle, temporary = tempfile.mkstemp(dir=root, prefix=f".{download.name}.", suffix=".tmp")
    temporary = Path(temporary)
    try:
        with os.fdopen(handle, "wb") as file:
            writers.write(download, file, modified, built)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, 0o644)  # mkstemp makes it private; a web server may serve the folder
        size, sha256 = _measure(temporary)
        os.replace(temporary, root / download.name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return size, sha256


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
