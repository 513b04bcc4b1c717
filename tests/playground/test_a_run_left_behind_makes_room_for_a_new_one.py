"""At the cap on live sessions, the run nobody has watched for longest makes room for a new
one (ended as idling would end it, sooner); runs someone watches are never ended for it,
and then the newcomer is told the server is busy."""

from __future__ import annotations

import asyncio
import time

import pytest
from channels.db import database_sync_to_async
from django.test import override_settings

from playground.live.models import LiveSession
from playground.live.runner import IDLE_EVICT_S, Runner

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


@override_settings(LIVE_MAX_SESSIONS=1)
async def test_a_run_left_alone_makes_room_and_a_watched_one_does_not():
    left, token = await new_session()
    owner = await connect(left, token)
    await receive_until(owner, of_type("state"))
    await owner.disconnect()
    await receive_until_idle(left)

    # Left alone only a moment (its owner reloading, say): kept; the newcomer is refused.
    second, token2 = await new_session()
    refused = await connect(second, token2)
    told = await receive_until(refused, of_type("error"))
    assert "as many live sessions as it may" in told["message"]
    await refused.disconnect()

    Runner.registry[left].idle_since = time.monotonic() - IDLE_EVICT_S - 1
    newcomer = await connect(second, token2)
    await receive_until(newcomer, of_type("state"))
    assert set(Runner.registry) == {second}
    assert not await database_sync_to_async(LiveSession.objects.filter(pk=left).exists)()

    # The newcomer is watched: a third is refused, and the watched run goes on.
    third, token3 = await new_session()
    late = await connect(third, token3)
    told = await receive_until(late, of_type("error"))
    assert "as many live sessions as it may" in told["message"]
    assert set(Runner.registry) == {second}
    await late.disconnect()
    await newcomer.disconnect()


async def receive_until_idle(session: str, timeout: float = 5.0) -> None:
    """Until the runner has seen its last socket leave."""
    deadline = time.monotonic() + timeout
    while Runner.registry[session].idle_since is None:
        assert time.monotonic() < deadline, "the runner never went idle"
        await asyncio.sleep(0.02)
