"""The catalogue under test: a fresh database filled the way a region would fill it, the file
Datasette serves, and the timed jobs (index rebuild, import, open-data build). Every step runs as
its own `manage.py` process against the benchmarked database, so a step's time includes Django's
start (about a second)."""

import csv
import io
import json
import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

from benchmarks import fetch
from benchmarks.cases import CSV_FILE

ROOT = Path(__file__).resolve().parent.parent
CURATOR = "bench-curator"
GENERATED = "gen-"  # generate_catalogue's slugs
IMPORT_ROWS = 5000
EDITED = " (checked)"  # what the import job adds to each summary
SUMMARY_LENGTH = 500  # Infrastructure.summary's max_length


def django_env(database_url, work: Path):
    """The environment of every Django process of one run: its database, its own media and
    open-data directories, production settings with a throwaway key."""
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "rii_catalogue.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": f"benchmark-only-{secrets.token_hex(16)}",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "OPEN_DATA_ROOT": str(work / "media" / "open-data"),
    }


def manage(env, *arguments, timeout=None):
    """Run a management command; its seconds and what it printed. Past `timeout` seconds it is
    stopped and subprocess.TimeoutExpired raised."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "manage.py", *map(str, arguments)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(map(str, arguments))} failed:\n{result.stderr[-3000:]}")
    return time.perf_counter() - started, result.stdout


def probe(env, *arguments, module="benchmarks.probe"):
    """Ask the Django side (benchmarks/probe.py, or bin/load's `module`) and read its JSON answer."""
    result = subprocess.run(
        [sys.executable, "-m", module, *map(str, arguments)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"{module} {arguments[0]} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout)


def collect_static(env):
    """The manifest of static files that production settings serve through WhiteNoise."""
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def timed_job(env, report, name, *arguments, timeout):
    """A job whose time is a result (nothing after it needs it to finish): one that runs past
    `timeout` is stopped and reported as such, so that one slow job does not hold up the run."""
    try:
        report[name], printed = manage(env, *arguments, timeout=timeout)
    except subprocess.TimeoutExpired:
        report[name] = f"stopped after {timeout:,.0f}"
        printed = ""
    return printed


def fill(env, size, report, timeout):
    """A fresh database with the seed and `size` generated published entries (and 10% more
    unpublished), then its search index rebuilt on its own: each timed into `report`."""
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "load_seed", "--verbosity", "0")
    report["generate"], _ = manage(env, "generate_catalogue", "--count", size, "--seed", 1)
    timed_job(env, report, "rebuild index", "rebuild_search_index", timeout=timeout)
    manage(env, "createsuperuser", "--noinput", "--username", CURATOR, "--email", "bench@example.org")


def datasette_file(env, venv_bin: Path, target: Path, report):
    """The published entries in a SQLite file of their own, with an FTS5 index of their text
    (Porter stems, as close as FTS5 comes to our English stems) and indexes on the facets."""
    started = time.perf_counter()
    target.unlink(missing_ok=True)
    exported = probe(env, "export-datasette", target)
    utils = str(venv_bin / "sqlite-utils")
    text_columns = ["name_en", "name_nl", "summary_en", "summary_nl", "keywords", "themes"]
    run = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run(
        [utils, "enable-fts", target, "infrastructures", *text_columns, "--fts5", "--tokenize", "porter"],
        **run,
    )
    subprocess.run([utils, "create-index", target, "infrastructures", "region"], **run)
    subprocess.run([utils, "create-index", target, "infrastructures", "kind"], **run)
    subprocess.run([utils, "analyze", target], **run)
    report["Datasette file"] = time.perf_counter() - started
    return exported["rows"]


def import_job(env, base_url, work: Path, report, timeout):
    """Download our open-data CSV (the import's layout), keep the first generated entries with
    their summary changed, and time `import_infrastructures` on that file as a curator."""
    path = work / "import.csv"
    report["import rows"] = _edited_rows(base_url, path, IMPORT_ROWS)
    printed = timed_job(
        env, report, "import", "import_infrastructures", path, "--user", CURATOR, timeout=timeout
    )
    report["import says"] = printed.strip()


def _edited_rows(base_url, target: Path, wanted):
    """Streams: the download is read row by row and left once `wanted` rows are written."""
    response = fetch.open_stream(base_url, CSV_FILE)
    written = 0
    try:
        reader = csv.reader(io.TextIOWrapper(response, encoding="utf-8-sig", newline=""))
        header = next(reader)
        slug, summary = header.index("slug"), header.index("summary_en")
        with target.open("w", encoding="utf-8-sig", newline="") as file:
            writer = csv.writer(file)
            writer.writerow(header)
            for row in reader:
                if not row[slug].startswith(GENERATED):
                    continue
                row[summary] = row[summary][: SUMMARY_LENGTH - len(EDITED)] + EDITED
                writer.writerow(row)
                written += 1
                if written == wanted:
                    break
    finally:
        response.close()
    return written


def build_open_data(env, report, timeout):
    timed_job(env, report, "build open data", "build_open_data", timeout=timeout)
