"""The embedded channel layer keeps the in-memory layer's promises, at classroom scale."""

import asyncio

import pytest
from channels.exceptions import ChannelFull

from playground.live import layers
from playground.live.layers import EmbeddedChannelLayer


async def test_every_member_of_a_group_gets_the_message():
    layer = EmbeddedChannelLayer()
    names = [await layer.new_channel() for _ in range(3)]
    for name in names:
        await layer.group_add("live.s", name)
    await layer.group_send("live.s", {"type": "live.frame", "text": "{}"})
    for name in names:
        assert await layer.receive(name) == {"type": "live.frame", "text": "{}"}


async def test_a_receiver_cannot_change_what_the_sender_or_others_hold():
    layer = EmbeddedChannelLayer()
    a, b = await layer.new_channel(), await layer.new_channel()
    for name in (a, b):
        await layer.group_add("live.s", name)
    message = {"type": "live.control", "message": {"viewers": 1}}
    await layer.group_send("live.s", message)
    first = await layer.receive(a)
    first["message"]["viewers"] = 99
    first["type"] = "changed"
    assert message == {"type": "live.control", "message": {"viewers": 1}}
    assert await layer.receive(b) == {"type": "live.control", "message": {"viewers": 1}}


async def test_a_full_member_misses_a_group_message_and_the_others_still_get_it():
    layer = EmbeddedChannelLayer(capacity=1)
    full, fine = await layer.new_channel(), await layer.new_channel()
    await layer.send(full, {"type": "live.frame", "text": "old"})
    for name in (full, fine):
        await layer.group_add("live.s", name)
    await layer.group_send("live.s", {"type": "live.frame", "text": "new"})
    assert (await layer.receive(fine))["text"] == "new"
    assert (await layer.receive(full))["text"] == "old"
    await layer.send(fine, {"type": "x"})
    with pytest.raises(ChannelFull):
        await layer.send(fine, {"type": "y"})


async def test_expired_messages_are_still_swept_away_with_their_group_membership(monkeypatch):
    monkeypatch.setattr(layers, "SWEEP_S", 0.0)
    layer = EmbeddedChannelLayer(expiry=0.01)
    stale, other = await layer.new_channel(), await layer.new_channel()
    await layer.group_add("live.s", stale)
    await layer.send(stale, {"type": "live.frame", "text": "nobody read me"})
    await asyncio.sleep(0.02)
    await layer.group_send("live.s", {"type": "live.frame", "text": "next"})
    assert stale not in layer.groups.get("live.s", {})
    assert other not in layer.channels


async def test_sweeps_run_at_most_once_a_second():
    layer = EmbeddedChannelLayer(expiry=0.01)
    name = await layer.new_channel()
    await layer.group_add("live.s", name)
    await layer.group_send("live.s", {"type": "a"})  # sweeps, then queues "a"
    await asyncio.sleep(0.02)
    await layer.group_send("live.s", {"type": "b"})  # within the second: no sweep
    assert name in layer.groups["live.s"]  # "a" expired but was not swept yet
