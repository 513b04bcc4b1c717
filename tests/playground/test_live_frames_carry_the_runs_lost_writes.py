"""Live frames carry a database's lost writes as the run's total (CONTRACT §3: "a count
over the run or interval"): a page that joins after the failover, or misses the one frame
in which the loss happened, still shows every write lost."""

from __future__ import annotations

import pytest

from .live_helpers import connect, failed_over, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def test_every_frame_after_the_failover_carries_the_writes_lost_so_far():
    session, _, owner, event = await failed_over()
    lost = int(event["text"].split(" writes acknowledged")[0].rsplit(" ", 1)[1])
    assert lost > 0  # 100 writes/s × 0.2 s
    later = [await receive_until(owner, lambda m: m["type"] == "frame") for _ in range(3)]
    viewer = await connect(session)  # joins after the loss
    seen = await receive_until(viewer, lambda m: m["type"] == "frame")
    for frame in [*later, seen]:
        assert frame["nodes"]["db"]["lost_writes"] == pytest.approx(lost, abs=0.5)
    await viewer.disconnect()
    await owner.disconnect()
