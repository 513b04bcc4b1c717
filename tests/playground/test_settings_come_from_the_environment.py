"""Settings are read from the environment; each case loads settings.py afresh."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "playground" / "settings.py"
VARIABLES = (
    "DATABASE_URL",
    "SECRET_KEY",
    "DEBUG",
    "ALLOWED_HOSTS",
    "REDIS_URL",
    "PLAYGROUND_CREATE_LIMIT",
    "PLAYGROUND_CREATE_WINDOW_S",
    "CSRF_TRUSTED_ORIGINS",
)


@pytest.fixture
def load(monkeypatch):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)

    def load(**env):
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        return runpy.run_path(str(SETTINGS))

    return load


def test_the_defaults_are_the_embedded_set_up(load):
    s = load()
    assert s["DEBUG"] is True
    db = s["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(db["NAME"]) == SETTINGS.parents[1] / "db.sqlite3"
    assert s["ALLOWED_HOSTS"] == ["localhost", "127.0.0.1", "[::1]", "testserver"]
    layer = s["CHANNEL_LAYERS"]["default"]["BACKEND"]
    assert layer == "playground.live.layers.EmbeddedChannelLayer"
    assert s["CACHES"]["default"]["BACKEND"].endswith("LocMemCache")
    assert s["INSTALLED_APPS"][0] == "daphne"
    assert "channels" in s["INSTALLED_APPS"]
    assert s["ASGI_APPLICATION"] == "playground.asgi.application"
    assert [code for code, _ in s["LANGUAGES"]] == ["en", "ko"]
    assert "django.middleware.locale.LocaleMiddleware" in s["MIDDLEWARE"]
    assert s["STATICFILES_DIRS"] == [SETTINGS.parents[1] / "static"]
    assert s["TEMPLATES"][0]["DIRS"] == [SETTINGS.parents[1] / "templates"]


def test_the_development_secret_key_passes_djangos_strength_check(load):
    key = load()["SECRET_KEY"]
    assert len(key) >= 50 and len(set(key)) >= 5 and not key.startswith("django-insecure-")


def test_database_url_selects_postgresql(load):
    db = load(DATABASE_URL="postgres://pg@db.example:5433/playground")["DATABASES"]["default"]
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["HOST"], db["PORT"], db["NAME"], db["USER"]) == (
        "db.example",
        5433,
        "playground",
        "pg",
    )


def test_redis_url_selects_channels_redis_and_a_shared_cache(load):
    s = load(REDIS_URL="redis://cache.example:6379/0")
    layer = s["CHANNEL_LAYERS"]["default"]
    assert layer["BACKEND"] == "channels_redis.core.RedisChannelLayer"
    assert layer["CONFIG"]["hosts"] == ["redis://cache.example:6379/0"]
    assert s["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"


def test_debug_allowed_hosts_and_limits_are_read(load):
    s = load(
        DEBUG="false",
        SECRET_KEY="k" * 60,
        ALLOWED_HOSTS="a.example, b.example",
        PLAYGROUND_CREATE_LIMIT="5",
        PLAYGROUND_CREATE_WINDOW_S="60",
    )
    assert s["DEBUG"] is False
    assert s["SECRET_KEY"] == "k" * 60
    assert s["ALLOWED_HOSTS"] == ["a.example", "b.example"]
    assert (s["PLAYGROUND_CREATE_LIMIT"], s["PLAYGROUND_CREATE_WINDOW_S"]) == (5, 60)


def test_production_without_a_secret_key_refuses_to_start(load):
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        load(DEBUG="0")


def test_a_garbled_debug_value_is_an_error_not_a_guess(load):
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        load(DEBUG="maybe")
