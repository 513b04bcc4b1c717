"""One machine, then many: two Daphne processes sharing PostgreSQL and Redis.

A viewer connected to one process must see the simulation that another process steps,
and the owner's commands must reach that process, as in a classroom behind a balancer.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import websockets

from tests.services import POSTGRES_URL, REDIS_URL, need

from .helpers import make_document

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def shared_services():
    pg, redis = urlsplit(POSTGRES_URL), urlsplit(REDIS_URL)
    need("PostgreSQL", pg.hostname, pg.port or 5432)
    need("Redis", redis.hostname, redis.port or 6379)
    name = f"playground_mp_{secrets.token_hex(4)}"
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    env = {**os.environ, "DATABASE_URL": POSTGRES_URL.rsplit("/", 1)[0] + "/" + name,
           "REDIS_URL": REDIS_URL, "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env,
                   check=True, capture_output=True, timeout=120)
    yield env
    with psycopg.connect(POSTGRES_URL, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


class Servers:
    """Daphne processes on loopback sharing one database and Redis."""

    def __init__(self, env: dict[str, str], count: int) -> None:
        self.procs, self.ports = [], []
        for _ in range(count):
            port = free_port()
            self.procs.append(subprocess.Popen(
                [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
                 "playground.asgi:application"], cwd=ROOT, env=env,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            self.ports.append(port)
        deadline = time.monotonic() + 30
        for port in self.ports:
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/api/catalog/", timeout=1)
                    break
                except OSError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)

    def stop(self) -> None:
        for proc in self.procs:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(timeout=10)


@pytest.fixture
def two_servers(shared_services):
    servers = Servers(shared_services, 2)
    yield servers.ports
    servers.stop()


@pytest.fixture
def two_servers_short_lease(shared_services):
    servers = Servers({**shared_services, "LIVE_LEASE_S": "3"}, 2)
    yield servers
    servers.stop()


def post(port: int, path: str, body: dict | None) -> dict:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}",
                                     data=json.dumps(body).encode() if body else b"",
                                     headers={"Content-Type": "application/json"},
                                     method="POST")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


async def next_of(ws, match, timeout=10.0):
    async def loop():
        while True:
            message = json.loads(await ws.recv())
            if match(message):
                return message
    return await asyncio.wait_for(loop(), timeout)


def test_a_viewer_on_one_process_follows_a_session_stepped_by_another(two_servers):
    a, b = two_servers
    slug = post(a, "/api/topologies/", make_document(rps=300))["slug"]
    session = post(a, f"/api/topologies/{slug}/sessions/", None)

    async def scenario():
        url = "ws://127.0.0.1:{}" + session["ws"]
        # The viewer arrives first, on B: B steps the session from now on.
        async with websockets.connect(url.format(b), origin=f"http://127.0.0.1:{b}") as viewer:
            await next_of(viewer, lambda m: m["type"] == "state")
            owner_url = url.format(a) + f"?token={session['owner_token']}"
            async with websockets.connect(owner_url, origin=f"http://127.0.0.1:{a}") as owner:
                state = await next_of(owner, lambda m: m["type"] == "state")
                assert state["role"] == "owner"
                await owner.send(json.dumps({"type": "start"}))
                seen = await next_of(viewer, lambda m: m["type"] == "frame" and m["t"] >= 0.5)
                mine = await next_of(owner, lambda m: m["type"] == "frame" and m["t"] >= 0.5)
                assert seen["nodes"]["web"]["throughput_rps"] > 0
                assert mine["nodes"].keys() == seen["nodes"].keys()
                await owner.send(json.dumps({"type": "kill", "node": "web"}))
                event = await next_of(viewer, lambda m: m["type"] == "event")
                assert event["text"] == "web was killed"
                running = await next_of(viewer, lambda m: m["type"] == "state"
                                        and m["viewers"] == 2)
                assert running["role"] == "viewer" and running["status"] == "running"

    asyncio.run(scenario())


def test_when_the_stepping_process_dies_another_continues_the_session_for_its_viewers(
        two_servers_short_lease):
    servers = two_servers_short_lease
    a, b = servers.ports
    slug = post(a, "/api/topologies/", make_document(rps=300))["slug"]
    session = post(a, f"/api/topologies/{slug}/sessions/", None)
    url = "ws://127.0.0.1:{}" + session["ws"]
    owner_url = url + f"?token={session['owner_token']}"

    async def scenario():
        # The owner arrives first, on B: B steps the session; a viewer watches from A.
        async with websockets.connect(owner_url.format(b), origin=f"http://127.0.0.1:{b}") as owner:
            await next_of(owner, lambda m: m["type"] == "state")
            await owner.send(json.dumps({"type": "start"}))
            async with websockets.connect(url.format(a), origin=f"http://127.0.0.1:{a}") as viewer:
                before = await next_of(viewer, lambda m: m["type"] == "frame" and m["t"] >= 3)
                servers.procs[1].kill()  # B crashes: no goodbye, no lease released
                # Within a lease (3 s) and a watch period, A continues from B's last save.
                state = await next_of(viewer, lambda m: m["type"] == "state", timeout=15)
                assert state["status"] == "paused" and state["role"] == "viewer"
                assert before["t"] - 2 <= state["t"]
                async with websockets.connect(owner_url.format(a),
                                              origin=f"http://127.0.0.1:{a}") as again:
                    resumed = await next_of(again, lambda m: m["type"] == "state")
                    assert resumed["role"] == "owner"
                    await again.send(json.dumps({"type": "resume"}))
                    frame = await next_of(viewer, lambda m: m["type"] == "frame"
                                          and m["t"] > state["t"] + 0.5)
                    assert frame["nodes"]["web"]["throughput_rps"] > 0

    asyncio.run(scenario())
