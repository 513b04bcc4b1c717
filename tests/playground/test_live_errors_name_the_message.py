"""A client may tag a message with an "id"; the error refusing it carries the same id."""

from __future__ import annotations

import pytest

from playground.live.runner import Runner

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]




@pytest.mark.parametrize("message, ref, reason", [
    ({"type": "pause"}, "p-1", "cannot pause"),                       # refused by the runner
    ({"type": "speed", "value": 500}, 7, "whole number from 1 to 100"),  # malformed
    ({"type": "set_param", "node": "web", "param": "servers", "value": 0}, "edit-3",
     "at least 1"),
    ({"type": "set_param", "node": "web", "param": "servers", "value": 1e12}, "edit-4",
     "must be at most 100,000 processes"),  # not "a whole number, got 1e+12.0"
    ({"type": "set_traffic", "node": "users", "rps": 100,
      "profile": {"shape": "ramp", "to_rps": -1, "duration_s": -3}}, "t-1",
     "to_rps: must be between 0 and 1,000,000,000 req/s, got -1; duration_s: must be between"),
])
async def test_the_owner_s_refused_message_is_named_in_its_error(message, ref, reason):
    session, token = await new_session()
    ws = await connect(session, token)
    await receive_until(ws, of_type("state"))
    await ws.send_json_to(message | {"id": ref})
    error = await receive_until(ws, of_type("error"))
    assert reason in error["message"] and error["id"] == ref
    await ws.disconnect()


async def test_a_viewer_s_refused_command_is_named_too():
    session, _ = await new_session()
    ws = await connect(session)
    await receive_until(ws, of_type("state"))
    await ws.send_json_to({"type": "start", "id": "s"})
    error = await receive_until(ws, of_type("error"))
    assert "only the session's owner" in error["message"] and error["id"] == "s"
    await ws.disconnect()


@pytest.mark.parametrize("ref", [[1], "x" * 65, True, 1.5])
async def test_an_unusable_id_is_refused_and_not_echoed(ref):
    session, token = await new_session()
    ws = await connect(session, token)
    await receive_until(ws, of_type("state"))
    await ws.send_json_to({"type": "start", "id": ref})
    error = await receive_until(ws, of_type("error"))
    assert error["message"].startswith("id must be") and "id" not in error
    assert Runner.registry[session].status == "idle"
    await ws.disconnect()


def servers_of_web(message: dict) -> int | None:
    nodes = message.get("document", {}).get("nodes", [])
    return next((n["params"].get("servers") for n in nodes if n["id"] == "web"), None)


async def test_an_applied_command_with_an_id_changes_the_run_and_gets_no_error():
    session, token = await new_session()
    ws = await connect(session, token)
    await receive_until(ws, of_type("state"))
    await ws.send_json_to({"type": "set_param", "node": "web", "param": "servers", "value": 6,
                           "id": "edit-1"})
    answer = await receive_until(ws, lambda m: m.get("type") == "error"
                                 or (m.get("type") == "state" and servers_of_web(m) == 6))
    assert answer["type"] == "state"
    await ws.disconnect()
