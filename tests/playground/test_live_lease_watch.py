"""A process with sockets on a session watches its lease, and stops when they all leave.

(That another process takes a session over when its stepping process dies is tested
end to end in test_many_processes.)"""

import asyncio

import pytest

from playground.live.runner import Runner

from .live_helpers import connect, new_session, of_type, receive_until

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
