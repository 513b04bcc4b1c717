"""Browser tests: real Chromium (Debian's `chromium`, driven by Playwright's sync API)
against a real Daphne server.

The server runs in a subprocess on a free port with its own SQLite file, migrated and
loaded with the lessons first (pytest-django's live_server is WSGI and cannot be used).
Run these in their own pytest process, apart from the pytest-asyncio tests:

    .venv/bin/pytest tests/browser -q -p no:asyncio

Without Chromium (or Playwright, or the npm libraries in static/vendor/) the tests
skip; with PLAYGROUND_REQUIRE_SERVICES=1 (CI) they fail instead.
Each test saves screenshots under test-artifacts/browser/ (failures: FAILED-<test>.png).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; let Django code run anyway.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts" / "browser"
VENDOR_FILES = ("cytoscape.min.js", "cytoscape-dagre.js", "plotly-basic.min.js")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1366, "height": 860}


def require_services() -> bool:
    return os.environ.get("PLAYGROUND_REQUIRE_SERVICES", "").strip() not in ("", "0")


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def missing_prerequisite() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if chromium_path() is None:
        return "Chromium is not installed (apt-get install -y chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright Python package is not installed (pip install -e '.[dev]')"
    missing = [f for f in VENDOR_FILES if not (ROOT / "static" / "vendor" / f).is_file()]
    if missing:
        return f"static/vendor/ lacks {', '.join(missing)} (run scripts/setup)"
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: end-to-end test in real Chromium")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    reason = missing_prerequisite()
    for item in items:
        if HERE not in Path(item.path).parents:
            continue
        item.add_marker(pytest.mark.browser)
        if reason and not require_services():
            item.add_marker(pytest.mark.skip(reason=f"browser test skipped: {reason}"))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):  # type: ignore[no-untyped-def]
    report = yield
    if report.when == "call":
        item.stash[FAILED] = report.failed
    return report


FAILED = pytest.StashKey[bool]()


# --- the server -------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_up(url: str, proc: subprocess.Popen, log: Path, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"Daphne exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.1)
    pytest.fail(f"Daphne did not answer {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def live_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a Daphne server with a fresh database and the lessons loaded."""
    reason = missing_prerequisite()
    if reason:  # only reached with PLAYGROUND_REQUIRE_SERVICES=1 (else skipped)
        pytest.fail(f"{reason}; PLAYGROUND_REQUIRE_SERVICES=1 makes this a failure")
    workdir = tmp_path_factory.mktemp("browser-server")
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{workdir / 'playground.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "playground.settings",
        "DJANGO_ALLOW_ASYNC_UNSAFE": "true",
        "DEBUG": "true",  # Django serves static/ (no collectstatic needed)
        "PLAYGROUND_CREATE_LIMIT": "0",  # the tests create many topologies from one address
        "LIVE_OWNER_GRACE_S": "3",  # a run its owner left pauses within a test's patience
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("REDIS_URL", None)
    for command in (["migrate", "--noinput"], ["load_lessons"]):
        done = subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        if done.returncode != 0:
            pytest.fail(f"manage.py {' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    port = free_port()
    log = workdir / "daphne.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "daphne",
                "-b",
                "127.0.0.1",
                "-p",
                str(port),
                "playground.asgi:application",
            ],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/api/catalog/", proc, log)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


# --- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser(live_url: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def new_context(browser, live_url: str, request: pytest.FixtureRequest, artifacts: Path):  # type: ignore[no-untyped-def]
    """A factory of fresh browser contexts (separate storage, like separate people)."""
    contexts = []

    def make(**options):  # type: ignore[no-untyped-def]
        options = {"base_url": live_url, "viewport": VIEWPORT, "locale": "en-US", **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield make
    failed = request.node.stash.get(FAILED, False)
    for index, context in enumerate(contexts):
        if failed:
            for n, page in enumerate(context.pages):
                try:
                    page.screenshot(
                        path=str(artifacts / f"FAILED-{request.node.name}-{index}-{n}.png")
                    )
                except Exception:  # noqa: BLE001 - best effort only
                    pass
        context.close()


@pytest.fixture
def page(new_context):  # type: ignore[no-untyped-def]
    """A page in a fresh context; JavaScript errors in the page fail the test."""
    context = new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors in the page: {errors}"
