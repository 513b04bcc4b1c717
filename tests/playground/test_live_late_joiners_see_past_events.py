"""A socket that joins a running session gets the latest narrated events in its `state`."""

import pytest

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def test_a_late_viewer_s_state_carries_what_already_happened():
    session, token = await new_session()
    owner = await connect(session, token)
    await owner.send_json_to({"type": "start"})
    await owner.send_json_to({"type": "kill", "node": "web"})
    await receive_until(owner, of_type("event", text="web was killed"))
    viewer = await connect(session)
    state = await receive_until(viewer, of_type("state"))
    [killed] = [e for e in state["events"] if e["text"] == "web was killed"]
    assert killed["type"] == "event" and killed["node"] == "web" and killed["t"] >= 0
    for ws in (owner, viewer):
        await ws.disconnect()


async def test_only_the_latest_events_are_carried(monkeypatch):
    monkeypatch.setattr("playground.live.runner.STATE_EVENTS", 2)
    session, token = await new_session()
    owner = await connect(session, token)
    for action in ("kill", "restore", "kill"):
        await owner.send_json_to({"type": action, "node": "web"})
        await receive_until(owner, of_type("event"))
    viewer = await connect(session)
    state = await receive_until(viewer, of_type("state"))
    assert [e["text"] for e in state["events"]] == ["web was restored", "web was killed"]
    for ws in (owner, viewer):
        await ws.disconnect()
