"""Which clients' reads reach which node, and the key popularity that makes there.

Clients share one key namespace, so the reads reaching a cache or a replica follow the
mixture of the clients' Zipf laws, weighted by the reads each client routes there
(``caching.mixture_profile``). The flow is traced again only when the routes change or a
client's share of all reads moves by over 0.5 %: the mixtures depend on nothing else.
"""

from __future__ import annotations

from itertools import chain
from typing import TYPE_CHECKING

import numpy as np

from . import caching

if TYPE_CHECKING:
    from .engine import NodeState, Routes

READ = 0


class ClientReads:
    """The clients' shares of the reads at every node of an engine's routes."""

    def __init__(self, clients: list[NodeState], nodes: int) -> None:
        self.clients = clients
        self.index = np.array([c.index for c in clients], dtype=np.intp)
        self.nodes = nodes
        self.shares: np.ndarray | None = None  # each client's share of all reads, last traced
        self._flow: np.ndarray | None = None   # (nodes, clients) routed reads
        self._routes: Routes | None = None     # the routes they were traced over
        self._seen: list[float] | None = None
        self._mixes: dict[int, tuple[caching.MixtureKey, tuple[float, ...]]] = {}

    def follow(self, reads: list[float], routes: Routes, levels: list[slice]) -> None:
        """Trace again if the routes or the clients' shares of ``reads`` moved."""
        if reads == self._seen and routes is self._routes:
            return  # as last time: a list compare, ~5x cheaper than the shares' test
        self._seen = reads
        total = sum(reads)
        shares = np.array(reads) / total if total > 0.0 else np.zeros(len(reads))
        if self.shares is not None and (
                routes is self._routes or _same_paths(routes, self._routes)):
            self._routes = routes  # rebuilt the same (health checks): keep the flow
            if not (np.abs(shares - self.shares) > 0.005 * self.shares).any():
                return
        self.trace(shares, routes, levels)

    def trace(self, shares: np.ndarray, routes: Routes, levels: list[slice]) -> None:
        """Each client's routed reads at every node (one column per client), before failures
        and cache hits: a cache passes the same share of every client's reads."""
        r = routes
        flow = np.zeros((self.nodes, len(self.clients)))
        flow[self.index, np.arange(len(self.clients))] = shares
        for part in levels:
            np.add.at(flow, r.dst[part], flow[r.src[part]] * r.mult[part, READ, None])
        self.shares, self._flow, self._routes = shares, flow, r
        self._mixes.clear()

    def forget_mixtures(self) -> None:
        """A client's key space or skew may have changed."""
        self._mixes.clear()

    def profile(self, index: int) -> caching.KeyProfile:
        """Key popularity of the reads reaching node ``index``."""
        return caching.mixture_profile(self._mixture(index)[0])

    def params(self, index: int) -> tuple[float, ...]:
        """What ``profile`` depends on, flat: weight, key_space, zipf_s of each client law
        (flat stays equal through a JSON snapshot)."""
        return self._mixture(index)[1]

    def _mixture(self, index: int) -> tuple[caching.MixtureKey, tuple[float, ...]]:
        mix = self._mixes.get(index)
        if mix is None:
            parts = self._mixture_key(index)
            mix = self._mixes[index] = (parts, tuple(chain.from_iterable(parts)))
        return mix

    def _mixture_key(self, index: int) -> caching.MixtureKey:
        """(weight, key_space, zipf_s) per distinct client law, sorted, weights rounded to 0.001
        so the key only moves when the mixture does; empty while no client's reads arrive."""
        if self._flow is None:
            return ()
        flow = self._flow[index]
        total = float(flow.sum())
        if total <= 0.0:
            return ()
        weights: dict[tuple[int, float], float] = {}
        for client, f in zip(self.clients, flow.tolist(), strict=True):
            law = (int(client.params["key_space"]), float(client.params["zipf_s"]))
            weights[law] = weights.get(law, 0.0) + f / total  # same law: one part, as one client
        parts = ((round(w, 3), n, s) for (n, s), w in sorted(weights.items()))
        return tuple(part for part in parts if part[0] > 0.0)


def _same_paths(a: Routes, b: Routes | None) -> bool:
    """The same routes carrying the same shares (their latencies aside)."""
    return b is not None and all(np.array_equal(getattr(a, name), getattr(b, name))
                                 for name in ("src", "dst", "mult"))
