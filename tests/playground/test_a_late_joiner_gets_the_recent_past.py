"""A page that joins a running session gets the charts' recent past (one point per half
simulated second, the serving nodes' utilization with it) before its first frame, so a
student arriving after the kill still sees it; a reset starts that past over."""

from __future__ import annotations

import pytest

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def joined_at(session: str, min_t: float, token: str):  # type: ignore[no-untyped-def]
    owner = await connect(session, token)
    await owner.send_json_to({"type": "speed", "value": 20})
    await owner.send_json_to({"type": "start"})
    await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= min_t)
    return owner


async def test_a_viewer_joining_late_gets_the_history_before_its_first_frame():
    session, token = await new_session()
    owner = await joined_at(session, 8.0, token)
    viewer = await connect(session)
    first = []
    while not first or first[-1]["type"] != "frame":
        first.append(await viewer.receive_json_from(timeout=5))
    kinds = [m["type"] for m in first]
    assert kinds.index("state") < kinds.index("history") < kinds.index("frame")
    history = first[kinds.index("history")]["frames"]
    times = [f["t"] for f in history]
    assert times[0] <= 2.5 and times[-1] >= 7.5  # from the start of the run to now
    assert all(b - a >= 0.5 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    point = history[-1]
    assert point["end_to_end"]["throughput_rps"] > 0
    assert set(point["nodes"]) == {"web", "db"}  # serving nodes only (users offers)
    assert set(point["nodes"]["web"]) == {"utilization", "queue"}
    await viewer.disconnect()
    await owner.disconnect()


async def test_after_a_reset_the_history_starts_over():
    session, token = await new_session()
    owner = await joined_at(session, 8.0, token)
    await owner.send_json_to({"type": "reset"})
    await receive_until(owner, lambda m: m["type"] == "frame" and 1.0 <= m["t"] < 8.0)
    viewer = await connect(session)
    history = (await receive_until(viewer, of_type("history")))["frames"]
    times = [f["t"] for f in history]
    assert times[0] <= 2.0 and times[-1] < 8.0  # from the reset's first frame (2 s at 20x)
    assert times == sorted(times)  # nothing from before the reset
    await viewer.disconnect()
    await owner.disconnect()
