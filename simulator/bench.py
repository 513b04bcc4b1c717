"""``python -m simulator bench``: speed figures measured side by side in one run.

Every figure is a ratio or rate measured here and now, alternating the runs being
compared so that a noisy machine slows both alike. Nothing here is asserted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from .engine import Engine
from .metrics import Recorder
from .simulate import run

NO_REUSE = "every tick recomputed"


#: Servers of the LB, each web server and the DB where the flow model meets Ciw at 10k req/s
#: (ρ about 0.03, 0.5 and 0.5): the same network for both.
CIW_SERVERS = (8, 2, 12)


def lb_four_web_db(rps: float, servers: tuple[int, int, int] = (1000, 1000, 2500),
                   ) -> dict[str, Any]:
    """LB → 4 web → DB (``servers``: the LB's, each web server's, the DB's). With the default
    servers, at 10 M req/s the web servers run at capacity and the database past it (ρ 2.4):
    full queues, refusals and timeouts, the costliest regime, against an idle 10."""
    lb, web, db = servers
    webs = [f"web-{i}" for i in range(1, 5)]
    nodes = ([{"id": "users", "kind": "client", "params": {"rps": rps, "read_ratio": 0.9}},
              {"id": "lb", "kind": "load_balancer",
               "params": {"servers": lb, "service_time_ms": 0.05}}]
             + [{"id": w, "kind": "web_server", "params": {"servers": web,
                                                           "service_time_ms": 0.4}}
                for w in webs]
             + [{"id": "db", "kind": "database", "params": {"servers": db,
                                                            "service_time_ms": 0.6}}])
    edges = ([("users", "lb")] + [("lb", w) for w in webs] + [(w, "db") for w in webs])
    return {"format": "architecture-playground", "version": 1, "nodes": nodes,
            "edges": [{"source": s, "target": t} for s, t in edges]}


def clusters(count: int, webs: int) -> dict[str, Any]:
    """``count`` copies of client → LB → ``webs`` web servers → cache → primary + replica."""
    nodes, edges = [], []
    for k in range(count):
        p = f"c{k}-"
        nodes += [{"id": p + "users", "kind": "client",
                   "params": {"rps": 200.0 * webs, "read_ratio": 0.9}},
                  {"id": p + "lb", "kind": "load_balancer", "params": {}},
                  {"id": p + "cache", "kind": "cache", "params": {"capacity_keys": 50_000}},
                  {"id": p + "db", "kind": "database", "params": {"servers": 64}},
                  {"id": p + "replica", "kind": "database",
                   "params": {"role": "replica", "servers": 64}}]
        edges += [(p + "users", p + "lb"), (p + "cache", p + "db"), (p + "db", p + "replica")]
        for i in range(webs):
            web = f"{p}web-{i}"
            nodes.append({"id": web, "kind": "web_server", "params": {}})
            edges += [(p + "lb", web), (web, p + "cache")]
    return {"format": "architecture-playground", "version": 1, "nodes": nodes,
            "edges": [{"source": s, "target": t} for s, t in edges]}


def best_of(repeats: int, *jobs: Callable[[], Any]) -> list[float]:
    """Minimum wall time of each job over ``repeats`` rounds, jobs alternating."""
    best = [float("inf")] * len(jobs)
    for _ in range(repeats):
        for i, job in enumerate(jobs):
            start = time.perf_counter()
            job()
            best[i] = min(best[i], time.perf_counter() - start)
    return best


def ciw_run(rps: float, horizon: float) -> None:
    """Ciw (per-request simulation) on ``lb_four_web_db(rps, CIW_SERVERS)`` for ``horizon``
    simulated seconds."""
    import ciw  # a test-only dependency: installed with the dev extras

    ciw.seed(1)
    quarter = 0.25
    routing = [[0.0] + [quarter] * 4 + [0.0]] + [[0.0] * 5 + [1.0]] * 4 + [[0.0] * 6]
    mu = [1000 / 0.05, *(1000 / 0.4,) * 4, 1000 / 0.6]
    lb, web, db = CIW_SERVERS
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rps)] + [None] * 5,
        service_distributions=[ciw.dists.Exponential(m) for m in mu],
        number_of_servers=[lb, web, web, web, web, db], routing=routing)
    ciw.Simulation(network).simulate_until_max_time(horizon)


def node_updates_per_second(engine: Engine, ticks: int) -> float:
    for _ in range(300):
        engine.step()  # past the caches' cold start: a steady system
    start = time.perf_counter()
    for _ in range(ticks):
        engine.step()
    return len(engine.ids) * ticks / (time.perf_counter() - start)


def realtime_factor_with_frames(engine: Engine, ticks: int) -> float:
    for _ in range(300):
        engine.step()  # past the caches' cold start, as a class watching a steady system
    rec = Recorder(engine)
    engine.recorders.append(rec)
    start = time.perf_counter()
    for _ in range(ticks):
        engine.step()
        rec.frame()
        rec.reset()
    return ticks * engine.dt / (time.perf_counter() - start)


@dataclass(frozen=True)
class Sizes:
    """How long each part runs: ``FULL`` for the figures, ``QUICK`` for a rough look."""

    name: str
    duration: float          # simulated s of the 7-node runs
    rounds: int              # alternations of the jobs compared; the best of each is kept
    ciw_horizon: float       # simulated s of Ciw
    ticks: int               # timed ticks of the 1000-node topology
    frames: int              # timed frames of the 200-node topology
    clusters: tuple[int, int] = (10, 95)  # copies × web servers: 10 × 100 nodes


FULL = Sizes("full", 600.0, 3, 5.0, 300, 200)
QUICK = Sizes("quick", 60.0, 2, 2.0, 100, 50)


def main(quick: bool = False, sizes: Sizes | None = None) -> int:
    z = sizes or (QUICK if quick else FULL)
    duration, rounds = z.duration, z.rounds
    print(f"architecture-playground simulator benchmark ({z.name})")

    low, high = lb_four_web_db(10), lb_four_web_db(10_000_000)
    print(f"\n1. {duration:g} simulated s of LB → 4 web → DB, summary included")
    for memo in (True, False):
        t_low, t_high = best_of(rounds, partial(run, low, duration, memo=memo),
                                partial(run, high, duration, memo=memo))
        label = "" if memo else f", {NO_REUSE}"
        print(f"   10 req/s: {t_low:.3f} s wall   10,000,000 req/s: {t_high:.3f} s wall{label}")
        print(f"   ratio high/low: {t_high / t_low:.2f}   (goal ≤ 1.3)")

    horizon = z.ciw_horizon
    doc = lb_four_web_db(10_000, CIW_SERVERS)
    t_ciw, t_flow, t_full = best_of(rounds, partial(ciw_run, 10_000, horizon),
                                    partial(run, doc, duration),
                                    partial(run, doc, duration, memo=False))
    ciw_speed = horizon / t_ciw
    lb, web, db = CIW_SERVERS
    print(f"\n2. LB → 4 web → DB ({lb}, {web} each, {db} servers) at 10,000 req/s against Ciw"
          " (per-request simulation; goal ≥ 1000x)")
    print(f"   Ciw: {ciw_speed:.2f} simulated s per wall s ({horizon:g} s simulated)")
    for label, wall in (("flow model", t_flow), (NO_REUSE, t_full)):
        speed = duration / wall
        print(f"   {label}: {speed:.0f} simulated s per wall s = {speed / ciw_speed:.0f}x Ciw")

    count, webs = z.clusters
    print(f"\n3. {count * (webs + 5)}-node topology, ticks without frames, after 30 s of warm-up"
          " (goal ≥ 10 M/s)")
    for memo in (True, False):
        rate = node_updates_per_second(Engine(clusters(count, webs), memo=memo), z.ticks)
        label = "" if memo else f", {NO_REUSE}"
        print(f"   {rate / 1e6:.2f} M node-updates per second{label}")

    print(f"\n4. {2 * (webs + 5)}-node topology, a frame with percentiles every 100 ms simulated,"
          " after 30 s of warm-up (goal ≥ 30x)")
    for memo in (True, False):
        factor = realtime_factor_with_frames(Engine(clusters(2, webs), memo=memo), z.frames)
        label = "" if memo else f", {NO_REUSE}"
        print(f"   real-time factor: {factor:.1f}x{label}")
    print("\nA settled tick, and a steady frame's percentiles, are reused while their inputs"
          " are unchanged\n(exact: every lesson runs byte for byte the same)."
          f" '{NO_REUSE}' (percentiles too) is the cost\nwhile everything keeps moving"
          " (ramps, kills, warming caches).")
    return 0
