"""Database: a primary takes writes and streams them to its replicas, which serve reads."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import caching
from ..catalog import Kind, Param, register, serving

if TYPE_CHECKING:
    from ..engine import Engine, NodeState


@register
class Database(Kind):
    kind = "database"
    label = "Database"
    category = "data"
    order = 60
    blurb = ("Stores the data. A primary takes every write and copies it to replicas that serve "
             "reads; if the primary dies, a replica is promoted and unreplicated writes are lost.")
    connects_to = ("database",)  # primary → replica: the replication stream
    replicates = True
    counters = ("lost_writes",)
    # A SQL primary on 8 cores answers ~10k simple indexed queries/s (pgbench select-only
    # figures are in the tens of thousands on such a box; real queries cost more): 8 × 0.8 ms.
    params = serving(8, 0.8, **{
        "role": Param("choice", "primary", choices=("primary", "replica"),
                      help="primary takes writes; a replica copies them and serves reads."),
        "replication_lag_ms": Param("float", 100.0, "ms", 0, 3.6e6,
                                    "How far this replica trails its primary."),
        "failover_timeout_ms": Param("float", 10000.0, "ms", 0, 3.6e6,
                                     "How long a dead primary goes unnoticed (Sentinel's "
                                     "down-after, Patroni's TTL)."),
        "promotion_ms": Param("float", 5000.0, "ms", 0, 3.6e6,
                              "Time to promote a replica once the primary is declared dead."),
    })

    def setup(self, node: NodeState, engine: Engine) -> None:
        node.data.setdefault("home", node.id)
        if node.params["role"] == "primary":
            replicas = [t for t in node.targets if engine.nodes[t].kind.kind == "database"]
            node.data.setdefault("group", {"primary": node.id, "replicas": replicas,
                                           "down_since": None, "detected": False})
            for r in replicas:
                engine.nodes[r].data["home"] = node.id

    def group(self, node: NodeState, engine: Engine) -> dict[str, Any]:
        home = engine.nodes[node.data["home"]]
        return home.data.get("group") or {"primary": node.id, "replicas": [],
                                          "down_since": None, "detected": False}

    def entry(self, node: NodeState, engine: Engine) -> list[tuple[str, float, float]]:
        # Whoever calls any member of a replication group reaches the group: writes go to
        # the current primary, reads to the live replicas (or the primary when none).
        g = self.group(node, engine)
        readers = [r for r in g["replicas"] if engine.nodes[r].up]
        if not readers:
            return [(g["primary"], 1.0, 1.0)]
        share = 1.0 / len(readers)
        return [(g["primary"], 0.0, 1.0)] + [(r, share, 0.0) for r in readers]

    def routes(self, node: NodeState, engine: Engine) -> list[tuple[str, float, float]]:
        return []  # replication edges carry no requests

    def advance(self, node: NodeState, engine: Engine, t: float, dt: float) -> None:
        if node.id == node.data["home"] and "group" in node.data:
            self._failover(node, engine, self.group(node, engine), t)

    def observe(self, node: NodeState, engine: Engine) -> None:
        g = self.group(node, engine)
        reads, writes = engine.served(node) if node.up else (0.0, 0.0)
        # Which requests it serves: a group's callers reach its replicas by their edge to the
        # primary, so the graph alone says nothing of where reads go.
        engine.gauge(node, "reads_rps", reads)
        engine.gauge(node, "writes_rps", writes)
        if node.id != g["primary"]:
            self._replica_metrics(node, engine, g)
        else:  # a primary (perhaps promoted) is never behind and never stale
            engine.gauge(node, "replication_lag_ms", 0.0)
            engine.gauge(node, "stale_reads", 0.0)
            for r in g["replicas"]:  # the stream: every acknowledged write, to each
                engine.stream(node, r, writes if engine.nodes[r].up else 0.0)

    def _replica_metrics(self, node: NodeState, engine: Engine, g: dict[str, Any]) -> None:
        lag_ms = node.params["replication_lag_ms"]
        # What was served and acknowledged: a dead primary's refused writes make nothing
        # stale (they were counted, and stale reads went on through a failover).
        reads, _ = engine.served(node)
        _, writes = engine.served(engine.nodes[g["primary"]])
        inputs = [round(writes, 3), lag_ms, *engine.key_params(node)]
        if node.data.get("stale_inputs") != inputs:
            # A read is stale when its key was written within the lag (Zipf keys).
            node.data["stale_share"] = caching.stale_read_ratio(
                writes, lag_ms / 1000, engine.key_profile(node))
            node.data["stale_inputs"] = inputs
        engine.gauge(node, "replication_lag_ms", lag_ms if node.up else 0.0)  # down: no stream
        engine.gauge(node, "stale_reads", reads * node.data["stale_share"] if node.up else 0.0)

    def _failover(self, home: NodeState, engine: Engine, g: dict[str, Any], t: float) -> None:
        primary = engine.nodes[g["primary"]]
        if primary.up:
            # Acknowledged writes: those it refused or timed out were never acknowledged.
            primary.data["write_rps"] = engine.served(primary)[1]
            return
        if g["down_since"] is None:
            return
        p = home.params
        detect = g["down_since"] + p["failover_timeout_ms"] / 1000
        candidates = sorted((engine.nodes[r] for r in g["replicas"] if engine.nodes[r].up),
                            key=lambda n: (n.params["replication_lag_ms"], n.id))
        if not g["detected"] and t >= detect:
            g["detected"] = True
            follow = (f"promoting {candidates[0].id}" if candidates
                      else "no live replica to promote; writes fail until it returns")
            engine.narrate(primary.id, f"{primary.id} (primary) declared dead after "
                                       f"{detect - g['down_since']:g} s; {follow}", at=detect)
        if candidates and t >= detect + p["promotion_ms"] / 1000:
            new = candidates[0]
            lost = primary.data.get("write_rps", 0.0) * new.params["replication_lag_ms"] / 1000
            engine.count(primary, "lost_writes", lost)
            g["replicas"] = [r for r in g["replicas"] if r != new.id] + [primary.id]
            g["primary"], g["down_since"], g["detected"] = new.id, None, False
            engine.narrate(new.id, f"{new.id} promoted to primary; writes resume. "
                                   f"{lost:.0f} writes acknowledged by {primary.id} in its last "
                                   f"{new.params['replication_lag_ms']:g} ms were never "
                                   f"replicated and are lost")
            engine.routes_changed()

    def on_kill(self, node: NodeState, engine: Engine) -> None:
        g = self.group(node, engine)
        if node.id == g["primary"]:
            g["down_since"] = engine.t
            what = ("writes fail until failover" if g["replicas"]
                    else "reads and writes fail until it is restored")
            engine.narrate(node.id, f"{node.id} (primary) was killed: {what}")
        engine.routes_changed()

    def on_restore(self, node: NodeState, engine: Engine) -> None:
        g = self.group(node, engine)
        if node.id == g["primary"]:
            g["down_since"], g["detected"] = None, False
        elif node.id in g["replicas"]:
            engine.narrate(node.id, f"{node.id} rejoins as a replica of {g['primary']}")
        engine.routes_changed()

    def extra_metrics(self, node: NodeState, engine: Engine) -> dict[str, Any]:
        return {"role": "primary" if self.group(node, engine)["primary"] == node.id
                else "replica"}
