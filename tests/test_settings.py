"""Settings from the environment: safe defaults, and no serving without a secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_python(code, **env):
    clean = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean | env, capture_output=True, text=True, timeout=60
    )


def test_the_app_refuses_to_serve_without_a_secret_key_outside_development():
    result = run_python("import rii_catalogue.wsgi", DJANGO_SETTINGS_MODULE="rii_catalogue.settings")
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_debug_is_off_unless_asked_and_development_needs_no_key():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DEBUG, bool(settings.SECRET_KEY))"
    )
    production = run_python(code, DJANGO_SETTINGS_MODULE="rii_catalogue.settings", DJANGO_SECRET_KEY="k")
    assert production.stdout.split() == ["False", "True"]
    development = run_python(code, DJANGO_SETTINGS_MODULE="rii_catalogue.settings", DJANGO_DEBUG="true")
    assert development.stdout.split() == ["True", "True"]


def test_management_commands_that_sign_nothing_run_without_a_key():
    result = run_python(
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'makemigrations', '--check', '--dry-run'])",
        DJANGO_SETTINGS_MODULE="rii_catalogue.settings",
    )
    assert result.returncode == 0, result.stderr
