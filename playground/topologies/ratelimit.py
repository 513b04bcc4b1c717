"""Per-address limit on anonymous creation (create and fork), kept in Django's cache.

A fixed window: at most PLAYGROUND_CREATE_LIMIT creations per PLAYGROUND_CREATE_WINDOW_S
seconds per client address. With REDIS_URL set the counters live in Redis, so several
processes share them; otherwise each process counts on its own (LocMem).
"""

from __future__ import annotations

import ipaddress
import math
import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest

from .errors import RateLimited


def client_address(request: HttpRequest) -> str:
    """The client's IP address; behind N trusted proxies, the Nth X-Forwarded-For
    entry from the right (entries further left are client-supplied and untrusted)."""
    address = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PLAYGROUND_TRUSTED_PROXIES
    if proxies > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        hops = [h for h in hops if h]
        if hops:
            address = hops[-min(proxies, len(hops))]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return "unknown"


def check_creation_rate(request: HttpRequest, scope: str = "create",
                        limit: int | None = None) -> None:
    """Count one creation for this client; raise RateLimited when over the limit.
    ``scope`` keeps separate counts (live sessions have a limit of their own)."""
    if limit is None:
        limit = settings.PLAYGROUND_CREATE_LIMIT
    window = settings.PLAYGROUND_CREATE_WINDOW_S
    if not limit or limit <= 0 or window <= 0:
        return
    now = time.time()
    index = int(now // window)
    key = f"ratelimit:{scope}:{window}:{index}:{client_address(request)}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        raise RateLimited(retry_after=max(1, math.ceil((index + 1) * window - now)))


def check_attempt_rate(request: HttpRequest) -> None:
    """Count one attempt to create (valid or not): only valid documents use up the creation
    allowance, so this wider one bounds the work of validating refused ones. Off with the
    creation limit."""
    if settings.PLAYGROUND_CREATE_LIMIT > 0:
        check_creation_rate(request, scope="attempt", limit=settings.PLAYGROUND_ATTEMPT_LIMIT)
