"""bin/bench: the command line, one run per database and size, and the report."""

import argparse
import datetime
import importlib.metadata
import os
import platform
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from benchmarks import cases, catalogue, postgres, report, servers, summary
from benchmarks.floor import Floor
from benchmarks.summary import Run

ROOT = catalogue.ROOT
BENCH = ROOT / ".bench"
LOGS = BENCH / "logs"  # the servers' logs, kept after the run: a failed request's traceback is there
DATABASES = ("sqlite", "postgresql")


def arguments(argv):
    parser = argparse.ArgumentParser(
        prog="bin/bench", description="Time the catalogue beside Datasette and raw SQL (see README)."
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="published entries, comma-separated")
    parser.add_argument("--databases", default="sqlite,postgresql", help="sqlite, postgresql or both")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per case, after one warm-up")
    parser.add_argument(
        "--case-seconds",
        type=float,
        default=120,
        help="fewer rounds for a case whose one round takes longer than this divided by --repeat",
    )
    parser.add_argument(
        "--job-seconds",
        type=float,
        default=900,
        help="stop the index rebuild, the import or the open-data build past this, and say so",
    )
    parser.add_argument("--output", type=Path, help="Markdown report (default .bench/results-<date>.md)")
    parser.add_argument("--keep", action="store_true", help="keep the databases in .bench/work")
    options = parser.parse_args(argv)
    options.sizes = [int(size.replace("_", "")) for size in options.sizes.split(",")]
    options.databases = [name.strip() for name in options.databases.split(",")]
    if unknown := set(options.databases) - set(DATABASES):
        parser.error(f"unknown database {', '.join(sorted(unknown))}; choose from {', '.join(DATABASES)}")
    stamp = datetime.datetime.now().strftime("%Y-%m-%d-%H%M")
    options.output = options.output or BENCH / f"results-{stamp}.md"
    return options


def say(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def main(argv=None):
    options = arguments(argv)
    # SIGTERM unwinds like Ctrl-C: every server and the PostgreSQL cluster are stopped on the way out.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    work = BENCH / "work"
    postgres.Cluster(work / "postgresql").stop_leftover()
    for directory in (work, LOGS):
        shutil.rmtree(directory, ignore_errors=True)
        directory.mkdir(parents=True)
    runs = []
    with ExitStack() as stack:
        say("Datasette's virtual environment")
        datasette_bin = servers.datasette_venv(BENCH / "datasette-venv")
        catalogue.collect_static(catalogue.django_env("sqlite:///unused", work))
        cluster = None
        if "postgresql" in options.databases:
            say("PostgreSQL cluster")
            cluster = stack.enter_context(postgres.Cluster(work / "postgresql"))
        context = environment(datasette_bin, cluster, options)
        for size in options.sizes:
            for database in options.databases:
                run = Run(database, size)
                runs.append(run)
                try:
                    bench(run, work, datasette_bin, cluster, options)
                except Exception as error:  # the report keeps the runs that worked, and says why
                    run.error = str(error)
                    say(f"{run.title}: failed: {error}")
                write_report(options.output, context, runs)
                if run.results:
                    print(run_text(run), flush=True)
    say(f"Report: {options.output}")
    if not options.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if any(run.error for run in runs) else 0


def bench(run, work, datasette_bin, cluster, options):
    directory = work / f"{run.database}-{run.size}"
    directory.mkdir(parents=True)
    if run.database == "postgresql":
        database_url = cluster.create_database(f"bench_{run.size}")
    else:
        database_url = f"sqlite:///{directory / 'catalogue.sqlite3'}"
    env = catalogue.django_env(database_url, directory)
    run.load.append(os.getloadavg()[0])
    try:
        say(f"{run.title}: database")
        catalogue.fill(env, run.size, run.steps, options.job_seconds)
        run.choices = catalogue.probe(env, "choose")
        say(f"{run.title}: Datasette's file")
        catalogue.datasette_file(env, datasette_bin, directory / "catalogue.db", run.steps)
        measure_served(run, env, database_url, datasette_bin, directory, options)
        say(f"{run.title}: open-data build")
        catalogue.build_open_data(env, run.steps, options.job_seconds)
    finally:
        run.load.append(os.getloadavg()[0])
        if run.database == "postgresql":
            cluster.drop_database(f"bench_{run.size}")
        if not options.keep:
            shutil.rmtree(directory, ignore_errors=True)


def measure_served(run, env, database_url, datasette_bin, directory, options):
    """The cases and the import job, while gunicorn and Datasette serve the run's catalogue."""
    log = f"{run.database}-{run.size}-{{}}.log"
    with ExitStack() as stack:
        ours = stack.enter_context(servers.gunicorn(env, LOGS / log.format("gunicorn")))
        theirs = stack.enter_context(
            servers.datasette(datasette_bin, directory / "catalogue.db", LOGS / log.format("datasette"))
        )
        floor = Floor(database_url, run.choices)
        stack.callback(floor.close)
        measured = cases.build(run.choices, ours, theirs, floor)
        run.queries = catalogue.probe(env, "queries", *[f"{case.name}={case.path}" for case in measured])
        for case in measured:
            say(f"{run.title}: {case.label}")
            run.results.append(cases.measure(case, options.repeat, options.case_seconds))
        say(f"{run.title}: import job")
        catalogue.import_job(env, ours.url, directory, run.steps, options.job_seconds)


# The report


def environment(datasette_bin, cluster, options):
    """The machine, the versions and the settings a reader needs to compare two reports."""
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    versions = [
        f"Python {platform.python_version()}",
        f"Django {importlib.metadata.version('Django')}",
        f"gunicorn {importlib.metadata.version('gunicorn')} ({servers.WORKERS} sync workers)",
        f"SQLite {sqlite3.sqlite_version}",
        *([f"PostgreSQL {cluster.version()} ({_settings(cluster.settings)})"] if cluster else []),
        f"Datasette {servers.version_of(datasette_bin, 'datasette')}",
        f"sqlite-utils {servers.version_of(datasette_bin, 'sqlite-utils')}",
    ]
    return {
        "machine": f"{_cpu()}, {os.cpu_count()} cores, {ram / 2**30:.0f} GB RAM, {platform.platform()}",
        "versions": ", ".join(versions),
        "code": _commit(),
        "command": "bin/bench " + " ".join(sys.argv[1:]),
        "repeat": options.repeat,
        "datasette": _settings(servers.DATASETTE_SETTINGS),
    }


def _settings(settings):
    return ", ".join(f"{name} {value}" for name, value in settings.items())


def _cpu():
    try:
        with open("/proc/cpuinfo") as file:
            for line in file:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _commit():
    def git(*arguments):
        result = subprocess.run(["git", *arguments], cwd=ROOT, capture_output=True, text=True)
        return result.stdout.strip() if result.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" with uncommitted changes" if git("status", "--porcelain") else "")


def run_text(run):
    parts = [
        f"\n== {run.title}",
        _choices(run),
        report.text_table(summary.CASE_HEADER, summary.case_rows(run)),
    ]
    if downloads := summary.download_rows(run):
        parts.append(report.text_table(summary.DOWNLOAD_HEADER, downloads))
    parts.append(report.text_table(summary.STEPS_HEADER, summary.step_rows(run)))
    return "\n\n".join(parts)


def _choices(run):
    choices = run.choices
    if not choices:
        return ""
    load = " → ".join(f"{value:.1f}" for value in run.load)
    return (
        f"Filters: region {choices['region']['slug']} and kind {choices['kind']} "
        f"({choices['filtered']:,} published entries); entry {choices['entry']['slug']}. "
        f"Load average (1 minute) at the start and end of the run: {load} on {os.cpu_count()} cores."
    )


def write_report(path, context, runs):
    """Written again after each run: a run that fails late keeps the tables of those before it."""
    lines = [
        f"# Benchmark, {datetime.date.today().isoformat()}",
        "",
        f"- Machine: {context['machine']}",
        f"- Versions: {context['versions']}",
        f"- Code: {context['code']}; command `{context['command']}`",
        f"- Each case: one warm-up, then {context['repeat']} rounds (fewer where a round takes long: "
        "column n), each round one request of ours, one of Datasette and one run of the raw SQL. "
        "Times in milliseconds, over HTTP on the loopback, a new connection per request, gzip accepted.",
        f"- Datasette serves the same published rows from its own SQLite file (FTS5 with Porter stems, "
        f"indexes on region and kind), immutable, with {context['datasette']}.",
        "",
    ]
    for run in runs:
        lines += [f"## {run.title}", ""]
        if run.error:
            lines += [f"Failed: `{run.error[:2000]}`", ""]
        if run.choices:
            lines += [_choices(run), ""]
        if run.results:
            lines += [report.markdown_table(summary.CASE_HEADER, summary.case_rows(run)), ""]
            if downloads := summary.download_rows(run):
                lines += [report.markdown_table(summary.DOWNLOAD_HEADER, downloads), ""]
        if run.steps:
            lines += [report.markdown_table(summary.STEPS_HEADER, summary.step_rows(run)), ""]
            if "import says" in run.steps:
                lines += [f"Import job: {run.steps['import says']}", ""]
    measured = [run for run in runs if run.queries]
    if measured:
        header, rows = summary.queries_rows(measured)
        lines += ["## SQL queries per request", "", report.markdown_table(header, rows), ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines))
