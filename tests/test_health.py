"""/health/live, /health/ready and /health/worker, as a load balancer and a monitor call them."""

import datetime

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.database_faults import unreachable_settings

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def database_queue(settings):
    """Jobs queued in the database, as in production (the tests otherwise run them at once)."""
    settings.TASKS = DATABASE_QUEUE


def test_live_answers_without_the_database(client):
    """No database access is allowed in this test: live must not need one."""
    response = client.get("/health/live", **JSON)
    assert response.status_code == 200 and response.json() == {"status": "ok", "checks": {}}
    assert client.get("/health/live").content == b"ok\n"


@pytest.mark.django_db
def test_ready_checks_the_database_the_cache_and_the_job_queue(client, database_queue):
    response = client.get("/health/ready", **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database:default": "ok", "cache:default": "ok", "job_queue": "ok"},
    }
    text = client.get("/health/ready")
    assert text["Content-Type"].startswith("text/plain") and text.content.decode().startswith("ok\n")


@pytest.mark.django_db
def test_ready_is_503_while_a_database_does_not_answer_and_names_no_host(client, tmp_path):
    """A read replica that is configured but out of reach takes the process out of rotation."""
    broken = unreachable_settings(connection.settings_dict, tmp_path)
    connections.settings["replica"] = broken
    try:
        response = client.get("/health/ready", **JSON)
    finally:
        del connections.settings["replica"]
        if hasattr(connections._connections, "replica"):
            del connections["replica"]
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database:default": "ok",
        "database:replica": "unavailable",
        "cache:default": "ok",
    }
    body = response.content.decode()
    for secret in (broken.get("HOST"), broken.get("PORT"), broken["NAME"], broken.get("USER")):
        assert not secret or str(secret) not in body


def _job(*, waited_minutes, run_after=None):
    from django_tasks_db.models import DBTaskResult, get_date_max

    job = DBTaskResult.objects.create(
        args_kwargs={"args": [], "kwargs": {}},
        task_path="infrastructures.tasks.no_such_task",
        backend_name="default",
        run_after=run_after or get_date_max(),
        exception_class_path="",
        traceback="",
    )
    DBTaskResult.objects.filter(pk=job.pk).update(
        enqueued_at=timezone.now() - datetime.timedelta(minutes=waited_minutes)
    )
    return job


@pytest.mark.django_db
def test_worker_is_503_when_a_job_waits_longer_than_the_stall_limit(client, database_queue, settings):
    settings.JOB_QUEUE_STALL_MINUTES = 15
    _job(waited_minutes=2)
    _job(waited_minutes=60, run_after=timezone.now() + datetime.timedelta(hours=1))  # deferred, not late
    assert client.get("/health/worker", **JSON).json() == {"status": "ok", "checks": {"job_worker": "ok"}}

    late = _job(waited_minutes=16)
    response = client.get("/health/worker", **JSON)
    assert response.status_code == 503 and response.json()["checks"] == {"job_worker": "unavailable"}

    late.status = "RUNNING"  # a worker took it
    late.save()
    assert client.get("/health/worker").status_code == 200


@pytest.mark.django_db
def test_health_answers_are_never_cached_and_create_no_session(client):
    for path in ("/health/live", "/health/ready", "/health/worker"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]
        assert not response.cookies, path
    from django.contrib.sessions.models import Session

    assert not Session.objects.exists()


def test_health_is_served_over_plain_http(client, settings):
    """Load balancers probe over HTTP inside the network: no redirect to HTTPS for them."""
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/health/live").status_code == 200
    assert client.get("/nl/").status_code == 301  # the pages are redirected


def test_health_is_outside_the_language_prefix(client):
    assert client.get("/nl/health/live").status_code == 404
