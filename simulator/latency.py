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

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from . import distributions

GRID_POINTS = 2048


@dataclass(frozen=True)
class Graph:
    """What the fold needs to know about the topology, in node-index terms."""

    order: Sequence[int]          # topological order of the request graph
    fans_out: np.ndarray          # bool per node
    src: np.ndarray
    dst: np.ndarray
    call: np.ndarray
    mult: np.ndarray              # (R, 2)
    latency: np.ndarray           # (R,) one-way seconds

    def out_routes(self) -> dict[int, list[int]]:
        table: dict[int, list[int]] = {}
        for r, v in enumerate(self.src):
            table.setdefault(int(v), []).append(r)
        return table


def fold(graph: Graph, own: np.ndarray, through: np.ndarray,
         edge: Callable[[int], np.ndarray | float]) -> np.ndarray:
    """Combine per-node factors up the graph.

    ``own`` is (n, 2, M): each node's own factor per class (its pass probability, or the
    FFT of its sojourn pmf); ``edge(r)`` is the factor for crossing route r there and back.
    Returns (n, 2, M): the value for a request entering each node.
    """
    out = own.copy()
    routes = graph.out_routes()
    for v in reversed(graph.order):
        rs = routes.get(v)
        if not rs:
            continue
        thr = through[v][:, None]
        if graph.fans_out[v]:
            acc = np.ones_like(own[v])
            for call in sorted({int(graph.call[r]) for r in rs}):
                members = [r for r in rs if graph.call[r] == call]
                m = sum(graph.mult[r][:, None] for r in members) * thr
                acc = acc * ((1 - m) + sum(graph.mult[r][:, None] * thr * edge(r)
                                           * out[graph.dst[r]] for r in members))
        else:
            m = sum(graph.mult[r][:, None] for r in rs) * thr
            acc = (1 - m) + sum(graph.mult[r][:, None] * thr * edge(r) * out[graph.dst[r]]
                                for r in rs)
        out[v] = out[v] * acc
    return out


def success(graph: Graph, pass_share: np.ndarray, through: np.ndarray) -> np.ndarray:
    """(n, 2): probability that a read/write entering each node completes successfully."""
    own = np.repeat(pass_share[:, None, None], 2, axis=1)
    return fold(graph, own, through, lambda r: 1.0)[:, :, 0]


def upper_bound(graph: Graph, node_upper: np.ndarray) -> float:
    """A time beyond which (almost) no end-to-end sum lies: the grid must reach it."""
    up = node_upper.astype(float).copy()
    routes = graph.out_routes()
    for v in reversed(graph.order):
        rs = routes.get(v, [])
        if not rs:
            continue
        best: dict[int, float] = {}
        for r in rs:
            best[int(graph.call[r])] = max(best.get(int(graph.call[r]), 0.0),
                                           2 * graph.latency[r] + up[graph.dst[r]])
        up[v] += sum(best.values()) if graph.fans_out[v] else max(best.values())
    return float(up.max()) if len(up) else 0.0


def sojourn_spectra(sojourns: distributions.Sojourns, h: float, n: int) -> np.ndarray:
    """rfft of each node's sojourn pmf on the shared grid: (nodes, n // 2 + 1)."""
    return np.fft.rfft(distributions.pmf_on_grid(sojourns, h, n), axis=-1)


def delay_spectrum(d: float, h: float, n: int) -> np.ndarray:
    return np.fft.rfft(distributions.point_mass_pmf(d, h, n))


def end_to_end_spectra(graph: Graph, active: np.ndarray, spectra: np.ndarray,
                       through: np.ndarray, h: float, n: int) -> np.ndarray:
    """(nodes, 2, n // 2 + 1): spectrum of the time from entering each node to its answer."""
    own = np.ones((len(graph.fans_out), 2, n // 2 + 1), dtype=complex)
    own[active] = spectra[:, None, :]
    cache: dict[float, np.ndarray] = {}

    def edge(r: int) -> np.ndarray:
        d = 2 * float(graph.latency[r])
        if d not in cache:
            cache[d] = delay_spectrum(d, h, n)
        return cache[d]

    return fold(graph, own, through, edge)
