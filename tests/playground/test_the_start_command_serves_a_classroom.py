"""README's start command, as a teacher runs it for a class (`scripts/start 0.0.0.0:PORT`):
students reach it by the machine's address, and a wrong link gets the playground's own
"not found" page, never Django's debug pages."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, host: str) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    process = subprocess.Popen(["bash", "scripts/start", f"0.0.0.0:{port}"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get(port, "/", "localhost")
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError("scripts/start did not serve") from None
                time.sleep(0.3)
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_students_reach_it_by_address_and_a_wrong_link_gets_no_debug_page(served):
    lan = f"10.1.2.3:{served}"  # whatever address the classroom's network gives the machine
    status, page = get(served, "/", lan)
    assert status == 200 and "04-load-balancer" in page
    assert get(served, "/static/js/editor.js", lan)[0] == 200
    status, page = get(served, "/t/05-db-replication/", lan)
    assert status == 404
    assert "<title>Not found · Architecture Playground</title>" in page
    assert "URLconf" not in page and "Traceback" not in page
