"""A run continued by another process (its own stopped, or died after a save) keeps what the
runner adds to the engine's state: each database's lost writes so far, the charts' recent
past for pages that join (one point per 2 simulated seconds, as saved), and a planned pause."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from playground.live.models import LiveSession
from playground.live.runner import Runner

from .live_helpers import REPLICATED, connect, failed_over, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def test_lost_writes_and_the_recent_past_survive_a_takeover():
    session, token, owner, _ = await failed_over()
    frame = await receive_until(owner, lambda m: m["type"] == "frame")
    lost = frame["nodes"]["db"]["lost_writes"]
    assert lost > 0
    await owner.disconnect()
    old = Runner.registry[session]
    await old.stop()  # state saved, lease released: the next socket's process takes it over
    saved = await database_sync_to_async(LiveSession.objects.get)(pk=session)
    assert saved.snapshot["live"]["lost_writes"]["db"] == pytest.approx(lost)

    back = await connect(session, token)
    kinds = []
    while "history" not in kinds:
        message = await back.receive_json_from(timeout=5)
        kinds.append(message["type"])
    times = [point["t"] for point in message["frames"]]
    assert Runner.registry[session] is not old
    assert times[0] <= 2.5 and times[-1] >= frame["t"] - 2.5  # the run's past, not from now
    assert all(b - a >= 2 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    await back.send_json_to({"type": "start"})
    later = await receive_until(back, lambda m: m["type"] == "frame")
    assert later["nodes"]["db"]["lost_writes"] == pytest.approx(lost)  # not from zero
    await back.disconnect()


async def test_a_planned_pause_survives_a_takeover_and_still_stops_the_run():
    session, token = await new_session(REPLICATED)
    owner = await connect(session, token)
    await owner.send_json_to({"type": "pause", "at": 3.0})
    await receive_until(owner, lambda m: m["type"] == "state" and m["pause_at"] == 3.0)
    await owner.disconnect()
    old = Runner.registry[session]
    await old.stop()  # (planned while idle: nothing stepped, the plan alone is saved)

    back = await connect(session, token)
    state = await receive_until(back, of_type("state"))
    assert Runner.registry[session] is not old
    assert (state["status"], state["pause_at"]) == ("paused", 3.0)  # (a run taken over waits)
    await back.send_json_to({"type": "speed", "value": 20})
    await back.send_json_to({"type": "resume"})
    paused = await receive_until(back, lambda m: m["type"] == "state" and m["t"] > 0
                                 and m["status"] == "paused")
    assert paused["t"] == 3.0 and paused["pause_at"] is None
    await back.disconnect()


async def paused_after_a_second():  # type: ignore[no-untyped-def]
    """A replicated run paused past 1 s: (session, token, the owner's socket, its runner)."""
    session, token = await new_session(REPLICATED)
    owner = await connect(session, token)
    await owner.send_json_to({"type": "speed", "value": 20})
    await owner.send_json_to({"type": "start"})
    await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= 1)
    await owner.send_json_to({"type": "pause"})
    await receive_until(owner, of_type("state", status="paused"))
    return session, token, owner, Runner.registry[session]


async def test_a_kill_while_paused_is_saved_for_a_takeover():
    # (The save looked at the clock and the plan only: a paused run's kill was not saved,
    # and the run taken over had the database up again.)
    session, token, owner, old = await paused_after_a_second()
    await old.save()
    await owner.send_json_to({"type": "kill", "node": "db"})
    await receive_until(owner, of_type("event"))
    await old.save()  # (what the lease keeper does every few seconds)
    await owner.disconnect()
    await database_sync_to_async(old.session.release)(old.holder)
    Runner.registry.pop(session)
    for task in old.tasks:
        task.cancel()

    back = await connect(session, token)
    await receive_until(back, of_type("state"))
    assert Runner.registry[session] is not old
    assert not Runner.registry[session].engine.nodes["db"].up
    await back.disconnect()


async def test_a_saved_plan_the_clock_had_reached_is_dropped():
    session, token, owner, old = await paused_after_a_second()
    old.pause_at = old.engine.t  # (saved in the instant between reaching it and stopping)
    await old.stop()
    await owner.disconnect()

    back = await connect(session, token)
    state = await receive_until(back, of_type("state"))
    assert state["pause_at"] is None
    await back.disconnect()
