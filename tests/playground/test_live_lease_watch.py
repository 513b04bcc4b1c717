"""A process with sockets on a session watches its lease: when the process stepping the
session stops renewing it, this one continues the session and its sockets join again.

(End to end, with two Daphne processes and a SIGKILL: test_many_processes.)"""

import asyncio
from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from playground.live.models import LiveSession
from playground.live.runner import Runner

from .live_helpers import connect, new_session, of_type, quiet, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def test_the_watch_counts_local_sockets_and_ends_with_the_last_one():
    session, token = await new_session()
    owner = await connect(session, token)
    viewer = await connect(session)
    for ws in (owner, viewer):
        await receive_until(ws, of_type("state"))
    count, watch = Runner.followed[session]
    assert count == 2 and not watch.done()
    await viewer.disconnect()
    assert Runner.followed[session][0] == 1
    await owner.disconnect()
    await asyncio.sleep(0)
    assert session not in Runner.followed and watch.cancelled()


def set_lease(session: str, holder: str, seconds: float) -> None:
    LiveSession.objects.filter(pk=session).update(
        lease_holder=holder, lease_until=timezone.now() + timedelta(seconds=seconds))


async def test_a_session_whose_holder_went_quiet_is_continued_here_for_its_viewers(
        settings, monkeypatch):
    settings.LIVE_LEASE_S = 0.3  # watched every 0.1 s
    session, token = await new_session()
    owner = await connect(session, token)
    await owner.send_json_to({"type": "start"})
    await receive_until(owner, lambda m: m["type"] == "frame" and m["t"] >= 1)
    await owner.disconnect()
    first = Runner.registry[session]
    await first.stop()  # as if it ran in another process…
    await database_sync_to_async(set_lease)(session, "elsewhere", 3600)  # …which holds it
    viewer = await connect(session)
    assert await quiet(viewer, 0.4) == []  # nobody here steps it: no state, no frames
    checks = []
    real = LiveSession.lease_expired

    def flaky(self):  # the first check hits a database hiccup: the watch goes on
        checks.append(self.pk)
        if len(checks) == 1:
            raise RuntimeError("database went away")
        return real(self)

    monkeypatch.setattr(LiveSession, "lease_expired", flaky)
    await database_sync_to_async(set_lease)(session, "elsewhere", -1)  # it stopped renewing
    state = await receive_until(viewer, of_type("state"))
    assert state["status"] == "paused" and state["t"] == pytest.approx(first.engine.t)
    assert state["viewers"] == 1 and len(checks) >= 2
    assert Runner.registry[session] is not first
    await viewer.disconnect()


async def test_a_burst_of_joins_shares_one_state_broadcast():
    session, token = await new_session()
    owner = await connect(session, token)
    await receive_until(owner, of_type("state"))
    await quiet(owner, 0.3)
    viewers = await asyncio.gather(*(connect(session) for _ in range(6)))
    for viewer in viewers:
        assert (await receive_until(viewer, of_type("state")))["role"] == "viewer"
    states = [m for m in await quiet(owner, 0.6) if m["type"] == "state"]
    assert states[-1]["viewers"] == 7 and states[-1]["role"] == "owner"
    assert len(states) <= 2  # not one per join
    for ws in (owner, *viewers):
        await ws.disconnect()
