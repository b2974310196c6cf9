"""Django settings: every value comes from an environment variable with a development default.

The defaults need nothing installed (SQLite and an embedded SQLite Celery broker). Production sets
DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis), SECRET_KEY and ALLOWED_HOSTS. Each variable
is listed in README.md and .env.example.
"""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

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
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
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
    "sustain",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sustain.middleware.ThaiFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "sustain.urls"
WSGI_APPLICATION = "sustain.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
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
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(VAR_DIR / "media")))

LOGIN_URL = "admin:login"

if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", "True")
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

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
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# Solar: a system whose latest metered/expected ratio is below this is listed for maintenance.
PV_ALERT_RATIO = envfloat("PV_ALERT_RATIO", "0.8")
if not 0 < PV_ALERT_RATIO < 2:
    raise ImproperlyConfigured(f"PV_ALERT_RATIO must be between 0 and 2, got {PV_ALERT_RATIO}")

# Public map and API: household installations are shown at the centre of a grid cell this big.
PUBLIC_HOUSEHOLD_GRID_M = envfloat("PUBLIC_HOUSEHOLD_GRID_M", "250")
if PUBLIC_HOUSEHOLD_GRID_M < 100:
    raise ImproperlyConfigured("PUBLIC_HOUSEHOLD_GRID_M must be at least 100 (metres)")
# Requests per client (by IP) to the public API, e.g. "120/min", "2000/hour".
API_PUBLIC_RATE = os.getenv("API_PUBLIC_RATE", "300/min")

# Residents' requests for advice (name, phone, home location) are deleted this many days after
# they were made (Thai PDPA: kept no longer than their purpose needs).
LEAD_RETENTION_DAYS = envint("LEAD_RETENTION_DAYS", "180")
if not 1 <= LEAD_RETENTION_DAYS <= 3650:
    raise ImproperlyConfigured(
        f"LEAD_RETENTION_DAYS must be from 1 to 3650 (days), got {LEAD_RETENTION_DAYS}"
    )
# Scheduled jobs (run by `celery -A sustain beat`, or a worker started with -B).
CELERY_BEAT_SCHEDULE = {
    "leads-purge-expired": {"task": "sustain.tasks.leads_purge_expired", "schedule": 3600.0},
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # PDF and chart libraries narrate every font subset and unknown SVG property at INFO.
    "loggers": {name: {"level": "ERROR"} for name in ("weasyprint", "fontTools", "matplotlib")},
}
