"""Websocket helpers for the live-session tests."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator

from playground.asgi import application
from playground.live.models import LiveSession
from playground.topologies.models import Topology

from .helpers import make_document


@database_sync_to_async
def new_session(document: dict[str, Any] | None = None) -> tuple[str, str]:
    topology, _ = Topology.create_from_document(document or make_document(rps=200))
    session, token = LiveSession.start_for(topology)
    return session.id, token


async def connect(session: str, token: str | None = None) -> WebsocketCommunicator:
    path = f"/ws/sessions/{session}/" + (f"?token={token}" if token else "")
    ws = WebsocketCommunicator(application, path, headers=[(b"origin", b"http://localhost")])
    connected, _ = await ws.connect()
    assert connected
    return ws


async def receive_until(ws: WebsocketCommunicator, match: Callable[[dict], bool],
                        timeout: float = 5.0) -> dict[str, Any]:
    """The first message that matches, skipping others (frames, events…)."""
    async def loop() -> dict[str, Any]:
        while True:
            message = json.loads(await ws.receive_from(timeout=timeout))
            if match(message):
                return message
    return await asyncio.wait_for(loop(), timeout)


def of_type(kind: str, **fields: Any) -> Callable[[dict], bool]:
    return lambda m: m.get("type") == kind and all(m.get(k) == v for k, v in fields.items())


async def quiet(ws: WebsocketCommunicator, seconds: float = 0.3) -> list[dict[str, Any]]:
    """Everything that arrives within ``seconds``."""
    out = []
    # receive_nothing waits without cancelling the app (a receive timeout would kill it).
    while not await ws.receive_nothing(timeout=seconds):
        out.append(json.loads(await ws.receive_from()))
    return out


# A primary and one replica 200 ms behind, failing over 3 s after a kill.
REPLICATED = {
    "format": "architecture-playground", "version": 1, "title": "Replicated",
    "nodes": [{"id": "users", "kind": "client", "params": {"rps": 500, "read_ratio": 0.8}},
              {"id": "web", "kind": "web_server"},
              {"id": "db", "kind": "database", "params": {"failover_timeout_ms": 2000,
                                                          "promotion_ms": 1000}},
              {"id": "replica", "kind": "database",
               "params": {"role": "replica", "replication_lag_ms": 200}}],
    "edges": [{"source": "users", "target": "web"}, {"source": "web", "target": "db"},
              {"source": "db", "target": "replica"}],
}


async def failed_over() -> tuple[str, str, WebsocketCommunicator, dict[str, Any]]:
    """A REPLICATED session run at 10x past a kill of its primary: (session, owner token, the
    owner's socket, the event that tells the writes lost)."""
    session, token = await new_session(REPLICATED)
    owner = await connect(session, token)
    await owner.send_json_to({"type": "speed", "value": 10})
    await owner.send_json_to({"type": "start"})
    await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= 2)
    await owner.send_json_to({"type": "kill", "node": "db"})
    event = await receive_until(owner, lambda m: m["type"] == "event" and "lost" in m["text"])
    return session, token, owner, event
