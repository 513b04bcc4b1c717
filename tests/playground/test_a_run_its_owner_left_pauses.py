"""A run whose owner has left goes on for students for a grace period (a reload comes back
within it), then pauses, since no viewer can; the owner coming back resumes it."""

from __future__ import annotations

import asyncio

import pytest

from playground.live.runner import Runner

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def owner_and_viewer_running(session: str, token: str):  # type: ignore[no-untyped-def]
    owner = await connect(session, token)
    await owner.send_json_to({"type": "start"})
    await receive_until(owner, of_type("frame"))
    viewer = await connect(session)
    assert (await receive_until(viewer, of_type("state")))["owner_present"] is True
    return owner, viewer


async def left_by_the_owner(settings, grace_s: float):  # type: ignore[no-untyped-def]
    """A running session whose owner has just left a viewer: (session, token, viewer)."""
    settings.LIVE_OWNER_GRACE_S = grace_s
    session, token = await new_session()
    owner, viewer = await owner_and_viewer_running(session, token)
    await owner.disconnect()
    return session, token, viewer


async def test_viewers_left_by_the_owner_see_the_run_pause_after_the_grace_period(settings):
    # (1 s: well past the 0.2 s in which joins and leaves coalesce)
    session, token, viewer = await left_by_the_owner(settings, 1.0)
    told = await receive_until(viewer, lambda m: m["type"] == "state" and not m["owner_present"])
    assert told["status"] == "running"  # still, within the grace period
    paused = await receive_until(viewer, lambda m: m["type"] == "state"
                                 and m["status"] == "paused")
    assert paused["owner_present"] is False
    runner = Runner.registry[session]
    t = runner.engine.t
    await asyncio.sleep(0.3)
    assert runner.engine.t == t  # nothing steps while the owner is away
    back = await connect(session, token)
    state = await receive_until(back, of_type("state"))
    assert state["status"] == "running" and state["owner_present"] is True
    await back.disconnect()
    await viewer.disconnect()


async def test_an_owner_back_within_the_grace_period_keeps_the_run_going(settings):
    session, token, viewer = await left_by_the_owner(settings, 0.8)
    await asyncio.sleep(0.2)
    owner = await connect(session, token)  # a reload
    await receive_until(owner, of_type("state"))
    await asyncio.sleep(1.0)  # past the grace period of the first leave
    runner = Runner.registry[session]
    assert runner.status == "running"
    t = runner.engine.t
    await receive_until(viewer, lambda m: m["type"] == "frame" and m["t"] > t)
    await owner.disconnect()
    await viewer.disconnect()


async def test_an_owner_who_joins_and_leaves_at_once_still_lets_the_run_pause(settings):
    # A tab closed while loading: the join cancels the pending pause and the leave, handled
    # before the loop ran the cancelled task, must plan a new one.
    session, _, viewer = await left_by_the_owner(settings, 0.5)
    await asyncio.sleep(0.1)
    runner = Runner.registry[session]
    await runner._handle({"type": "live.join", "channel": "specific.tab!1", "role": "owner"})
    await runner._handle({"type": "live.leave", "channel": "specific.tab!1"})
    await receive_until(viewer, lambda m: m["type"] == "state" and m["status"] == "paused")
    await viewer.disconnect()
