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
# The test client speaks plain HTTP; production's redirect to HTTPS is tested on its own.
SECURE_SSL_REDIRECT = False
# The API's throttles count in memory: the query budgets of the API's tests stay those of the API
# itself (tests of the throttles count there too).
CACHES["throttle"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}  # noqa: F405
# Tests send many API requests from one client; the throttle tests set their own, low rates.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "100000/min", "user": "100000/min"}  # noqa: F405
# The login lockout stays on. Only the test client's login(), which has no request to count, skips it.
AUTHENTICATION_BACKENDS = [
    "tests.login_backends.LockoutBackendForTestClient",
    "django.contrib.auth.backends.ModelBackend",
]
# Page cache: off for the suite. Most tests change the catalogue straight through the factories (not
# the services that advance the version token) between two requests, and read response.context,
# which a kept page has not; tests/infrastructures/test_page_cache.py turns it on.
PUBLIC_PAGE_CACHE_SECONDS = 0
