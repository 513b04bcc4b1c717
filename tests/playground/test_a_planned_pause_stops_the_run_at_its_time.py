"""``{"type": "pause", "at": T}``: the runner itself stops the clock at T, at any speed, so
a lesson's "predict first" pause lands before the kill it asks about (a pause sent when a
frame shows the time comes a round trip late)."""

from __future__ import annotations

import copy

import pytest

from playground.live.runner import Runner

from .live_helpers import REPLICATED, connect, new_session, of_type, quiet, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]

KILL_AT = 6.0


def killed_at(at: float) -> dict:
    doc = copy.deepcopy(REPLICATED)
    doc["scenario"] = {"events": [{"at": at, "action": "kill", "node": "db"}]}
    return doc


async def running_fast(doc: dict | None = None, pause_at: float | None = KILL_AT):  # type: ignore[no-untyped-def]
    session, token = await new_session(doc or killed_at(KILL_AT))
    owner = await connect(session, token)
    await owner.send_json_to({"type": "speed", "value": 40})  # 4 simulated s a frame
    if pause_at is not None:
        await owner.send_json_to({"type": "pause", "at": pause_at})
        planned = await receive_until(owner, lambda m: m["type"] == "state"
                                      and m["pause_at"] == pause_at)
        assert planned["status"] == "idle"
    await owner.send_json_to({"type": "start"})
    return session, owner


async def test_a_planned_pause_stops_the_clock_exactly_there_before_the_kill_at_that_time():
    session, owner = await running_fast()
    paused = await receive_until(owner, of_type("state", status="paused"))
    assert paused["t"] == KILL_AT and paused["pause_at"] is None
    runner = Runner.registry[session]
    assert runner.engine.t == pytest.approx(KILL_AT, abs=1e-9)
    assert runner.engine.nodes["db"].up  # the kill at 6 s comes with the next tick
    later = await quiet(owner, 0.4)
    assert not [m for m in later if m["type"] == "event"]
    assert runner.engine.t == pytest.approx(KILL_AT, abs=1e-9)  # nothing steps meanwhile
    await owner.send_json_to({"type": "resume"})
    event = await receive_until(owner, of_type("event"))
    assert event["t"] == KILL_AT and "db" in event["text"]
    await owner.disconnect()


async def test_the_frame_sent_as_the_run_stops_shows_the_planned_time():
    _, owner = await running_fast()
    frame = await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= KILL_AT)
    assert frame["t"] == KILL_AT
    assert frame["nodes"]["db"]["state"] == "up"
    await owner.disconnect()


async def test_a_pause_planned_while_running_stops_there():
    session, owner = await running_fast(pause_at=None)
    first = await receive_until(owner, of_type("frame"))
    at = first["t"] + 20.0
    await owner.send_json_to({"type": "pause", "at": at})
    paused = await receive_until(owner, of_type("state", status="paused"))
    assert paused["t"] == pytest.approx(at, abs=1e-9)
    await owner.disconnect()


async def test_null_cancels_a_planned_pause():
    session, owner = await running_fast(pause_at=None)
    await owner.send_json_to({"type": "pause", "at": 8.0})
    await receive_until(owner, lambda m: m["type"] == "state" and m["pause_at"] == 8.0)
    await owner.send_json_to({"type": "pause", "at": None})
    cancelled = await receive_until(owner, lambda m: m["type"] == "state"
                                    and m["pause_at"] is None)
    assert cancelled["status"] == "running"
    await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] > 12.0)
    assert Runner.registry[session].status == "running"
    await owner.disconnect()


async def test_a_reset_forgets_the_pause_planned_for_the_old_run():
    session, owner = await running_fast(pause_at=None)
    await owner.send_json_to({"type": "pause", "at": 500.0})
    await receive_until(owner, lambda m: m["type"] == "state" and m["pause_at"] == 500.0)
    await owner.send_json_to({"type": "reset"})
    state = await receive_until(owner, lambda m: m["type"] == "state" and m["t"] == 0)
    assert state["pause_at"] is None and state["status"] == "running"
    await owner.disconnect()


async def test_a_pause_planned_for_a_time_already_past_is_refused_with_the_clock():
    _, owner = await running_fast(pause_at=None)
    frame = await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= 8.0)
    await owner.send_json_to({"type": "pause", "at": 1.5, "id": "plan"})
    error = await receive_until(owner, of_type("error"))
    assert error["id"] == "plan"
    assert error["message"].startswith("cannot pause at t = 1.5 s: the run is already at t = ")
    assert float(error["message"].rsplit("t = ", 1)[1].split()[0]) >= frame["t"]
    await owner.disconnect()


@pytest.mark.parametrize("at", ["soon", -1, True, [3], 1e12])
async def test_a_pause_time_that_is_not_a_time_is_refused_and_plans_nothing(at):
    session, token = await new_session()
    owner = await connect(session, token)
    await receive_until(owner, of_type("state"))
    await owner.send_json_to({"type": "pause", "at": at})
    error = await receive_until(owner, of_type("error"))
    assert error["message"].startswith("pause's \"at\" must be a simulated time in seconds")
    assert Runner.registry[session].pause_at is None
    await owner.disconnect()


async def test_a_viewer_cannot_plan_a_pause():
    session, owner = await running_fast(pause_at=None)
    viewer = await connect(session)
    await viewer.send_json_to({"type": "pause", "at": 400.0})
    error = await receive_until(viewer, of_type("error"))
    assert "owner" in error["message"]
    assert Runner.registry[session].pause_at is None
    await viewer.disconnect()
    await owner.disconnect()
