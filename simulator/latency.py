"""End-to-end outcomes along the request graph: success probability and latency.

A request entering node v spends its sojourn there, then either ends (a cache hit, a
web server with nothing behind it) or goes on: a *splitting* node (balancer, cache,
client) sends it down one route, a *fan-out* node (web server) calls each tier in
turn. Folding the graph from the leaves up gives, per node and request class, the
distribution of the remaining time. Sums become products of characteristic functions
(FFT of pmfs on one shared grid) and route choices become weighted sums, so one
inverse FFT per client yields exact percentiles of the sum — not sums of percentiles.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import distributions

GRID_POINTS = 512


@dataclass(frozen=True)
class Graph:
    """What the fold needs to know about the topology, in node-index terms."""

    fans_out: np.ndarray          # bool per node
    src: np.ndarray
    dst: np.ndarray
    call: np.ndarray
    mult: np.ndarray              # (R, 2)
    latency: np.ndarray           # (R,) one-way seconds

    @cached_property
    def plan(self) -> list[Step]:
        return _plan(self)


@dataclass(frozen=True)
class Step:
    """Routes whose targets are all final: grouped by (source, call), sources in order."""

    routes: np.ndarray        # route indices sorted by (source, call)
    group_starts: np.ndarray  # first route of each (source, call) group
    group_src: np.ndarray     # source of each group
    src_starts: np.ndarray    # first group of each source
    sources: np.ndarray       # the sources completed by this step
    fans_out: np.ndarray      # per source
    all_fan: bool             # every source fans out
    no_fan: bool              # no source fans out


def _plan(graph: Graph) -> list[Step]:
    n = len(graph.fans_out)
    height = np.zeros(n, dtype=np.intp)  # longest route chain below each node
    for _ in range(n):
        new = height.copy()
        if len(graph.src):
            np.maximum.at(new, graph.src, height[graph.dst] + 1)
        if np.array_equal(new, height):
            break
        height = new
    steps = []
    for level in range(1, int(height.max(initial=0)) + 1):
        rs = np.flatnonzero(height[graph.src] == level)
        order = np.lexsort((graph.call[rs], graph.src[rs]))
        rs = rs[order]
        key = np.stack([graph.src[rs], graph.call[rs]], axis=1)
        group_starts = np.flatnonzero(np.r_[True, np.any(key[1:] != key[:-1], axis=1)])
        group_src = graph.src[rs][group_starts]
        src_starts = np.flatnonzero(np.r_[True, group_src[1:] != group_src[:-1]])
        sources = group_src[src_starts]
        fans_out = graph.fans_out[sources]
        steps.append(Step(rs, group_starts, group_src, src_starts, sources, fans_out,
                          bool(fans_out.all()), not fans_out.any()))
    return steps


def fold(graph: Graph, own: np.ndarray, through: np.ndarray,
         edge: Callable[[np.ndarray], np.ndarray],
         fan: Callable[[np.ndarray, np.ndarray], np.ndarray] | None = None,
         ending: np.ndarray | None = None) -> np.ndarray:
    """Combine per-node factors up the graph, one vectorized step per level.

    ``own`` is (n, 2, M): each node's own factor per class (its pass probability, or the
    FFT of its sojourn pmf); ``edge(routes)`` is (len(routes), M), the factor for crossing
    each route there and back; ``fan(values, starts)`` combines a fan-out source's calls
    (default: their product); ``ending`` (like ``own``, default ``own``) is the factor of
    the requests that end at a node (all of a leaf's, a cache's hits), where it differs from
    that of those that go on. Returns (n, 2, M): the value for a request entering each node.
    """
    out = (own if ending is None else ending).copy()
    for step in graph.plan:
        r = step.routes
        share = graph.mult[r] * through[graph.src[r]]                       # (k, 2)
        term = share[:, :, None] * edge(r)[:, None, :] * out[graph.dst[r]]  # (k, 2, M)
        calls = np.add.reduceat(term, step.group_starts, axis=0)
        called = np.add.reduceat(share, step.group_starts, axis=0)[:, :, None]
        # A fan-out source waits for each call in turn: the product of its calls' values;
        # a splitting source takes one route: the sum, and ends here with the rest.
        if not step.all_fan:  # (the share a splitting source calls nobody with ends there)
            uncalled = 1 - np.add.reduceat(called, step.src_starts, axis=0)
            split = uncalled + np.add.reduceat(calls, step.src_starts, axis=0)
        if not step.no_fan:
            values = 1 - called + calls
            fanned = (np.multiply.reduceat(values, step.src_starts, axis=0) if fan is None
                      else fan(values, step.src_starts))
        value = (fanned if step.all_fan else split if step.no_fan
                 else np.where(step.fans_out[:, None, None], fanned, split))
        src = step.sources
        if ending is None:
            out[src] = out[src] * value
        elif step.all_fan:  # (a fan-out source calls every tier: nothing ends there)
            out[src] = own[src] * value
        else:
            ends = np.where(step.fans_out[:, None, None], 0.0, uncalled)
            out[src] = own[src] * value + (ending[src] - own[src]) * ends
    return out


def success(graph: Graph, completed: np.ndarray, passed: np.ndarray, survived: np.ndarray,
            through: np.ndarray) -> np.ndarray:
    """(n, 2, 2): per read/write entering each node, [..., 0] the requests completed (more
    than 1 where a draining backlog completes more than arrives) and [..., 1] the share that
    did not fail, from each node's own shares of them (n,). Requests that end at a node count
    by its ``completed``; those that go on by ``passed``, the share the flow carried on this
    tick, so that a backlog drained upstream counts once, where it completes (this tick's
    share there would count it again, a tick early, and compound over draining tiers)."""
    def per_class(first: np.ndarray) -> np.ndarray:
        return np.repeat(np.stack([first, survived], axis=1)[:, None, :], 2, axis=1)

    return fold(graph, per_class(passed), through, lambda r: np.ones((len(r), 1)),
                fan=_slowest_call, ending=per_class(completed))


def failures(graph: Graph, failed: np.ndarray, passed: np.ndarray, through: np.ndarray,
             ) -> tuple[np.ndarray, np.ndarray]:
    """(n, 2) requests that fail per read/write entering each node, counted where they fail:
    its own (``failed``, per arrival) and, of those it passes on (``passed`` per arrival,
    more than 1 while a backlog drains), those that fail further on; and (n, 2) the latter
    per request passed on. A fan-out source's request fails if any call does (failures
    multiply); calls failing beyond one per request (a backlog drained into a dead tier)
    all count. Unlike 1 − survival, a drained backlog's requests are counted where they
    fail: a database killed behind a web tier draining 400 req/s failed 400 req/s, of
    which 100, a share of the 100 req/s arriving, were counted end to end."""
    total = np.repeat(failed[:, None], 2, axis=1)
    onward = np.zeros_like(total)
    for step in graph.plan:
        r = step.routes
        share = graph.mult[r] * through[graph.src[r]]
        calls = np.add.reduceat(share * total[graph.dst[r]], step.group_starts, axis=0)
        if not step.all_fan:
            split = np.add.reduceat(calls, step.src_starts, axis=0)
        if not step.no_fan:
            one = np.minimum(calls, 1.0)
            fanned = (1 - np.multiply.reduceat(1 - one, step.src_starts, axis=0)
                      + np.add.reduceat(calls - one, step.src_starts, axis=0))
        value = (fanned if step.all_fan else split if step.no_fan
                 else np.where(step.fans_out[:, None], fanned, split))
        src = step.sources
        onward[src] = value
        total[src] = failed[src, None] + passed[src, None] * value
    return total, onward


def _slowest_call(values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """A fan-out source's calls combined (values (calls, 2, [completed, survived])): a
    request survives if every call does (failures multiply), and of those that survive it
    is done when its slowest call is (a queue behind one call holds the request; two alike
    hold the same requests, not twice as many). Equal to the product while no call queues.
    Where no new request survives (a queue draining, refusing all that come), what the
    calls complete is older requests': the slowest call's."""
    done, alive = values[..., 0], values[..., 1]
    ratio = np.divide(done, alive, out=np.zeros_like(done), where=alive > 0)
    both = np.multiply.reduceat(alive, starts, axis=0)
    completed = np.where(both > 0, both * np.minimum.reduceat(ratio, starts, axis=0),
                         np.minimum.reduceat(done, starts, axis=0))
    return np.stack([completed, both], axis=-1)


def upper_bound(graph: Graph, node_upper: np.ndarray) -> float:
    """A time beyond which (almost) no end-to-end sum lies: the grid must reach it."""
    up = node_upper.astype(float).copy()
    for step in graph.plan:
        r = step.routes
        longest = 2 * graph.latency[r] + up[graph.dst[r]]
        per_call = np.maximum.reduceat(longest, step.group_starts)
        total = np.add.reduceat(per_call, step.src_starts)
        slowest = np.maximum.reduceat(per_call, step.src_starts)
        up[step.sources] += np.where(step.fans_out, total, slowest)
    return float(up.max()) if len(up) else 0.0


def sojourn_spectra(sojourns: distributions.Sojourns, h: float, n: int) -> np.ndarray:
    """rfft of each node's sojourn pmf on the shared grid: (nodes, n // 2 + 1)."""
    return np.fft.rfft(distributions.pmf_on_grid(sojourns, h, n), axis=-1)


def delay_spectrum(d: float, h: float, n: int) -> np.ndarray:
    return np.fft.rfft(distributions.point_mass_pmf(d, h, n))


def end_to_end_spectra(graph: Graph, active: np.ndarray, sojourns: distributions.Sojourns,
                       through: np.ndarray, pass_share: np.ndarray, h: float, n: int,
                       nodes: np.ndarray) -> np.ndarray:
    """(len(nodes), 2, n // 2 + 1): E[e^{−iωT}; success] for the time T from entering each of
    ``nodes`` to its answer — the spectrum of successful requests, scaled by their
    probability. Twins (``twins``) are folded once: a balancer's 95 identical web servers
    cost one."""
    size = len(graph.fans_out)
    rows = np.zeros((size, len(distributions.FIELDS) + 4))
    rows[active, :-4] = np.column_stack([getattr(sojourns, f) for f in distributions.FIELDS])
    rows[active, -4] = 1.0
    rows[:, -3] = pass_share
    rows[:, -2:] = through
    rep = twins(graph, rows)
    reps, at = np.unique(rep, return_inverse=True)
    small = _quotient(graph, rep, reps)
    own = np.ones((len(reps), 2, n // 2 + 1), dtype=complex)
    first = active[rep[active] == active]  # active nodes standing for their class
    pick = np.searchsorted(active, first)
    own[at[first]] = sojourn_spectra(distributions.Sojourns(
        **{f: getattr(sojourns, f)[pick] for f in distributions.FIELDS}), h, n)[:, None, :]
    own *= pass_share[reps, None, None]
    delays, index = np.unique(2 * small.latency, return_inverse=True)
    table = np.stack([delay_spectrum(float(d), h, n) for d in delays]) if len(delays) else None
    out = fold(small, own, through[reps], lambda r: table[index[r]])
    return out[at[nodes]]


def twins(graph: Graph, rows: np.ndarray) -> np.ndarray:
    """Each node's twin of smallest index: nodes with equal ``rows`` (everything their own
    factors come from) whose routes lead, share for share, to twins fold to the same value,
    whatever the factors (a balancer's identical web servers calling the same tier)."""
    size = len(graph.fans_out)
    _, inverse = np.unique(rows, axis=0, return_inverse=True)
    cls = inverse.ravel().astype(np.intp)
    top = int(cls.max(initial=-1)) + 1
    for step in graph.plan:
        merged, starts = _merged_routes(graph, step.routes, cls)
        found: dict[tuple[int, bytes], int] = {}
        for k, src in enumerate(merged[starts[:-1], 0].astype(np.intp).tolist()):
            key = (int(cls[src]), merged[starts[k]:starts[k + 1], 1:].tobytes())
            cls[src] = found.setdefault(key, top + len(found))
        top += len(found)
    first = np.full(top, size, dtype=np.intp)
    np.minimum.at(first, cls, np.arange(size))
    return first[cls]


def _merged_routes(graph: Graph, routes: np.ndarray, cls: np.ndarray,
                   ) -> tuple[np.ndarray, np.ndarray]:
    """``routes`` as rows (source, call, class of target, latency, read share, write share),
    those alike summed, sorted by source; and where each source's rows start (one past the
    last at the end). A splitting source's routes are all one call: it takes one of them."""
    src = graph.src[routes]
    call = np.where(graph.fans_out[src], graph.call[routes], 0)
    keys, inverse = np.unique(np.column_stack([src, call, cls[graph.dst[routes]],
                                               graph.latency[routes]]),
                              axis=0, return_inverse=True)
    inverse = inverse.ravel()
    mult = graph.mult[routes]
    merged = np.column_stack([keys, np.bincount(inverse, mult[:, 0], minlength=len(keys)),
                              np.bincount(inverse, mult[:, 1], minlength=len(keys))])
    starts = np.flatnonzero(np.r_[True, keys[1:, 0] != keys[:-1, 0], True])
    return merged, starts


def _quotient(graph: Graph, rep: np.ndarray, reps: np.ndarray) -> Graph:
    """The graph of ``reps`` (twins' representatives, ``rep`` per node) alone, renumbered in
    their order, each route of a representative led to its target's representative and
    routes alike merged. Kept per graph: a frame's twins rarely change."""
    kept = graph.__dict__.setdefault("_quotients", {})
    key = rep.tobytes()
    found = kept.get(key)
    if found is None:
        if len(kept) >= 64:
            kept.clear()
        own = np.flatnonzero(rep[graph.src] == graph.src)
        merged, _ = _merged_routes(graph, own, rep)
        at = np.searchsorted(reps, merged[:, [0, 2]].astype(np.intp))
        found = kept[key] = Graph(graph.fans_out[reps], at[:, 0], at[:, 1],
                                  merged[:, 1].astype(np.intp), merged[:, 4:6],
                                  merged[:, 3])
    return found
