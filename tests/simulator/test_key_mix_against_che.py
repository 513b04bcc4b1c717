"""Clients with different key spaces: the cache hits as Che's approximation predicts for the
per-key mixture of their Zipf laws (one shared key namespace, weighted by reads reaching it)."""

import numpy as np
import pytest
from scipy.optimize import brentq

from simulator.engine import Engine

from .helpers import document, node, run_until


def zipf(key_space: int, zipf_s: float) -> np.ndarray:
    weights = np.arange(1.0, key_space + 1.0) ** -zipf_s
    return weights / weights.sum()


def che_hit_ratio(p: np.ndarray, capacity: float) -> float:
    """Che's approximation key by key: Σ (1 − e^{−p_i T}) = capacity, h = Σ p_i (1 − e^{−p_i T})."""
    log_t = brentq(lambda x: (-np.expm1(-p * np.exp(x))).sum() - capacity, -20.0, 60.0)
    return float(p @ -np.expm1(-p * np.exp(log_t)))


@pytest.mark.parametrize("capacity", [200, 2_000, 10_000])
def test_the_hit_ratio_is_che_on_the_read_weighted_mixture_of_the_clients_keys(
        capacity: int) -> None:
    # The shop's 600 req/s are split by a balancer: only 300 reach the cache; the app's 700
    # all do. Weights by reads at the cache (0.3 / 0.7), not by client rates (0.46 / 0.54).
    doc = document(
        [node("shop", "client", rps=600.0, key_space=2_000, zipf_s=0.8),
         node("app", "client", rps=700.0, key_space=50_000, zipf_s=1.1),
         node("lb", "load_balancer"),
         *(node(f"web-{i}", "web_server", servers=32) for i in (1, 2, 3)),
         node("cache", "cache", capacity_keys=capacity),
         node("db", "database")],
        [("shop", "lb"), ("lb", "web-1"), ("lb", "web-2"), ("app", "web-3"),
         ("web-1", "cache"), ("web-3", "cache"), ("web-2", "db"), ("cache", "db")])
    engine = Engine(doc)
    run_until(engine, 120.0)
    cache = engine.nodes["cache"]
    assert engine.arrivals(cache)[0] == pytest.approx(1000.0)
    p = 0.7 * zipf(50_000, 1.1)
    p[:2_000] += 0.3 * zipf(2_000, 0.8)
    assert cache.data["hit_ratio"] == pytest.approx(che_hit_ratio(p, capacity), rel=0.01)
