"""A session outlives its process: saved state, abandoned sessions, creation limits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from channels.db import database_sync_to_async
from django.utils import timezone

from playground.live.models import LiveSession
from playground.live.runner import Runner

from .live_helpers import connect, new_session, of_type, receive_until

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("fresh_live")]


async def test_a_session_picked_up_by_a_new_process_continues_where_it_stopped():
    session, token = await new_session()
    ws = await connect(session, token)
    await ws.send_json_to({"type": "speed", "value": 10})
    await ws.send_json_to({"type": "start"})
    await receive_until(ws, lambda m: m["type"] == "frame" and m["t"] >= 2)
    await ws.disconnect()
    old = Runner.registry[session]
    await old.stop()  # the process goes away: state saved, lease released
    stopped_at = old.engine.t
    back = await connect(session, token)
    state = await receive_until(back, of_type("state"))
    assert state["status"] == "paused" and state["t"] == pytest.approx(stopped_at)
    assert state["speed"] == 10
    assert Runner.registry[session] is not old
    await back.disconnect()


def test_sessions_nobody_steps_are_discarded_after_the_idle_timeout(db, settings):
    settings.LIVE_IDLE_TIMEOUT_S = 60
    from playground.topologies.models import Topology

    from .helpers import make_document

    topology, _ = Topology.create_from_document(make_document())
    old, _ = LiveSession.start_for(topology)
    held, _ = LiveSession.start_for(topology)
    fresh, _ = LiveSession.start_for(topology)
    long_ago = timezone.now() - timedelta(minutes=5)
    LiveSession.objects.filter(pk__in=[old.pk, held.pk]).update(created_at=long_ago)
    assert held.claim("another-process")  # a live lease: still running somewhere
    assert LiveSession.discard_abandoned() == 1
    assert set(LiveSession.objects.values_list("pk", flat=True)) == {held.pk, fresh.pk}


def test_starting_sessions_is_rate_limited_per_address_with_its_own_limit(api, created,
                                                                           settings):
    settings.LIVE_SESSION_LIMIT = 2
    path = f"/api/topologies/{created.slug}/sessions/"
    assert [api.post(path, None).status_code for _ in range(3)] == [201, 201, 429]
    assert api.create().slug  # creating topologies is counted separately


async def test_saved_state_is_json_the_database_accepts():
    session, token = await new_session()
    ws = await connect(session, token)
    await ws.send_json_to({"type": "start"})
    await receive_until(ws, lambda m: m["type"] == "frame" and m["t"] >= 0.5)
    await Runner.registry[session].save()
    row = await database_sync_to_async(LiveSession.objects.get)(pk=session)
    assert row.snapshot["tick"] >= 5 and row.snapshot["document"]["nodes"]
    await ws.disconnect()


def test_a_process_that_lost_the_lease_cannot_overwrite_the_saved_state(db):
    from playground.topologies.models import Topology

    from .helpers import make_document

    topology, _ = Topology.create_from_document(make_document())
    session, _ = LiveSession.start_for(topology)
    assert session.claim("first")
    session.save_state({"tick": 10}, 1, "first")
    LiveSession.objects.filter(pk=session.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1))
    assert session.claim("second")  # the first process stopped renewing: taken over
    session.save_state({"tick": 11}, 5, "first")  # the first one wakes up, too late
    session.refresh_from_db()
    assert session.snapshot == {"tick": 10} and session.speed == 1
