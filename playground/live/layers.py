"""The embedded (one-process) channel layer, made cheap enough for a classroom.

Channels' `InMemoryChannelLayer` scans every channel for expired messages on each
`receive` and `group_send`, deep-copies every message, and creates a task per member on
`group_send`. With 200 viewers each receiving ten frames a second that is 40,000 scans
a frame and a third of the server's CPU (measured with py-spy by `bench_live`). Here:
expiry is swept at most once a second, messages that hold only strings and numbers are
copied shallowly (what a deep copy of them amounts to), and a group send puts into the
member queues directly (an in-memory put never waits).
"""

from __future__ import annotations

import asyncio
import time
from copy import deepcopy
from typing import Any

from channels.exceptions import ChannelFull
from channels.layers import InMemoryChannelLayer

SWEEP_S = 1.0
FLAT = (str, int, float, bool, type(None))


class EmbeddedChannelLayer(InMemoryChannelLayer):
    _swept = 0.0

    def _clean_expired(self) -> None:
        now = time.monotonic()
        if now - self._swept >= SWEEP_S:
            self._swept = now
            super()._clean_expired()

    def _put(self, channel: str, message: dict[str, Any]) -> None:
        queue = self.channels.get(channel)
        if queue is None:
            queue = self.channels[channel] = asyncio.Queue(maxsize=self.get_capacity(channel))
        copied = (dict(message) if all(type(v) in FLAT for v in message.values())
                  else deepcopy(message))
        try:
            queue.put_nowait((time.time() + self.expiry, copied))
        except asyncio.QueueFull:
            raise ChannelFull(channel) from None

    async def send(self, channel: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "message is not a dict"
        assert "__asgi_channel__" not in message
        self.require_valid_channel_name(channel)
        self._put(channel, message)

    async def group_send(self, group: str, message: dict[str, Any]) -> None:
        assert isinstance(message, dict), "message is not a dict"
        self.require_valid_group_name(group)
        self._clean_expired()
        for channel in list(self.groups.get(group, {})):
            try:
                self._put(channel, message)
            except ChannelFull:
                pass  # as the base layer does: a full member misses this message
