"""Clients reading the same keys with the same skew hit a cache as one client would."""

import pytest

from simulator.engine import Engine

from .helpers import document, node, run_until

KEYS = {"key_space": 200_000, "zipf_s": 0.9, "read_ratio": 1.0}
# A TTL makes the hit ratio depend on the read rate reaching the cache, not only on the keys.
CACHE = node("cache", "cache", capacity_keys=5_000, ttl_s=2.0)
DB = node("db", "database")


def web(node_id: str) -> dict:
    return node(node_id, "web_server", servers=32)  # nothing refused: every read reaches


def hit_ratio_at_60_s(doc: dict) -> float:
    engine = Engine(doc)
    run_until(engine, 60.0)
    return engine.nodes["cache"].data["hit_ratio"]


def test_two_clients_with_the_same_keys_hit_like_one_client_with_their_summed_rate() -> None:
    two = document(
        [node("web", "client", rps=300.0, **KEYS), node("mobile", "client", rps=900.0, **KEYS),
         web("web-1"), web("web-2"), CACHE, DB],
        [("web", "web-1"), ("mobile", "web-2"), ("web-1", "cache"), ("web-2", "cache"),
         ("cache", "db")])
    one = document(
        [node("users", "client", rps=1200.0, **KEYS), web("web-1"), CACHE, DB],
        [("users", "web-1"), ("web-1", "cache"), ("cache", "db")])
    h = hit_ratio_at_60_s(one)
    assert 0.2 < h < 0.9  # neither everything nor nothing: the rate matters
    assert hit_ratio_at_60_s(two) == pytest.approx(h, rel=1e-9)
