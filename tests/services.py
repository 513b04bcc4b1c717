"""Tests that need PostgreSQL or Redis skip on a laptop without them; with
PLAYGROUND_REQUIRE_SERVICES=1 (CI) a missing service fails the test instead."""

from __future__ import annotations

import os
import socket

import pytest

POSTGRES_URL = os.environ.get("PLAYGROUND_TEST_POSTGRES", "postgres://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("PLAYGROUND_TEST_REDIS", "redis://127.0.0.1:6379/5")


def required() -> bool:
    return os.environ.get("PLAYGROUND_REQUIRE_SERVICES", "").strip() not in ("", "0")


def reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def need(name: str, host: str, port: int) -> None:
    """Skip (or, when services are required, fail) unless host:port answers."""
    if reachable(host, port):
        return
    message = f"{name} is not reachable at {host}:{port}"
    if required():
        pytest.fail(message + " and PLAYGROUND_REQUIRE_SERVICES is set")
    pytest.skip(message)
