"""While the database is out of reach every door answers 503 with Retry-After (never a 500 with a
traceback), and the first request after it is back is served again."""

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from regions import roles
from tests import factories
from tests.database_faults import free_port, unreachable
from tests.rights import make_user

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def curator_client(client, transactional_db):
    """A signed-in regional manager: their session lives in the database."""
    region = factories.region()
    factories.infrastructure(slug="lab-on-the-hill", region=region)
    client.force_login(make_user("manager", role=roles.REGIONAL_MANAGER, regions=[region]))
    client.raise_request_exception = False
    return client


def assert_unavailable(response, *, language="en"):
    body = response.content.decode()
    assert response.status_code == 503, (response.status_code, body[:300])
    assert response["Retry-After"] == "5" and "no-store" in response["Cache-Control"]
    for internal in ("Traceback", "OperationalError", "no-such-folder", "127.0.0.1", "sqlite", "psycopg"):
        assert internal not in body
    if response["Content-Type"].startswith("application/json"):
        assert "try again" in response.json()["detail"]
    else:
        try_again = {"en": "try again", "nl": "opnieuw"}[language]
        assert f'<html lang="{language}">' in body and try_again in body


def test_every_door_answers_503_while_the_database_is_out_of_reach(curator_client, tmp_path, caplog):
    anonymous = type(curator_client)(raise_request_exception=False)
    doors = [
        (anonymous, "/", "en"),
        (anonymous, "/nl/", "nl"),
        (anonymous, "/search/?q=laser", "en"),
        (anonymous, "/infrastructures/lab-on-the-hill/", "en"),
        (anonymous, "/api/v1/infrastructures/", "en"),
        (curator_client, "/admin/", "en"),
        (curator_client, "/nl/curation/", "nl"),
    ]
    with caplog.at_level(logging.WARNING), unreachable(connection, tmp_path):
        for client, path, language in doors:
            assert_unavailable(client.get(path), language=language)
        assert_unavailable(
            curator_client.post("/api/v1/infrastructures/", {}, content_type="application/json")
        )
        assert curator_client.get("/health/live").status_code == 200
        assert curator_client.get("/health/ready").status_code == 503

    # One warning per request, no error and no traceback: an outage must not bury the log.
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
    warnings = [record for record in caplog.records if record.name == "rii_catalogue.database"]
    assert len(warnings) == len(doors) + 1 and not any(record.exc_info for record in warnings)

    # Back: the next request reconnects.
    for client, path, _language in doors:
        assert client.get(path).status_code == 200, path
    assert curator_client.get("/health/ready").status_code == 200


class ReadsTheUserFirst:
    """A middleware that asks for the signed-in user before any view runs, as login-required or
    auditing middleware do: the session is read from the database outside the view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_authenticated  # noqa: B018
        return self.get_response(request)


def test_a_failure_outside_the_view_is_a_503_too(curator_client, settings, tmp_path):
    after = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    middleware = settings.MIDDLEWARE
    settings.MIDDLEWARE = [*middleware[:after], f"{__name__}.ReadsTheUserFirst", *middleware[after:]]
    with unreachable(connection, tmp_path):
        assert_unavailable(curator_client.get("/nl/"), language="nl")
        assert_unavailable(curator_client.get("/api/v1/regions/"))
    assert curator_client.get("/nl/").status_code == 200


# A real PostgreSQL restart under gunicorn: a cluster of our own, stopped and started again.

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PORTS = range(55480, 55490)


def _free_port(candidates):
    for port in candidates:
        if _port_is_free(port):
            return port
    pytest.skip("no free port for a PostgreSQL cluster of our own")


def _port_is_free(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _as_postgres(command):
    subprocess.run(["su", "postgres", "-c", command], check=True, capture_output=True, timeout=60)


def _get(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture
def own_postgresql():
    """A throwaway PostgreSQL cluster on a port of our own with an empty database; yields its
    URL and the functions that stop and start it."""
    if os.geteuid() != 0 or not (PG_BIN / "pg_ctl").exists() or not shutil.which("su"):
        pytest.skip("needs root and PostgreSQL 15's binaries to run a cluster of our own")
    port = _free_port(PORTS)
    folder = tempfile.mkdtemp(prefix="rii-restart-")
    shutil.chown(folder, "postgres")
    data = f"{folder}/data"
    _as_postgres(f"{PG_BIN}/initdb -D {data} -A trust -U postgres -E UTF8 --locale=C.UTF-8 --no-sync")
    ctl = f"{PG_BIN}/pg_ctl -D {data} -l {folder}/log -w"

    def start():
        # No fsync: a throwaway cluster, whose migration should take seconds, not tens of them.
        options = (
            f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
        )
        _as_postgres(f"{ctl} -o '{options}' start")

    def stop():
        _as_postgres(f"{ctl} -m fast stop")

    start()
    try:
        _as_postgres(f"psql -h 127.0.0.1 -p {port} -U postgres -c 'CREATE DATABASE catalogue'")
        yield f"postgres://postgres@127.0.0.1:{port}/catalogue", stop, start
    finally:
        subprocess.run(["su", "postgres", "-c", f"{ctl} -m immediate stop"], capture_output=True, timeout=60)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL restart")
def test_gunicorn_answers_503_while_postgresql_restarts_then_recovers(own_postgresql, tmp_path):
    database_url, stop_database, start_database = own_postgresql
    environment = os.environ | {
        "DJANGO_SETTINGS_MODULE": "rii_catalogue.settings_test",
        "DATABASE_URL": database_url,
        "DJANGO_LOG_FORMAT": "json",
    }
    port = free_port()
    (tmp_path / "gunicorn.conf.py").write_text("")  # ours, not a config file lying in the project
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(tmp_path / "gunicorn.conf.py"), "--chdir", str(PROJECT),
         "-b", f"127.0.0.1:{port}", "-w", "2", "-k", "gthread", "--threads", "2", "rii_catalogue.wsgi"],
        env=environment, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    pages = [f"{base}/", f"{base}/api/v1/infrastructures/", f"{base}/health/ready"]
    try:
        # gunicorn boots while the database is migrated.
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v0"], env=environment, cwd=PROJECT, check=True
        )
        _wait_for(lambda: _get(f"{base}/health/live")[0] == 200, seconds=30)
        for _round in range(4):  # the workers now keep connections (CONN_MAX_AGE)
            assert [_get(page)[0] for page in pages] == [200, 200, 200]

        stop_database()
        for _round in range(3):
            for page in pages:
                status, headers, body = _get(page)
                assert status == 503 and headers["Retry-After"] == "5", (page, status, body[:300])
                assert "Traceback" not in body and "127.0.0.1" not in body
            assert _get(f"{base}/health/live")[0] == 200

        start_database()
        up = time.monotonic()
        _wait_for(lambda: _get(f"{base}/")[0] == 200, seconds=5)
        recovery = time.monotonic() - up
        statuses = [_get(page)[0] for _round in range(10) for page in pages]
        assert statuses == [200] * len(statuses)
        print(f"recovered {recovery:.2f} s after PostgreSQL was up again")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    lines = (tmp_path / "server.log").read_text().splitlines()
    assert not [line for line in lines if '"level": "ERROR"' in line], "an outage is no error"
    assert any('"logger": "rii_catalogue.database"' in line for line in lines)


def _wait_for(condition, *, seconds):
    deadline = time.monotonic() + seconds
    while True:
        try:
            if condition():
                return
        except OSError:
            pass
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s")
        time.sleep(0.05)
