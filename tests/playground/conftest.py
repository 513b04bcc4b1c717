"""Fixtures for the Django side.

Database: SQLite by default; PostgreSQL (or anything dj-database-url reads) when
DATABASE_URL is set, e.g. ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/test``
(Django creates and drops ``test_<name>`` next to it). On SQLite the test database is
a file, not Django's shared in-memory database, so that concurrent requests from
several threads queue for the write lock as they do in production instead of failing.
"""

from __future__ import annotations

from typing import Any

import pytest
from channels.layers import channel_layers
from django.conf import settings as django_settings
from django.core.cache import cache
from django.test import Client

from playground.live.runner import Runner

from .helpers import Api, Created, make_document


def pytest_report_header(config: pytest.Config) -> str:
    db = django_settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    if vendor == "sqlite3":
        return "playground database: sqlite3 (a temporary test file)"
    return f"playground database: {vendor} at {db.get('HOST')}:{db.get('PORT')} (test_{db['NAME']})"


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    db = django_settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        db.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def fresh_cache() -> None:
    """Rate-limit counters live in the cache: every test starts from zero."""
    cache.clear()


@pytest.fixture
def document() -> dict[str, Any]:
    return make_document()


@pytest.fixture
def api(client: Client) -> Api:
    return Api(client)


@pytest.fixture
def created(api: Api, db: None) -> Created:
    return api.create()


@pytest.fixture
async def fresh_live():
    """A new in-memory layer bound to this test's event loop, no runners left behind."""
    channel_layers.backends = {}
    Runner._starting = None
    yield
    for runner in list(Runner.registry.values()):
        await runner.stop()
    for _, watch in Runner.followed.values():
        watch.cancel()
    Runner.followed.clear()
