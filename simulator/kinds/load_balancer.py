"""Load balancer: spreads requests over the targets it believes healthy, by health checks."""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING, Any

from ..catalog import Kind, Param, register, serving
from ..engine import split

if TYPE_CHECKING:
    from ..engine import Engine, NodeState


@register
class LoadBalancer(Kind):
    kind = "load_balancer"
    label = "Load balancer"
    category = "network"
    order = 30
    blurb = ("Spreads requests over a pool of servers and checks their health every few seconds. "
             "A dead server keeps receiving traffic until enough checks fail.")
    connects_to = ("web_server",)
    terminal = False
    # nginx/HAProxy forward tens of thousands of requests per second per core:
    # 4 cores × 0.05 ms ≈ 80k req/s.
    params = serving(4, 0.05, **{
        "policy": Param("choice", "round_robin", choices=("round_robin", "least_connections",
                                                          "weighted"),
                        help="Round robin: equal turns; least connections: more to faster "
                             "servers; weighted: by each connection's weight."),
        "check_interval_ms": Param("float", 2000.0, "ms", 10, 600000,
                                   "Time between two health checks of one server."),
        "unhealthy_threshold": Param("int", 3, "checks", 1, 100,
                                     "Failed checks in a row before a server is taken out."),
        "healthy_threshold": Param("int", 2, "checks", 1, 100,
                                   "Good checks in a row before a server is put back."),
    })

    def setup(self, node: NodeState, engine: Engine) -> None:
        interval = node.params["check_interval_ms"] / 1000
        rng = engine.rng(node.id)
        # Each target's checks start at a random phase, as a real balancer's timers do.
        node.data.setdefault("targets", {
            target: {"healthy": True, "fails": 0, "oks": 0,
                     "next_check": float(rng.uniform(0, interval))}
            for target in node.targets})
        # Due checks as a heap of [time, target], so a tick touches only the checks due in it.
        node.data.setdefault("schedule", sorted(
            [c["next_check"], t] for t, c in node.data["targets"].items()))
        # While every check would only confirm what the balancer believes, none are run.
        node.data.setdefault("quiet", True)

    def advance(self, node: NodeState, engine: Engine, t: float, dt: float) -> None:
        if node.data["quiet"]:
            return
        schedule = node.data["schedule"]
        interval = node.params["check_interval_ms"] / 1000
        while schedule and schedule[0][0] < t + dt:
            _, target = heapq.heappop(schedule)
            check = node.data["targets"][target]
            self._check(node, engine, target, check, engine.nodes[target].up)
            check["next_check"] += interval
            heapq.heappush(schedule, [check["next_check"], target])
        node.data["quiet"] = all(_confirmed(c, engine.nodes[target].up)
                                 for target, c in node.data["targets"].items())

    def on_target_changed(self, node: NodeState, engine: Engine, target: str) -> None:
        if node.data["quiet"]:
            # Checks skipped while quiet changed nothing; move each to its next due time.
            interval = node.params["check_interval_ms"] / 1000
            for check in node.data["targets"].values():
                behind = engine.t - check["next_check"]
                if behind > 0:
                    check["next_check"] += math.ceil(behind / interval) * interval
            node.data["schedule"] = sorted(
                [c["next_check"], t] for t, c in node.data["targets"].items())
        node.data["quiet"] = False

    def _check(self, node: NodeState, engine: Engine, target: str, check: dict[str, Any],
               passed: bool) -> None:
        p = node.params
        check["fails"], check["oks"] = (0, check["oks"] + 1) if passed else (check["fails"] + 1, 0)
        if check["healthy"] and check["fails"] >= p["unhealthy_threshold"]:
            check["healthy"] = False
            engine.narrate(node.id, f"{node.id} marked {target} unhealthy after "
                                    f"{check['fails']} failed checks", at=check["next_check"])
            engine.routes_changed()
        elif not check["healthy"] and check["oks"] >= p["healthy_threshold"]:
            check["healthy"] = True
            engine.narrate(node.id, f"{node.id} marked {target} healthy again after "
                                    f"{check['oks']} good checks", at=check["next_check"])
            engine.routes_changed()

    def healthy_targets(self, node: NodeState) -> list[str]:
        return sorted(t for t, c in node.data["targets"].items() if c["healthy"])

    def routes(self, node: NodeState, engine: Engine) -> list[tuple[str, float, float]]:
        healthy = self.healthy_targets(node)
        if not healthy:
            return []  # nothing believed healthy: the balancer itself answers with errors
        policy = node.params["policy"]
        if policy == "weighted":
            return engine.split_by_weight(node, healthy)
        if policy == "least_connections":
            # In a fluid model least-connections equalises load, i.e. splits by capacity.
            return split(healthy, [engine.capacity(engine.nodes[t]) for t in healthy])
        return split(healthy, [1.0] * len(healthy))

    def extra_metrics(self, node: NodeState, engine: Engine) -> dict[str, Any]:
        return {"healthy_targets": self.healthy_targets(node)}


def _confirmed(check: dict[str, Any], up: bool) -> bool:
    """A check of this target would change nothing the balancer acts on."""
    if up:
        return check["healthy"] and check["fails"] == 0
    return not check["healthy"] and check["oks"] == 0
