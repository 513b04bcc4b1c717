"""The websocket of CONTRACT.md §5: one per viewer, thin on purpose.

The consumer checks who is speaking (owner or viewer) and the shape of each message, then
hands commands to the session's runner through the channel layer and forwards what the
runner broadcasts. It never steps the simulation itself, so a slow tick never blocks a
socket.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.conf import settings

from simulator.catalog import show_value
from simulator.document import ACTIONS

from .models import LiveSession
from .runner import Busy, Runner, control_group, viewers_group

# Session commands, then the simulator's own actions with their required fields.
CONTROLS = {"start": (), "pause": (), "resume": (), "reset": (), "speed": ("value",), **ACTIONS}
NOT_JSON = object()
RUNNER_MESSAGES = {"live.frame", "live.state", "live.history", "live.event", "live.error",
                   "live.rejoin"}


def problem(content: Any) -> str | None:
    """Why a client message is malformed, or None."""
    if not isinstance(content, dict):
        return "a message must be a JSON object with a \"type\""
    if "id" in content and message_id(content) is None:
        return "id must be a string of at most 64 characters or a whole number"
    kind = content.get("type")
    if "type" not in content:
        return f"a message needs a \"type\": one of {', '.join(CONTROLS)}"
    if not isinstance(kind, str) or kind not in CONTROLS:  # ([] is not even hashable)
        if not isinstance(kind, str):
            return f"\"type\" must be text, one of {', '.join(CONTROLS)}; got {show_value(kind)}"
        return f"unknown message type {json.dumps(kind)}; expected one of {', '.join(CONTROLS)}"
    missing = [f for f in CONTROLS[kind] if f not in content]
    if missing:
        return f"{kind} needs {', '.join(missing)}"
    if kind == "speed":
        value = content["value"]
        if isinstance(value, bool) or not isinstance(value, (int, float)) \
                or not 1 <= value <= 100 or value != int(value):
            return "speed must be a whole number from 1 to 100"
    if kind == "pause" and "at" in content:
        at = content["at"]
        if at is not None and (isinstance(at, bool) or not isinstance(at, (int, float))
                               or not 0 <= at < 1e9):
            return ("pause's \"at\" must be a simulated time in seconds (0 or more), or null "
                    f"to cancel a planned pause; got {show_value(at)}")
    return None  # (the node and the rest: document.action_problems, when the run applies it)


def message_id(content: Any) -> str | int | None:
    """The client's id for a message, echoed in the error that refuses it (if valid)."""
    ref = content.get("id") if isinstance(content, dict) else None
    if isinstance(ref, str) and len(ref) <= 64:
        return ref
    if isinstance(ref, int) and not isinstance(ref, bool):
        return ref
    return None


class SessionConsumer(AsyncJsonWebsocketConsumer):
    async def connect(self) -> None:
        session_id = self.scope["url_route"]["kwargs"]["session"]
        query = parse_qs(self.scope.get("query_string", b"").decode(errors="replace"))
        token = query.get("token", [None])[0]
        self.session_id = None
        self.session = await database_sync_to_async(
            LiveSession.objects.filter(pk=session_id).first)()
        await self.accept()
        if self.session is None:
            await self.refuse("no such live session (it may have ended after idling)", 4404)
            return
        self.role = "owner" if self.session.is_owner(token) else "viewer"
        try:
            await Runner.ensure(self.session)
        except Busy:
            await self.refuse("this server is running as many live sessions as it may; "
                              "try again later", 4503)
            return
        self.session_id = session_id
        Runner.follow(self.session)
        self.allowance, self.last_check = float(settings.LIVE_MAX_MESSAGES_PER_S), time.monotonic()
        self.start_frame_sender()
        await self.channel_layer.group_add(viewers_group(session_id), self.channel_name)
        await self.channel_layer.group_send(control_group(session_id), {
            "type": "live.join", "channel": self.channel_name, "role": self.role})
        if token and self.role == "viewer":
            await self.send_error("that owner token is wrong: you are watching, not controlling")

    async def refuse(self, message: str, code: int) -> None:
        await self.send_error(message)
        await self.close(code=code)

    async def disconnect(self, code: int) -> None:
        if getattr(self, "sender", None):
            self.sender.cancel()
        if self.session_id is None:
            return
        Runner.unfollow(self.session_id)
        await self.channel_layer.group_discard(viewers_group(self.session_id),
                                               self.channel_name)
        await self.channel_layer.group_send(control_group(self.session_id), {
            "type": "live.leave", "channel": self.channel_name})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None,
                      **kwargs: Any) -> None:
        if self.session_id is None:
            return
        allowed = self._allowed()
        try:
            content = json.loads(text_data if text_data is not None else bytes_data or b"")
        except (ValueError, UnicodeDecodeError):
            content = NOT_JSON
        if not allowed:  # (parsed first: the refusal names the message it refuses)
            await self.send_error("too many messages: at most "
                                  f"{settings.LIVE_MAX_MESSAGES_PER_S} per second",
                                  message_id(content))
        elif content is NOT_JSON:
            await self.send_error("messages must be JSON")
        else:
            await self.receive_json(content)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        reason = problem(content)
        if reason:
            await self.send_error(reason, message_id(content))
        elif self.role != "owner":
            await self.send_error("only the session's owner can control it; you are watching",
                                  message_id(content))
        else:
            await self.channel_layer.group_send(control_group(self.session_id), {
                "type": "live.control", "message": content, "reply_to": self.channel_name})

    def _allowed(self) -> bool:
        """Token bucket: a burst of one second's allowance, refilled continuously."""
        now = time.monotonic()
        rate = float(settings.LIVE_MAX_MESSAGES_PER_S)
        self.allowance = min(rate, self.allowance + (now - self.last_check) * rate)
        self.last_check = now
        if self.allowance < 1:
            return False
        self.allowance -= 1
        return True

    async def send_error(self, message: str, ref: str | int | None = None) -> None:
        await self.send_json({"type": "error", "message": message}
                             | ({} if ref is None else {"id": ref}))

    # -- from the runner (group messages) ------------------------------------------------

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels closes stale database connections before every handler, a hop to a
        # worker thread; the runner's messages never touch the database, and with 200
        # viewers at ten frames a second those hops were the server's biggest cost.
        if message["type"] in RUNNER_MESSAGES:
            await getattr(self, get_handler_name(message))(message)
        else:
            await super().dispatch(message)

    def start_frame_sender(self) -> None:
        # Frames wait in a one-slot mailbox: a viewer that falls behind gets the latest
        # frame next, never a backlog of old ones.
        self.latest_frame: str | None = None
        self.frame_ready = asyncio.Event()
        self.sender = asyncio.create_task(self._send_frames())

    async def _send_frames(self) -> None:
        while True:
            await self.frame_ready.wait()
            self.frame_ready.clear()
            text, self.latest_frame = self.latest_frame, None
            if text is not None:
                await self.send(text_data=text)  # encoded once by the runner

    async def live_frame(self, event: dict[str, Any]) -> None:
        self.latest_frame = event["text"]
        self.frame_ready.set()

    async def live_state(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event[self.role])  # encoded once per role by the runner

    async def live_history(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])  # to this socket alone, before its frame

    async def live_event(self, event: dict[str, Any]) -> None:
        await self.send_json(event["event"])

    async def live_rejoin(self, event: dict[str, Any]) -> None:
        """A process took the session over: it learns who watches as they join again."""
        await self.channel_layer.group_send(control_group(self.session_id), {
            "type": "live.join", "channel": self.channel_name, "role": self.role})

    async def live_error(self, event: dict[str, Any]) -> None:
        await self.send_error(event["message"], event.get("id"))


class NoSocketHere(AsyncJsonWebsocketConsumer):
    """A socket to a path that is not a live session's: told so, closed as a missing one."""

    async def connect(self) -> None:
        await self.accept()
        await self.send_json({"type": "error", "message": "no websocket here: a live session's "
                                                           "socket is /ws/sessions/<id>/"})
        await self.close(code=4404)
