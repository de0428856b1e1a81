"""The production settings as an operator gets them from the environment: `check --deploy` has
nothing to say, plain HTTP goes to HTTPS unless the proxy says the client used it, and the health
endpoints answer the load balancer over plain HTTP."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

PROJECT = Path(__file__).resolve().parent.parent


def production_environment(**extra):
    """What .env.example asks an operator to set, and nothing of the test settings."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(
        DJANGO_SETTINGS_MODULE="rii_catalogue.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="catalogue.example.eu",
        DJANGO_CSRF_TRUSTED_ORIGINS="https://catalogue.example.eu",
        **extra,
    )
    return environment


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_has_no_warning_under_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=production_environment())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_has_no_warning_with_redis_as_the_cache_either():
    # The README's production setup: Django's Redis cache (no server needed to run the checks).
    environment = production_environment(
        CACHE_BACKEND="django.core.cache.backends.redis.RedisCache", CACHE_LOCATION="redis://127.0.0.1:1/0"
    )
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=environment)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_names_what_an_operator_left_out():
    # The same check is the operator's guard: without HTTPS settings it fails loudly.
    environment = production_environment(DJANGO_SECURE_SSL_REDIRECT="false", DJANGO_HSTS_SECONDS="0")
    result = manage("check", "--deploy", "--fail-level", "WARNING", environment=environment)
    assert result.returncode != 0
    assert "security.W004" in result.stderr  # HSTS
    assert "security.W008" in result.stderr  # SSL redirect


def test_the_settings_refuse_to_serve_without_a_secret_key():
    environment = production_environment()
    del environment["DJANGO_SECRET_KEY"]
    result = subprocess.run(
        [sys.executable, "-c", "import rii_catalogue.wsgi"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
def test_plain_http_is_sent_to_https_unless_the_proxy_ended_tls():
    client = Client()  # a new client loads the middleware under these settings

    plain = client.get("/search/?q=laser")
    assert plain.status_code == 301
    assert plain["Location"] == "https://testserver/search/?q=laser"

    behind_the_proxy = client.get("/search/?q=laser", headers={"x-forwarded-proto": "https"})
    assert behind_the_proxy.status_code == 200
    assert behind_the_proxy["Strict-Transport-Security"].startswith("max-age=")


@override_settings(SECURE_SSL_REDIRECT=True)
def test_the_liveness_probe_answers_over_plain_http():
    assert Client().get("/health/live").status_code == 200


def test_env_example_explains_every_variable_the_settings_and_gunicorn_read():
    settings_source = "".join(
        (PROJECT / name).read_text() for name in ("rii_catalogue/settings.py", "gunicorn.conf.py")
    )
    read = set(
        re.findall(r"(?:environ\.get|env_bool|env_list|env_int)\(\s*\"([A-Z0-9_]+)\"", settings_source)
    )
    documented = set(re.findall(r"^#?([A-Z0-9_]+)=", (PROJECT / ".env.example").read_text(), re.MULTILINE))
    assert read, "the pattern no longer finds the settings' variables"
    assert read - documented == set()
