"""A viewer that falls behind gets the newest frame next, not a backlog of old ones."""

import asyncio

from playground.live.consumers import SessionConsumer


async def test_frames_arriving_while_a_send_is_pending_collapse_to_the_latest():
    consumer = SessionConsumer()
    sent: list[str] = []
    gate = asyncio.Event()

    async def slow_send(text_data=None, **_):
        sent.append(text_data)
        await gate.wait()  # the socket is slow: this send takes a while

    consumer.send = slow_send
    consumer.start_frame_sender()
    await consumer.live_frame({"text": "frame-1"})
    await asyncio.sleep(0)  # the sender picks frame-1 and blocks in send
    for n in range(2, 11):
        await consumer.live_frame({"text": f"frame-{n}"})
    gate.set()
    await asyncio.sleep(0.01)
    consumer.sender.cancel()
    assert sent == ["frame-1", "frame-10"]

