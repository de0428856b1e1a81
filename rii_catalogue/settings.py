"""Settings for the RII catalogue, read from the environment.

- DJANGO_DEBUG=true turns on debug mode (development only; off by default).
- DJANGO_SECRET_KEY is required to serve unless DJANGO_DEBUG is on.
- DATABASE_URL selects the database (postgres://...); without it, a SQLite file in the project.
- DJANGO_ALLOWED_HOSTS is a comma-separated list (defaults to localhost in debug mode).
- E-mail: DJANGO_EMAIL_HOST (SMTP; without it, mail is printed on the console), DJANGO_EMAIL_PORT,
  DJANGO_EMAIL_HOST_USER, DJANGO_EMAIL_HOST_PASSWORD, DJANGO_EMAIL_USE_TLS, DJANGO_DEFAULT_FROM_EMAIL.
- SITE_URL: the catalogue's address, for links in e-mails.
- ACCESS_REQUEST_RETENTION_DAYS, ACCESS_REQUEST_RATE, ACCESS_REQUEST_FALLBACK_EMAILS,
  PRIVACY_CONTACT_EMAIL: see "Access requests" below.
- OPEN_DATA_LICENCE_URL, OPEN_DATA_LICENCE_NAME, OPEN_DATA_PUBLISHER_NAME, OPEN_DATA_PUBLISHER_URL,
  OPEN_DATA_CONTACT_EMAIL, OPEN_DATA_ROOT: see "Open data" below.
- Production (HTTPS, proxies, limits, logs, replicas): see "Production" below and `.env.example`,
  which lists every variable with what it does.
"""

import importlib.util
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Outside development the key comes from the environment. Without it, Django refuses whatever signs
# (sessions, CSRF, tokens) and the WSGI app does not start, while commands that need no key
# (makemigrations --check, collectstatic) still run.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "development-only-secret-key-not-for-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # modeltranslation patches the admin, so it comes before django.contrib.admin.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "django_countries",
    "django_ratelimit",
    "csp",
    "axes",
    "health_check",
    "regions",
    "infrastructures",
    "access",
    "reports",
    "opendata",
]

MIDDLEWARE = [
    # First: the request id and one log line for every answer, the other middleware's included.
    "rii_catalogue.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "rii_catalogue.middleware.AdminParameterGuardMiddleware",
    "rii_catalogue.middleware.BusyDatabaseMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # gzip, before (so after, for the response) everything below that reads or changes the body
    # (ConditionalGet's ETag is of the plain body; compressing then marks it weak). WhiteNoise above
    # serves static files already compressed. Django's GZipMiddleware pads each response with random
    # bytes against BREACH, and CSRF tokens are masked anew per request; the API stays plain.
    "rii_catalogue.compression.CompressionMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "rii_catalogue.db_routers.ReplicaReadsMiddleware",  # public reads to the replica, if one is set
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # ETag from the response body and 304 answers, so harvesters can poll cheaply.
    "django.middleware.http.ConditionalGetMiddleware",
    # Last, as django-axes asks: it answers a locked-out login before the view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "rii_catalogue.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "infrastructures.context_processors.catalogue",
                "infrastructures.context_processors.language_versions",
            ],
        },
    },
]

WSGI_APPLICATION = "rii_catalogue.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before each request reuses it: after a database restart the
        # first request reconnects instead of failing on the dead connection.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the job worker share one file. IMMEDIATE takes the write lock when a
    # transaction starts, so a service's read-check-write cannot be overtaken half-way; WAL lets
    # pages read while a long import writes; `timeout` waits for the lock instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
# Read replica: with DATABASE_REPLICA_URL (a PostgreSQL streaming replica of the primary), anonymous
# visitors' reads go there; writes, curators, token clients, the job worker and commands stay on the
# primary (rii_catalogue.db_routers). A client that has just written reads the primary for
# REPLICA_PIN_SECONDS, longer than the replica is expected to lag. In tests it mirrors the primary.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
        conn_health_checks=True,
        test_options={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["rii_catalogue.db_routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Background jobs through Django's tasks API (the django-tasks backport of Django 6's django.tasks).
# The database queue needs no broker; `python manage.py db_worker` runs the jobs (bin/serve starts
# it). A region that outgrows it sets TASKS_BACKEND to an RQ or Celery backend for the same tasks.
TASKS = {
    "default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")},
}

# One cache shared by every process (web servers, the worker): the rate limits count in it.
# The database cache needs no server; `manage.py createcachetable` makes its table.
CACHES = {
    "default": {
        "BACKEND": os.environ.get("CACHE_BACKEND", "django.core.cache.backends.db.DatabaseCache"),
        "LOCATION": os.environ.get("CACHE_LOCATION", "catalogue_cache"),
    }
}
# The API's throttles count in the same shared cache (rii_catalogue.throttling).
CACHES["throttle"] = CACHES["default"]
RATELIMIT_USE_CACHE = "default"
if CACHES["default"]["BACKEND"].endswith("db.DatabaseCache"):
    # django-ratelimit prefers caches with an atomic increment (Redis, Memcached: set CACHE_BACKEND).
    # The database cache's increment reads then writes, so a burst of simultaneous posts may count
    # a few short; the limit brakes abuse, it is not a quota, and this cache needs no server.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
elif CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # Django's own Redis cache: its increment is Redis's INCR, atomic; django-ratelimit only lists
    # the older django-redis package as supported.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

# Page cache: public pages for anonymous visitors, kept until the public catalogue changes
# (infrastructures.page_cache); this many seconds at most, 0 turns it off. In a cache of their own,
# so that many pages never push out what the default cache holds (throttle counts, the version
# token, kept facet counts): the same server, a table of its own for the database cache, whose
# MAX_ENTRIES (default 300) would otherwise count pages and counters together.
PUBLIC_PAGE_CACHE_SECONDS = int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", "300"))
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "page"}
if CACHES["pages"]["BACKEND"].endswith("db.DatabaseCache"):
    CACHES["pages"] |= {"LOCATION": "catalogue_page_cache", "OPTIONS": {"MAX_ENTRIES": 3000}}

# E-mail goes through Django's backends: SMTP when a host is set, else printed on the console.
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("DJANGO_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS")
EMAIL_TIMEOUT = 20  # seconds; a mail server that hangs fails the try, which is then retried
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "catalogue@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Access requests: kept whole for this many days after their last change, then anonymised
# (manage.py anonymise_access_requests, also run daily by the housekeeping job).
ACCESS_REQUEST_RETENTION_DAYS = int(os.environ.get("ACCESS_REQUEST_RETENTION_DAYS", "730"))
ACCESS_REQUEST_RATE = os.environ.get("ACCESS_REQUEST_RATE", "10/h")  # per client address
ACCESS_REQUEST_DUPLICATE_MINUTES = 10  # the same request sent again within this time is stored once
# Who receives a request when its region has no regional manager with an e-mail address.
ACCESS_REQUEST_FALLBACK_EMAILS = env_list("ACCESS_REQUEST_FALLBACK_EMAILS")
PRIVACY_CONTACT_EMAIL = os.environ.get("PRIVACY_CONTACT_EMAIL", DEFAULT_FROM_EMAIL)

# Open data: the licence of the published catalogue (on every download and in the DCAT-AP metadata),
# who publishes it and whom to ask, and where the background job writes the downloads.
OPEN_DATA_LICENCE_URL = os.environ.get(
    "OPEN_DATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
OPEN_DATA_LICENCE_NAME = os.environ.get("OPEN_DATA_LICENCE_NAME", "CC BY 4.0")
OPEN_DATA_PUBLISHER_NAME = os.environ.get("OPEN_DATA_PUBLISHER_NAME", "RII catalogue")
OPEN_DATA_PUBLISHER_URL = os.environ.get("OPEN_DATA_PUBLISHER_URL", SITE_URL)
OPEN_DATA_CONTACT_EMAIL = os.environ.get("OPEN_DATA_CONTACT_EMAIL", PRIVACY_CONTACT_EMAIL)
# After each committed change of the public catalogue, queue the job that builds the files again.
OPEN_DATA_REBUILD_AFTER_CHANGES = env_bool("OPEN_DATA_REBUILD_AFTER_CHANGES", True)
# The search page's facet counts under filters share this time box (infrastructures.facets).
FACET_COUNTING_SECONDS = float(os.environ.get("FACET_COUNTING_SECONDS", "0.25"))

# Curators and managing authorities sign in on the admin's login page; each role then lands on its
# start page (curation:start), also when the login form came without a `next`.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "curation:start"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: the product speaks English and Dutch; content falls back to the other language.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("nl", _("Dutch"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "nl"), "en": ("nl",), "nl": ("en",)}
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# Uploaded files (spreadsheets waiting for their import job) and files jobs produce (large exports).
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "media/"  # never served publicly: job files are downloaded through a view that checks rights
# The open-data files (public: served by opendata.views with ETag and Last-Modified, or by a web server).
OPEN_DATA_ROOT = Path(os.environ.get("OPEN_DATA_ROOT", MEDIA_ROOT / "open-data"))

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Production: HTTPS only. Outside debug mode every setting below is on by default, so that
# `manage.py check --deploy` is clean; a region turns one off only knowingly (.env.example says why).
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe the health endpoints over plain HTTP, from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^health/"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
# The catalogue runs behind a reverse proxy (nginx, a load balancer) that ends TLS and says so in
# X-Forwarded-Proto. Only trust that header when the proxy sets it and clients cannot reach
# gunicorn directly (it listens on loopback or a private network).
if env_bool("DJANGO_BEHIND_PROXY", not DEBUG):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many proxies stand between clients and gunicorn, each appending to X-Forwarded-For: the
# client's address (for login lockouts and rate limits) is the one they saw. 0: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = int(os.environ.get("DJANGO_TRUSTED_PROXY_COUNT", "0"))

# Logs go to standard error, one JSON object a line (text in development: DJANGO_LOG_FORMAT), each
# line written during a request with its request id; one line per request on rii_catalogue.requests
# (method, path without query, route, status, duration, user id), whatever DJANGO_LOG_LEVEL says.
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "WARNING")
LOG_FORMAT = os.environ.get("DJANGO_LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "rii_catalogue.request_log.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "rii_catalogue.request_log.json_formatter"},
        "text": {
            "()": "logging.Formatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
            "defaults": {"request_id": "-"},
        },
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Django's own handlers (the console in debug mode, mail to ADMINS) give way to the one above.
        "django": {"handlers": [], "level": LOG_LEVEL, "propagate": True},
        "rii_catalogue.requests": {"level": "INFO"},
        # django-health-check logs each failed probe with a traceback; rii_catalogue.health logs
        # one line instead. Its unexpected errors still show.
        "health_check": {"level": "ERROR"},
    },
}

# Health: /health/worker answers 503 when a job has waited this long to be picked up (rii_catalogue.health).
JOB_QUEUE_STALL_MINUTES = int(os.environ.get("JOB_QUEUE_STALL_MINUTES", "15"))

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# Opt in to Django 6's default now: URLs typed without a scheme are https.
FORMS_URLFIELD_ASSUME_HTTPS = True

# Leaflet's JS and CSS come from the django-leaflet package (only its static files: its admin
# widgets need GDAL, which this project does not use).
STATICFILES_DIRS = [
    Path(importlib.util.find_spec("leaflet").submodule_search_locations[0]) / "static",
]
# Map tiles: any XYZ tile server. Pages stay usable (a list and plain markers) when tiles fail.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get(
    "MAP_TILE_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)

# Content-Security-Policy (django-csp): scripts, styles and fonts only from our own static files
# (no inline script, no nonce, so a page kept in the cache stays valid); images also from the map's
# tile server. JSON-LD blocks are data, not scripts, and need no exception. No inline style either:
# not even a style="" attribute (templates use classes). One page has exceptions, set on its view:
# Redoc (rii_catalogue/api_urls.py). tests/browser/test_content_security_policy.py walks every page.
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL.replace("{s}", "a")))
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", _tile_origin],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# Login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one account from one
# address, that pair is refused (429) for AXES_COOLOFF_MINUTES, on the admin's login page and any
# other form that authenticates. The right password from elsewhere still works, so nobody locks a
# curator out from afar.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Each try while locked out starts the cool-off again: the lock lasts as long as the guessing, and
# Retry-After is always the whole cool-off.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_CLIENT_IP_CALLABLE = "rii_catalogue.client_address.client_address"
# A page saying for how long and what to do, with Retry-After (rii_catalogue.login_lockout).
AXES_LOCKOUT_CALLABLE = "rii_catalogue.login_lockout.lockout_response"
# Only failed attempts are kept, for the cool-off: the addresses of every successful login would be
# personal data kept without end, and the lockout does not need them.
AXES_DISABLE_ACCESS_LOG = True

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rii_catalogue.api.CataloguePagination",
    "DEFAULT_SCHEMA_CLASS": "rii_catalogue.api_schema.CatalogueAutoSchema",
    "EXCEPTION_HANDLER": "rii_catalogue.api.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Requests per client: anonymous ones by address, token and session clients by account.
    # Over the rate: 429 with Retry-After.
    "DEFAULT_THROTTLE_CLASSES": [
        "rii_catalogue.throttling.AnonymousRateThrottle",
        "rii_catalogue.throttling.AccountRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_ANONYMOUS_RATE", "120/min"),
        "user": os.environ.get("API_USER_RATE", "600/min"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "RII catalogue API",
    "DESCRIPTION": (
        "Research and innovation infrastructures of European regions. Anonymous clients read "
        "published entries; curators write with a token (`Authorization: Token <key>`) within "
        "the regions assigned to them."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "OperationalStatusEnum": "infrastructures.models.Infrastructure.OperationalStatus",
        "AccessRequestStatusEnum": "access.models.AccessRequest.Status",
    },
}
