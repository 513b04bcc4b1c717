"""Primary killed: writes fail until detection + promotion; the lag window is lost (NOTES)."""

import pytest

from simulator.engine import Engine

from .helpers import at, document, node, run_until, window

WRITES = 200.0  # 1,000 req/s at 80 % reads
LAG_MS = 200.0


def replicated(events, replicas=True):
    nodes = [node("users", "client", rps=1000, read_ratio=0.8),
             node("web", "web_server", servers=32),
             node("primary", "database", failover_timeout_ms=10000, promotion_ms=5000)]
    edges = [("users", "web"), ("web", "primary")]
    if replicas:
        nodes += [node("replica-1", "database", role="replica", replication_lag_ms=LAG_MS),
                  node("replica-2", "database", role="replica", replication_lag_ms=500)]
        edges += [("primary", "replica-1"), ("primary", "replica-2")]
    return document(nodes, edges, events)


def test_writes_fail_from_the_kill_until_promotion_and_reads_carry_on():
    engine = Engine(replicated([at(30, "kill", "primary")]))
    before = window(engine, 20, 30)
    assert before["end_to_end"]["error_rps"] == 0
    during = window(engine, 30, 45)
    assert during["nodes"]["primary"]["error_rps"] == pytest.approx(WRITES, rel=0.02)
    assert during["end_to_end"]["error_rps"] == pytest.approx(WRITES, rel=0.02)
    after = window(engine, 45.1, 60)
    assert after["end_to_end"]["error_rps"] == 0
    assert after["nodes"]["replica-1"]["role"] == "primary"
    assert after["nodes"]["replica-1"]["throughput_rps"] == pytest.approx(WRITES, rel=0.02)
    promoted = [e for e in engine.log if "promoted to primary" in e["text"]]
    assert len(promoted) == 1 and promoted[0]["t"] == pytest.approx(45, abs=0.1)


def test_writes_acknowledged_inside_the_lag_window_are_counted_lost():
    engine = Engine(replicated([at(30, "kill", "primary")]))
    lost = window(engine, 0, 60)["nodes"]["primary"]["lost_writes"]
    assert lost == pytest.approx(WRITES * LAG_MS / 1000, rel=0.02)


def test_an_overloaded_primary_loses_only_the_writes_it_acknowledged():
    # 20,000 writes/s into a primary that serves 8,000: the ones it refused were never
    # acknowledged, so of a 1 s lag window at most ~8,000 are lost (not 20,000).
    doc = document([node("users", "client", rps=20_000, read_ratio=0.0),
                    node("web", "web_server", servers=1000, service_time_ms=5),
                    node("primary", "database", servers=8, service_time_ms=1, max_queue=100,
                         timeout_ms=1000, failover_timeout_ms=3000, promotion_ms=2000),
                    node("replica", "database", role="replica", servers=8, service_time_ms=1,
                         replication_lag_ms=1000)],
                   [("users", "web"), ("web", "primary"), ("primary", "replica")],
                   [at(10, "kill", "primary")])
    report = window(Engine(doc), 5, 20)
    assert report["nodes"]["primary"]["lost_writes"] == pytest.approx(8000 * 0.999, rel=0.01)


def test_the_most_up_to_date_replica_is_promoted_and_the_old_primary_rejoins_as_replica():
    engine = Engine(replicated([at(30, "kill", "primary"), at(50, "restore", "primary")]))
    run_until(engine, 60)
    group = engine.nodes["primary"].data["group"]
    assert group["primary"] == "replica-1"
    assert set(group["replicas"]) == {"replica-2", "primary"}
    assert any("primary rejoins as a replica of replica-1" in e["text"] for e in engine.log)


def test_without_replicas_a_dead_database_fails_reads_and_writes_and_loses_nothing():
    engine = Engine(replicated([at(10, "kill", "primary")], replicas=False))
    during = window(engine, 10, 30)
    assert during["end_to_end"]["error_rps"] == pytest.approx(1000, rel=0.02)
    assert during["nodes"]["primary"]["lost_writes"] == 0


def test_lagging_replicas_serve_stale_reads_in_proportion_to_their_lag():
    engine = Engine(replicated([]))
    nodes = window(engine, 10, 30)["nodes"]
    assert 0 < nodes["replica-1"]["stale_reads"] < nodes["replica-2"]["stale_reads"]
    assert nodes["replica-1"]["replication_lag_ms"] == LAG_MS


def test_a_demoted_primary_reports_no_replication_lag_while_it_is_down():
    engine = Engine(replicated([at(30, "kill", "primary"), at(70, "restore", "primary")]))
    down = window(engine, 46, 60)["nodes"]["primary"]
    assert down["role"] == "replica" and down["replication_lag_ms"] == 0
    back = window(engine, 71, 80)["nodes"]["primary"]
    assert back["replication_lag_ms"] > 0
