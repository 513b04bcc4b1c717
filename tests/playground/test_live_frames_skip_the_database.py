"""Frames, state and events reach a viewer without a hop to the database thread."""

import asyncio

from playground.live import consumers


async def test_runner_messages_skip_the_database_clean_up_other_messages_keep_it(monkeypatch):
    calls: list[str] = []

    async def close_old_connections():
        calls.append("closed")

    monkeypatch.setattr("channels.consumer.aclose_old_connections", close_old_connections)
    consumer = consumers.SessionConsumer()
    consumer.start_frame_sender()
    await consumer.dispatch({"type": "live.frame", "text": "{}"})
    assert calls == [] and consumer.latest_frame == "{}"
    consumer.receive = lambda **_: asyncio.sleep(0)
    await consumer.dispatch({"type": "websocket.receive", "text": "{}"})
    consumer.sender.cancel()
    assert calls == ["closed"]
