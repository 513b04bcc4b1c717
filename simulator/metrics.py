"""Recording ticks and turning them into frames and summaries (CONTRACT.md §3, §5).

Rates are averaged exactly, tick by tick. Latency distributions are costly, so ticks
are grouped into *regimes*: ticks whose queue states and routes agree to within 1 %
share one distribution, weighted by how many requests they served. A steady run is one
regime; a run with a kill and a ramp is a few dozen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from . import distributions, latency
from .distributions import Sojourns

if TYPE_CHECKING:
    from .engine import Engine, Routes

LEVELS = (0.5, 0.95, 0.99)
SOJOURN_FIELDS = distributions.FIELDS
NODE_GRID = 1024


@dataclass
class TickState:
    t: float
    dt: float
    arrivals: np.ndarray      # (n, 2) reads/writes per second
    throughput: np.ndarray    # (n,)
    errors: np.ndarray        # (n,)
    utilization: np.ndarray   # (n,)
    queue: np.ndarray         # (n,) mean requests waiting
    up: np.ndarray            # (n,) bool
    active_index: np.ndarray  # serving nodes that queued this tick
    sojourns: Sojourns        # of the active nodes, in active_index order
    pi: np.ndarray            # (n,) pass share used for routing (at most μ·min(c, x) on)
    pi_effective: np.ndarray  # (n,) share of this tick's arrivals that succeeded here
    pi_completed: np.ndarray  # (n,) successes here per arrival (over 1 while a queue drains)
    pi_survived: np.ndarray   # (n,) share that did not fail here (succeeded or still queued)
    through: np.ndarray       # (n, 2)
    routes: Routes
    outflow: np.ndarray       # (n, 2) reads/writes per s passed on (before through)
    arriving: np.ndarray      # (n,) bool: arrivals worth a share (not a trickle beside output)
    inside_before: float      # requests inside, owed on or killed as the tick began
    lost: np.ndarray | None = None  # (n,) requests inside nodes killed (they failed)


@dataclass
class Regime:
    state: TickState
    graph: latency.Graph
    node_weight: np.ndarray               # requests served per node (throughput × time)
    entry_weight: np.ndarray              # (clients, 2) requests offered by client/class


def _derive_inputs(s: TickState) -> tuple:
    """Everything Recorder._derive reads from a tick: its routes (by identity; the route
    graph is rebuilt with them), dt and the bytes of the arrays."""
    arrays = (s.arrivals, s.outflow, s.errors, s.throughput, s.arriving, s.pi,
              s.pi_completed, s.pi_survived, s.through, s.active_index, s.sojourns.wait_prob,
              s.sojourns.wait_rate, s.sojourns.wait_shift, s.sojourns.wait_cv)
    lost = b"" if s.lost is None else s.lost.tobytes()
    return (s.routes, s.dt, lost, s.inside_before, *(a.tobytes() for a in arrays))


def _bucket(values: np.ndarray) -> bytes:
    return np.round(np.log(np.abs(values) + 1e-9) * 100).astype(np.int32).tobytes()


@dataclass
class Recorder:
    """Accumulates ticks from ``engine`` between two reports."""

    engine: Engine
    events: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        # (state, its _derive_inputs, what _derive made of it): kept across resets, since
        # it depends on the tick only.
        self._derived: tuple[TickState, tuple, tuple] | None = None
        self._route_key: tuple[Routes | None, bytes] = (None, b"")  # routes' part of regime keys
        self.reset()

    def reset(self) -> None:
        n = len(self.engine.ids)
        self.t0 = self.engine.t
        self.time = 0.0
        self.sums = {k: np.zeros(n) for k in ("throughput", "errors", "utilization", "queue")}
        self.failed = 0.0
        self.completed = 0.0
        self.edge_flow = np.zeros(len(self.engine.doc_edges))
        self.edge_errors = np.zeros(len(self.engine.doc_edges))
        self.gauges: dict[tuple[str, str], list[float]] = {}
        self.counts: dict[tuple[str, str], float] = {}
        self.regimes: dict[bytes, Regime] = {}
        self.events = []

    def gauge(self, node: str, name: str, value: float, weight: float) -> None:
        acc = self.gauges.setdefault((node, name), [0.0, 0.0, 0.0])
        w = weight * self.engine.dt
        acc[0] += value * w
        acc[1] += w
        acc[2] = value

    def stream(self, edge: int, rate: float) -> None:
        self.edge_flow[edge] += rate * self.engine.dt

    def count(self, node: str, name: str, amount: float) -> None:
        self.counts[(node, name)] = self.counts.get((node, name), 0.0) + amount

    # -- per tick -----------------------------------------------------------------------

    def add(self, s: TickState) -> None:
        dt = s.dt
        self.time += dt
        for key in self.sums:
            self.sums[key] += getattr(s, key) * dt
        if s.lost is not None:  # (counts, not rates: not in the shares of this tick's flow)
            self.sums["errors"] += s.lost
        last = self._derived
        if last is None or last[0] is not s:
            # A recomputed tick equal to the last one (a settled system without memo, or
            # the next frame) derives the same: compare what _derive reads, bit for bit.
            inputs = _derive_inputs(s)
            same = last is not None and last[1][0] is inputs[0] and last[1][1:] == inputs[1:]
            self._derived = last = (s, inputs, last[2] if same else self._derive(s))
        completed, offered, failed, edge_flow, edge_errors, key, graph = last[2]
        self.failed += failed
        self.completed += completed
        self.edge_flow += edge_flow
        self.edge_errors += edge_errors
        regime = self.regimes.get(key)
        if regime is None:
            regime = self.regimes[key] = Regime(s, graph, np.zeros(len(self.engine.ids)),
                                                np.zeros(offered.shape))
        regime.node_weight += s.throughput * dt
        regime.entry_weight += offered

    def _derive(self, s: TickState) -> tuple:
        """What a tick adds beyond plain rates, and the key of its regime."""
        eng = self.engine
        dt = s.dt
        clients = eng.client_index
        # Completed per request entering each node (a draining backlog's requests included);
        # failures are folded on their own below.
        a = s.arrivals.sum(axis=1)
        arriving = s.arriving
        # (A node with nothing arriving passes on what it completes: see below.)
        passed = np.where(arriving, s.pi, s.pi_completed)
        every = latency.success(eng.route_graph, s.pi_completed, passed, s.pi_survived,
                                s.through)
        ok = every[clients, :, 0]
        offered = s.arrivals[clients]
        entry = offered * ok * dt
        offered_weight = offered * dt
        # Failures where they happen, those of a drained backlog too (a node's own at most
        # all it gets: the engine counts the rest as lost); in flight is neither, unless its
        # node died: those requests fail then.
        own = np.minimum(np.divide(s.errors, a, out=np.zeros_like(a), where=arriving), 1.0)
        fails, onward = latency.failures(eng.route_graph, own, passed, s.through)
        failed = (offered * fails[clients] * dt).sum() + (0.0 if s.lost is None
                                                           else s.lost.sum())
        flow = (s.outflow * s.through)[s.routes.src] * s.routes.mult
        flow = flow.sum(axis=1)
        # A queue draining with nothing arriving (its traffic stopped) completes requests no
        # share of this tick's arrivals can count: they go on from there (its own share is
        # 1), their classes taken alike.
        completed = entry.sum()
        draining = np.flatnonzero(~arriving & (s.throughput > 0))
        if len(draining):
            completed += (s.throughput[draining] * every[draining, :, 0].mean(axis=1)).sum() * dt
            failed += (s.throughput[draining] * onward[draining].mean(axis=1)).sum() * dt
        # No more complete than were there or came: shares of shares (a drained queue's
        # completions times those of a tier draining its own backlog) read 4,425 req/s with
        # 0.8 requests inside and nothing arriving.
        completed = min(completed, max(s.inside_before + offered.sum() * dt - failed, 0.0))
        n_edges = len(self.edge_flow)
        edge_flow = np.bincount(s.routes.edge, flow, minlength=n_edges) * dt
        edge_errors = np.bincount(s.routes.edge, flow * own[s.routes.dst],
                                  minlength=n_edges) * dt
        if self._route_key[0] is not s.routes:
            self._route_key = (s.routes, _bucket(s.routes.mult) + s.routes.dst.tobytes())
        key = b"".join([s.active_index.tobytes(), _bucket(s.sojourns.wait_prob),
                        _bucket(s.sojourns.wait_rate), _bucket(s.sojourns.wait_shift),
                        _bucket(s.sojourns.wait_cv),
                        _bucket(s.through), _bucket(s.pi_effective), self._route_key[1]])
        return (completed, offered_weight, failed, edge_flow, edge_errors, key,
                eng.route_graph)

    # -- reports ------------------------------------------------------------------------

    def report(self) -> dict[str, Any]:
        """Averages over the recorded interval, per node and end to end."""
        eng = self.engine
        span = self.time or 1.0
        node_lat, e2e_lat = self._latencies()
        # Gauges, then counts, of each node (one pass each rather than one per node).
        extra: dict[str, list[tuple[str, float]]] = {}
        for (gid, name), (total, weight, last) in self.gauges.items():
            extra.setdefault(gid, []).append((name, total / weight if weight > 0 else last))
        for (gid, name), amount in self.counts.items():
            extra.setdefault(gid, []).append((name, amount))
        nodes: dict[str, Any] = {}
        for node_id in eng.ids:
            node = eng.nodes[node_id]
            i = node.index
            entry: dict[str, Any] = {
                "throughput_rps": _r(self.sums["throughput"][i] / span),
                "error_rps": _r(self.sums["errors"][i] / span),
                "utilization": _r(self.sums["utilization"][i] / span),
                "latency_ms": node_lat.get(i) or _zero_latency(),
            }
            if node.kind.serves:
                entry["queue"] = _r(self.sums["queue"][i] / span)
            for name, value in extra.get(node_id, ()):
                entry[name] = _r(value)
            for name in node.kind.counters:
                entry.setdefault(name, 0.0)
            entry.update(node.kind.extra_metrics(node, eng))
            nodes[node_id] = entry
        e2e = {"throughput_rps": _r(self.completed / span),
               "error_rps": _r(self.failed / span),
               "latency_ms": e2e_lat}
        return {"nodes": nodes, "end_to_end": e2e, "events": list(self.events)}

    def frame(self) -> dict[str, Any]:
        """The websocket frame of CONTRACT.md §5 for the recorded interval."""
        report = self.report()
        for node_id, entry in report["nodes"].items():
            entry["state"] = "up" if self.engine.nodes[node_id].up else "down"
        return {"type": "frame", "t": round(self.engine.t, 6), "nodes": report["nodes"],
                "edges": self.edges(), "end_to_end": report["end_to_end"]}

    def edges(self) -> list[dict[str, Any]]:
        span = self.time or 1.0
        return [{"source": s, "target": t, "rps": _r(self.edge_flow[k] / span),
                 "error_rps": _r(self.edge_errors[k] / span)}
                for k, (s, t) in enumerate(self.engine.doc_edges)]

    def _latencies(self) -> tuple[dict[int, dict[str, float]], dict[str, float]]:
        """Per-node and end-to-end latency. A steady frame is looked up: an interval of one
        regime whose state is the very tick a settled engine keeps reusing, weighted alike,
        gives the same distributions (without the engine's memo every frame computes)."""
        if len(self.regimes) != 1:
            return self._node_latency(), self._end_to_end_latency()
        ((key, regime),) = self.regimes.items()
        total = regime.entry_weight.sum()
        weights = (regime.entry_weight / (total if total > 0 else 1.0)).tobytes() \
            + (regime.node_weight > 0).tobytes()
        cache = self.engine.latency_cache
        found = cache.get(key)
        if found is None or found[0] is not regime.state or found[1] != weights:
            if len(cache) >= 256:
                cache.clear()
            found = cache[key] = (regime.state, weights,
                                  (self._node_latency(), self._end_to_end_latency()))
        node_lat, e2e = found[2]
        return {i: dict(v) for i, v in node_lat.items()}, dict(e2e)

    def _node_latency(self) -> dict[int, dict[str, float]]:
        """Each node's sojourn distribution, mixed over regimes by requests served: one batch."""
        parts, owners, weights = [], [], []
        for regime in self.regimes.values():
            s = regime.state
            w = regime.node_weight[s.active_index]
            keep = w > 0
            parts.append(Sojourns(**{f: getattr(s.sojourns, f)[keep] for f in SOJOURN_FIELDS}))
            owners.append(s.active_index[keep])
            weights.append(w[keep])
        if not parts or not sum(len(o) for o in owners):
            return {}
        batch = Sojourns(**{f: np.concatenate([getattr(p, f) for p in parts])
                            for f in SOJOURN_FIELDS})
        owner = np.concatenate(owners)
        weight = np.concatenate(weights)
        nodes, pos = np.unique(owner, return_inverse=True)
        if len(owner) == len(nodes):  # one regime per node (a frame): no mixing needed
            # Identical servers behind a balancer share one distribution: compute it once.
            rows = np.column_stack([getattr(batch, f) for f in SOJOURN_FIELDS])
            unique, inverse = np.unique(rows, axis=0, return_inverse=True)
            stats = distributions.node_stats(Sojourns(*unique.T), LEVELS, NODE_GRID)
            order = inverse.ravel()[np.argsort(pos)]
            means = stats["mean"][order]
            q = np.column_stack([stats[f"p{100 * lv:g}"][order] for lv in LEVELS])
        else:
            # One grid per node, long enough for its slowest regime; mix by requests served.
            h = np.zeros(len(nodes))
            np.maximum.at(h, pos, distributions.upper_time(batch, 1 - 1e-6) / (NODE_GRID - 2))
            pmf = distributions.pmf_on_grid(batch, h[pos], NODE_GRID)
            total = np.bincount(pos, weight, minlength=len(nodes))
            mix = np.zeros((len(nodes), NODE_GRID))
            np.add.at(mix, pos, pmf * (weight / total[pos])[:, None])
            q = distributions.quantiles(mix, h, LEVELS)
            means = distributions.mean(mix, h)
        q, means = q * 1000, means * 1000
        return {int(i): {"mean": _r(means[k]), "p50": _r(q[k, 0]), "p95": _r(q[k, 1]),
                         "p99": _r(q[k, 2])} for k, i in enumerate(nodes)}

    def _end_to_end_latency(self) -> dict[str, float]:
        regimes = [r for r in self.regimes.values() if r.entry_weight.sum() > 0]
        if not regimes:
            return _zero_latency()
        n = latency.GRID_POINTS
        bound = max(latency.upper_bound(r.graph, self._node_upper(r)) for r in regimes)
        h = max(bound, 1e-6) / (n * 0.9)
        total = np.zeros(n // 2 + 1, dtype=complex)
        clients = self.engine.client_index
        for r in regimes:
            s = r.state
            # Spectra of successful requests only (each carries its success probability at
            # frequency 0), weighted by what each client offered.
            ete = latency.end_to_end_spectra(r.graph, s.active_index, s.sojourns, s.through,
                                             s.pi_effective, h, n, clients)
            total += np.einsum("ck,ckm->m", r.entry_weight, ete)
        weight = total[0].real
        if weight <= 1e-12:
            return _zero_latency()
        pmf = np.clip(np.fft.irfft(total / weight, n), 0.0, None)
        return _latency_dict(pmf / pmf.sum(), h)

    def _node_upper(self, regime: Regime) -> np.ndarray:
        up = np.zeros(len(self.engine.ids))
        s = regime.state
        up[s.active_index] = distributions.upper_time(s.sojourns)
        return up


def _latency_dict(pmf: np.ndarray, h: float) -> dict[str, float]:
    q = distributions.quantiles(pmf[None, :], h, LEVELS)[0]
    mean = float(distributions.mean(pmf[None, :], h)[0])
    return {"mean": _r(mean * 1000), "p50": _r(q[0] * 1000), "p95": _r(q[1] * 1000),
            "p99": _r(q[2] * 1000)}


def _zero_latency() -> dict[str, float]:
    return {"mean": 0.0, "p50": 0.0, "p95": 0.0, "p99": 0.0}


def _r(value: float) -> float:
    """Round for output: 4 significant digits keeps summaries readable and stable."""
    value = float(value)
    # Below 1e-9 (a request per 30 years per second) is numerical dust, not a figure.
    return 0.0 if abs(value) < 1e-9 or not math.isfinite(value) else float(f"{value:.4g}")
