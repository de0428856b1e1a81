"""A throwaway PostgreSQL 15 cluster in the work directory, on a free loopback port, as .ci/run
starts one: initdb and pg_ctl from Debian's postgresql-15, run as the postgres user when we are root
(PostgreSQL refuses to run as root). Stopped when the `with` block ends, also on failure."""

import os
import shutil
import subprocess
from pathlib import Path

import psycopg2

from benchmarks.servers import free_port

BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER = "postgres"


def memory_settings():
    """Sized for a benchmark machine that also runs the web server, Datasette and this driver:
    an eighth of the RAM for shared_buffers (at most 1 GB: a 100,000-entry database fits), the
    planner told that the OS caches half of it."""
    ram = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    megabytes = ram // (1024 * 1024)
    return {
        "shared_buffers": f"{min(1024, max(128, megabytes // 8))}MB",
        "effective_cache_size": f"{max(256, megabytes // 2)}MB",
        "work_mem": "16MB",
        "maintenance_work_mem": "256MB",
    }


def ensure_installed():
    """Install Debian's postgresql-15 when it is missing and we may (root with apt-get), as .ci/run."""
    if (BIN / "initdb").exists():
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        subprocess.run(["apt-get", "update", "-qq"], check=True)
        subprocess.run(
            ["apt-get", "install", "-y", "-qq", "postgresql-15"], check=True, stdout=subprocess.DEVNULL
        )
        return
    raise SystemExit(
        f"PostgreSQL 15 is not installed ({BIN}); install postgresql-15 or use --databases sqlite"
    )


class Cluster:
    def __init__(self, directory: Path, port=None):
        self.directory = directory
        self.data = directory / "data"
        self.wanted_port = port  # None: any free one
        self.port = None
        self.settings = memory_settings()

    def __enter__(self):
        ensure_installed()
        self.stop_leftover()
        shutil.rmtree(self.directory, ignore_errors=True)
        self.directory.mkdir(parents=True)
        if os.geteuid() == 0:
            shutil.chown(self.directory, SUPERUSER)
        self._run("initdb", "-D", self.data, "-A", "trust", "-U", SUPERUSER, "-E", "UTF8", "--locale=C.UTF-8")
        self.port = self.wanted_port or free_port()
        configuration = {
            "port": self.port,
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{self.directory}'",
            **{name: f"'{value}'" for name, value in self.settings.items()},
        }
        with (self.data / "postgresql.conf").open("a") as file:
            file.writelines(f"{name} = {value}\n" for name, value in configuration.items())
        self._run("pg_ctl", "-D", self.data, "-l", self.directory / "log", "-w", "start")
        return self

    def __exit__(self, *exc_info):
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def stop(self):
        """Stop the server as an operator's restart does (fast: sessions are ended, not waited for)."""
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def start(self):
        """Start it again; returns once it accepts connections."""
        self._run("pg_ctl", "-D", self.data, "-l", self.directory / "log", "-w", "start")

    def postmaster_pid(self):
        """The server's main process (0 while it is stopped): its first line of postmaster.pid."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return 0

    def stop_leftover(self):
        """A cluster of an earlier run that was killed before it could stop its own."""
        if (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop", check=False)

    def _run(self, program, *arguments, check=True):
        command = [str(BIN / program), *map(str, arguments)]
        if os.geteuid() == 0:
            command = ["runuser", "-u", SUPERUSER, "--", *command]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL)

    def url(self, database):
        return f"postgres://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def _execute(self, statement):
        connection = psycopg2.connect(self.url("postgres"))
        connection.autocommit = True  # CREATE and DROP DATABASE run outside a transaction
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    def create_database(self, name):
        self._execute(f'DROP DATABASE IF EXISTS "{name}"')
        self._execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def drop_database(self, name):
        self._execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def version(self):
        connection = psycopg2.connect(self.url("postgres"))
        try:
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return cursor.fetchone()[0]
        finally:
            connection.close()
