"""A tier behind a queue gets, tick by tick, what that queue completes: when traffic steps
down, a saturated web tier keeps completing 400 req/s while its backlog drains, and the
database behind it sees 400 req/s, not a fraction of it one tick and the rest the next."""

import pytest

from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import at, document, node


def ticks(doc, seconds):
    engine = Engine(doc)
    rec = Recorder(engine)
    engine.recorders.append(rec)
    out = []
    for _ in range(round(seconds / engine.dt)):
        engine.step()
        report = rec.report()
        rec.reset()
        out.append((round(engine.t, 6), report))
    return out


def web_then_db(rps_before, rps_after, at_s=5):
    return document([node("users", "client", rps=rps_before),
                     node("web", "web_server", servers=4, service_time_ms=10,
                          max_queue=1000, timeout_ms=30_000),
                     node("db", "database", servers=100, service_time_ms=1)],
                    [("users", "web"), ("web", "db")],
                    [at(at_s, "set_traffic", "users", rps=rps_after)])


def test_a_database_behind_a_draining_web_tier_gets_what_the_tier_completes_each_tick():
    # 1,000 req/s into 400 fills the web queue; at 5 s traffic falls to 100 req/s and the
    # queue drains for ~3.5 s at the tier's full speed, then empties.
    for t, report in ticks(web_then_db(1000, 100), 12):
        if t < 3:
            continue  # (filling: the queue's own transient)
        web = report["nodes"]["web"]["throughput_rps"]
        db = report["nodes"]["db"]["throughput_rps"]
        # Within a fifth at the tick the queue empties in; before: 44 and 752 against 400.
        assert abs(db - web) <= 0.2 * web + 1, (t, web, db)
        if 5 < t < 8.2:  # draining at full speed
            assert abs(db - web) < 2, (t, web, db)


def test_when_traffic_stops_the_tier_behind_a_draining_queue_still_gets_it_each_tick():
    # With nothing arriving no share can pass anything on: the database got what the web
    # tier completed a tick late (4, then 396 req/s; 361 against 99 as the queue ran out).
    run = ticks(web_then_db(1000, 0), 12)
    before = 0.0
    for t, report in run:
        web = report["nodes"]["web"]["throughput_rps"]
        db = report["nodes"]["db"]["throughput_rps"]
        if 5 < t < 7.3:  # draining at full speed
            assert abs(db - web) < 2, (t, web, db)
        if t > 5:  # (as the queue runs out, at most what it completed the tick before)
            assert db <= max(web, before) + 1, (t, web, db)
        before = web
    total = [sum(r["nodes"][n]["throughput_rps"] for _, r in run) for n in ("web", "db")]
    assert total[1] == pytest.approx(total[0], abs=1 / 0.1)  # (sums of rates: one request)


def test_end_to_end_throughput_is_never_negative_as_a_backlog_runs_out():
    # The tick after the queue emptied, end-to-end throughput read −21 req/s.
    for t, report in ticks(web_then_db(1000, 100), 12):
        assert report["end_to_end"]["throughput_rps"] >= 0, t
