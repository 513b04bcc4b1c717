"""Changes made while a simulation runs take effect at once and as documented."""

import pytest

from simulator.engine import Engine, InvalidDocument
from simulator.simulate import run

from .helpers import at, document, node, run_until, window


def cached(events):
    return document([node("users", "client", rps=1000, key_space=100_000, zipf_s=0.8),
                     node("web", "web_server", servers=16),
                     node("cache", "cache", capacity_keys=100), node("db", "database")],
                    [("users", "web"), ("web", "cache"), ("cache", "db")], events)


def test_a_bigger_cache_is_seen_at_once_and_warms_from_where_it_was():
    engine = Engine(cached([at(200, "set_param", "cache", param="capacity_keys", value=5000)]))
    before = window(engine, 199, 200)["nodes"]["cache"]["hit_ratio"]
    right_after = window(engine, 200, 200.5)["nodes"]["cache"]["hit_ratio"]
    assert right_after > before + 0.1


def test_a_dead_cache_still_reports_its_hit_ratio_as_zero():
    summary = run(cached([at(10, "kill", "cache")]), duration=20, every=10)
    assert summary["timeline"][1]["nodes"]["cache"]["hit_ratio"] == 0


def test_a_role_cannot_change_mid_run():
    engine = Engine(cached([]))
    with pytest.raises(InvalidDocument, match="cannot change while it runs"):
        engine.apply({"action": "set_param", "node": "db", "param": "role", "value": "replica"})


def test_a_new_traffic_shape_starts_when_it_is_set():
    doc = document([node("users", "client", rps=100), node("web", "web_server", servers=64)],
                   [("users", "web")],
                   [at(100, "set_param", "users", param="profile",
                       value={"shape": "spike", "peak_rps": 1000, "at_s": 5, "duration_s": 5})])
    engine = Engine(doc)
    assert window(engine, 106, 109)["nodes"]["users"]["throughput_rps"] == pytest.approx(1000)


def test_a_weighted_balancer_with_every_weight_zero_splits_equally():
    doc = document([node("users", "client", rps=100), node("lb", "load_balancer",
                                                            policy="weighted"),
                    node("a", "web_server"), node("b", "web_server")],
                   [("users", "lb"), ("lb", "a", {"weight": 0}), ("lb", "b", {"weight": 0})])
    nodes = window(Engine(doc), 5, 10)["nodes"]
    assert nodes["a"]["throughput_rps"] == pytest.approx(50, rel=0.01)
    assert nodes["b"]["throughput_rps"] == pytest.approx(50, rel=0.01)


def test_a_promoted_replica_reports_no_lag():
    doc = document([node("users", "client", rps=100, read_ratio=0.5),
                    node("web", "web_server"), node("p", "database", failover_timeout_ms=100,
                                                    promotion_ms=100),
                    node("r", "database", role="replica")],
                   [("users", "web"), ("web", "p"), ("p", "r")], [at(1, "kill", "p")])
    engine = Engine(doc)
    run_until(engine, 5)
    r = window(engine, 5, 6)["nodes"]["r"]
    assert r["role"] == "primary" and r["replication_lag_ms"] == 0 and r["stale_reads"] == 0


def test_a_lone_database_killed_is_narrated_as_down_until_restored():
    doc = document([node("users", "client"), node("web", "web_server"), node("db", "database")],
                   [("users", "web"), ("web", "db")], [at(1, "kill", "db")])
    text = [e["text"] for e in run(doc, duration=2)["events"]]
    assert "db (primary) was killed: reads and writes fail until it is restored" in text


def test_a_kill_is_told_once_in_the_kinds_own_words_or_else_plainly():
    doc = document([node("users", "client"), node("web", "web_server"),
                    node("cache", "cache"), node("db", "database")],
                   [("users", "web"), ("web", "cache"), ("cache", "db")],
                   [at(1, "kill", "db"), at(1, "kill", "cache"), at(1, "kill", "web"),
                    at(2, "restore", "cache"), at(2, "restore", "web")])
    said = [(e["node"], e["text"]) for e in run(doc, duration=3)["events"]]
    assert said == [
        ("db", "db (primary) was killed: reads and writes fail until it is restored"),
        ("cache", "cache is down: every read now goes to the next tier"),
        ("web", "web was killed"),
        ("cache", "cache is back, empty: its hit ratio climbs as it warms up"),
        ("web", "web was restored"),
    ]
