"""Live sessions: one running simulation of a saved topology, watched over websockets.

The row is what every server process can see: which document and seed the session runs,
who owns it (a hashed token, like edit tokens) and which process currently steps it (a
lease renewed while it runs, so exactly one process steps a session and another can take
over when that one dies). The simulation itself lives in that process's memory.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from playground.topologies.errors import BadRequest
from playground.topologies.models import Topology


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class LiveSession(models.Model):
    id = models.CharField(primary_key=True, max_length=64, editable=False)
    topology = models.ForeignKey(Topology, null=True, on_delete=models.SET_NULL,
                                 related_name="sessions")
    document = models.JSONField()
    seed = models.IntegerField(default=1)
    owner_token_hash = models.CharField(max_length=64)
    lease_holder = models.CharField(max_length=64, blank=True, default="")
    lease_until = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    #: The engine's saved state (Engine.snapshot), so a restarted or different process
    #: continues the run instead of starting again from t = 0.
    snapshot = models.JSONField(null=True, blank=True)
    speed = models.IntegerField(default=1)

    @classmethod
    def start_for(cls, topology: Topology) -> tuple[LiveSession, str]:
        """A new session of the topology's current document, and its owner token."""
        nodes = len(topology.document.get("nodes", []))
        limit = settings.LIVE_MAX_NODES
        if nodes > limit:
            raise BadRequest(f"live sessions take at most {limit} nodes; this topology has "
                             f"{nodes} (run it with the command-line simulator instead)",
                             path="document.nodes")
        cls.discard_abandoned()
        token = secrets.token_urlsafe(32)
        session = cls.objects.create(id=secrets.token_urlsafe(16), topology=topology,
                                     document=topology.document,
                                     owner_token_hash=_hash(token))
        return session, token

    @classmethod
    def discard_abandoned(cls) -> int:
        """Delete sessions nobody has stepped for the idle timeout (never joined, or their
        process died); a running session renews its lease every few seconds."""
        cutoff = timezone.now() - timedelta(seconds=settings.LIVE_IDLE_TIMEOUT_S)
        stale = models.Q(lease_until__isnull=True) | models.Q(lease_until__lt=cutoff)
        deleted, _ = cls.objects.filter(stale, created_at__lt=cutoff).delete()
        return deleted

    def save_state(self, snapshot: dict[str, Any], speed: int, holder: str) -> None:
        """Store the run's state, unless another process has taken the session over."""
        LiveSession.objects.filter(pk=self.pk, lease_holder=holder).update(
            snapshot=snapshot, speed=speed)

    def lease_expired(self) -> bool:
        return self.lease_until is None or self.lease_until < timezone.now()

    def is_owner(self, token: str | None) -> bool:
        return bool(token) and hmac.compare_digest(self.owner_token_hash, _hash(token))

    def claim(self, holder: str) -> bool:
        """Take (or renew) the right to step this session; False if another process holds it."""
        now = timezone.now()
        until = now + timedelta(seconds=settings.LIVE_LEASE_S)
        free = models.Q(lease_until__isnull=True) | models.Q(lease_until__lt=now) | \
            models.Q(lease_holder=holder)
        return bool(LiveSession.objects.filter(models.Q(pk=self.pk) & free)
                    .update(lease_holder=holder, lease_until=until))

    def release(self, holder: str) -> None:
        LiveSession.objects.filter(pk=self.pk, lease_holder=holder).update(
            lease_holder="", lease_until=None)

    def created_payload(self, token: str) -> dict[str, Any]:
        return {"session": self.id, "owner_token": token, "ws": f"/ws/sessions/{self.id}/"}
