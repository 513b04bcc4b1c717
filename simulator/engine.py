"""The time-stepped flow engine.

Each tick (default 100 ms simulated) moves *rates*, not requests, so its cost does not
depend on requests per second: clients offer reads and writes, routes carry them
through the graph, every serving node advances its queue (pointwise-stationary fluid
flow, see ``queueing.QueueTables.solve``) and kinds move their stateful effects
(health checks, failover, cache warm-up). Latency distributions are built from the
recorded state only when a frame or summary asks for them (``metrics``).
"""

from __future__ import annotations

import copy
import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
import numpy as np

from . import caching, latency, profiles
from .catalog import Kind, get_kind
from .client_reads import ClientReads
from .distributions import Sojourns, success_fraction
from .document import action_problems, normalize, validate
from .metrics import Recorder, TickState
from .queueing import (
    FiniteQueue,
    QueueTables,
    deadline_late_share,
    departure_scv,
    mmck_blocking,
    mmck_stationary,
)

READ, WRITE = 0, 1


class InvalidDocument(ValueError):
    def __init__(self, problems: list) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


@dataclass
class NodeState:
    id: str
    index: int
    kind: Kind
    params: dict[str, Any]
    targets: list[str]
    edges: dict[str, dict[str, Any]]
    up: bool = True
    data: dict[str, Any] = field(default_factory=dict)

    def edge(self, target: str) -> dict[str, Any]:
        return self.edges[target]


@dataclass
class Routes:
    """Flattened request routes: traffic leaving ``src`` reaches ``dst`` times ``mult``."""

    src: np.ndarray       # node index
    dst: np.ndarray       # node index (after entry redirects, e.g. reads to replicas)
    call: np.ndarray      # which call of the source (fan-out nodes call every tier once)
    mult: np.ndarray      # (R, 2) share of the source's read / write outflow
    latency: np.ndarray   # one-way latency of the edge crossed, seconds
    edge: np.ndarray      # index of the document edge crossed


@dataclass(frozen=True)
class Active:
    """Serving nodes that are up (``index``) and their per-node constants, in index order,
    then the index lists a tick needs about the others (all fixed until params, liveness or
    routes change)."""

    mask: np.ndarray            # (n,) bool: serving and up
    index: np.ndarray
    c: np.ndarray
    mu: np.ndarray
    cmu: np.ndarray
    max_queue: np.ndarray
    cap: np.ndarray             # most requests held: servers + queue (by max_queue or timeout)
    offsets: np.ndarray         # of their Erlang tables
    service_mean: np.ndarray
    service_cv: np.ndarray
    timeout: np.ndarray
    timeout_served: np.ndarray  # the longest wait of an accepted request
    reach: np.ndarray           # most requests inside that can still be served in time
    quiet_load: np.ndarray      # below it (λ/μ) M/M/c/K refuses under 2^-60 of arrivals: none
    room_binds: np.ndarray      # max_queue, not the timeout, sets how many may wait
    fills_room: np.ndarray      # ... and the timeout is past nearly every wait it allows:
                                # past capacity it fills to M/M/c/K's steady state
    zeros: np.ndarray           # shared constants for Sojourns (which never writes into them)
    ones: np.ndarray
    dead: np.ndarray            # nodes that are down
    no_route: np.ndarray        # nodes with no route on (they fail what they would pass)
    down: np.ndarray            # serving nodes that are down
    down_failing: np.ndarray    # ... and fail what reaches them (not bypassed)
    stuck: np.ndarray           # active nodes with no route on
    pass_mu: np.ndarray         # (n,) μ if active, else inf: it passes on at most
    pass_c: np.ndarray          # μ·min(c, requests inside) per s (c: inf if not active)
    #: Refusal shares by their exact inputs (special functions: ~10–50 µs a node); a
    #: steady overload asks the same every tick.
    formulas: dict = field(default_factory=dict)


class Engine:
    """A running simulation of one topology document."""

    def __init__(self, doc: dict[str, Any], seed: int = 1, dt: float = 0.1,
                 memo: bool = True) -> None:
        problems = validate(doc)
        if problems:
            raise InvalidDocument(problems)
        self.document = normalize(doc)
        self.seed, self.dt, self.tick = seed, dt, 0
        #: Reuse the last tick outright when the system has settled and nothing changed, and
        #: a steady frame's percentiles (metrics.Recorder._latencies).
        self.memo = memo
        self._settled: tuple[tuple, TickState] | None = None
        #: Latency reports of steady frames by regime (see metrics.Recorder._latencies).
        self.latency_cache: dict[bytes, tuple] = {}
        self.log: list[dict[str, Any]] = []
        self._build()

    # -- construction ---------------------------------------------------------------

    def _build(self) -> None:
        doc = self.document
        ids = sorted(n["id"] for n in doc["nodes"])
        by_id = {n["id"]: n for n in doc["nodes"]}
        out_edges: dict[str, dict[str, dict[str, Any]]] = {i: {} for i in ids}
        self.doc_edges = [(e["source"], e["target"]) for e in doc["edges"]]
        self._edge_index = {e: k for k, e in enumerate(self.doc_edges)}
        for e in doc["edges"]:
            out_edges[e["source"]][e["target"]] = e["params"]
        seeds = np.random.SeedSequence(self.seed).spawn(len(ids))
        self._rngs = {i: np.random.Generator(np.random.PCG64(s)) for i, s in zip(ids, seeds,
                                                                                   strict=True)}
        kinds: dict[type[Kind], Kind] = {}
        self.nodes: dict[str, NodeState] = {}
        for index, node_id in enumerate(ids):
            cls = get_kind(by_id[node_id]["kind"])
            kind = kinds.setdefault(cls, cls())
            self.nodes[node_id] = NodeState(node_id, index, kind, dict(by_id[node_id]["params"]),
                                            sorted(out_edges[node_id]), out_edges[node_id])
        self.ids = ids
        n = len(ids)
        graph = nx.DiGraph()
        graph.add_nodes_from(ids)
        graph.add_edges_from((s, t) for s, t in self.doc_edges
                             if not _replication(self.nodes[s].kind, self.nodes[t].kind))
        self.order = list(nx.topological_sort(graph))
        self.fans_out = np.array([self.nodes[i].kind.fans_out for i in ids], dtype=bool)
        self.serving = np.array([self.nodes[i].kind.serves for i in ids], dtype=bool)
        self.bypass = np.array([self.nodes[i].kind.bypass_when_down for i in ids], dtype=bool)
        self.clients = [self.nodes[i] for i in ids if self.nodes[i].kind.offers_traffic]
        self.client_index = np.array([c.index for c in self.clients], dtype=np.intp)
        self.stateful = [self.nodes[i] for i in self.order
                         if type(self.nodes[i].kind).advance is not Kind.advance]
        self.observers = [self.nodes[i] for i in self.order
                          if type(self.nodes[i].kind).observe is not Kind.observe]
        self.x = np.zeros(n)                     # mean requests in each node (queue + service)
        self.var = np.zeros(n)                   # variance of that number (see _wait_spread)
        self.arr = np.zeros((n, 2))              # last tick's arrivals (reads, writes) per s
        self.pi = np.ones(n)                     # share of arrivals passed on successfully
        self.through = np.ones((n, 2))           # share of passed reads/writes that go on
        self.up = np.ones(n, dtype=bool)         # mirrors NodeState.up for vector work
        self._inside_killed = np.zeros(n)        # requests inside nodes killed this tick
        # Reads/writes per s a serving node completed last tick beyond what its share passed
        # on (a share estimated from the tick before falls short when arrivals fall): passed
        # on now, so every completed request reaches the next tier.
        self.owed = np.zeros((n, 2))
        self.mix = np.tile([1.0, 0.0], (n, 1))   # each node's last read/write split
        self.completions = np.zeros(n)           # requests per s each completed last tick
        self._cells = np.zeros(n, dtype=np.intp)  # last Erlang-table cells: the solver's guess
        self.tables = QueueTables()
        self._params_version = 0
        self._active_cache: tuple[tuple, Active] | None = None
        self.client_reads = ClientReads(self.clients, n)
        self._refresh_params()
        self.events = sorted(enumerate(self.document["scenario"]["events"]),
                             key=lambda e: (e[1]["at"], e[0]))
        self._next_event = 0
        self._dirty = True
        self.recorders: list[Recorder] = []
        for node_id in self.order:
            node = self.nodes[node_id]
            node.kind.setup(node, self)

    def _refresh_params(self) -> None:
        def col(name: str, default: float) -> np.ndarray:
            return np.array([float(self.nodes[i].params.get(name, default)) for i in self.ids])

        self.c = col("servers", 1)
        self.mu = 1000.0 / col("service_time_ms", 1)
        cv = col("service_cv", 1)
        self.cv = cv
        # Arrival variability matters only once some service is not exponential (QNA).
        self.variable = bool((cv != 1).any())
        if not hasattr(self, "ca2") or not self.variable:
            self.ca2 = np.ones(len(self.ids))
        self.kvar = (self.ca2 + cv * cv) / 2.0    # Allen–Cunneen
        self.timeout = col("timeout_ms", 1e12) / 1000.0
        # Requests past max_queue are refused; waiting past the timeout fails too.
        self.max_queue = col("max_queue", 0)
        self.cap = self.c + np.minimum(self.max_queue, self.c * self.mu * self.timeout)
        self.offsets = self.tables.offsets(self.c)
        self._params_version += 1

    # -- API used by kinds ------------------------------------------------------------

    @property
    def t(self) -> float:
        return self.tick * self.dt

    def rng(self, node_id: str) -> np.random.Generator:
        return self._rngs[node_id]

    def narrate(self, node_id: str, text: str, at: float | None = None) -> None:
        entry = {"t": round(self.t if at is None else at, 3), "node": node_id, "text": text}
        self.log.append(entry)
        for rec in self.recorders:
            rec.events.append(entry)

    def routes_changed(self) -> None:
        self._dirty = True

    def arrivals(self, node: NodeState) -> tuple[float, float]:
        r, w = self.arr[node.index].tolist()
        return r, w

    def served(self, node: NodeState) -> tuple[float, float]:
        """Reads and writes per second the node completed in the last tick taken (what it
        acknowledged)."""
        r, w = (self.arr[node.index] * self.pi[node.index]).tolist()
        return r, w

    def capacity(self, node: NodeState) -> float:
        return float(self.c[node.index] * self.mu[node.index])

    def set_read_through(self, node: NodeState, share: float) -> None:
        self.through[node.index, READ] = share

    def gauge(self, node: NodeState, name: str, value: float, weight: float = 1.0) -> None:
        for rec in self.recorders:
            rec.gauge(node.id, name, value, weight)

    def count(self, node: NodeState, name: str, amount: float) -> None:
        for rec in self.recorders:
            rec.count(node.id, name, amount)

    def stream(self, node: NodeState, other: str, rate: float) -> None:
        """A flow other than requests (a replication stream, per s) along the document edge
        between ``node`` and ``other``, whichever way it was drawn (a failover reverses
        it); none if they have no edge."""
        k = self._edge_index.get((node.id, other), self._edge_index.get((other, node.id)))
        if k is not None:
            for rec in self.recorders:
                rec.stream(k, rate)

    def key_profile(self, node: NodeState) -> caching.KeyProfile:
        """Key popularity of the reads reaching ``node``: the mixture of the clients' Zipf laws
        in one shared key namespace, weighted by the reads each routes there."""
        return self.client_reads.profile(node.index)

    def key_params(self, node: NodeState) -> tuple[float, ...]:
        """What ``key_profile`` depends on, for kinds to store and compare: flat weight,
        key_space, zipf_s of each client law (flat stays equal through a JSON snapshot)."""
        return self.client_reads.params(node.index)

    def split_by_weight(self, node: NodeState,
                        targets: list[str] | None = None) -> list[tuple[str, float, float]]:
        """Shares of ``node``'s traffic by edge weight (fan-out nodes call every target)."""
        targets = node.targets if targets is None else targets
        if node.kind.fans_out:
            return [(t, 1.0, 1.0) for t in targets]
        return split(targets, [float(node.edge(t).get("weight", 1.0)) for t in targets])

    # -- control ----------------------------------------------------------------------

    def apply(self, action: dict[str, Any]) -> None:
        """Apply a scenario/live action now (kill, restore, set_param, set_traffic)."""
        kinds = {i: n.kind.kind for i, n in self.nodes.items()}
        problems = action_problems(action, kinds, "action")
        if problems:
            raise InvalidDocument(problems)
        node = self.nodes[action["node"]]
        what = action["action"]
        self.client_reads.forget_mixtures()  # a client's keys may change
        if what == "kill" and node.up:
            node.up = self.up[node.index] = False
            # Its requests (queued and in service) fail with it: counted at the next tick,
            # even if it is restored before then.
            self._inside_killed[node.index] += self.x[node.index]
            self.x[node.index] = self.var[node.index] = 0.0
            self.owed[node.index] = 0.0
            self._said_or(node, lambda: node.kind.on_kill(node, self), "was killed")
            self._tell_sources(node)
        elif what == "restore" and not node.up:
            node.up = self.up[node.index] = True
            self.x[node.index] = self.var[node.index] = 0.0
            # A fresh node passes on what it serves (its dead share, 0, lost a tick of it);
            # the pass limit holds that to what its servers complete.
            self.pi = self.pi.copy()
            self.pi[node.index] = 1.0
            self._said_or(node, lambda: node.kind.on_restore(node, self), "was restored")
            self._tell_sources(node)
        elif what == "set_param":
            node.params[action["param"]] = action["value"]
            node.kind.on_param_changed(node, self, action["param"])
            self._refresh_params()
            self.narrate(node.id, f"{node.id}: {action['param']} set to {action['value']}")
        elif what == "set_traffic":
            node.kind.set_traffic(node, self, float(action["rps"]), action.get("profile"))
            rps = float(action["rps"])
            profile = action.get("profile")  # (without one, the shape carries on as it was)
            shape = "" if profile is None else profiles.describe(profile, rps)
            self.narrate(node.id, f"{node.id} now offers {rps:g} req/s{shape}")
        self._dirty = True

    def _tell_unreached(self) -> None:
        """Said as a run starts: with nothing sending requests, or a component nothing
        calls, the charts stay flat, unexplained."""
        if not self.clients and self.order:
            self.narrate(self.order[0], "Nothing sends requests: add Clients and connect them "
                                        "to the first tier")
        called = {e["target"] for e in self.document["edges"]}
        for node_id in self.order:
            if not self.nodes[node_id].kind.offers_traffic and node_id not in called:
                self.narrate(node_id, f"{node_id} gets no requests: nothing is connected to it")

    def _said_or(self, node: NodeState, hook: Callable[[], None], happened: str) -> None:
        """Run a kind's kill/restore hook; unless it told what happened to the node in its
        own words ("db (primary) was killed: writes fail until failover"), say it plainly.
        (Both said the same thing twice at the same instant.)"""
        start = len(self.log)
        hook()
        if not any(e["node"] == node.id for e in self.log[start:]):
            self.narrate(node.id, f"{node.id} {happened}")

    def _tell_sources(self, node: NodeState) -> None:
        for source, target in self.doc_edges:
            if target == node.id:
                src = self.nodes[source]
                src.kind.on_target_changed(src, self, node.id)

    # -- the tick -----------------------------------------------------------------------

    def step(self) -> None:
        """Advance the simulation by one tick of ``dt`` simulated seconds."""
        t0, dt = self.t, self.dt
        if self.tick == 0:
            self._tell_unreached()
        while (self._next_event < len(self.events)
               and self.events[self._next_event][1]["at"] < t0 + dt - 1e-9):
            self.apply(self.events[self._next_event][1])
            self._next_event += 1
        for node in self.stateful:
            node.kind.advance(node, self, t0, dt)
        if self._dirty:
            self._build_routes()
        offered = self._offered(t0 + dt / 2)
        pi = self._pass_fractions()
        inputs = (offered, pi, self.through, self.up, self.kvar, self._params_version,
                  self.routes)
        if (self.memo and self._settled is not None and _same(self._settled[0], inputs)
                and not self._inside_killed.any()):
            state = self._settled[1]  # a settled system given the same inputs: same tick
        else:
            # (A reused tick has the offered traffic and routes last followed: nothing moved.)
            self.client_reads.follow(offered[self.client_index, READ].tolist(), self.routes,
                                     self._levels)
            before = self._state()  # one array: one test below
            # Requests there are to complete or fail this tick besides what arrives: those
            # inside, those owed on (between tiers) and those of nodes killed since.
            self._inside_before = float(self.x.sum() + np.maximum(self.owed, 0.0).sum() * dt
                                        + self._inside_killed.sum())
            lam = self._propagate(offered, pi)
            state = self._serve(lam)
            if self.variable:
                self._arrival_variability(lam, state.utilization)
            self._settled = None
            if _close(self._state(), before):
                # Pin the fixed point (it may wobble in the last bit otherwise: arrival
                # variability did, and a run reusing settled ticks then parted from one
                # recomputing them).
                n = len(self.ids)
                self.x, self.pi, self.var, owed, self.ca2 = np.split(before,
                                                                   [n, 2 * n, 3 * n, 5 * n])
                self.owed = owed.reshape(n, 2)
                if self.variable:
                    self.kvar = (self.ca2 + self.cv ** 2) / 2.0
                if self.memo and state.lost is None:  # (a kill's failures are told once)
                    self._settled = (tuple(_copy(v) for v in inputs), state)
        self.tick += 1
        if self.recorders:
            for node in self.observers:
                node.kind.observe(node, self)
        for rec in self.recorders:
            rec.add(state)

    def _state(self) -> np.ndarray:
        """What a tick moves, in one array (see step)."""
        return np.concatenate((self.x, self.pi, self.var, self.owed.ravel(), self.ca2))

    def _offered(self, t: float) -> np.ndarray:
        s = np.zeros((len(self.ids), 2))
        for node in self.clients:
            s[node.index] = node.kind.offered(node, t)
        return s

    def _build_routes(self) -> None:
        src, dst, call, mult, lat, edge = [], [], [], [], [], []
        self.fail_no_route = np.zeros(len(self.ids), dtype=bool)
        for node_id in self.order:
            node = self.nodes[node_id]
            # A dead node keeps its routes: its pass share says how much still gets through
            # (all for a dead cache, the cached answers for a dead DNS, nothing otherwise).
            routes = node.kind.routes(node, self)
            if not routes and not node.kind.terminal:
                self.fail_no_route[node.index] = True
                if not node.targets and not node.data.get("told_unconnected"):
                    # Said once: otherwise the page only shows 100 % errors, unexplained.
                    node.data["told_unconnected"] = True
                    self.narrate(node.id, f"{node.id} is connected to nothing: every request "
                                          "it gets fails")
            for k, (target, r, w) in enumerate(routes):
                target_node = self.nodes[target]
                for real, r2, w2 in target_node.kind.entry(target_node, self):
                    src.append(node.index)
                    dst.append(self.nodes[real].index)
                    call.append(k)
                    mult.append((r * r2, w * w2))
                    lat.append(node.edge(target).get("latency_ms", 0.0) / 1000.0)
                    edge.append(self._edge_index[(node_id, target)])
        self.routes = Routes(np.array(src, dtype=np.intp), np.array(dst, dtype=np.intp),
                             np.array(call, dtype=np.intp),
                             np.array(mult, dtype=float).reshape(-1, 2),
                             np.array(lat, dtype=float), np.array(edge, dtype=np.intp))
        self._levels = self._route_levels()
        r = self.routes
        # Per level: flat indices of (src, read/write) and (dst, read/write) in an (n, 2)
        # array's ravel, and the routes' shares laid out alike: the propagation is then one
        # 1-d take and one bincount per level.
        classes = np.arange(2)
        src_cells, dst_cells = ((2 * ends[:, None] + classes).ravel() for ends in (r.src, r.dst))
        mult = r.mult.ravel()
        self._level_flat = [(src_cells[2 * p.start:2 * p.stop], dst_cells[2 * p.start:2 * p.stop],
                             mult[2 * p.start:2 * p.stop]) for p in self._levels]
        self._level_sources = [np.unique(r.src[p]) for p in self._levels]
        self.route_graph = latency.Graph(self.fans_out, r.src, r.dst, r.call, r.mult, r.latency)
        self._dirty = False

    def _route_levels(self) -> list[slice]:
        """Slices of the routes (already in topological order of their sources) such that every
        route of a slice starts at a node whose inflow earlier slices have completed."""
        r = self.routes
        level = np.zeros(len(self.ids), dtype=np.intp)
        for k in range(len(r.src)):  # sources come in topological order of the route graph
            level[r.dst[k]] = max(level[r.dst[k]], level[r.src[k]] + 1)
        src_level = level[r.src]
        order = np.argsort(src_level, kind="stable")
        for name in ("src", "dst", "call", "latency", "edge"):
            setattr(r, name, getattr(r, name)[order])
        r.mult = r.mult[order]
        bounds = np.flatnonzero(np.diff(src_level[order])) + 1
        edges = [0, *bounds.tolist(), len(order)]
        return [slice(a, b) for a, b in zip(edges, edges[1:], strict=False) if b > a]

    def _pass_fractions(self) -> np.ndarray:
        """Share of arrivals each node passes on: last tick's for serving nodes (their queue
        decides it), the kind's own rule for the others."""
        act = self._active()
        pi = self.pi.copy()  # (1 for the others, as _serve leaves it)
        for i in act.dead.tolist():
            node = self.nodes[self.ids[i]]
            pi[i] = 1.0 if self.bypass[i] else node.kind.pass_fraction(node, self)
        pi[act.no_route] = 0.0
        return pi

    def _propagate(self, offered: np.ndarray, pi: np.ndarray) -> np.ndarray:
        """Arrival rates at every node: one pass over the routes, level by level. A serving
        node passes on last tick's share of its arrivals within ``_pass_bounds``: at most what
        its busy servers complete, μ·min(c, requests inside) (last tick's share applied to a
        sudden surge would otherwise pass the whole surge downstream for a tick: 1e9 req/s
        reaching a cache behind three web servers that serve 1,200), and while it queues, what
        its queue keeps completing."""
        owed = (self.owed * self.through).ravel() if self.owed.any() else None
        self._ahead = None
        lam = self._flow(offered, pi, owed)
        act = self._active()
        # (A share at its bounds passes them to the last bits: not worth a second pass.)
        passed = pi * (a := lam[:, READ] + lam[:, WRITE])
        least, most = self._pass_bounds(act, a)
        if ((passed > most * (1 + 1e-9)) | (passed < least * (1 - 1e-9))).any():
            lam = self._flow(offered, pi := pi.copy(), owed, act)
            a = lam[:, READ] + lam[:, WRITE]
        self._pi_used = pi
        # What each node passed on, per class before ``through`` (edges' flows), and the
        # share that is of its arrivals, owed requests included (end-to-end counts). Less
        # owed than the share passes passes nothing (end-to-end throughput read −21), and
        # the rest stays owed (dropped, a tier passing its last completions on while its
        # queue timed out left the tier behind serving 40 requests nobody sent).
        self._unpaid = None
        self._passed_now = pi[:, None] * lam  # (this tick's own, beside what was owed)
        if self._ahead is not None:
            self._passed_now = self._passed_now + self._ahead
        if owed is None and self._ahead is None:
            self._outflow = self._passed_now
        else:
            passing = self._passed_now + self.owed
            self._outflow = np.maximum(passing, 0.0)
            if (passing < 0).any():
                self._unpaid = np.minimum(passing, 0.0)
        self._pi_routed = pi if owed is None and self._ahead is None else np.divide(
            self._outflow[:, READ] + self._outflow[:, WRITE], a, out=pi.copy(), where=a > 1e-12)
        return lam

    def _pass_bounds(self, act: Active, a: np.ndarray, nodes: np.ndarray | slice = slice(None),
                     ) -> tuple[np.ndarray | float, np.ndarray]:
        """Least and most each node (of ``nodes``; ``a`` its arrivals) passes on per second.

        Most: what its busy servers complete, μ·min(c, requests inside) (the tiny term keeps
        inf·0 out for nodes that queue nothing). A queue keeps its servers completing what
        they did last tick, whatever arrives, for as long as what waits and what arrives
        lasts: that is the least while it waits, and the most too (last tick's share of
        fewer arrivals passed a fraction of it on and the rest a tick later: a database
        behind a draining web tier served 44, then 752 req/s, while the web tier completed
        400 each tick; the share of a queue about to empty passed on 379 req/s where it
        completed 266, and end-to-end throughput read −21 the tick after)."""
        x = self.x[nodes]
        inside = x + a * self.dt + 1e-300
        limit = np.minimum(act.pass_mu[nodes] * np.minimum(act.pass_c[nodes], inside),
                           inside / self.dt)
        waiting = x - act.pass_c[nodes]  # (-inf where not active)
        if not (waiting > 0).any():
            return 0.0, limit
        queued = waiting > 0
        supply = np.where(queued, waiting / self.dt + a, np.inf)
        last = self.completions[nodes]
        return np.where(queued, np.minimum(last, supply), 0.0), np.minimum(limit, supply)

    def _flow(self, offered: np.ndarray, pi: np.ndarray, owed: np.ndarray | None,
              act: Active | None = None) -> np.ndarray:
        """One pass of ``_propagate``, passing on ``owed`` (per node and class, after
        ``through``) besides the shares; with ``act``, each level's sources first have their
        share of ``pi`` (modified in place) cut to pass at most their limit."""
        share = (pi[:, None] * self.through).ravel()
        lam = offered.copy()
        flat = lam.ravel()  # a view: adding to it updates lam
        for (src, dst, mult), nodes in zip(self._level_flat, self._level_sources, strict=True):
            if act is not None:  # (their inflow is complete: earlier levels brought it)
                a = lam[nodes, READ] + lam[nodes, WRITE]
                passed = pi[nodes] * a
                least, most = self._pass_bounds(act, a, nodes)
                bound = np.minimum(np.maximum(passed, least), most)
                moved = (bound != passed) & (a > 1e-12)
                if moved.any():
                    pi[nodes[moved]] = bound[moved] / a[moved]
                    share = (pi[:, None] * self.through).ravel()
                # A queue with nothing arriving passes its completions on now as well (no
                # share of nothing can: they reached the tier behind a tick late, 4 then
                # 400 req/s), split as its last arrivals were; _serve settles the rest.
                idle = (a <= 1e-12) & (least > 0)
                if idle.any():
                    rows = nodes[idle]
                    ahead = np.asarray(least)[idle][:, None] * self._last_split(rows)
                    if self._ahead is None:
                        self._ahead = np.zeros_like(self.owed)
                    self._ahead[rows] = ahead
                    owed = np.zeros(flat.size) if owed is None else owed.copy()
                    owed.reshape(-1, 2)[rows] += ahead * self.through[rows]
            out = share.take(src) * flat.take(src)
            if owed is not None:  # (less owed than nothing passes nothing)
                out = np.maximum(out + owed.take(src), 0.0)
            out *= mult
            # Reads and writes in one bincount: each (node, class) sums in route order.
            flat += np.bincount(dst, out, minlength=flat.size)
        return lam

    def _last_split(self, rows: np.ndarray) -> np.ndarray:
        """(len(rows), 2): the read/write split of these nodes' last arrivals (or the last
        one kept, when they had none)."""
        last = self.arr[rows]
        total = last.sum(axis=1, keepdims=True)
        return np.where(total > 1e-12, last / np.maximum(total, 1e-300), self.mix[rows])

    def _active(self) -> Active:
        """The serving nodes that are up and their constants, rebuilt only when params,
        liveness or routes change."""
        key = (self._params_version, self.up.tobytes(), self.routes)
        cached = self._active_cache
        if cached is not None and cached[0][:2] == key[:2] and cached[0][2] is key[2]:
            return cached[1]
        mask = self.serving & self.up
        idx = np.flatnonzero(mask)
        c, mu = self.c[idx], self.mu[idx]
        cmu = c * mu
        max_queue = self.max_queue[idx]
        down = self.serving & ~self.up
        with np.errstate(divide="ignore"):  # max_queue = 0: ρ^0 = 1 always blocks
            quiet = c * np.exp(_QUIET_LOG / max_queue)
        active = Active(
            mask=mask, index=idx, c=c, mu=mu, cmu=cmu, max_queue=max_queue, cap=self.cap[idx],
            offsets=self.offsets[idx], service_mean=1.0 / mu, service_cv=self.cv[idx],
            timeout=self.timeout[idx],
            timeout_served=np.minimum(self.timeout[idx], max_queue / cmu),
            reach=c + cmu * self.timeout[idx],
            quiet_load=quiet, zeros=np.zeros(len(idx)), ones=np.ones(len(idx)),
            room_binds=self.cap[idx] - c >= max_queue,
            fills_room=(self.cap[idx] - c >= max_queue)
            & (self.timeout[idx] * cmu >= 2 * max_queue + 10),
            dead=np.flatnonzero(~self.up), no_route=np.flatnonzero(self.fail_no_route),
            down=np.flatnonzero(down),
            down_failing=np.flatnonzero(down & ~self.bypass),
            stuck=np.flatnonzero(self.fail_no_route & mask),
            pass_mu=np.where(mask, self.mu, np.inf), pass_c=np.where(mask, self.c, np.inf))
        for value in vars(active).values():
            if isinstance(value, np.ndarray):
                value.flags.writeable = False  # shared by every tick's state until rebuilt
        self._active_cache = (key, active)
        return active

    def _serve(self, lam: np.ndarray) -> TickState:
        n = len(self.ids)
        a = lam[:, READ] + lam[:, WRITE]  # (sum(axis=1) is ~4x slower on two columns)
        up = self.up.copy()
        act = self._active()
        idx = act.index
        thr = np.where(self.serving, 0.0, a * self._pi_used)
        err = np.where(self.serving, 0.0, a * (1 - self._pi_used))
        util = np.zeros(n)
        dt = self.dt
        c, mu, cmu = act.c, act.mu, act.cmu
        a_i, x_i, kvar = a[idx], self.x[idx], self.kvar[idx]
        overloaded = a_i >= cmu
        # Refused by a full queue (M/M/c/K) or leaving it unserved past their deadline
        # (M/M/c+D): the servers see the others only. Where both bind, the larger share
        # (they refuse the same crowded moments; their product refused too many: 292
        # served of 399.9 req/s with 3 places and 5 ms, Ciw 319, 323 just past capacity).
        refused = np.maximum(_blocking(act, a_i / mu, overloaded), _late(act, a_i, overloaded))
        on_time = a_i * (1 - refused)
        cells = self._cells[idx]
        x_new, rho_i, erlang = self.tables.solve(x_i, on_time, c, mu, kvar, dt, act.offsets,
                                                 cells)
        self._cells[idx] = cells
        departed = np.maximum(x_i + on_time * dt - x_new, 0.0) / dt
        # A room made smaller than what it holds (max_queue lowered live) is reached by
        # draining: what is inside is served on and arrivals are refused meanwhile (cut at
        # once, 950 waiting requests vanished), down to what its deadline lets be served in
        # time (a lowered timeout fails the rest at once). A lighter overload's steady state
        # holding fewer is not drained to: the queue stays as full as it is and refuses as
        # M/M/c/K does (near capacity a real one takes minutes to relax).
        room = _filled_to(act, a_i / mu, overloaded, kvar)
        over = x_i > act.cap
        shrunk = over.any()  # (a room made smaller than what it holds)
        if shrunk:
            cap = np.maximum(room, np.where(over, np.minimum(x_i - cmu * dt, act.reach), x_i))
        else:  # (the usual tick: nothing above its room; a held one stays as full as it is)
            cap = room if room is act.cap else np.maximum(room, x_i)
        dropped = np.maximum(x_new - cap, 0.0) / dt
        x_new = np.minimum(x_new, cap)
        full = overloaded & (dropped > 0)
        if shrunk:
            full &= ~over  # (at its room, not draining to it)
        if full.any():
            departed, dropped = _full_queues(act, np.flatnonzero(full), a_i, departed, dropped)
        wait_rate = np.maximum(cmu * (1 - rho_i), 1e-9) / kvar
        excess = np.maximum(x_new - c, 0.0)
        var_new, sojourns, transit = _wait_spread(act, self.var[idx], self.ca2[idx], on_time,
                                                  departed, x_new, excess, erlang, wait_rate,
                                                  overloaded, dt)
        self.var[idx] = var_new
        # (A full queue held above its room by a lighter overload keeps the fluid's figures,
        # those of what it holds: M/M/c/K's showed it at 689, then 990 once the load fell.)
        at_room = full & (x_new <= room * (1 + 1e-9)) if full.any() else full
        finite = _finite_queues(act, a_i / mu, rho_i, refused, overloaded, at_room, transit)
        if finite is not None:
            sojourns = finite.sojourns(act, sojourns, kvar)
        # Served requests were on time: a stationary queue's late ones left unserved (above),
        # an overloaded one's backlog is held within the deadline by the cap. A queue in
        # transit (filling or draining) times out by the wait it has now.
        ok = act.ones
        if transit is not None and transit.any():
            ok = np.where(transit, success_fraction(replace(sojourns, timeout=act.timeout)), 1.0)
        thr[idx] = departed * ok
        err[idx] = a_i * refused + dropped + departed * (1 - ok)
        util[idx] = np.minimum(departed / cmu, 1.0)
        self.x[idx] = x_new
        err[act.down_failing] = a[act.down_failing]
        self.x[act.down] = self.var[act.down] = 0.0
        lost = None  # requests inside nodes killed since the last tick: they failed then
        if self._inside_killed.any():
            lost, self._inside_killed = self._inside_killed, np.zeros(n)
        # No-route failures on serving nodes (a balancer with nothing healthy) fail after
        # being served.
        err[act.stuck] += thr[act.stuck]
        thr[act.stuck] = 0.0
        # Failures beyond this tick's arrivals (a backlog timing out with little arriving)
        # are of requests that came before: no share of this tick's arrivals carries them,
        # so they are counted once, as a kill's are.
        if (err > a).any():
            beyond = np.maximum(err - a, 0.0)
            err = err - beyond
            lost = beyond * dt if lost is None else lost + beyond * dt
        # Arrivals a trickle beside what a node completes (a queue draining, a last owed
        # bit reaching it) are taken as none: their share of its completions read 110,000
        # per request and end-to-end throughput 44 million req/s.
        some = (a > 1e-12) & (a > _TRICKLE * thr)
        # A serving node's pass share is what it served of what came; with nothing coming it
        # keeps the last one. Other nodes' stay 1 (their kinds decide in _pass_fractions).
        self.pi = self.pi.copy()
        np.divide(thr, a, out=self.pi, where=some & self.serving)
        # What it completed beyond what its share passed on is passed on next tick.
        # (Not the last bits' wobble of a settled share: a settled system owes nothing.)
        short = self.pi - self._pi_used
        owing = act.mask & some & (np.abs(short) > 1e-12 * self._pi_used)
        self.owed = np.where(owing[:, None], short[:, None] * lam, 0.0)
        # A queue draining with nothing arriving passes on all it completes (no share of
        # nothing can), split as its last arrivals were: the tier behind it serves them.
        draining = act.mask & ~some & (thr > 0)
        if draining.any():
            last = self.arr[draining]  # (last tick's: those that just stopped keep their split)
            had = last.sum(axis=1) > 1e-12
            rows = np.flatnonzero(draining)[had]
            self.mix[rows] = last[had] / last[had].sum(axis=1, keepdims=True)
            self.owed[draining] = (thr[draining, None] * self.mix[draining]
                                   - self._passed_now[draining])  # (what went ahead)
        if self._unpaid is not None:
            self.owed += np.where(act.mask[:, None], self._unpaid, 0.0)
        self.arr = lam
        self.completions = thr
        queue = np.zeros(n)
        # (Within its room: max_queue 0 showed the infinite queue's 0.9 waiting.)
        queue[idx] = np.clip(x_new - departed / mu, 0.0,
                             (np.maximum(act.cap, x_new) if shrunk else act.cap) - c)
        if finite is not None:
            queue[idx[finite.rows]] = np.minimum(finite.stats.lq * kvar[finite.rows],
                                                 act.cap[finite.rows] - c[finite.rows])
        # Successes here per arrival this tick: served requests for a queue (requests still
        # waiting have not completed), what was not refused otherwise. Above 1 while a queue
        # drains: counted so where requests end, the backlog's requests count as they
        # complete (end-to-end completions add up to what was served); as a probability
        # (for latency) it stops at 1.
        kept = a - err
        done = np.where(act.mask, thr, kept)
        completed = _share(done, a, some, top=np.inf)
        return TickState(t=self.t, dt=dt, arrivals=lam, throughput=thr, errors=err,
                         utilization=util, queue=queue, up=up, active_index=idx,
                         sojourns=sojourns, pi=self._pi_routed, outflow=self._outflow,
                         pi_effective=np.minimum(completed, 1.0), pi_completed=completed,
                         pi_survived=_share(kept, a, some),  # not failed: done or still waiting
                         through=self.through.copy(), routes=self.routes, lost=lost,
                         arriving=some, inside_before=self._inside_before)

    def _arrival_variability(self, lam: np.ndarray, util: np.ndarray) -> None:
        """QNA linking: each node's arrival SCV from its sources' departure SCVs, for next
        tick's Allen–Cunneen factor. A split stream thins towards Poisson (p·cd² + 1 − p), a
        copied one (fan-out) keeps it, merged streams mix by rate; clients are Poisson."""
        r = self.routes
        n = len(self.ids)
        cd2 = np.where(self.serving, departure_scv(self.ca2, self.cv ** 2, util, self.c),
                       self.ca2)
        cd2[self.client_index] = 1.0
        flow = ((self._pi_used[:, None] * self.through * lam)[r.src] * r.mult).sum(axis=1)
        source = (self._pi_used * lam.sum(axis=1))[r.src]
        share = np.clip(np.divide(flow, source, out=np.ones_like(flow), where=source > 1e-12),
                        0.0, 1.0)
        scv = share * cd2[r.src] + 1 - share
        weight = np.bincount(r.dst, flow, minlength=n)
        mixed = np.bincount(r.dst, flow * scv, minlength=n)
        self.ca2 = np.divide(mixed, weight, out=np.ones(n), where=weight > 1e-12)
        self.kvar = (self.ca2 + self.cv ** 2) / 2.0

    def current_document(self) -> dict[str, Any]:
        """The document with every node's params as they are now (after live edits)."""
        doc = copy.deepcopy(self.document)
        for node in doc["nodes"]:
            node["params"] = copy.deepcopy(self.nodes[node["id"]].params)
        return doc

    # -- save / restore -----------------------------------------------------------------

    def snapshot(self) -> dict[str, Any]:
        """The whole simulation state as JSON-able data (continue with ``Engine.restore``)."""
        return {"document": self.document, "seed": self.seed, "dt": self.dt, "tick": self.tick,
                "next_event": self._next_event, "log": copy.deepcopy(self.log),
                "x": self.x.tolist(), "var": self.var.tolist(), "arr": self.arr.tolist(),
                "inside_killed": self._inside_killed.tolist(), "owed": self.owed.tolist(),
                "mix": self.mix.tolist(), "completions": self.completions.tolist(),
                "pi": self.pi.tolist(), "through": self.through.tolist(), "ca2": self.ca2.tolist(),
                "client_shares": (None if self.client_reads.shares is None
                                  else self.client_reads.shares.tolist()),
                "nodes": {i: {"up": n.up, "params": copy.deepcopy(n.params),
                              "data": copy.deepcopy(n.data)} for i, n in self.nodes.items()},
                "rng": {i: r.bit_generator.state for i, r in self._rngs.items()}}

    @classmethod
    def restore(cls, snap: dict[str, Any]) -> Engine:
        engine = cls(snap["document"], seed=snap["seed"], dt=snap["dt"])
        engine.tick, engine._next_event = snap["tick"], snap["next_event"]
        engine.log = copy.deepcopy(snap["log"])
        engine.x = np.array(snap["x"], dtype=float)
        engine.arr = np.array(snap["arr"], dtype=float).reshape(-1, 2)
        engine.var = np.array(snap.get("var", [0.0] * len(engine.ids)), dtype=float)
        engine._inside_killed = np.array(snap.get("inside_killed", [0.0] * len(engine.ids)),
                                         dtype=float)
        engine.owed = np.array(snap.get("owed", [[0.0, 0.0]] * len(engine.ids)),
                               dtype=float).reshape(-1, 2)
        engine.mix = np.array(snap.get("mix", [[1.0, 0.0]] * len(engine.ids)),
                              dtype=float).reshape(-1, 2)
        # (float even if a snapshot wrote whole numbers: the tick divides into pi in place)
        engine.pi = np.array(snap["pi"], dtype=float)
        engine.completions = np.array(snap["completions"], dtype=float) if "completions" in snap \
            else engine.pi * engine.arr.sum(axis=1)  # (what a snapshot without them had)
        engine.through = np.array(snap["through"], dtype=float).reshape(-1, 2)
        for node_id, saved in snap["nodes"].items():
            node = engine.nodes[node_id]
            node.up, node.params, node.data = saved["up"], copy.deepcopy(saved["params"]), \
                copy.deepcopy(saved["data"])
            engine.up[node.index] = node.up
        for node_id, state in snap["rng"].items():
            engine._rngs[node_id].bit_generator.state = state
        engine.ca2 = np.array(snap.get("ca2", [1.0] * len(engine.ids)))
        engine._refresh_params()
        if snap.get("client_shares") is not None:
            # The next tick's kinds read the mixtures traced before the snapshot: trace them
            # again from the same shares over the same routes.
            engine._build_routes()
            engine.client_reads.trace(np.array(snap["client_shares"], dtype=float),
                                      engine.routes, engine._levels)
        engine._dirty = True
        return engine


_TRICKLE = 1e-4  # arrivals below this share of a node's completions count as none
_QUIET_LOG = -60 * math.log(2)  # log of the blocking share treated as none (see _blocking)
_Z99 = 2.3263478740408408  # standard normal 99th percentile


def _wait_spread(act: Active, var: np.ndarray, ca2: np.ndarray, accepted: np.ndarray,
                 departed: np.ndarray, x: np.ndarray, excess: np.ndarray, erlang: np.ndarray,
                 rate: np.ndarray, overloaded: np.ndarray, dt: float,
                 ) -> tuple[np.ndarray, Sojourns, np.ndarray | None]:
    """The variance V of each active node's number in system, and its sojourns for latency.

    V diffuses as a queue does while it is not empty: arrivals and departures add
    (ca²·λ + cs²·departures)·dt per tick. While stable it is capped by V_eq, the variance for
    which the wait below has the stationary form's moments (C(2 − C)/r²), so a stationary node
    keeps exactly the stationary wait and a draining one only as much spread as it built up.
    In overload nothing caps it but the queue's room: N cannot pass the cap, so its spread is
    held to (cap − x)/z₉₉ (the cap stays above N's 99th percentile, the highest reported) and
    collapses as the queue pins; likewise waits within a deadline, Var W <= (timeout − m)·m
    (Bhatia–Davis).

    A request finding N in system waits for N − c + 1 departures at rate cμ, so the wait has
    mean m = (x − c)/(cμ) in overload (C/r when stable) and variance (V + (x − c)+)/(cμ)².
    With s >= m that is P·Exp(P/m), P = 2m²/(m² + s²) (P = C, r when stationary); with s < m
    a gamma of mean m and cv s/m, which tends to the normal shape of a diffusing queue.
    """
    cmu2 = act.cmu * act.cmu
    grown = var + (ca2 * accepted + act.service_cv ** 2 * departed) * dt
    v_eq = np.maximum(cmu2 * (erlang * (2 - erlang) / (rate * rate)) - excess, 0.0)
    if not overloaded.any() and (grown >= v_eq).all():  # the usual tick: all stationary
        return v_eq, Sojourns(erlang, rate, act.zeros, act.service_mean, act.service_cv,
                              act.timeout_served, act.ones), None
    room = (np.maximum(act.cap - x, 0.0) / _Z99) ** 2
    var_new = np.minimum(grown, np.where(overloaded, room, v_eq))
    stationary = ~overloaded & (var_new >= v_eq)
    m = np.where(overloaded, excess / act.cmu, erlang / rate)
    # The deadline bounds the successful waits too: within [0, timeout], Var W <= (timeout − m)m
    # (timeouts are finite in the engine).
    s2 = np.minimum((var_new + excess) / cmu2, np.maximum(act.timeout - m, 0.0) * m)
    m2 = m * m
    wide = s2 >= m2
    m_pos = np.maximum(m, 1e-300)  # m = 0 only where s2 >= m2 = 0, i.e. p = 0
    p = np.where(wide, 2 * m2 / np.maximum(m2 + s2, 1e-300), 1.0)
    # Stationary rows keep their parameters bit for bit; gamma rows' waits are cut at the
    # real deadline (max_queue/(cμ) is a mean, not a bound, once the queue is in transit).
    sojourns = Sojourns(
        wait_prob=np.where(stationary, erlang, p),
        wait_rate=np.where(stationary, rate, np.where(p > 0, p / m_pos, 1.0)),
        wait_shift=act.zeros,
        service_mean=act.service_mean,
        service_cv=act.service_cv,
        timeout=np.where(wide | stationary, act.timeout_served, act.timeout),
        wait_cv=np.where(wide | stationary, 1.0, np.sqrt(s2) / m_pos),
    )
    return var_new, sojourns, ~overloaded & ~stationary  # (the rows in transit)


def _late(act: Active, lam: np.ndarray, overloaded: np.ndarray) -> np.ndarray:
    """Share of accepted requests that would wait past their timeout, per stable active node:
    M/M/c+D's (``queueing.deadline_late_share``, exact in steady state). Past capacity the
    fluid backlog and its cap decide instead. M/M/c's own tail, C·e^{−(cμ−λ)τ}, bounds it:
    where (cμ − λ)·τ >= 40 that is under 2^-57, none, and the formula is spared."""
    near = ~overloaded & ((act.cmu - lam) * act.timeout < 40)
    return _where(act, near, b"late", lam, lambda r: deadline_late_share(
        act.c[r], lam[r], act.mu[r], act.timeout[r]))


def _where(act: Active, near: np.ndarray, tag: bytes, inputs: np.ndarray,
           compute: Callable[[np.ndarray], np.ndarray]) -> np.ndarray:
    """``compute(rows)`` for the active nodes where ``near`` (their ``inputs`` and the node
    constants are all it reads), 0 elsewhere: most ticks none is near, and the shared zeros
    come back (read-only: callers only read them)."""
    if not near.any():
        return act.zeros
    rows = np.flatnonzero(near)
    out = np.zeros(len(near))
    out[rows] = _formula(act, tag + rows.tobytes() + inputs[rows].tobytes(),
                         lambda: compute(rows))
    return out


def _formula(act: Active, key: bytes, compute: Callable[[], np.ndarray]) -> np.ndarray:
    """``compute()``, kept by ``key`` (its exact inputs) while ``act`` lasts."""
    found = act.formulas.get(key)
    if found is None:
        if len(act.formulas) > 256:
            act.formulas.clear()
        found = act.formulas[key] = compute()
    return found


@dataclass(frozen=True)
class _Finite:
    """Active nodes (``rows``) whose queue's room shapes their steady state, and M/M/c/K's
    numbers for them (see ``_finite_queues``)."""

    rows: np.ndarray
    stats: FiniteQueue

    def sojourns(self, act: Active, s: Sojourns, kvar: np.ndarray) -> Sojourns:
        """``s`` with these rows' waits as M/M/c/K's: an accepted request waits for a
        truncated-geometric count of departures at cμ (a gamma of that mean and cv; the
        Allen–Cunneen factor scales it), and only its deadline cuts it (the room already
        does what max_queue/(cμ) stood for)."""
        r, st = self.rows, self.stats
        cv = np.sqrt(st.phases_mean + st.phases_var) / st.phases_mean

        def put(values: np.ndarray | float, new: np.ndarray) -> np.ndarray:
            out = np.array(np.broadcast_to(values, (len(act.index),)), dtype=float)
            out[r] = new
            return out

        return replace(s, wait_prob=put(s.wait_prob, st.wait_prob),
                       wait_rate=put(s.wait_rate, act.cmu[r] / (st.phases_mean * kvar[r])),
                       wait_cv=put(s.wait_cv, np.minimum(cv, 1.0)),
                       timeout=put(s.timeout, act.timeout[r]))


def _finite_queues(act: Active, load: np.ndarray, busy: np.ndarray, refused: np.ndarray,
                   overloaded: np.ndarray, full: np.ndarray,
                   transit: np.ndarray | None) -> _Finite | None:
    """The nodes whose room (max_queue; a short timeout holds the queue to less: M/M/c+D's,
    left as the fluid's) shapes their steady state: their queue and waits are M/M/c/K's,
    not M/M/c's clipped to the room (a single server with room for 4 at 90 % showed 2.9
    waiting and a 22 ms mean; M/M/1/5: 1.4 and 28 ms), nor the room's drain time once full
    (room 20 at 400 req/s into 4 × 100/s: 60 ms, M/M/c/K 34).

    Stable ones (not filling or draining) where the room refuses a share worth counting
    (``_blocking``'s near ones) are taken at the load the fluid's servers carry grossed up
    by the share refused, cρ/(1 − refused): the offered load at the fluid's fixed point,
    and moving with the fluid while it moves (at the offered load, a ramp towards capacity
    showed the stationary queue seconds ahead of the fluid's). Full ones past capacity are
    at their steady state: taken at the offered load, where the deadline lies past nearly
    every wait the room allows (2·room/(cμ) and more)."""
    stable = (load > 0) & (load >= act.quiet_load) & ~overloaded & act.room_binds
    if transit is not None:
        stable &= ~transit
    held = full & act.fills_room
    near = stable | held
    if not near.any():
        return None
    rows = np.flatnonzero(near)
    c, room = act.c[rows], act.max_queue[rows]
    carried = np.where(stable[rows], c * busy[rows] / np.maximum(1 - refused[rows], 1e-300),
                       load[rows])
    stats = _formula(act, b"finite" + rows.tobytes() + carried.tobytes(),
                     lambda: mmck_stationary(c, np.maximum(carried, 1e-300), room))
    return _Finite(rows, stats)


def _filled_to(act: Active, load: np.ndarray, overloaded: np.ndarray,
               kvar: np.ndarray) -> np.ndarray:
    """Most requests each active node holds this tick. Past capacity, where the room holds
    the queue and the deadline lies past it (``_finite_queues``' full ones), the backlog
    fills up to M/M/c/K's steady number in system at the offered load, not to the room's
    edge: filled to the edge, a short queue waited longer than it would once full and then
    stepped down (room 20 at 400 req/s into 4 × 100/s: 16.8 waiting and 51 ms, then 9.0
    and 33.6 ms)."""
    held = overloaded & act.fills_room
    if not held.any():
        return act.cap
    rows = np.flatnonzero(held)
    c, room = act.c[rows], act.max_queue[rows]
    stats = _formula(act, b"finite" + rows.tobytes() + load[rows].tobytes(),
                     lambda: mmck_stationary(c, load[rows], room))
    cap = act.cap.copy()
    cap[rows] = c + np.minimum(stats.lq * kvar[rows], room)
    return cap


def _blocking(act: Active, load: np.ndarray, overloaded: np.ndarray) -> np.ndarray:
    """Share of arrivals a full queue refuses, per active node. While stable, as M/M/c/K;
    past capacity the fluid backlog fills max_queue first and the cap drops the excess (0
    here). The share is at most ρ^max_queue: where that is under 2^-60, 1 − share rounds to
    1 and the refused requests are below any count shown, so its costly Erlang B is only
    computed for the other nodes (those near saturation or with short queues)."""
    near = (load >= act.quiet_load) & ~overloaded
    return _where(act, near, b"block", load,
                  lambda r: mmck_blocking(act.c[r], load[r], act.max_queue[r]))


def _full_queues(act: Active, full: np.ndarray, a: np.ndarray, departed: np.ndarray,
                 dropped: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Past capacity, a queue that has filled serves what its steady state does: λ(1 − B_K)
    for its room (M/M/c/K), or less where its deadline refuses more (M/M/c+D). The fluid's
    cμ·ρ at the cap says ~97 % busy for a short queue (M/M/4/24 at 480 req/s: 388 served,
    exact 399), and every server busy for none at all (max_queue 0 at 401 req/s: 352,
    where Erlang B gives 276, as at 399)."""
    lam = a[full]
    kept = _formula(act, b"full" + full.tobytes() + lam.tobytes(),
                    lambda: _served_when_full(act, full, lam))
    out = departed[full] + dropped[full]  # (what left the queue this tick, either way)
    departed, dropped = departed.copy(), dropped.copy()
    departed[full] = np.minimum(kept, out)
    dropped[full] = out - departed[full]
    return departed, dropped


def _served_when_full(act: Active, full: np.ndarray, lam: np.ndarray) -> np.ndarray:
    """Requests per second each full queue (``full``, offered ``lam``) serves."""
    c, mu, cmu = act.c[full], act.mu[full], act.cmu[full]
    room, timeout = act.max_queue[full], act.timeout[full]
    # A long queue under a long deadline serves cμ to the last bits (ρ^K and e^{(λ−cμ)τ}
    # past e^40): the formulas (special functions, ~50 µs at 2,500 servers) are spared.
    long = ((lam - cmu) * timeout > 40) & (room * np.log(lam / cmu) > 40)
    kept = cmu.copy()
    if not long.all():
        s = ~long
        refused = np.maximum(mmck_blocking(c[s], lam[s] / mu[s], room[s]),
                             deadline_late_share(c[s], lam[s], mu[s], timeout[s]))
        kept[s] = lam[s] * (1 - refused)
    return kept


def _share(part: np.ndarray, whole: np.ndarray, some: np.ndarray,
           top: float = 1.0) -> np.ndarray:
    """part/whole within [0, top] where ``some`` (whole > 0), 1 elsewhere."""
    out = np.ones(len(whole))
    np.divide(part, whole, out=out, where=some)
    np.maximum(out, 0.0, out=out)
    return np.minimum(out, top, out=out)


def _close(a: np.ndarray, b: np.ndarray) -> bool:
    """np.allclose(a, b, rtol=1e-12, atol=1e-12), the same test without its overhead."""
    with np.errstate(invalid="ignore"):  # inf − inf: then only equality counts
        near = np.abs(a - b) <= 1e-12 + 1e-12 * np.abs(b)
    return bool((near & np.isfinite(b) | (a == b)).all())


def _copy(value: Any) -> Any:
    return value.copy() if isinstance(value, np.ndarray) else value


def _same(old: tuple, new: tuple) -> bool:
    return all(np.array_equal(a, b) if isinstance(a, np.ndarray)
               else a == b if isinstance(a, int) else a is b
               for a, b in zip(old, new, strict=True))


def _replication(source: Kind, target: Kind) -> bool:
    return source.replicates and type(source) is type(target)


def split(targets: list[str], weights: list[float]) -> list[tuple[str, float, float]]:
    """(target, read share, write share) in proportion to weights; all zero = equal split."""
    total = sum(weights)
    if total <= 0:
        weights, total = [1.0] * len(targets), float(len(targets) or 1)
    return [(t, w / total, w / total) for t, w in zip(targets, weights, strict=True)]
