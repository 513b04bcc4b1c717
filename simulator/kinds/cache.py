"""Cache: an in-line key-value cache (Redis, Memcached). Read hits end here; misses go on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import caching
from ..catalog import Kind, Param, register, serving

if TYPE_CHECKING:
    from ..engine import Engine, NodeState


@register
class Cache(Kind):
    kind = "cache"
    label = "Cache"
    category = "data"
    order = 50
    blurb = ("Keeps popular items in memory so most reads never reach the database. "
             "Its hit ratio depends on how skewed the keys are, its size and the TTL.")
    connects_to = ("database",)
    bypass_when_down = True
    # Redis serves ~100k simple ops/s (redis-benchmark GET/SET on commodity hardware), each
    # in ~1 ms as its callers typically see it: by Little's law ~100 in flight, 100 × 1 ms.
    # (An edge's latency_ms adds the network's share where a lesson wants it shown.)
    params = serving(100, 1.0, **{
        "capacity_keys": Param("int", 100_000, "keys", 0, 10**12,
                               "How many items fit in memory; least recently used go first."),
        "ttl_s": Param("float", 0.0, "s", 0, 10**7,
                       "Items expire this long after being stored (0 = never)."),
    })

    def setup(self, node: NodeState, engine: Engine) -> None:
        node.data.setdefault("started_at", 0.0)  # caches start empty (cold)
        node.data.setdefault("hit_ratio", 0.0)

    def advance(self, node: NodeState, engine: Engine, t: float, dt: float) -> None:
        reads, writes = engine.arrivals(node)
        if not node.up:
            engine.set_read_through(node, 1.0)
            node.data["hit_ratio"] = 0.0
            engine.gauge(node, "hit_ratio", 0.0, weight=reads)
            return
        age = t + dt / 2 - node.data["started_at"]  # mid-tick
        p = node.params
        # What the hit ratio depends on besides rates and age: a live edit or a new mix of
        # clients must be seen.
        setup = [p["capacity_keys"], p["ttl_s"], *engine.key_params(node)]
        last = node.data.get("inputs")
        changed = last is None or last[3:] != setup or _moved(last, reads, writes)
        # While warming, the ratio follows the cache's age; once a 5 % older cache scores
        # within 1e-5 of the last figure, it has warmed up and age no longer matters.
        aged = (not changed and not node.data.get("warm")
                and age - last[2] > max(dt, 0.05 * last[2]) * 0.999)
        if changed or aged:
            h = caching.hit_ratio(reads, writes, engine.key_profile(node), p["capacity_keys"],
                                  p["ttl_s"] or None, age_s=age)
            node.data["warm"] = aged and abs(h - node.data["hit_ratio"]) < 1e-5
            node.data["hit_ratio"] = h
            node.data["inputs"] = [reads, writes, age, *setup]
        h = node.data["hit_ratio"]
        engine.set_read_through(node, 1.0 - h)
        engine.gauge(node, "hit_ratio", h, weight=reads)

    def on_kill(self, node: NodeState, engine: Engine) -> None:
        engine.narrate(node.id, f"{node.id} is down: every read now goes to the next tier")

    def on_restore(self, node: NodeState, engine: Engine) -> None:
        node.data["started_at"] = engine.t
        node.data["inputs"] = None  # empty again: recompute from a cold start
        engine.narrate(node.id, f"{node.id} is back, empty: its hit ratio climbs as it warms up")


def _moved(last: list[float], reads: float, writes: float) -> bool:
    """Rates moved by over 0.5 % since the ratio was computed (re-solving Che's equation
    every tick would cost ~0.1 ms per cache)."""
    r0, w0 = last[0], last[1]
    return abs(reads - r0) > 0.005 * max(r0, 1e-9) or abs(writes - w0) > 0.005 * max(w0, 1e-9)
