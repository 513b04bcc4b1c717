"""Settings for the architecture playground.

Everything that differs between a laptop and a classroom deployment comes from the
environment; the defaults are the embedded set-up (SQLite, in-memory channel layer,
one process, nothing else to install).

Environment:
    DATABASE_URL          e.g. postgres://user@host:5432/name (default: SQLite db.sqlite3
                          in the repository root)
    SECRET_KEY            required when DEBUG is false
    DEBUG                 true/false (default: true, for local use)
    ALLOWED_HOSTS         comma-separated (default: localhost,127.0.0.1,[::1],testserver)
    CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://playground.example.org
    REDIS_URL             when set: channels_redis channel layer and a Redis cache
                          (shared rate-limit counters across processes)
    PLAYGROUND_CREATE_LIMIT, PLAYGROUND_CREATE_WINDOW_S
                          anonymous creations (create + fork) allowed per client
                          address per window (default: 30 per 600 s; limit 0 = off)
    PLAYGROUND_TRUSTED_PROXIES
                          number of reverse proxies in front of the app whose
                          X-Forwarded-For entries are trusted (default: 0)
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    value = value.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from None


DEBUG = env_bool("DEBUG", True)

# A long, non-"django-insecure-" development key keeps `check --deploy` quiet about its
# shape; it is refused outright when DEBUG is off.
_DEV_SECRET_KEY = "dev-only:architecture-playground:5f0c9d2e8b7a4e61a3c2b9d8e7f6a5b4c3d2e1f0a9b8"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("Set SECRET_KEY in the environment when DEBUG is false.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "daphne",  # first, so `manage.py runserver` serves ASGI (websockets included)
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "playground.topologies",
    "playground.live",
]

MIDDLEWARE = [
    # Outermost: whatever happens below, /api/ answers in JSON, never HTML.
    "playground.topologies.middleware.ApiErrorsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "playground.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

ASGI_APPLICATION = "playground.asgi.application"

# --- database -----------------------------------------------------------------------

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts and wait for it instead of failing
    # at once, so concurrent saves from several Daphne workers queue up politely.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- cache and channel layer --------------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
# Messages a channel may hold (default 100): a classroom joining at once sends a session's
# runner one join per student. Frames never pile up: each socket keeps only the latest.
LAYER_CAPACITY = 1000

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "playground",
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "capacity": LAYER_CAPACITY},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "playground",
        }
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "playground.live.layers.EmbeddedChannelLayer",
                                  "CONFIG": {"capacity": LAYER_CAPACITY}}}

# --- live sessions (docs/PROTOCOL.md) --------------------------------------------------

LIVE_MAX_NODES = int(os.environ.get("LIVE_MAX_NODES", "500"))
LIVE_MAX_SESSIONS = int(os.environ.get("LIVE_MAX_SESSIONS", "50"))  # per server process
LIVE_IDLE_TIMEOUT_S = float(os.environ.get("LIVE_IDLE_TIMEOUT_S", "600"))
LIVE_MAX_MESSAGES_PER_S = int(os.environ.get("LIVE_MAX_MESSAGES_PER_S", "20"))
LIVE_LEASE_S = float(os.environ.get("LIVE_LEASE_S", "15"))
# A run whose owner has left (viewers still watching) pauses after this long: nobody else
# can pause it, and a reload of the owner's page comes back well within it.
LIVE_OWNER_GRACE_S = float(os.environ.get("LIVE_OWNER_GRACE_S", "30"))
# New live sessions per client address per PLAYGROUND_CREATE_WINDOW_S.
LIVE_SESSION_LIMIT = int(os.environ.get("LIVE_SESSION_LIMIT", "120"))

# --- internationalisation -------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ko", "한국어")]
# Translations of the templates and the browser side (django.po, djangojs.po; the
# compiled .mo files are committed so a machine without gettext still shows Korean).
LOCALE_PATHS = [BASE_DIR / "playground" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static files ---------------------------------------------------------------------

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# --- the playground -------------------------------------------------------------------

#: Largest request body the API reads (CONTRACT.md: 1 MB). Bigger bodies get 413.
PLAYGROUND_MAX_BODY_BYTES = 1_000_000
# Django refuses bigger bodies itself (RequestDataTooBig); the API turns that into 413.
DATA_UPLOAD_MAX_MEMORY_SIZE = PLAYGROUND_MAX_BODY_BYTES

#: Anonymous creations (create and fork) per client address per window; 0 turns it off.
#: A class behind one address shares it: 120 lets 30 students make a few copies each.
#: Only valid documents count (a refused one creates nothing).
PLAYGROUND_CREATE_LIMIT = env_int("PLAYGROUND_CREATE_LIMIT", 120)
PLAYGROUND_CREATE_WINDOW_S = env_int("PLAYGROUND_CREATE_WINDOW_S", 600)
#: Attempts (refused documents included) per address per window: bounds the validation work.
PLAYGROUND_ATTEMPT_LIMIT = env_int("PLAYGROUND_ATTEMPT_LIMIT", 600)
#: Reverse proxies in front of the app whose X-Forwarded-For entries are trusted.
PLAYGROUND_TRUSTED_PROXIES = env_int("PLAYGROUND_TRUSTED_PROXIES", 0)

#: Where `manage.py load_lessons` finds the lesson documents.
PLAYGROUND_LESSONS_DIR = BASE_DIR / "simulator" / "lessons"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"playground": {"handlers": ["console"], "level": "INFO"}},
}
