"""The logs an operator reads: one JSON line per request, the request id on every line of it, and
nothing personal (no addresses, headers, cookies, query strings, names or e-mail addresses)."""

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from regions import roles
from tests import factories
from tests.rights import make_user

PROJECT = Path(__file__).resolve().parent.parent


@pytest.fixture
def log_lines():
    """The lines the configured console handler writes (its JSON formatter and request-id filter),
    captured from the root logger; call it to read them, parsed."""
    console = next(handler for handler in logging.getLogger().handlers if handler.name == "console")
    stream = io.StringIO()
    capture = logging.StreamHandler(stream)
    capture.setFormatter(console.formatter)
    for log_filter in console.filters:
        capture.addFilter(log_filter)
    logging.getLogger().addHandler(capture)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logging.getLogger().removeHandler(capture)


def request_lines(lines):
    return [line for line in lines if line["logger"] == "rii_catalogue.requests"]


@pytest.mark.django_db
def test_one_line_per_request_with_its_fields_and_no_query_string(client, log_lines):
    response = client.get(
        "/search/?q=jan.jansen@example.org",
        REMOTE_ADDR="203.0.113.7",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
        HTTP_USER_AGENT="Agent-Smith/1.0",
        HTTP_COOKIE="flavour=chocolate",
    )
    assert response.status_code == 200
    [line] = request_lines(log_lines())
    assert line["level"] == "INFO" and line["message"] == f"GET /search/ 200 {line['duration_ms']} ms"
    assert {key: line[key] for key in ("method", "path", "route", "status", "user_id")} == {
        "method": "GET",
        "path": "/search/",
        "route": "catalogue:search",
        "status": 200,
        "user_id": None,
    }
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["request_id"] == response["X-Request-ID"] and len(line["request_id"]) == 32
    everything = json.dumps(log_lines())
    for personal in ("jan.jansen", "example.org", "203.0.113.7", "198.51.100.9", "Agent-Smith", "chocolate"):
        assert personal not in everything


@pytest.mark.django_db
def test_a_signed_in_curator_is_logged_by_id_only(client, log_lines):
    curator = make_user("curator-with-a-name", role=roles.REGIONAL_MANAGER, regions=[factories.region()])
    client.force_login(curator)
    assert client.get("/curation/").status_code == 200
    [line] = request_lines(log_lines())
    assert line["user_id"] == curator.pk
    everything = json.dumps(log_lines())
    assert "curator-with-a-name" not in everything and "@example.com" not in everything


@pytest.mark.parametrize(
    "sent, accepted",
    [
        ("3f2a9c1e-7b4d-4e8a-9c0f-1a2b3c4d5e6f", True),  # a UUID, as many proxies send
        ("5d41402abc4b2a76b9719d911017c592", True),  # nginx's $request_id
        ("short", False),
        ("has space and more", False),
        ('quote"injected-0000', False),
        ("line\\nbreak-00000", False),
        ("x" * 129, False),
    ],
)
def test_the_request_id_is_taken_from_the_proxy_only_when_well_formed(client, log_lines, sent, accepted):
    response = client.get("/health/live", HTTP_X_REQUEST_ID=sent)
    echoed = response["X-Request-ID"]
    assert (echoed == sent) is accepted
    if not accepted:
        assert len(echoed) == 32 and echoed.isalnum()
    [line] = request_lines(log_lines())
    assert line["request_id"] == echoed


@pytest.mark.django_db
def test_warnings_and_errors_during_a_request_carry_its_id(client, log_lines, monkeypatch):
    from infrastructures.views import public

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail 7f3e")

    monkeypatch.setattr(public, "catalogue_overview", broken)
    client.raise_request_exception = False
    failed = client.get("/", HTTP_X_REQUEST_ID="quote-me-12345678")
    not_found = client.get("/no-such-page/")
    lines = log_lines()

    [error] = [line for line in lines if line["logger"] == "django.request" and line["level"] == "ERROR"]
    assert error["request_id"] == "quote-me-12345678" and "internal detail 7f3e" in error["exc_info"]
    assert "request" not in error  # Django's request object: its text carries the query string
    [warning] = [line for line in lines if line["logger"] == "django.request" and line["level"] == "WARNING"]
    assert warning["request_id"] == not_found["X-Request-ID"]

    # The visitor sees the reference to quote, and nothing of the internals.
    page = failed.content.decode()
    assert failed.status_code == 500 and "quote-me-12345678" in page
    assert "internal detail" not in page and "Traceback" not in page and "RuntimeError" not in page


@pytest.mark.django_db
def test_an_api_error_is_json_with_the_reference(client, monkeypatch):
    from infrastructures.api import views

    def broken(*args, **kwargs):
        raise RuntimeError("internal detail 7f3e")

    monkeypatch.setattr(views.InfrastructureViewSet, "list", broken)
    client.raise_request_exception = False
    response = client.get("/api/v1/infrastructures/")
    assert response.status_code == 500
    assert response.json() == {"detail": response.json()["detail"], "request_id": response["X-Request-ID"]}
    assert "internal detail" not in response.content.decode()


@pytest.mark.parametrize(
    "environment, expected",
    [({}, "json"), ({"DJANGO_DEBUG": "true"}, "text"), ({"DJANGO_LOG_FORMAT": "text"}, "text")],
)
def test_the_log_format_is_json_in_production_and_text_in_development(environment, expected):
    script = (
        "import logging.config; from rii_catalogue import settings; "
        "logging.config.dictConfig(settings.LOGGING); logging.getLogger('app').warning('hello')"
    )
    clean = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    result = subprocess.run(
        [sys.executable, "-c", script],
        env=clean | environment,
        cwd=PROJECT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    line = result.stderr.strip()
    if expected == "json":
        assert json.loads(line) | {"timestamp": None} == {
            "level": "WARNING", "logger": "app", "message": "hello", "timestamp": None,
        }  # fmt: skip
    else:
        assert line.endswith("WARNING app [-] hello")


@pytest.mark.django_db
def test_failed_logins_are_logged_without_username_or_address(client, log_lines):
    """django-axes logs each failure with its sensitive parameters masked."""
    make_user("someone")
    for _attempt in range(2):
        response = client.post(
            "/admin/login/",
            {"username": "someone@example.org", "password": "wrong"},
            REMOTE_ADDR="203.0.113.7",
        )
        assert response.status_code == 200
    lines = log_lines()
    assert any(line["logger"].startswith("axes") and "/admin/login/" in line["message"] for line in lines)
    everything = json.dumps(lines)
    assert "someone@example.org" not in everything and "203.0.113.7" not in everything
