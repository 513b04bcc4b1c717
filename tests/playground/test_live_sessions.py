"""Live sessions over websockets (CONTRACT.md §5): roles, frames, pausing, errors."""

from __future__ import annotations

import asyncio
import json

import pytest
from channels.db import database_sync_to_async

from playground.live.models import LiveSession
from playground.live.runner import Runner

from .helpers import make_document
from .live_helpers import connect, new_session, of_type, quiet, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]




def runner_of(session: str) -> Runner:
    return Runner.registry[session]


async def test_the_owner_gets_state_with_the_owner_role():
    session, token = await new_session()
    ws = await connect(session, token)
    state = await receive_until(ws, of_type("state"))
    assert state["role"] == "owner" and state["status"] == "idle" and state["t"] == 0
    assert state["viewers"] == 1 and {n["id"] for n in state["document"]["nodes"]} == \
        {"users", "web", "db"}
    await ws.disconnect()


async def test_a_viewer_cannot_control_and_nothing_changes():
    session, token = await new_session()
    viewer = await connect(session)
    assert (await receive_until(viewer, of_type("state")))["role"] == "viewer"
    await viewer.send_json_to({"type": "start"})
    error = await receive_until(viewer, of_type("error"))
    assert "only the session's owner" in error["message"]
    assert runner_of(session).status == "idle"
    await viewer.disconnect()


async def test_a_wrong_token_is_told_and_watches():
    session, _ = await new_session()
    ws = await connect(session, "not-the-token")
    error = await receive_until(ws, of_type("error"))
    assert "owner token is wrong" in error["message"]
    await ws.send_json_to({"type": "pause"})
    assert "only the session's owner" in (await receive_until(ws, of_type("error")))["message"]
    await ws.disconnect()


@pytest.mark.parametrize("raw, reason", [
    ("not json", "must be JSON"),
    ("[1, 2]", "JSON object"),
    ('{"type": "explode"}', 'unknown message type "explode"'),
    ('{"node": "web"}', 'a message needs a "type": one of start,'),
    ('{"type": null}', '"type" must be text, one of '),
    ('{"type": 5}', '"type" must be text, one of '),
    ('{"type": []}', '"type" must be text, one of '),  # (unhashable: it crashed)
    ('{"type": "speed"}', "speed needs value"),
    ('{"type": "speed", "value": 500}', "whole number from 1 to 100"),
    ('{"type": "kill"}', "kill needs node"),
    ('{"type": "kill", "node": "ghost"}', 'no node with id \"ghost\"'),
    ('{"type": "kill", "node": ["web"]}', "must be a node's id (text)"),
    ('{"type": "set_param", "node": "web", "param": "servers", "value": -1}', "at least 1"),
    ('{"type": "set_traffic", "node": "web", "rps": 5}', "not a client"),
    ('{"type": "pause"}', "cannot pause: the session is idle"),
])
async def test_every_malformed_or_refused_message_gets_an_error_and_changes_nothing(raw, reason):
    session, token = await new_session()
    ws = await connect(session, token)
    before = await receive_until(ws, of_type("state"))
    await ws.send_to(text_data=raw)
    error = await receive_until(ws, of_type("error"))
    assert reason in error["message"]
    runner = runner_of(session)
    assert runner.status == "idle" and runner.engine.t == 0
    assert runner.engine.current_document() == before["document"]
    await ws.disconnect()


async def test_two_viewers_receive_identical_frames():
    session, token = await new_session()
    owner = await connect(session, token)
    viewer = await connect(session)
    await owner.send_json_to({"type": "start"})
    frames = []
    for ws in (owner, viewer):
        frames.append(await receive_until(ws, lambda m: m["type"] == "frame" and m["t"] >= 0.3))
    assert frames[0] == frames[1]
    web = frames[0]["nodes"]["web"]
    assert web["state"] == "up" and web["throughput_rps"] > 0
    assert {"source": "users", "target": "web"}.items() <= frames[0]["edges"][0].items()
    await owner.disconnect()
    await viewer.disconnect()


async def test_kill_and_restore_are_narrated_and_change_the_frames():
    session, token = await new_session()
    ws = await connect(session, token)
    await ws.send_json_to({"type": "start"})
    await ws.send_json_to({"type": "kill", "node": "web"})
    event = await receive_until(ws, of_type("event"))
    assert event["text"] == "web was killed" and event["node"] == "web"
    frame = await receive_until(ws, lambda m: m["type"] == "frame"
                                and m["nodes"]["web"]["state"] == "down")
    assert frame["nodes"]["web"]["error_rps"] > 0
    await ws.send_json_to({"type": "restore", "node": "web"})
    assert (await receive_until(ws, of_type("event")))["text"] == "web was restored"
    await ws.disconnect()


async def test_the_last_socket_leaving_pauses_at_once_and_the_owner_resumes_it():
    session, token = await new_session()
    ws = await connect(session, token)
    await ws.send_json_to({"type": "start"})
    await receive_until(ws, of_type("frame"))
    await ws.disconnect()
    await asyncio.sleep(0.2)
    runner = runner_of(session)
    assert runner.status == "paused"
    t = runner.engine.t
    await asyncio.sleep(0.3)
    assert runner.engine.t == t  # nothing steps for nobody
    back = await connect(session, token)
    state = await receive_until(back, of_type("state"))
    assert state["status"] == "running" and state["t"] >= t
    assert (await receive_until(back, of_type("frame")))["t"] >= t
    await back.disconnect()


async def test_reset_restarts_from_zero_with_the_same_seed():
    session, token = await new_session()
    ws = await connect(session, token)
    await ws.send_json_to({"type": "speed", "value": 20})
    await ws.send_json_to({"type": "start"})
    await receive_until(ws, lambda m: m["type"] == "frame" and m["t"] >= 4)
    await ws.send_json_to({"type": "reset"})
    await ws.send_json_to({"type": "pause"})
    state = await receive_until(ws, lambda m: m["type"] == "state" and m["status"] == "paused")
    assert state["t"] < 4
    await ws.disconnect()


async def test_a_reset_while_paused_shows_every_page_t_zero_at_once():
    # Paused with web killed: the pages must not keep showing the old run's last frame.
    session, token = await new_session()
    ws = await connect(session, token)
    viewer = await connect(session)
    await ws.send_json_to({"type": "start"})
    await ws.send_json_to({"type": "kill", "node": "web"})
    await receive_until(ws, lambda m: m["type"] == "frame" and m["nodes"]["web"]["state"] == "down")
    await ws.send_json_to({"type": "pause"})
    await receive_until(ws, of_type("state", status="paused"))
    await ws.send_json_to({"type": "reset"})
    for page in (ws, viewer):
        frame = await receive_until(page, lambda m: m["type"] == "frame" and m["t"] == 0)
        assert {n["state"] for n in frame["nodes"].values()} == {"up"}
        assert frame["end_to_end"]["error_rps"] == 0
    await ws.disconnect()
    await viewer.disconnect()


async def test_a_failing_simulation_ends_its_session_and_not_the_others():
    broken, token_a = await new_session()
    healthy, token_b = await new_session()
    a, b = await connect(broken, token_a), await connect(healthy, token_b)
    runner_of(broken).engine.step = lambda: 1 / 0
    await a.send_json_to({"type": "start"})
    await b.send_json_to({"type": "start"})
    assert "failed" in (await receive_until(a, of_type("error")))["message"]
    assert (await receive_until(a, of_type("state", status="ended")))
    assert (await receive_until(b, lambda m: m["type"] == "frame" and m["t"] > 0.3))
    await a.disconnect()
    await b.disconnect()


async def test_an_unknown_session_is_refused_with_a_message():
    ws = await connect("no-such-session")
    error = json.loads(await ws.receive_from())
    assert error["type"] == "error" and "no such live session" in error["message"]
    assert (await ws.receive_output())["type"] == "websocket.close"


async def test_flooding_a_socket_gets_an_error_not_a_crash(settings):
    settings.LIVE_MAX_MESSAGES_PER_S = 3
    session, token = await new_session()
    ws = await connect(session, token)
    for _ in range(6):
        await ws.send_json_to({"type": "speed", "value": 2})
    messages = await quiet(ws, 0.5)
    assert any("too many messages" in m.get("message", "") for m in messages)
    await ws.disconnect()


async def test_a_message_refused_for_flooding_is_named_by_its_id(settings):
    settings.LIVE_MAX_MESSAGES_PER_S = 3
    session, token = await new_session()
    ws = await connect(session, token)
    for k in range(6):
        await ws.send_json_to({"type": "speed", "value": 2, "id": f"m{k}"})
    messages = await quiet(ws, 0.5)
    refused = [m for m in messages if "too many messages" in m.get("message", "")]
    assert refused and all(m.get("id", "").startswith("m") for m in refused), refused
    await ws.disconnect()


async def test_an_idle_session_is_discarded_after_the_timeout(settings):
    settings.LIVE_IDLE_TIMEOUT_S = 0.3
    session, token = await new_session()
    ws = await connect(session, token)
    await receive_until(ws, of_type("state"))
    await ws.disconnect()
    await asyncio.sleep(1.0)
    assert session not in Runner.registry
    assert not await database_sync_to_async(LiveSession.objects.filter(pk=session).exists)()


async def test_sockets_from_another_origin_are_refused():
    from channels.testing import WebsocketCommunicator

    from playground.asgi import application

    session, _ = await new_session()
    ws = WebsocketCommunicator(application, f"/ws/sessions/{session}/",
                               headers=[(b"origin", b"http://evil.example")])
    connected, _ = await ws.connect()
    assert not connected


def test_starting_a_session_returns_its_id_owner_token_and_socket_path(api, created):
    response = api.post(f"/api/topologies/{created.slug}/sessions/", None)
    assert response.status_code == 201
    body = response.json()
    assert body["ws"] == f"/ws/sessions/{body['session']}/" and len(body["owner_token"]) > 30


def test_a_session_of_an_unknown_topology_is_404(api, db):
    assert api.post("/api/topologies/nope/sessions/", None).status_code == 404


def test_a_topology_too_big_to_run_live_is_refused_with_the_reason(api, settings, db):
    settings.LIVE_MAX_NODES = 2
    created = api.create(make_document())
    response = api.post(f"/api/topologies/{created.slug}/sessions/", None)
    assert response.status_code == 400
    assert "at most 2 nodes" in response.json()["errors"][0]["message"]
