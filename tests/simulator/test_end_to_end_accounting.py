"""End-to-end figures count only what really completed, and time only successful requests."""

import pytest

from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import at, document, node, run_until, window


def test_failed_requests_do_not_pull_end_to_end_latency_down():
    # web-2 dies; until the balancer notices, half the requests fail at once. The survivors
    # still take web-1's time: the end-to-end mean must not drop.
    doc = document([node("users", "client", rps=200), node("lb", "load_balancer"),
                    node("web-1", "web_server", servers=1, service_time_ms=5),
                    node("web-2", "web_server", servers=1, service_time_ms=5)],
                   [("users", "lb"), ("lb", "web-1"), ("lb", "web-2")],
                   [at(10, "kill", "web-2")])
    engine = Engine(doc, seed=3)
    before = window(engine, 5, 10)
    during = window(engine, 10.2, 10.8)
    assert during["end_to_end"]["error_rps"] == pytest.approx(100, rel=0.05)
    web1 = during["nodes"]["web-1"]["latency_ms"]["mean"]
    lb = during["nodes"]["lb"]["latency_ms"]["mean"]
    assert during["end_to_end"]["latency_ms"]["mean"] == pytest.approx(web1 + lb, rel=0.03)
    assert during["end_to_end"]["latency_ms"]["p50"] >= 0.95 * before["end_to_end"][
        "latency_ms"]["p50"]


def test_a_dead_dns_still_sends_the_clients_whose_answers_are_cached():
    doc = document([node("users", "client", rps=1000), node("dns", "dns", ttl_s=20),
                    node("web", "web_server", servers=32)],
                   [("users", "dns"), ("dns", "web")], [at(10, "kill", "dns")])
    report = window(Engine(doc), 15, 15.1)
    assert report["nodes"]["web"]["throughput_rps"] == pytest.approx(750, rel=0.02)
    assert report["end_to_end"]["throughput_rps"] == pytest.approx(750, rel=0.02)
    assert report["end_to_end"]["latency_ms"]["mean"] > 5  # timed at the web server


def test_requests_still_queued_are_neither_completed_nor_failed():
    # Twice the capacity into a queue too long to fill in the run: half completes, none fail.
    doc = document([node("users", "client", rps=800),
                    node("web", "web_server", servers=4, service_time_ms=10,
                         max_queue=10**7, timeout_ms=3.6e6)], [("users", "web")])
    report = window(Engine(doc), 10, 20)
    assert report["nodes"]["web"]["throughput_rps"] == pytest.approx(400, rel=0.02)
    assert report["end_to_end"]["throughput_rps"] == pytest.approx(400, rel=0.02)
    assert report["end_to_end"]["error_rps"] == 0


def test_a_drained_backlog_completes_end_to_end_so_a_run_adds_up():
    # LB → 2 web → DB. One web server dies for 20 s: the other's queue grows past its
    # capacity, then drains once both serve again. Every request offered ends as completed
    # or failed, and while the backlog drains more complete than arrive.
    doc = document([node("users", "client", rps=600), node("lb", "load_balancer"),
                    node("web-1", "web_server", servers=4, service_time_ms=10,
                         max_queue=10**5, timeout_ms=60_000),
                    node("web-2", "web_server", servers=4, service_time_ms=10,
                         max_queue=10**5, timeout_ms=60_000),
                    node("db", "database", servers=16)],
                   [("users", "lb"), ("lb", "web-1"), ("lb", "web-2"), ("web-1", "db"),
                    ("web-2", "db")],
                   [at(10, "kill", "web-2"), at(30, "restore", "web-2")])
    engine = Engine(doc, seed=1)
    from simulator.metrics import Recorder

    whole = Recorder(engine)
    engine.recorders.append(whole)
    drained = None
    while engine.t < 120 - 1e-9:
        if abs(engine.t - 35) < 1e-9:
            drained = Recorder(engine)
            engine.recorders.append(drained)
        engine.step()
        if drained is not None and abs(engine.t - 40) < 1e-9:
            draining = drained.report()["end_to_end"]["throughput_rps"]
            engine.recorders.remove(drained)
            drained = None
    assert draining > 680  # web-1 full out (400/s) and web-2 at 300/s: more than offered
    span = whole.time
    report = whole.report()
    assert report["nodes"]["web-1"]["queue"] < 1e3  # (the backlog is gone by the end)
    e2e = report["end_to_end"]
    assert (e2e["throughput_rps"] + e2e["error_rps"]) * span == pytest.approx(600 * span,
                                                                             rel=2e-3)


def test_a_web_server_calling_two_draining_databases_counts_each_request_once():
    # Every request calls db-a and db-b; a spike fills both queues alike, and they drain
    # together: each request completes once (the product of two draining shares counted
    # the drained backlog twice: 124 % of what was offered).
    doc = document([node("users", "client", rps=600),
                    node("web", "web_server", servers=64, service_time_ms=1),
                    node("db-a", "database", servers=8, service_time_ms=10,
                         max_queue=10**5, timeout_ms=600_000),
                    node("db-b", "database", servers=8, service_time_ms=10,
                         max_queue=10**5, timeout_ms=600_000)],
                   [("users", "web"), ("web", "db-a"), ("web", "db-b")],
                   [at(10, "set_traffic", "users", rps=1200),
                    at(30, "set_traffic", "users", rps=300)])
    engine = Engine(doc, seed=1)
    report = window(engine, 0, 150)
    offered = 600 * 10 + 1200 * 20 + 300 * 120
    assert engine.x[engine.nodes["db-a"].index] < 10  # (drained by the end)
    e2e = report["end_to_end"]
    assert (e2e["throughput_rps"] + e2e["error_rps"]) * 150 == pytest.approx(offered, rel=5e-3)


def test_a_backlog_drained_after_the_traffic_stops_still_completes_end_to_end():
    # 1,200 req/s into a 400 req/s server for 20 s, then nothing: the 16,000 queued drain
    # over the next 40 s with no arrivals, and every served request counts as completed.
    doc = document([node("users", "client", rps=1200),
                    node("web", "web_server", servers=4, service_time_ms=10,
                         max_queue=10**6, timeout_ms=3_600_000)],
                   [("users", "web")], [at(20, "set_traffic", "users", rps=0)])
    engine = Engine(doc, seed=1)
    report = window(engine, 0, 90)
    assert engine.x[engine.nodes["web"].index] < 1  # (drained)
    served = report["nodes"]["web"]["throughput_rps"] * 90
    assert served == pytest.approx(24_000, rel=2e-3)
    assert report["end_to_end"]["throughput_rps"] * 90 == pytest.approx(served, rel=2e-3)


def backlog_then_kill(kill: float, restore: float) -> dict:
    """2,000 req/s into 400 for 10 s leave ~16,000 queued, then 100 req/s; the server dies
    at ``kill`` and comes back at ``restore``."""
    return document([node("users", "client", rps=2000),
                     node("web", "web_server", servers=4, service_time_ms=10, max_queue=10**5,
                          timeout_ms=3.6e6)],
                    [("users", "web")],
                    [at(10, "set_traffic", "users", rps=100), at(kill, "kill", "web"),
                     at(restore, "restore", "web")])


def test_requests_inside_a_node_when_it_dies_fail_with_it():
    # The queued requests fail at the kill (they were neither completed nor failed, 63 % of
    # the run lost).
    doc = backlog_then_kill(10.5, 11)
    report = window(Engine(doc), 0, 60)
    e2e, web = report["end_to_end"], report["nodes"]["web"]
    offered = 2000 * 10 + 100 * 50
    assert (e2e["throughput_rps"] + e2e["error_rps"]) * 60 == pytest.approx(offered, rel=2e-3)
    assert e2e["error_rps"] * 60 > 15_000
    assert web["error_rps"] == pytest.approx(e2e["error_rps"], rel=1e-3)
    at_kill = window(Engine(doc), 10.5, 10.6)
    assert at_kill["nodes"]["web"]["error_rps"] * 0.1 > 15_000  # the queue, failed at once


def test_a_restored_node_passes_on_what_it_serves_from_its_first_tick():
    # Its pass share was still the 0 it had while dead: the first tick's ~95 requests were
    # served at the web server but reached neither the database nor any count.
    doc = document([node("users", "client", rps=1000), node("web", "web_server", servers=32),
                    node("db", "database", servers=64)],
                   [("users", "web"), ("web", "db")],
                   [at(5, "kill", "web"), at(10, "restore", "web")])
    e2e = window(Engine(doc), 0, 20)["end_to_end"]
    assert (e2e["throughput_rps"] + e2e["error_rps"]) * 20 == pytest.approx(20_000, abs=20)


def test_a_node_killed_and_restored_within_one_tick_still_fails_its_queue():
    # (The restore emptied the queue before the tick could count it: ~15,850 requests gone.)
    report = window(Engine(backlog_then_kill(10.52, 10.58)), 0, 60)
    e2e = report["end_to_end"]
    assert (e2e["throughput_rps"] + e2e["error_rps"]) * 60 == pytest.approx(25_000, rel=2e-3)
    assert report["nodes"]["web"]["error_rps"] * 60 > 15_000


def test_a_cache_killed_with_requests_inside_fails_those_once_and_lets_the_rest_through():
    # The tick's arrivals bypass a dead cache to the database: only the queued ones fail
    # (counting them in the cache's error share also failed the bypassing ones).
    doc = document([node("users", "client", rps=1000, read_ratio=1.0),
                    node("web", "web_server", servers=64),
                    node("cache", "cache", servers=1, service_time_ms=10, max_queue=10**6,
                         timeout_ms=3.6e6, capacity_keys=10),
                    node("db", "database", servers=64)],
                   [("users", "web"), ("web", "cache"), ("cache", "db")],
                   [at(30, "kill", "cache")])
    engine = Engine(doc)
    run_until(engine, 30)
    inside = float(engine.x[engine.nodes["cache"].index])
    assert inside > 1000
    kill_tick = window(engine, 30, 30.1)
    assert kill_tick["end_to_end"]["error_rps"] * 0.1 == pytest.approx(inside, rel=1e-3)


def daily_cycle_then_silence() -> dict:
    """A daily cycle around the capacity of 4 web workers (400 req/s) feeding a database,
    then no traffic from 36 s while the web servers' backlog drains."""
    return document([node("users", "client", rps=300),
                     node("web", "web_server", servers=4, service_time_ms=10, max_queue=10**5,
                          timeout_ms=60_000),
                     node("db", "database", servers=64, service_time_ms=1)],
                    [("users", "web"), ("web", "db")],
                    [at(0.5, "set_traffic", "users", rps=500,
                        profile={"shape": "diurnal", "amplitude": 0.5, "period_s": 6}),
                     at(36, "set_traffic", "users", rps=0)])


def test_load_falling_through_a_saturated_tier_still_adds_up():
    # The share a tier passes on is last tick's completions per arrival; applied to fewer
    # arrivals it fell short, and 1.4 % of a daily cycle around capacity was never counted.
    doc = daily_cycle_then_silence()
    engine = Engine(doc)
    report = window(engine, 0, 60)
    e2e, web = report["end_to_end"], report["nodes"]["web"]
    assert engine.x.sum() < 1  # all drained
    assert (e2e["throughput_rps"] + e2e["error_rps"]) == pytest.approx(
        web["throughput_rps"] + web["error_rps"], rel=2e-3)


def test_a_queue_draining_after_its_traffic_stops_still_calls_the_tier_behind_it():
    # The web servers' backlog drained with nothing arriving, and no share of nothing
    # passed it on: the database behind them served 14,328 of their 17,934 requests.
    doc = daily_cycle_then_silence()
    report = window(Engine(doc), 0, 60)
    web, db = report["nodes"]["web"], report["nodes"]["db"]
    assert db["throughput_rps"] == pytest.approx(web["throughput_rps"], rel=2e-3)
    assert report["end_to_end"]["throughput_rps"] == pytest.approx(web["throughput_rps"],
                                                                   rel=2e-3)


def balance_each_tick(doc, until):
    """offered − completed − failed − inside after each tick, and each tick's report."""
    engine = Engine(doc)
    clients = engine.client_index
    offered = completed = failed = 0.0
    out = []
    while engine.t < until - 1e-9:
        rec = Recorder(engine)
        engine.recorders.append(rec)
        engine.step()
        engine.recorders.remove(rec)
        report = rec.report()
        e2e = report["end_to_end"]
        offered += engine.arr[clients].sum() * engine.dt
        completed += e2e["throughput_rps"] * engine.dt
        failed += e2e["error_rps"] * engine.dt
        out.append((round(engine.t, 1), offered - completed - failed - float(engine.x.sum()),
                    report))
    return out


@pytest.mark.parametrize("behind", [False, True])  # (a web server calling it: its share)
@pytest.mark.parametrize("param, value, drains", [("max_queue", 50, True),
                                                   ("timeout_ms", 100, False)])
def test_a_queue_cut_shorter_during_a_run_is_counted_to_the_last_request(param, value, drains,
                                                                         behind):
    # (Cut at once, ~950 waiting requests were neither completed nor failed: the end-to-end
    # failures of a tick cannot exceed its arrivals.) A lower max_queue drains what waits at
    # the servers' pace; a lower timeout fails at once what can no longer be served in time.
    cut = "db" if behind else "web"
    nodes = [node("users", "client", rps=1000), node("web", "web_server", servers=64)]
    edges = [("users", "web")]
    if behind:
        nodes.append(node("db", "database", servers=4, service_time_ms=10))
        edges.append(("web", "db"))
    else:
        nodes[1]["params"]["servers"] = 4
    doc = document(nodes, edges, [at(30, "set_param", cut, param=param, value=value)])
    ticks = {t: (gap, report["nodes"][cut]["queue"])
             for t, gap, report in balance_each_tick(doc, 45)}
    for t in (29.9, 30.1, 31.0, 44.9):
        assert abs(ticks[t][0]) < 3, t  # offered − completed − failed = what is inside
    assert (ticks[30.1][1] > 900) is drains
    assert ticks[44.9][1] <= 50  # down to the new room (50 places; 100 ms holds 40)


@pytest.mark.parametrize("rps_after, calls_cache", [(100, False), (0, False), (100, True)])
def test_a_backlog_drained_into_a_dead_tier_counts_every_request_that_fails_there(rps_after,
                                                                                   calls_cache):
    # A web tier draining 400 req/s into a killed database: the database failed 400 req/s,
    # and only a share of the 100 arriving was counted end to end (300 requests a second
    # were neither completed nor failed). So for a web server that calls a cache first.
    nodes = [node("users", "client", rps=1000),
             node("web", "web_server", servers=4, max_queue=1000, timeout_ms=30_000),
             node("db", "database", servers=8, service_time_ms=4, max_queue=500)]
    edges = [("users", "web"), ("web", "db")]
    if calls_cache:
        nodes.append(node("cache", "cache"))
        edges.insert(1, ("web", "cache"))
    doc = document(nodes, edges, [at(5, "set_traffic", "users", rps=rps_after),
                                  at(6, "kill", "db"), at(7, "restore", "db")])
    ticks = balance_each_tick(doc, 12)
    assert all(abs(gap) < 3 for _, gap, _ in ticks)
    failed = sum(r["end_to_end"]["error_rps"] * 0.1 for _, _, r in ticks)
    assert failed > 390  # a second of the web tier's 400 req/s failing at the database


def test_a_queue_timing_out_as_traffic_steps_down_passes_on_nothing_it_did_not_complete():
    # At the step the web tier passed on its last completions (400 req/s) while its queue
    # timed out; what it owed back was dropped, and the database served 40 requests that
    # the web tier never completed.
    doc = document([node("users", "client", rps=1000),
                    node("web", "web_server", servers=4, max_queue=100_000, timeout_ms=200),
                    node("db", "database", servers=100, service_time_ms=1)],
                   [("users", "web"), ("web", "db")], [at(5, "set_traffic", "users", rps=390)])
    ticks = balance_each_tick(doc, 20)
    # (The tick of the step passes on 400 req/s the queue then fails: the tier behind is
    # owed them back over the next ticks; from then on a tick's change reaches it a tick
    # late at most: ~85 req/s as the queue's timeouts stop at 9.4 s.)
    assert all(abs(gap) < 10 for t, gap, _ in ticks if t >= 5.3)
    assert abs(ticks[-1][1]) < 1
    web = sum(r["nodes"]["web"]["throughput_rps"] for _, _, r in ticks)
    db = sum(r["nodes"]["db"]["throughput_rps"] for _, _, r in ticks)
    assert db == pytest.approx(web, abs=1 / 0.1)  # (sums of rates: within one request)


def test_a_queue_behind_a_draining_queue_never_reads_millions_when_traffic_stops():
    # A last owed trickle (0.003 req/s) reached the database as its own backlog drained:
    # 110,000 completions per request arriving, and 44 million req/s end to end.
    q = {"max_queue": 10_000, "timeout_ms": 1_000_000}
    doc = document([node("users", "client", rps=1000),
                    node("web", "web_server", servers=4, **q),
                    node("db", "database", servers=3, service_time_ms=10, **q)],
                   [("users", "web"), ("web", "db")], [at(5, "set_traffic", "users", rps=0)])
    ticks = balance_each_tick(doc, 8)
    assert all(abs(gap) < 3 for _, gap, _ in ticks)
    assert max(r["end_to_end"]["throughput_rps"] for _, _, r in ticks) < 400 + 300 + 1


def test_when_traffic_stops_no_more_complete_than_there_were_to_complete():
    # (A fuzz found it.) Each tier held less than one request, yet as traffic stopped the
    # shares of shares (a drained queue's completions times those of a tier behind it,
    # draining its own) read 4,425 req/s end to end, and 442 requests too many for good.
    doc = document([node("users", "client", rps=78.15, read_ratio=0.609, key_space=1000),
                    node("lb", "load_balancer", servers=5, service_time_ms=2.965,
                         max_queue=0, timeout_ms=1605.5, check_interval_ms=200),
                    node("web-1", "web_server", servers=5, service_time_ms=1.431),
                    node("web-2", "web_server", servers=14, service_time_ms=1.341,
                         max_queue=0, timeout_ms=632.3),
                    node("db", "database", servers=4, service_time_ms=2.077, timeout_ms=592.1),
                    node("db-r1", "database", role="replica", servers=1,
                         service_time_ms=7.304, max_queue=0, timeout_ms=121.7)],
                   [("users", "lb"), ("lb", "web-1"), ("lb", "web-2"), ("web-1", "db"),
                    ("web-2", "db"), ("db", "db-r1")],
                   [at(0.4, "set_traffic", "users", rps=0)])
    ticks = balance_each_tick(doc, 3)
    assert all(abs(gap) < 1 for _, gap, _ in ticks)
    assert max(r["end_to_end"]["throughput_rps"] for _, _, r in ticks) < 80
