"""Settings for the factcheck project, read from the environment.

One module for every environment (style rule 9): development, CI and production differ only
in environment variables. See README.md § Configuration for the list.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)

# The name readers see in page titles, the feed and JSON-LD.
SITE_NAME = env.str("SITE_NAME", default="Claim Tracker")
# The public address, for absolute URLs made outside a request (exports).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# A development key is only acceptable when DEBUG is on; production must bring its own.
_DEVELOPMENT_SECRET_KEY = "insecure-development-key-never-use-in-production"
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment (or set DEBUG=true for development)."
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "simple_history",
    "csp",
    "axes",
    # The project: settings, URLs, WSGI (and the migrations that moved its old models).
    "factcheck",
    # The domain: the working copy curators edit.
    "sources",
    "claims",
    # The published record: what readers and partners see.
    "record",
    # Serving it: answer store, rate limits, API keys.
    "serving",
    # Faces of the record, and the desk: reader pages, exchange formats, the admin, seeds,
    # operations. docs/architecture.md draws the layers; import-linter holds them.
    "web",
    "interop",
    "curation",
    "seeds",
    "operations",
    # Research releases: deterministic bundles of the published record (docs/api.md).
    "releases",
    # Webhooks: the change feed delivered to partners' endpoints (docs/api.md).
    "webhooks",
]

MIDDLEWARE = [
    "factcheck.logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The language of the answer, from the address (reader pages) or the user's choice (the
    # admin): before everything that may render a page, the rate limit's 429 included
    # (factcheck/locale.py, docs/pages.md "Languages").
    "factcheck.locale.LocaleMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    # The reader pages' rate limit: before the stored answers, so that a stored page
    # counts too (docs/scaling.md).
    "serving.throttling.ReaderRateLimitMiddleware",
    # Serves stored public answers. After the middleware whose headers depend on the
    # request (security, CORS); the headers of those below are stored with the answer.
    "serving.answer_cache.PublicAnswerCacheMiddleware",
    # The API's document details, read from the published record; in the same place, for
    # the same reason.
    "serving.document_answers.DocumentAnswerMiddleware",
    # Stored claim pages (serving/renditions.py): the same place, the same reason.
    "serving.renditions.StoredPageMiddleware",
    # Plain pages of the API's document lists (api/list_answers.py): the same again.
    "api.list_answers.ListAnswerMiddleware",
    # After WhiteNoise: static files are not documents and need no policy.
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.routers.PrimaryDatabaseMiddleware",
    # Records who made each change in the history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a refused login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "factcheck.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "factcheck.wsgi.application"

# SQLite in the project directory unless DATABASE_URL says otherwise
# (postgres://user@host:5432/name in production).
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Persistent connections in production (CONN_MAX_AGE=60), checked before reuse so that a
# restarted database costs no failed request.
CONN_MAX_AGE = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"].update(CONN_MAX_AGE=CONN_MAX_AGE, CONN_HEALTH_CHECKS=True)
# PostgreSQL through Django's backend with a health check that costs no round trip while
# the connection is quiet (core/postgresql/base.py).
POSTGRESQL_ENGINE = "core.postgresql"


def with_engine(database: dict) -> dict:
    """``database`` with Django's PostgreSQL engine replaced by the project's."""
    if database["ENGINE"] == "django.db.backends.postgresql":
        database["ENGINE"] = POSTGRESQL_ENGINE
    return database


with_engine(DATABASES["default"])

# An optional PostgreSQL read replica: public reads go there, writes and the admin to the
# primary (factcheck/routers.py).
if replica_url := env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **with_engine(env.db_url_config(replica_url)),
        "CONN_MAX_AGE": CONN_MAX_AGE,
        "CONN_HEALTH_CHECKS": True,
        # Tests run against the primary alone: the replica mirrors it.
        "TEST": {"MIRROR": "default"},
    }
DATABASE_ROUTERS = ["core.routers.ReplicaRouter"]

# Redis when REDIS_URL is set (shared by every app process: rate-limit counters, the public
# data version, stored public answers); else a cache in each process's memory.
REDIS_URL = env.str("REDIS_URL", default="")


def redis_cache_config(location: str, key_prefix: str = "factcheck") -> dict:
    """The cache settings for a Redis at ``location`` (tests use them for a Redis of their
    own, and for one that is down)."""
    return {
        # django-redis rather than Django's own backend: it keeps one client per process
        # where Django's builds one per operation (about 0.2 ms each), and it increments a
        # counter in one round trip (the API's rate limits).
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        # Redis is a cache: unreachable, it reads as empty and writes are dropped, so the
        # site serves (slower) without it; rate limits count in each process meanwhile
        # (factcheck/cache_counts.py, docs/scaling.md). Short timeouts, so that an
        # unreachable host costs a request little.
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 0.25,
            "SOCKET_TIMEOUT": 0.5,
        },
    }


if REDIS_URL:
    CACHES = {"default": redis_cache_config(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# An outage is logged (once per failed operation), not silent.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
DJANGO_REDIS_LOGGER = "core.cache_counts"
# The public data version may live in the cache only when every process shares it.
PUBLIC_DATA_VERSION_IN_CACHE = bool(REDIS_URL)
# Public answers (API resources, reader pages) are stored whole under their ETag and served
# before most of the stack runs (factcheck/answer_cache.py); 0 turns it off.
PUBLIC_ANSWER_CACHE_SECONDS = env.int("PUBLIC_ANSWER_CACHE_SECONDS", default=600)
# The API's document details are read from the published record before DRF runs
# (serving/document_answers.py); off, DRF answers them (the same bytes, slower).
SERVE_DOCUMENTS_BEFORE_DRF = env.bool("SERVE_DOCUMENTS_BEFORE_DRF", default=True)
# Claim pages are stored as rendered and served from the store until a document they show
# is published again (serving/renditions.py). Off with DEBUG, so that a template being
# edited shows at once; on in production, where RELEASE names the templates that rendered
# a stored page.
STORE_CLAIM_PAGES = env.bool("STORE_CLAIM_PAGES", default=not DEBUG)
# Names the deployed code in every ETag, so that a deploy never serves answers, or lets
# clients keep copies, built by the previous release (docs/operations.md: set it to the
# commit being deployed).
RELEASE = env.str("RELEASE", default="dev")
# Lists computed over all public data (the home page's, the claim list's choices) are cached
# under the data version (factcheck/public_cache.py); 0 turns it off.
PUBLIC_LISTS_CACHE_SECONDS = env.int("PUBLIC_LISTS_CACHE_SECONDS", default=24 * 3600)
# PostgreSQL cancels a search's statements after this long (record.search.time_limit): the
# reader page and the API then answer 503 with Retry-After, and the database is free again.
SEARCH_STATEMENT_TIMEOUT_MS = env.int("SEARCH_STATEMENT_TIMEOUT_MS", default=3000)
# Seconds of search each client (partner key or address) may spend a minute, and to start
# with (serving/search_budget.py): past it, 429 until earned back. 0 turns budgets off.
SEARCH_SECONDS_PER_MINUTE = env.float("SEARCH_SECONDS_PER_MINUTE", default=10)
SEARCH_SECONDS_BURST = env.float("SEARCH_SECONDS_BURST", default=3)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django 6's behaviour now: a URL typed without a scheme is taken as https://.
FORMS_URLFIELD_ASSUME_HTTPS = True

# django-axes first: it refuses a locked-out login before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's languages (docs/pages.md, "Languages"): English at the addresses it always had,
# the others under /ru/, /ar/, /ckb/ (factcheck/urls.py). Their names, as the language
# switcher shows them, come from Django's language info, each in its own language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("ru", _("Russian")),
    ("ar", _("Arabic")),
    ("ckb", _("Central Kurdish")),
]
# The catalogues of our own strings (`make messages`); Django's and the apps' ship with them.
LOCALE_PATHS = [BASE_DIR / "locale"]
# The reader's dates and the admin's: "31 May 2017", not Django's American default.
FORMAT_MODULE_PATH = ["factcheck.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Research releases (`manage.py release`, docs/operations.md): files written once, served
# by the API. A storage alias of their own, so production can point it at object storage.
RELEASES_ROOT = Path(env.str("RELEASES_ROOT", default=str(BASE_DIR / "var" / "releases")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "releases": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": RELEASES_ROOT,
            # Served through the API (api/releases.py), never as media.
            "base_url": None,
            "file_permissions_mode": 0o644,
            "directory_permissions_mode": 0o755,
        },
    },
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Behind reverse proxies, how many append to X-Forwarded-For: rate limits, login lock-outs
# and logs then key on the address the outermost one reports. Unset (0), the header is the
# client's to write and is ignored (core/client_address.py).
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

# --- Bounds on what one request may cost (docs/admin.md, docs/interop.md) ----------------

# Rows one admin inline accepts in a post (every inline: claims/admin/widgets.py): a
# tampered TOTAL_FORMS gets a form error at once instead of thousands of forms built.
ADMIN_INLINE_MAX_ROWS = env.int("ADMIN_INLINE_MAX_ROWS", default=300)
# The largest ClaimReview file the admin upload and `import_claimreview` read (bytes): a
# file is parsed whole in memory, about six times its size.
CLAIMREVIEW_UPLOAD_MAX_BYTES = env.int("CLAIMREVIEW_UPLOAD_MAX_BYTES", default=20 * 1024 * 1024)

# --- Reader pages (docs/scaling.md) -------------------------------------------------------

# Requests one client address may make to the reader pages (everything but the API, the
# admin and the health check), as "N/min" (or /s, /hour, /day); empty for no limit. Generous:
# a newsroom or a campus shares one address. Signed-in staff are never limited.
READER_RATE = env.str("READER_RATE", default="600/min") or None

# --- The partner API (docs/api.md) -------------------------------------------------------

REST_FRAMEWORK = {
    # JSON only: every answer, errors included, is JSON whatever ?format= says.
    "DEFAULT_RENDERER_CLASSES": ["api.renderers.DocumentJSONRenderer"],
    # Read-only: no request body is ever parsed.
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    # Public data; read-only because every view is (writes answer 405).
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_THROTTLE_CLASSES": ["serving.throttling.ClientRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env.str("API_RATE_ANONYMOUS", default="120/min"),
        "partner": env.str("API_RATE_PARTNER", default="1200/min"),
    },
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.exceptions.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Claims and counter-claims: partner API",
    "DESCRIPTION": "Read-only access to published claims, their dispute threads, evidence and "
    "verdicts. Send an `X-API-Key` header for the partner rate limit.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    # The HTML reference's assets come from the sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "SpeakerKindEnum": "claims.models.speaker.SpeakerKind",
        "OutletKindEnum": "sources.models.OutletKind",
        "SourceKindEnum": "sources.models.SourceKind",
        # core.dates.DatePrecision's values (stated_on_precision, published_on_precision).
        "DatePrecisionEnum": ["day", "month", "year"],
    },
}

# Partner pages call the API from the browser: CORS open to every origin, for reads only.
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = ["accept", "if-none-match", "if-modified-since", "x-api-key"]
CORS_EXPOSE_HEADERS = ["ETag", "Last-Modified", "Link", "Retry-After"]
CORS_PREFLIGHT_MAX_AGE = 86400

# --- The task queue and webhooks (docs/api.md, "Webhooks"; docs/operations.md) ----------

# Celery, with Redis as its broker: only workers use it (the web processes never wait on
# it, so the site serves while it is down; deliveries catch up when it is back).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "redis://127.0.0.1:6379/0")
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
# A task is acknowledged when done, and taken back if its worker dies, one at a time.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# The schedule lives in memory (no file beside the code); it is two fixed intervals.
CELERY_BEAT_SCHEDULER = "celery.beat:Scheduler"
# How often new versions are handed to endpoints and due deliveries are sent (seconds):
# the most a delivery waits for its turn.
WEBHOOK_POLL_SECONDS = env.float("WEBHOOK_POLL_SECONDS", default=1.0)
CELERY_BEAT_SCHEDULE = {
    "webhooks-sweep": {"task": "webhooks.sweep", "schedule": WEBHOOK_POLL_SECONDS},
    "webhooks-prune": {"task": "webhooks.prune", "schedule": 3600.0},
}
# One POST waits this long for an answer; a worker holds a delivery this long (so longer)
# before another may send it.
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
WEBHOOK_LEASE_SECONDS = env.float("WEBHOOK_LEASE_SECONDS", default=60.0)
if WEBHOOK_LEASE_SECONDS <= WEBHOOK_TIMEOUT_SECONDS:
    raise ImproperlyConfigured(
        "WEBHOOK_LEASE_SECONDS must be longer than WEBHOOK_TIMEOUT_SECONDS."
    )
# A failing endpoint is tried again after 10 s, then 20, 40, … at most an hour apart, and
# paused once it has failed for a day.
WEBHOOK_FIRST_RETRY_SECONDS = env.float("WEBHOOK_FIRST_RETRY_SECONDS", default=10.0)
WEBHOOK_MAX_RETRY_SECONDS = env.float("WEBHOOK_MAX_RETRY_SECONDS", default=3600.0)
WEBHOOK_RETRY_HOURS = env.float("WEBHOOK_RETRY_HOURS", default=24.0)
# Delivered deliveries (and their attempts) are kept this long in the admin's log.
WEBHOOK_KEEP_DAYS = env.int("WEBHOOK_KEEP_DAYS", default=30)
# Plain HTTP and private addresses (127.0.0.1, 10.x, …) as endpoints: development and
# tests only (webhooks/destinations.py).
WEBHOOK_ALLOW_LOCAL = env.bool("WEBHOOK_ALLOW_LOCAL", default=DEBUG)

# --- Production security (DEBUG off): `manage.py check --deploy` reports nothing. ---------

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto (and strips it from clients).
if env.bool("TRUST_X_FORWARDED_PROTO", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = not DEBUG
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (docs/security.md): no inline script or style anywhere on the
# reader pages, so injected markup cannot run. Views that need more say so with
# django-csp's decorators: the embeddable card may be framed (claims/views.py); the API
# reference loads its script and styles from files (factcheck/api/urls.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

# --- Admin login: brute-force protection (django-axes; docs/security.md) -----------------

# Five wrong passwords for one username from one address lock that pair out for an hour;
# other addresses and other usernames are unaffected, so an attacker cannot lock editors
# out from elsewhere. Editors unlock someone by deleting the access attempt in the admin.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(hours=env.float("AXES_COOLOFF_HOURS", default=1.0))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A trail of failures that outlives an unlock (capped per username by axes).
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# The client's address by the same NUM_PROXIES rule as the API's rate limits and the logs.
AXES_CLIENT_IP_CALLABLE = "core.client_address.client_address"
# A page that says when to try again and whom to ask, status 429.
AXES_LOCKOUT_CALLABLE = "factcheck.lockout.lockout_response"
# No start-up banner in every manage.py command; failures and lock-outs are still logged.
AXES_VERBOSE = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "factcheck.logging.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "requests": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "loggers": {
        # One JSON line per request (factcheck.logging.RequestLogMiddleware).
        "factcheck.requests": {"handlers": ["requests"], "level": "INFO", "propagate": False},
        # Django's own lines once: its default configuration gives "django" a console
        # handler of its own (with DEBUG on) and lets the line go on to the root's too.
        "django": {
            "handlers": ["console"],
            "level": env.str("LOG_LEVEL", default="INFO"),
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
