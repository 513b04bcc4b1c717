"""A run continued by another process (its own stopped, or died after a save) keeps what the
runner adds to the engine's state: each database's lost writes so far, and the charts' recent
past for pages that join (one point per 2 simulated seconds, as saved)."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async

from playground.live.models import LiveSession
from playground.live.runner import Runner

from .live_helpers import connect, failed_over, receive_until

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
