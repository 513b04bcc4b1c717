"""A page that joins a running session gets the charts' recent past (one point per half
simulated second over the last 120 s, the serving nodes' utilization with it), never ahead
of the frames it gets next; a reset starts that past over."""

from __future__ import annotations

import pytest

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def running_until(session: str, token: str, t: float, speed: int = 20):  # type: ignore[no-untyped-def]
    owner = await connect(session, token)
    await owner.send_json_to({"type": "speed", "value": speed})
    await owner.send_json_to({"type": "start"})
    await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= t)
    return owner


async def joined(session: str) -> tuple[object, list[dict], list[str], dict]:
    """A viewer's first messages up to the first frame after its history."""
    viewer = await connect(session)
    seen: list[dict] = []
    while not (seen and seen[-1]["type"] == "frame" and "history" in [m["type"] for m in seen]):
        seen.append(await viewer.receive_json_from(timeout=5))
    kinds = [m["type"] for m in seen]
    return viewer, seen[kinds.index("history")]["frames"], kinds, seen[-1]


async def test_a_viewer_joining_late_gets_the_history_and_it_is_never_ahead_of_its_frames():
    session, token = await new_session()
    owner = await running_until(session, token, 8.0)
    viewer, history, kinds, frame = await joined(session)
    assert kinds.index("state") < kinds.index("history")  # (a frame may beat both)
    times = [f["t"] for f in history]
    assert times[0] <= 2.5 and times[-1] >= 7.5  # from the start of the run to now
    assert all(b - a >= 0.5 - 1e-9 for a, b in zip(times, times[1:], strict=False))
    assert times[-1] <= frame["t"]  # kept as frames are sent, not as they are computed
    point = history[-1]
    assert point["end_to_end"]["throughput_rps"] > 0
    assert set(point["nodes"]) == {"web", "db"}  # serving nodes only (users offers)
    assert set(point["nodes"]["web"]) == {"utilization", "queue"}
    await viewer.disconnect()
    await owner.disconnect()


async def test_the_history_reaches_back_120_simulated_seconds_at_any_speed():
    session, token = await new_session()
    owner = await running_until(session, token, 150.0, speed=100)
    viewer, history, _, _ = await joined(session)
    times = [f["t"] for f in history]
    assert times[-1] - 120 <= times[0] <= times[-1] - 110
    await viewer.disconnect()
    await owner.disconnect()


async def test_after_a_reset_the_history_starts_over():
    session, token = await new_session()
    owner = await running_until(session, token, 8.0)
    await owner.send_json_to({"type": "reset"})
    await receive_until(owner, lambda m: m["type"] == "frame" and 1.0 <= m["t"] < 8.0)
    viewer = await connect(session)
    times = [f["t"] for f in (await receive_until(viewer, of_type("history")))["frames"]]
    assert times[0] <= 2.0 and times[-1] < 8.0  # from the reset's first frame (2 s at 20x)
    assert times == sorted(times)  # nothing from before the reset
    await viewer.disconnect()
    await owner.disconnect()
