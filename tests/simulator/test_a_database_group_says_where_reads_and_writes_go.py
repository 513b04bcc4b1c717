"""A database group's callers reach it by their edge to the primary, so frames say where
its requests are served: each database's reads and writes per second, and the replication
stream (every acknowledged write, to each live replica) on the edge between them."""

import pytest

from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import at, run_until
from .test_failover import WRITES, replicated

READS = 800.0  # 1,000 req/s at 80 % reads, split over two replicas


def frame(engine: Engine, start: float, end: float) -> dict:
    run_until(engine, start)
    rec = Recorder(engine)
    engine.recorders.append(rec)
    run_until(engine, end)
    engine.recorders.remove(rec)
    out = rec.frame()
    out["edges"] = {(e["source"], e["target"]): e["rps"] for e in out["edges"]}
    return out


def test_the_primary_serves_the_writes_and_the_replicas_the_reads():
    f = frame(Engine(replicated([])), 20, 30)
    primary, replica = f["nodes"]["primary"], f["nodes"]["replica-1"]
    assert primary["writes_rps"] == pytest.approx(WRITES, rel=0.01)
    assert primary["reads_rps"] == 0
    assert replica["reads_rps"] == pytest.approx(READS / 2, rel=0.01)
    assert replica["writes_rps"] == 0
    assert primary["reads_rps"] + primary["writes_rps"] == pytest.approx(
        primary["throughput_rps"], rel=1e-6)
    # The callers' edge carries every call to the group (CONTRACT: requests crossing it) ...
    assert f["edges"][("web", "primary")] == pytest.approx(READS + WRITES, rel=0.01)
    # ... and each replication edge the writes copied along it.
    assert f["edges"][("primary", "replica-1")] == pytest.approx(WRITES, rel=0.01)
    assert f["edges"][("primary", "replica-2")] == pytest.approx(WRITES, rel=0.01)


def test_a_lone_primary_serves_both_and_streams_nothing():
    f = frame(Engine(replicated([], replicas=False)), 20, 30)
    assert f["nodes"]["primary"]["reads_rps"] == pytest.approx(READS, rel=0.01)
    assert f["nodes"]["primary"]["writes_rps"] == pytest.approx(WRITES, rel=0.01)


def test_a_dead_primary_streams_nothing_and_a_dead_replica_is_sent_nothing():
    engine = Engine(replicated([at(20, "kill", "replica-2"), at(30, "kill", "primary")]))
    f = frame(engine, 21, 29)
    assert f["edges"][("primary", "replica-2")] == 0
    assert f["nodes"]["replica-2"]["reads_rps"] == 0
    assert f["nodes"]["replica-1"]["reads_rps"] == pytest.approx(READS, rel=0.01)
    f = frame(engine, 31, 39)  # before the promotion at 45 s
    assert f["edges"][("primary", "replica-1")] == 0
    assert f["nodes"]["primary"]["writes_rps"] == 0


def test_after_a_failover_the_stream_runs_back_along_the_edge_to_the_old_primary():
    engine = Engine(replicated([at(30, "kill", "primary"), at(50, "restore", "primary")]))
    f = frame(engine, 52, 60)
    assert f["nodes"]["replica-1"]["role"] == "primary"
    assert f["nodes"]["replica-1"]["writes_rps"] == pytest.approx(WRITES, rel=0.01)
    # replica-1 now copies its writes to the old primary, a replica again, along their edge.
    assert f["edges"][("primary", "replica-1")] == pytest.approx(WRITES, rel=0.01)
    assert f["nodes"]["primary"]["reads_rps"] > 0


def test_each_ticks_reads_and_writes_are_what_it_served_that_tick_not_the_one_before():
    # (Read before the tick, right after a restore they showed for a tick the writes that
    # had failed while it was down.)
    engine = Engine(replicated([at(20, "set_traffic", "users", rps=2000),
                                at(30, "kill", "primary"), at(40, "restore", "primary")],
                               replicas=False))
    run_until(engine, 19.5)
    while engine.t < 41:
        f = frame(engine, engine.t, engine.t + engine.dt)["nodes"]["primary"]
        assert f["reads_rps"] + f["writes_rps"] == pytest.approx(f["throughput_rps"],
                                                                 rel=1e-3, abs=0.01)


def test_a_dead_primary_acknowledges_no_writes_so_no_read_is_stale():
    engine = Engine(replicated([at(30, "kill", "primary")]))
    before = frame(engine, 20, 30)["nodes"]["replica-1"]["stale_reads"]
    during = frame(engine, 31, 44)["nodes"]["replica-1"]["stale_reads"]
    assert before > 1 and during == 0
