"""The process-side life of a live session: step the engine off the event loop, broadcast.

One `Runner` per session, in the process holding the session's lease. It listens on the
session's control group (joins, leaves and owner commands from any process's sockets)
and sends state, frames and narrated events to the session's viewer group. Frames are
encoded once and go out about ten times a wall-clock second; at speed s each covers
s × 100 ms of simulated time. When the machine cannot keep up, the achieved speed is
reported instead of frames piling up.
"""

from __future__ import annotations

import asyncio
import json
import logging
import math
import os
import socket
import time
import uuid
from collections import deque
from typing import Any, ClassVar

from channels.db import database_sync_to_async
from channels.layers import get_channel_layer
from django.conf import settings

from simulator.document import ACTIONS
from simulator.engine import Engine, InvalidDocument
from simulator.metrics import Recorder

from .models import LiveSession

log = logging.getLogger(__name__)

FRAME_S = 0.1  # wall seconds between frames
HISTORY_GAP_S = 0.5  # simulated seconds between the points kept for late joiners' charts
HISTORY_S = 120.0  # ... over the charts' window
HISTORY_NODES = 12  # serving nodes in it: as many as the utilization chart draws
HISTORY_SAVED_GAP_S = 2.0  # ... and between those saved with the session (for a takeover)
STATE_COALESCE_S = 0.2  # joins and leaves within this share one state broadcast
STATE_EVENTS = 50  # the latest narrated events carried in every state
IDLE_EVICT_S = 10.0  # watched by nobody this long, a run may make room for a new one


def viewers_group(session_id: str) -> str:
    return f"live.{session_id}"


def control_group(session_id: str) -> str:
    return f"live.{session_id}.control"


class Busy(Exception):
    """This process already runs as many sessions as it may."""


class Runner:
    registry: ClassVar[dict[str, Runner]] = {}
    #: Sessions with sockets in this process: how many, and the task watching their lease.
    followed: ClassVar[dict[str, tuple[int, asyncio.Task]]] = {}
    holder: ClassVar[str] = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
    _starting: ClassVar[asyncio.Lock | None] = None

    def __init__(self, session: LiveSession) -> None:
        self.session = session
        self.layer = get_channel_layer()
        self.status = "idle"
        self.speed = 1
        self.achieved = 0.0
        self.viewers: dict[str, str] = {}  # channel name -> role
        self.auto_paused = False
        self.pause_at: float | None = None  # a planned pause, in simulated seconds
        self.idle_since: float | None = time.monotonic()
        self.latest_frame: str | None = None
        self.lock = asyncio.Lock()
        self._state_due: asyncio.Task | None = None
        self._owner_gone: asyncio.Task | None = None  # pauses a run its owner has left
        self.changes = 0  # commands applied (kills, edits, speed…): a paused run moves too
        self.saved: tuple[int, float | None, int] = (-1, None, -1)  # (tick, pause, changes)
        if session.snapshot:
            # Another process (or this one before a restart) ran it: continue, paused, with
            # the run's totals and recent past as they were saved.
            self.engine = Engine.restore(session.snapshot)
            self.speed = session.speed
            self.status = "paused"
            self._attach_recorder()
            kept = session.snapshot.get("live", {})
            self.lost_writes = dict(kept.get("lost_writes", {}))
            self.history.extend(kept.get("history", []))
            # (A plan the clock had reached as it was saved, before the stop was sent: none.)
            planned = kept.get("pause_at")
            if planned is not None and planned > self.engine.t + 1e-9:
                self.pause_at = planned
            self.saved = (self.engine.tick, self.pause_at, self.changes)
        else:
            self._new_engine()

    # -- lifecycle -------------------------------------------------------------------------

    @classmethod
    async def ensure(cls, session: LiveSession) -> None:
        """Step this session here unless some process (maybe this one) already does."""
        if cls._starting is None:
            cls._starting = asyncio.Lock()
        async with cls._starting:
            if session.id in cls.registry:
                return
            if len(cls.registry) >= settings.LIVE_MAX_SESSIONS and not await cls._evict_idle():
                raise Busy
            if not await database_sync_to_async(session.claim)(cls.holder):
                return  # another process steps it; its frames reach us through the layer
            runner = cls(session)
            runner.channel = await runner.layer.new_channel()
            await runner.layer.group_add(control_group(session.id), runner.channel)
            # Registered only once it can listen: a cancelled start leaves no half runner.
            cls.registry[session.id] = runner
            runner.tasks = [asyncio.create_task(coro) for coro in
                            (runner._listen(), runner._tick(), runner._keep_lease())]
        if session.snapshot:
            # Taken over from a process that stopped: the sockets already watching (here
            # or elsewhere) joined that one; they join this one again.
            log.warning("live session %s: continuing it here from its last save", session.id)
            await runner._send_group({"type": "live.rejoin"})

    @classmethod
    async def _evict_idle(cls) -> bool:
        """At the cap, the run nobody has watched for longest (IDLE_EVICT_S at least) makes
        room, ended as idling would end it, only sooner: a class starting its runs was
        refused for runs left behind for their ten idle minutes."""
        now = time.monotonic()
        idle = [r for r in cls.registry.values()
                if r.idle_since is not None and now - r.idle_since >= IDLE_EVICT_S]
        if not idle:
            return False
        oldest = min(idle, key=lambda r: r.idle_since or now)
        log.info("live session %s discarded to make room", oldest.session.id)
        await oldest.stop(discard=True)
        return True

    @classmethod
    def follow(cls, session: LiveSession) -> None:
        """A socket here watches ``session``: if the process stepping it dies, step it here."""
        count, task = cls.followed.get(session.id, (0, None))
        cls.followed[session.id] = (count + 1, task or asyncio.create_task(cls._watch(session)))

    @classmethod
    def unfollow(cls, session_id: str) -> None:
        count, task = cls.followed.pop(session_id, (1, None))
        if count > 1:
            cls.followed[session_id] = (count - 1, task)
        elif task:
            task.cancel()

    @classmethod
    async def _watch(cls, session: LiveSession) -> None:
        """Take the session over once its holder's lease has expired (the holder renews it
        every third of the lease)."""
        while True:
            await asyncio.sleep(settings.LIVE_LEASE_S / 3)
            if session.id in cls.registry:
                continue  # stepped here
            try:
                row = await database_sync_to_async(
                    LiveSession.objects.filter(pk=session.id).first)()
                if row is None:
                    return  # discarded
                if row.lease_expired():
                    # Shielded: the last socket leaving mid-start must not cancel it halfway.
                    await asyncio.shield(cls.ensure(row))
            except Busy:
                continue
            except Exception:  # a database hiccup must not end the watch for good
                log.exception("live session %s: watching its lease failed", session.id)

    async def stop(self, discard: bool = False, save: bool = True) -> None:
        self.registry.pop(self.session.id, None)
        for due in (self._state_due, self._owner_gone):
            if due is not None:
                due.cancel()  # (and _broadcast_state_soon plans no more)
        await self.layer.group_discard(control_group(self.session.id), self.channel)
        if save and not discard:
            await self.save()
        if discard:
            await database_sync_to_async(LiveSession.objects.filter(pk=self.session.pk).delete)()
        else:
            await database_sync_to_async(self.session.release)(self.holder)
        current = asyncio.current_task()
        for task in self.tasks:
            if task is not current:
                task.cancel()

    def _new_engine(self) -> None:
        self.engine = Engine(self.session.document, seed=self.session.seed)
        self._attach_recorder()

    def _attach_recorder(self) -> None:
        self.recorder = Recorder(self.engine)
        self.engine.recorders.append(self.recorder)
        self.latest_frame = None
        # The charts' recent past, for pages that join late (a new engine starts it over),
        # kept from the frames as they are sent: never ahead of the latest one.
        self.history: deque[dict[str, Any]] = deque()
        self._history_text: str | None = None  # encoded once, until the next point is kept
        # Writes lost so far per node: live frames carry the run's total (CONTRACT §3 allows
        # "over the run"), so a page that joins late or misses a frame still shows them all.
        self.lost_writes: dict[str, float] = {}

    async def save(self) -> None:
        """Store the engine's state in the session row (if it moved since the last save)."""
        async with self.lock:
            key = (self.engine.tick, self.pause_at, self.changes)
            if key == self.saved:
                return
            snapshot = self.engine.snapshot()
            # What the runner adds to the frames, for a process that takes the session over:
            # the history one point per HISTORY_SAVED_GAP_S (a quarter of its size).
            thinned, last = [], None
            for point in self.history:
                if last is None or point["t"] - last >= HISTORY_SAVED_GAP_S - 1e-9:
                    thinned.append(point)
                    last = point["t"]
            snapshot["live"] = {"lost_writes": dict(self.lost_writes), "history": thinned,
                                "pause_at": self.pause_at}
        await database_sync_to_async(self.session.save_state)(snapshot, self.speed,
                                                               self.holder)
        self.saved = key

    # -- messages from sockets ----------------------------------------------------------------

    async def _listen(self) -> None:
        while True:
            message = await self.layer.receive(self.channel)
            try:
                await self._handle(message)
            except Exception:  # one bad message must not stop the session
                log.exception("live session %s: handling %s failed", self.session.id,
                              message.get("type"))

    async def _handle(self, message: dict[str, Any]) -> None:
        kind = message.get("type")
        if kind == "live.join":
            self.viewers[message["channel"]] = message["role"]
            self.idle_since = None
            if message["role"] == "owner":
                if self._owner_gone is not None:
                    self._owner_gone.cancel()
                    self._owner_gone = None  # (not done() until the loop runs it)
                if self.auto_paused:
                    self.auto_paused = False
                    self.status = "running"
            await self.layer.send(message["channel"], self._state())
            history = self._history_message()
            if history is not None:
                await self.layer.send(message["channel"], history)
            if self.latest_frame:
                await self.layer.send(message["channel"],
                                      {"type": "live.frame", "text": self.latest_frame})
            self._broadcast_state_soon()
        elif kind == "live.leave":
            self.viewers.pop(message["channel"], None)
            if not self.viewers:
                # Nothing steps for nobody: pause at once, resume when the owner returns.
                self.idle_since = time.monotonic()
                if self.status == "running":
                    self.status, self.auto_paused = "paused", True
                await self.save()
            elif not self._owner_present() and (self._owner_gone is None
                                                or self._owner_gone.done()):
                self._owner_gone = asyncio.create_task(self._pause_without_owner())
            self._broadcast_state_soon()
        elif kind == "live.control":
            error = await self._control(message["message"])
            if error:
                ref = message["message"].get("id")
                await self.layer.send(message["reply_to"], {"type": "live.error", "message": error}
                                      | ({} if ref is None else {"id": ref}))
            else:
                await self._broadcast_state()

    def _owner_present(self) -> bool:
        return "owner" in self.viewers.values()

    async def _pause_without_owner(self) -> None:
        """Viewers left alone: the run goes on for LIVE_OWNER_GRACE_S (a teacher reloading
        the page), then pauses until the owner is back, since nobody else can pause it."""
        await asyncio.sleep(settings.LIVE_OWNER_GRACE_S)
        if not self._owner_present() and self.status == "running":
            self.status, self.auto_paused = "paused", True
            await self._broadcast_state()

    async def _control(self, msg: dict[str, Any]) -> str | None:
        """Apply an owner's command; the reason it was refused, or None."""
        kind = msg["type"]
        async with self.lock:
            if kind == "start":
                if self.status == "running":
                    return "already running"
                self.status, self.auto_paused = "running", False
            elif kind == "pause" and "at" in msg:
                return self._plan_pause(msg["at"])
            elif kind == "pause":
                if self.status != "running":
                    return f"cannot pause: the session is {self.status}"
                self.status = "paused"
            elif kind == "resume":
                if self.status != "paused":
                    return f"cannot resume: the session is {self.status}"
                self.status, self.auto_paused = "running", False
            elif kind == "reset":
                self._new_engine()  # t = 0, same seed: the same run again
                self.pause_at = None  # (planned for the old run's clock)
                self.saved = (-1, None, -1)  # (the new run's ticks may equal the old's last save)
                # Every page shows t = 0 at once (all up, nothing measured yet), even paused:
                # the last frame of the old run showed its dead nodes and full queues.
                self.latest_frame, _, _ = self._advance(0)
                await self._send_group({"type": "live.frame", "text": self.latest_frame})
            elif kind == "speed":
                self.speed = int(msg["value"])
            elif kind in ACTIONS:
                action = ({k: v for k, v in msg.items() if k not in ("type", "id")}
                          | {"action": kind})
                try:
                    self.engine.apply(action)
                except InvalidDocument as exc:
                    return "; ".join(_refusal(p.path, p.message) for p in exc.problems)
                pending = self.recorder.events
                for event in pending:
                    await self._send_group({"type": "live.event", "event": _event(event)})
                pending.clear()
            self.changes += 1
        return None

    def _plan_pause(self, at: float | None) -> str | None:
        """Pause when the simulated clock reaches ``at`` (None: plan none). Exact at any speed
        and load: a page pausing when a frame shows the time comes a round trip late (at 20×
        on a busy classroom server, after the kill its lesson asks the class to predict)."""
        if at is None:
            self.pause_at = None
        elif self.status == "ended":
            return "cannot plan a pause: the session has ended; reset to start again"
        elif at <= self.engine.t + 1e-9:
            return (f"cannot pause at t = {at:g} s: the run is already at "
                    f"t = {self.engine.t:g} s")
        else:
            self.pause_at = float(at)
        return None

    # -- stepping ---------------------------------------------------------------------------

    async def _tick(self) -> None:
        """Send a frame every FRAME_S on a fixed schedule, computing the next one while
        waiting, so that how long a frame takes to compute does not shift when it goes out."""
        loop = asyncio.get_running_loop()
        ahead: tuple[Engine, str, list[dict[str, Any]], dict[str, Any], int] | None = None
        due = last_sent = None
        while True:
            if self.status != "running" and ahead is None:
                due = last_sent = None
                if (self.idle_since is not None
                        and time.monotonic() - self.idle_since > settings.LIVE_IDLE_TIMEOUT_S):
                    log.info("live session %s discarded after idling", self.session.id)
                    await self.stop(discard=True)
                    return
                await asyncio.sleep(FRAME_S / 2)
                continue
            if ahead is None:
                ahead = await self._compute()
                if ahead is None:
                    continue
            now = loop.time()
            if due is None or now - due > FRAME_S:
                due = now  # starting, or too far behind to catch up without a burst
            await asyncio.sleep(max(0.0, due - now))
            engine, text, events, point, ticks = ahead
            ahead = None
            if engine is not self.engine:
                continue  # computed before a reset: stale
            for event in events:
                await self._send_group({"type": "live.event", "event": _event(event)})
            self.latest_frame = text
            self._remember(point)
            await self._send_group({"type": "live.frame", "text": text})
            sent = loop.time()
            if last_sent is not None:
                self.achieved = ticks * self.engine.dt / max(sent - last_sent, 1e-9)
            last_sent = sent
            due += FRAME_S
            if self.pause_at is not None and self.engine.t >= self.pause_at - 1e-9:
                # The planned pause, once its frame is out (not when computed: a reset or a
                # cancel meanwhile must not stop the run they leave going).
                self.status, self.pause_at = "paused", None
                await self._broadcast_state()
            if self.status == "running":
                ahead = await self._compute()

    async def _compute(self) -> tuple[Engine, str, list[dict[str, Any]], dict[str, Any],
                                      int] | None:
        """The next frame, computed in a worker thread, and the ticks it covers (fewer than
        the speed's where a pause is planned); None if the simulation failed."""
        try:
            async with self.lock:
                engine, ticks = self.engine, self.speed
                if self.pause_at is not None:  # (no further than the planned pause)
                    ticks = min(ticks, max(1, math.ceil((self.pause_at - engine.t) / engine.dt
                                                        - 1e-9)))
                text, events, point = await asyncio.to_thread(self._advance, ticks)
            return engine, text, events, point, ticks
        except Exception:
            log.exception("live session %s failed; ending it", self.session.id)
            self.status = "ended"
            await self._send_group({"type": "live.error", "message":
                                    "the simulation failed and was stopped; reset to "
                                    "start again"})
            await self._broadcast_state()
            return None

    def _advance(self, ticks: int) -> tuple[str, list[dict[str, Any]], dict[str, Any]]:
        """Runs in a worker thread: the CPU work of one frame, encoded once for everyone, and
        the point the charts draw from it (kept for late joiners once it is sent)."""
        for _ in range(ticks):
            self.engine.step()
        frame = self.recorder.frame()
        for node_id, entry in frame["nodes"].items():
            if "lost_writes" in entry:
                total = self.lost_writes.get(node_id, 0.0) + entry["lost_writes"]
                entry["lost_writes"] = self.lost_writes[node_id] = total
        serving = [(i, n) for i, n in frame["nodes"].items() if "queue" in n][:HISTORY_NODES]
        point = {"t": frame["t"], "end_to_end": frame["end_to_end"], "nodes": {
            i: {"utilization": n["utilization"], "queue": n["queue"]} for i, n in serving}}
        frame["speed"] = self.speed
        frame["achieved_speed"] = round(self.achieved, 2)
        events = list(self.recorder.events)
        self.recorder.reset()
        return json.dumps(frame, separators=(",", ":")), events, point

    def _remember(self, point: dict[str, Any]) -> None:
        """Keep a sent frame's point, one per HISTORY_GAP_S over the last HISTORY_S."""
        if self.history and point["t"] - self.history[-1]["t"] < HISTORY_GAP_S - 1e-9:
            return
        self.history.append(point)
        while self.history[0]["t"] < point["t"] - HISTORY_S:
            self.history.popleft()
        self._history_text = None

    def _history_message(self) -> dict[str, Any] | None:
        """The kept points as one `history` message, encoded once per new point."""
        if not self.history:
            return None
        if self._history_text is None:
            self._history_text = json.dumps({"type": "history", "frames": list(self.history)},
                                            separators=(",", ":"))
        return {"type": "live.history", "text": self._history_text}

    async def _keep_lease(self) -> None:
        while True:
            await asyncio.sleep(settings.LIVE_LEASE_S / 3)
            try:
                await self.save()
                kept = await database_sync_to_async(self.session.claim)(self.holder)
            except Exception:  # try again next time; meanwhile the lease may run out
                log.exception("live session %s: renewing its lease failed", self.session.id)
                continue
            if not kept:
                log.warning("live session %s: lease lost; stopping here", self.session.id)
                await self.stop(save=False)  # its new holder owns the saved state now
                return

    # -- outgoing ---------------------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        """The `state` message encoded once per role (sockets pick theirs), so a broadcast
        to hundreds of viewers copies two strings, not a document per viewer."""
        state = {"type": "state", "status": self.status, "speed": self.speed,
                 "t": round(self.engine.t, 6), "document": self.engine.current_document(),
                 "viewers": len(self.viewers), "achieved_speed": round(self.achieved, 2),
                 "owner_present": self._owner_present(), "pause_at": self.pause_at,
                 # So that a late joiner's log shows what already happened.
                 "events": [_event(e) for e in self.engine.log[-STATE_EVENTS:]]}
        return {"type": "live.state"} | {
            role: json.dumps(state | {"role": role}, separators=(",", ":"))
            for role in ("owner", "viewer")}

    async def _broadcast_state(self) -> None:
        await self._send_group(self._state())

    def _broadcast_state_soon(self) -> None:
        """One state broadcast for a burst of joins and leaves (a class arriving, or every
        socket joining again after a takeover) instead of one per socket."""
        if self.registry.get(self.session.id) is not self:
            return  # stopped: another runner, here or elsewhere, speaks for the session now
        if self._state_due is None or self._state_due.done():
            self._state_due = asyncio.create_task(self._broadcast_state_later())

    async def _broadcast_state_later(self) -> None:
        await asyncio.sleep(STATE_COALESCE_S)
        await self._broadcast_state()

    async def _send_group(self, message: dict[str, Any]) -> None:
        await self.layer.group_send(viewers_group(self.session.id), message)


def _refusal(path: str, message: str) -> str:
    """A refused action's problem, naming the field inside its value when there is one
    ("action.profile.to_rps" → "to_rps: …"; the page shows it at the edited param)."""
    inner = path.split(".", 2)[2:]
    return f"{inner[0]}: {message}" if inner else message


def _event(entry: dict[str, Any]) -> dict[str, Any]:
    return {"type": "event", **entry}
