"""Django settings: every value comes from an environment variable with a development default.

The defaults need nothing installed (SQLite and an embedded SQLite Celery broker). Production sets
DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis), SECRET_KEY and ALLOWED_HOSTS. Each variable
is listed in README.md and .env.example.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"  # development database, broker and media; ignored by git


def envbool(name: str, default: str) -> bool:
    """Read a "True"/"False" variable; anything else is a configuration mistake."""
    value = os.getenv(name, default)
    if value not in ("True", "False"):
        raise ImproperlyConfigured(f"{name} must be 'True' or 'False', got {value!r}")
    return value == "True"


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


def envfloat(name: str, default: str) -> float:
    value = os.getenv(name, default)
    try:
        return float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number, got {value!r}") from None


def envlist(name: str, default: str) -> list[str]:
    """A comma-separated list; blank items are dropped."""
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict[str, object]:
    """Turn sqlite:///path or postgres://user:pass@host:port/name into a DATABASES entry."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)[1:]  # sqlite:////abs/path -> /abs/path
        if parts.netloc or not path.startswith("/"):
            raise ImproperlyConfigured(f"DATABASE_URL: use sqlite:////absolute/path, got {url!r}")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    if parts.scheme in ("postgres", "postgresql"):
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ImproperlyConfigured(f"DATABASE_URL: no database name in {url!r}")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"DATABASE_URL: bad port in {url!r}") from None
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    raise ImproperlyConfigured(
        f"DATABASE_URL must start with sqlite:// or postgres://, got {parts.scheme or url!r}"
    )


def cache_from_url(url: str) -> dict[str, object]:
    """locmem:// (one process) or redis://host:port/db (shared by every web process)."""
    if url.startswith("locmem://"):
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "sustain.rediscache.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"CACHE_URL must start with locmem:// or redis://, got {url!r}")


DEBUG = envbool("DEBUG", "True")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY is required when DEBUG is False")
    SECRET_KEY = "development-only-key-never-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "ninja",  # serves Swagger UI from static files, not a CDN
    "axes",  # sign-in lockout
    "csp",
    "sustain",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # (with STATIC_MANIFEST, WhiteNoise comes here: see below)
    # Brotli or gzip for every answer that is not compressed yet (outside the rest, so it sees
    # each answer last).
    "sustain.compression.CompressionMiddleware",
    "csp.middleware.CSPMiddleware",
    "sustain.middleware.ApiBodyLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sustain.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sustain.middleware.PublicPageRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: turns a lockout into its page
]

AUTHENTICATION_BACKENDS = [
    "sustain.signin.SignInThrottleBackend",  # first: refuses a locked user name and address
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "sustain.urls"
WSGI_APPLICATION = "sustain.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Before the apps' own: the admin templates we change (BE years in the date drill-down).
        "DIRS": [BASE_DIR / "sustain" / "templates_override"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

if "DATABASE_URL" not in os.environ or "CELERY_BROKER_URL" not in os.environ:
    VAR_DIR.mkdir(exist_ok=True)  # SQLite does not create missing folders

DATABASES = {
    "default": database_from_url(
        os.getenv("DATABASE_URL", f"sqlite:///{VAR_DIR / 'sustain.sqlite3'}")
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests use a file, not SQLite's in-memory database: a live test server shares an in-memory
    # connection between its threads, and a page's parallel requests then collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-sustain.sqlite3")}
    # Every transaction takes SQLite's write lock when it begins, so concurrent writers wait their
    # turn (up to the timeout) instead of failing with "database is locked" halfway through; this
    # is what serialises commits and device batches on SQLite (PostgreSQL uses locks).
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Thai first, English second; storage is UTC, display is Asia/Bangkok (UTC+7, no DST).
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "sustain" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Fingerprinted, compressed static files (WhiteNoise); on by default in production, where
# `manage.py collectstatic` must have run.
STATIC_MANIFEST = envbool("STATIC_MANIFEST", "False" if DEBUG else "True")
if STATIC_MANIFEST:
    # Static files served by the app itself, compressed and fingerprinted, with a year's
    # Cache-Control (no nginx needed for them); development uses runserver's static view.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(VAR_DIR / "media")))
# Uploads, refused rows, reports and memo drafts: never served by the web server, only by views
# that check permissions (sustain/storage.py). With nginx, PRIVATE_FILES_X_ACCEL_PREFIX names an
# internal location aliased to this folder, and nginx sends the bytes.
PRIVATE_MEDIA_ROOT = Path(os.getenv("PRIVATE_MEDIA_ROOT", str(VAR_DIR / "private")))
PRIVATE_FILES_X_ACCEL_PREFIX = os.getenv("PRIVATE_FILES_X_ACCEL_PREFIX", "")
# Uploaded originals and refused-row files are deleted this many days after the upload.
PRIVATE_FILE_RETENTION_DAYS = envint("PRIVATE_FILE_RETENTION_DAYS", "30")
if PRIVATE_FILE_RETENTION_DAYS < 1:
    raise ImproperlyConfigured("PRIVATE_FILE_RETENTION_DAYS must be at least 1")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {"BACKEND": "sustain.storage.PrivateStorage"},
    # Production: file names carry a hash of the content (cached for ever by browsers) and every
    # file is stored gzip- and Brotli-compressed beside the original; needs `collectstatic`.
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if STATIC_MANIFEST
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

LOGIN_URL = "admin:login"

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "True")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")  # nginx must set it
# HTTPS in production (`manage.py check --deploy` asks for each): redirect plain HTTP, and tell
# browsers to use HTTPS only for this long (HSTS). Start HSTS small (300) and raise it to a year.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "False")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "False")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "False")

# Celery: the embedded SQLite broker needs no server; production points this at Redis.
CELERY_BROKER_URL = os.getenv(
    "CELERY_BROKER_URL", f"sqla+sqlite:///{VAR_DIR / 'celery-broker.sqlite3'}"
)
CELERY_RESULT_BACKEND = os.getenv(
    "CELERY_RESULT_BACKEND",
    CELERY_BROKER_URL
    if CELERY_BROKER_URL.startswith("redis")
    else f"db+sqlite:///{VAR_DIR / 'celery-results.sqlite3'}",
)
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", "False")
CELERY_TASK_DEFAULT_QUEUE = os.getenv("CELERY_TASK_DEFAULT_QUEUE", "sustain")
CELERY_TIMEZONE = TIME_ZONE
# A task's message is acknowledged only when the task ends; if the worker process dies (killed,
# out of memory) the message goes back to the queue. On Redis an unacknowledged message returns
# after the visibility timeout, which must be longer than the longest task (see the README).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_VISIBILITY_TIMEOUT_S = envint("CELERY_VISIBILITY_TIMEOUT_S", "3600")
if CELERY_VISIBILITY_TIMEOUT_S < 60:
    raise ImproperlyConfigured("CELERY_VISIBILITY_TIMEOUT_S must be at least 60 (seconds)")
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Only Redis has it (the embedded broker would pass it on to SQLAlchemy and fail).
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT_S}

# Long jobs (fleet estimates, GIS imports, reports): a running job writes a heartbeat every
# JOB_HEARTBEAT_S; one silent for JOB_STALE_MINUTES is failed by the sweep (every JOB_SWEEP_S, and
# when a worker starts) and staff may retry it. Database errors are retried JOB_MAX_RETRIES
# times, waiting 1, 2, 4 … seconds (at most JOB_RETRY_BACKOFF_MAX_S).
JOB_STALE_MINUTES = envfloat("JOB_STALE_MINUTES", "5")
# A fleet run with more orientation groups (tilt, azimuth, mounting) than this is split into a
# chord of chunk tasks of this many groups each (services/solar/fleet_chunks.py).
FLEET_CHUNK_GROUPS = envint("FLEET_CHUNK_GROUPS", "256")
JOB_HEARTBEAT_S = envfloat("JOB_HEARTBEAT_S", "30")
JOB_SWEEP_S = envfloat("JOB_SWEEP_S", "60")
JOB_MAX_RETRIES = envint("JOB_MAX_RETRIES", "5")
JOB_RETRY_BACKOFF_MAX_S = envint("JOB_RETRY_BACKOFF_MAX_S", "60")
if not 0 < JOB_HEARTBEAT_S <= JOB_STALE_MINUTES * 60 / 3:
    raise ImproperlyConfigured(
        "need 0 < JOB_HEARTBEAT_S <= JOB_STALE_MINUTES × 20 (three heartbeats per stale time)"
    )
if JOB_SWEEP_S <= 0 or JOB_MAX_RETRIES < 0 or JOB_RETRY_BACKOFF_MAX_S < 1:
    raise ImproperlyConfigured(
        "need JOB_SWEEP_S > 0, JOB_MAX_RETRIES >= 0 and JOB_RETRY_BACKOFF_MAX_S >= 1"
    )

# Scheduled work for `celery beat` (one beat process per deployment, or the worker's -B), Thai
# time. Every scheduled job is listed here and nowhere else.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    # Fail jobs whose worker died; a sweep not run before the next is due is dropped (expires).
    "jobs-fail-stale": {
        "task": "sustain.tasks.jobs_fail_stale",
        "schedule": JOB_SWEEP_S,
        "options": {"expires": JOB_SWEEP_S},
    },
    # Uploads and refused rows past PRIVATE_FILE_RETENTION_DAYS.
    "private-files-purge": {
        "task": "sustain.tasks.private_files_purge",
        "schedule": crontab(hour=3, minute=17),
    },
    # Each staff member's due visits, Monday before work.
    "maintenance-weekly-summary": {
        "task": "sustain.tasks.maintenance_weekly_summary",
        "schedule": crontab(hour=7, minute=0, day_of_week="mon"),
    },
}

# Solar: a system whose latest metered/expected ratio is below this is listed for maintenance.
PV_ALERT_RATIO = envfloat("PV_ALERT_RATIO", "0.8")
if not 0 < PV_ALERT_RATIO < 2:
    raise ImproperlyConfigured(f"PV_ALERT_RATIO must be between 0 and 2, got {PV_ALERT_RATIO}")

# Public map and API: household installations are shown at the centre of a grid cell this big.
PUBLIC_HOUSEHOLD_GRID_M = envfloat("PUBLIC_HOUSEHOLD_GRID_M", "250")
if PUBLIC_HOUSEHOLD_GRID_M < 100:
    raise ImproperlyConfigured("PUBLIC_HOUSEHOLD_GRID_M must be at least 100 (metres)")
# Requests per client address to the public API, e.g. "120/min", "2000/hour"; public pages and the
# map's GeoJSON have their own, higher rate (a map view is a page and two GeoJSON requests).
API_PUBLIC_RATE = os.getenv("API_PUBLIC_RATE", "300/min")
PUBLIC_PAGE_RATE = os.getenv("PUBLIC_PAGE_RATE", "600/min")
# The client address is the socket's unless this many proxies of ours (nginx: 1) stand in front;
# then it is the X-Forwarded-For entry the outermost one wrote. Spoofed entries never count.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
NINJA_NUM_PROXIES = TRUSTED_PROXY_COUNT

# Sign-in (django-axes): this many failures for one user name from one address lock that pair.
LOGIN_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "5")
LOGIN_LOCKOUT_MINUTES = envint("LOGIN_LOCKOUT_MINUTES", "15")
if LOGIN_FAILURE_LIMIT < 1 or LOGIN_LOCKOUT_MINUTES < 1:
    raise ImproperlyConfigured("LOGIN_FAILURE_LIMIT and LOGIN_LOCKOUT_MINUTES must be at least 1")
AXES_FAILURE_LIMIT = "sustain.signin.failure_limit"  # read from the two settings above
AXES_COOLOFF_TIME = "sustain.signin.cool_off"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the time on the page stays true
AXES_CLIENT_IP_CALLABLE = "sustain.clientip.client_ip"
AXES_LOCKOUT_CALLABLE = "sustain.signin.lockout_response"
AXES_VERBOSE = False

# The largest request body the API reads (JSON); GIS uploads have GIS_UPLOAD_MAX_MB.
API_MAX_BODY_MB = envint("API_MAX_BODY_MB", "5")
if API_MAX_BODY_MB < 1:
    raise ImproperlyConfigured("API_MAX_BODY_MB must be at least 1")
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_MB * 1_000_000

# Residents' requests for advice (name, phone, home location) are deleted this many days after
# they were made (Thai PDPA: kept no longer than their purpose needs).
LEAD_RETENTION_DAYS = envint("LEAD_RETENTION_DAYS", "180")
if not 1 <= LEAD_RETENTION_DAYS <= 3650:
    raise ImproperlyConfigured(
        f"LEAD_RETENTION_DAYS must be from 1 to 3650 (days), got {LEAD_RETENTION_DAYS}"
    )
CELERY_BEAT_SCHEDULE["leads-purge-expired"] = {
    "task": "sustain.tasks.leads_purge_expired",
    "schedule": 3600.0,
}

NINJA_PAGINATION_MAX_LIMIT = 1000
NINJA_PAGINATION_MAX_OFFSET = 10_000_000

CACHES = {"default": cache_from_url(os.getenv("CACHE_URL", "locmem://"))}

# Maps: the basemap tiles are the only outside resource (empty: no basemap). OpenStreetMap's
# servers see each visitor's address; a municipality may prefer its own tile server.
MAP_TILES_URL = os.getenv("MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILES_ATTRIBUTION = os.getenv("MAP_TILES_ATTRIBUTION", "© OpenStreetMap contributors")
# Where residents report a problem at a waste point (Traffy Fondue, NECTEC).
# GIS imports: the largest upload, and the most a zipped Shapefile may expand to (megabytes).
GIS_UPLOAD_MAX_MB = envint("GIS_UPLOAD_MAX_MB", "50")
GIS_ARCHIVE_MAX_MB = envint("GIS_ARCHIVE_MAX_MB", "200")
if not 0 < GIS_UPLOAD_MAX_MB <= GIS_ARCHIVE_MAX_MB:
    raise ImproperlyConfigured("need 0 < GIS_UPLOAD_MAX_MB <= GIS_ARCHIVE_MAX_MB")
TRAFFY_FONDUE_URL = os.getenv("TRAFFY_FONDUE_URL", "https://fondue.traffy.in.th/")
# Traffy Fondue's LINE official account: the map's "report a problem" opens a chat with the
# point's code, name and coordinates filled in (empty: the web link only).
TRAFFY_LINE_ACCOUNT = os.getenv("TRAFFY_LINE_ACCOUNT", "@traffyfondue")


def tiles_origin(url: str) -> list[str]:
    """The basemap's origin for the policy's img-src ({s} subdomains become a wildcard)."""
    if not url:
        return []
    parts = urlsplit(url.replace("{s}.", "placeholder."))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ImproperlyConfigured(f"MAP_TILES_URL must be an http(s) URL, got {url!r}")
    host = parts.netloc.replace("placeholder.", "*.")
    return [f"{parts.scheme}://{host}"]


# Content-Security-Policy (django-csp) on every answer: scripts only from our static files or
# inline with the request's nonce (folium's map script); nothing from a CDN; images from us, the
# charts' data: URLs and the basemap. Style attributes stay allowed (Leaflet positions markers
# with them); style elements need the nonce too.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],  # for browsers without the two below
        "style-src-elem": [SELF, NONCE],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": [SELF, "data:", *tiles_origin(MAP_TILES_URL)],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Maintenance: the largest inspection photo staff may upload (megabytes, before resizing).
PHOTO_MAX_MB = envint("PHOTO_MAX_MB", "15")
if not 1 <= PHOTO_MAX_MB <= 100:
    raise ImproperlyConfigured(f"PHOTO_MAX_MB must be from 1 to 100, got {PHOTO_MAX_MB}")

# E-mail (the weekly list of due visits): printed to the console unless EMAIL_HOST is set.
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "True")
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "sustain@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # PDF and chart libraries narrate every font subset and unknown SVG property at INFO.
    "loggers": {
        **{name: {"level": "ERROR"} for name in ("weasyprint", "fontTools", "matplotlib")},
        "axes": {"level": "WARNING"},  # failures and lockouts, not every successful sign-in
    },
}
