"""Only the clients whose reads reach a cache shape its key popularity."""

from simulator.engine import Engine

from .helpers import document, node, run_until

APP = [node("app", "client", rps=500.0, key_space=100_000, zipf_s=1.0),
       node("web-1", "web_server"), node("cache", "cache", capacity_keys=2_000),
       node("db", "database")]
APP_EDGES = [("app", "web-1"), ("web-1", "cache"), ("cache", "db")]


def hit_ratio_at_60_s(doc: dict) -> float:
    engine = Engine(doc)
    run_until(engine, 60.0)
    return engine.nodes["cache"].data["hit_ratio"]


def test_a_bigger_client_that_does_not_reach_the_cache_leaves_its_hit_ratio_alone() -> None:
    alone = hit_ratio_at_60_s(document(APP, APP_EDGES))
    # A bigger batch client with a flat, huge key space reads the same database directly.
    batch = node("batch", "client", rps=5_000.0, key_space=10**9, zipf_s=0.2)
    both = hit_ratio_at_60_s(document(
        [*APP, batch, node("web-2", "web_server", servers=8)],
        [*APP_EDGES, ("batch", "web-2"), ("web-2", "db")]))
    assert alone > 0.3
    assert both == alone
