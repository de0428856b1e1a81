"""Settings for the test suite: the production settings with a fixed key and plain static files.

DATABASE_URL still selects the database, so the same suite runs on SQLite and PostgreSQL.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key")

from rii_catalogue.settings import *  # noqa: F403

ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
# No collectstatic in tests: serve static files straight from the apps and packages.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests
# Jobs run as soon as they are queued (after the commit that queues them).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Tests send many requests from one address; the rate-limit tests set their own, low rate.
ACCESS_REQUEST_RATE = "1000/m"
# Most tests write without caring for the open-data files; those about them turn the rebuild on.
OPEN_DATA_REBUILD_AFTER_CHANGES = False
# Counts are what most search tests check: a busy test machine must not run out of the time box
# (tests of the time box set their own).
FACET_COUNTING_SECONDS = 10
