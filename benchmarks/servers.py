"""The servers under test, each on a free loopback port and stopped when its `with` block ends:
gunicorn serving the catalogue as production would (2 sync workers, debug off), and Datasette from
its own virtual environment (pinned below, created on first use and reused). Also the memory of a
process as /proc tells it."""

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from benchmarks import fetch

DATASETTE_PACKAGES = ["datasette==0.65.5", "sqlite-utils==3.39"]
WORKERS = 2
READY_SECONDS = 120


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, name, command, env, log: Path, ready_path, port=None):
        self.name, self.port = name, port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.command = [part.replace("{port}", str(self.port)) for part in command]
        self.env, self.log, self.ready_path = env, log, ready_path
        self.process = None

    def __enter__(self):
        with self.log.open("ab") as log:
            # A session of its own: stopping the server stops its workers, and only them.
            self.process = subprocess.Popen(
                self.command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        self._wait_until_ready()
        return self

    def __exit__(self, *exc_info):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def _wait_until_ready(self):
        deadline = time.monotonic() + READY_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} stopped at start; see {self.log}:\n{tail(self.log)}")
            try:
                fetch.read(self.url, self.ready_path)
                return
            except (OSError, fetch.RequestFailed):
                time.sleep(0.3)
        raise RuntimeError(f"{self.name} did not answer within {READY_SECONDS} s; see {self.log}")

    def worker_pids(self):
        """gunicorn's workers: the children of its master (Datasette: the process itself)."""
        children = [pid for pid in _all_pids() if _parent(pid) == self.process.pid]
        return children or [self.process.pid]


def tail(path, lines=30):
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def gunicorn(env, log):
    command = [
        str(Path(sys.executable).parent / "gunicorn"),
        "rii_catalogue.wsgi",
        f"--workers={WORKERS}",
        "--worker-class=sync",
        "--bind=127.0.0.1:{port}",
        "--timeout=900",  # a slow page is measured, not killed
        "--graceful-timeout=5",
    ]
    server_env = env | {"DJANGO_DEBUG": "false", "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    return Server("gunicorn", command, server_env, log, "/")


# Datasette's limits, raised so that no query or facet of the benchmark is cut short (its defaults
# stop a query after 1 s and a facet after 200 ms, and a CSV stream at 100 MB).
DATASETTE_SETTINGS = {"sql_time_limit_ms": "600000", "facet_time_limit_ms": "600000", "max_csv_mb": "0"}


def datasette_venv(directory: Path):
    """Datasette and sqlite-utils in a virtual environment of their own (their dependencies are not
    the catalogue's), made once and reused; made again when the pins change."""
    stamp = directory / ("installed-" + "-".join(DATASETTE_PACKAGES))
    if not stamp.exists():
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(directory)], check=True)
        pip = [
            str(directory / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
        ]
        # Quiet unless it fails: pip's warnings about the machine's package indexes are not ours.
        subprocess.run([*pip, *DATASETTE_PACKAGES], check=True, capture_output=True)
        stamp.touch()
    return directory / "bin"


def datasette(venv_bin: Path, database: Path, log):
    settings = [part for name, value in DATASETTE_SETTINGS.items() for part in ("--setting", name, value)]
    # -i: immutable, as `datasette publish` serves a file (it may then cache what it counts).
    command = [
        str(venv_bin / "datasette"),
        "serve",
        "-i",
        str(database),
        "--host=127.0.0.1",
        "--port={port}",
        *settings,
    ]
    return Server("datasette", command, dict(os.environ), log, "/-/versions.json")


def version_of(venv_bin: Path, package):
    result = subprocess.run(
        [str(venv_bin / "python"), "-c", f"import importlib.metadata as m; print(m.version('{package}'))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


# Memory, from /proc/<pid>/status


def _all_pids():
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def _parent(pid):
    try:
        return int(_status(pid).get("PPid", "0").split()[0])
    except (OSError, ValueError):
        return None


def _status(pid):
    with open(f"/proc/{pid}/status") as file:
        return dict(line.split(":", 1) for line in file if ":" in line)


def _kilobytes(pid, field):
    return int(_status(pid)[field].split()[0]) * 1024


def reset_peak(pid):
    """Start the peak (VmHWM) again from the current size: writing 5 to clear_refs does that
    (Linux 4.0 and later); else the growth is measured against the old peak, a floor."""
    try:
        with open(f"/proc/{pid}/clear_refs", "w") as file:
            file.write("5")
    except OSError:
        pass


@contextmanager
def peak_growth(pids):
    """Measures how far each process's memory rose above its size before the block, at its peak;
    yields a dict that holds the largest growth (bytes) under "bytes" once the block ends."""
    before = {}
    for pid in pids:
        reset_peak(pid)
        before[pid] = _kilobytes(pid, "VmRSS")
    growth = {}
    yield growth
    growth["bytes"] = max(_kilobytes(pid, "VmHWM") - before[pid] for pid in pids)
