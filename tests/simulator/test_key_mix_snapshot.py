"""A run with clients mixing their keys at a cache resumes exactly from a JSON snapshot."""

import json

from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import document, node, run_until

DOC = document(
    [node("shop", "client", rps=400.0, key_space=20_000, zipf_s=0.8, read_ratio=0.9),
     node("app", "client", rps=800.0, key_space=10**7, zipf_s=1.1, read_ratio=0.95),
     node("web-1", "web_server"), node("web-2", "web_server"),
     node("cache", "cache", capacity_keys=20_000, ttl_s=30.0), node("db", "database"),
     node("replica", "database", role="replica", replication_lag_ms=500.0)],
    [("shop", "web-1"), ("app", "web-2"), ("web-1", "cache"), ("web-2", "cache"),
     ("cache", "db"), ("db", "replica")])


def test_a_snapshot_with_mixed_clients_continues_exactly_as_the_original() -> None:
    straight = Engine(DOC)
    run_until(straight, 40.0)
    resumed = Engine.restore(json.loads(json.dumps(straight.snapshot())))
    for engine in (straight, resumed):
        engine.recorders.append(Recorder(engine))
        for _ in range(100):
            engine.step()
    a, b = (json.dumps(e.recorders[0].report()) for e in (straight, resumed))
    assert a == b
    assert straight.nodes["cache"].data["hit_ratio"] > 0.0
