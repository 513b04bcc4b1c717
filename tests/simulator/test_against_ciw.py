"""The flow model against Ciw, a per-request discrete-event simulator.

Networks of M/M/c stations at ρ ≤ 0.8: throughput, mean and p99 end to end must agree
(5 % / 10 %), because the flow model's end-to-end distribution is the distribution of the
sum of sojourns, not a sum of percentiles.
"""

import ciw
import numpy as np
import pytest

from simulator.simulate import run

WARMUP, HORIZON = 20.0, 140.0


def ciw_end_to_end(rate, stations, routing, seed=7):
    """(throughput, mean, p99) in seconds of end-to-end time through a Ciw network."""
    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate)] + [None] * (len(stations) - 1),
        service_distributions=[ciw.dists.Exponential(mu) for _, mu in stations],
        number_of_servers=[c for c, _ in stations],
        routing=routing)
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(HORIZON)
    totals: dict[int, float] = {}
    first: dict[int, float] = {}
    done: set[int] = set()
    for rec in sim.get_all_records():
        totals[rec.id_number] = totals.get(rec.id_number, 0.0) + rec.waiting_time + \
            rec.service_time
        first[rec.id_number] = min(first.get(rec.id_number, np.inf), rec.arrival_date)
        if rec.destination == -1:
            done.add(rec.id_number)
    times = np.array([totals[i] for i in done if first[i] >= WARMUP])
    throughput = sum(1 for i in done if first[i] >= WARMUP) / (HORIZON - WARMUP)
    return throughput, times.mean(), np.quantile(times, 0.99)


def flow_end_to_end(doc):
    e2e = run(doc, duration=120, seed=1)["end_to_end"]
    return e2e["throughput_rps"], e2e["latency_ms"]["mean"] / 1000, e2e["latency_ms"]["p99"] / 1000


def node(node_id, kind, **params):
    return {"id": node_id, "kind": kind, "params": params}


def document(nodes, edges):
    return {"format": "architecture-playground", "version": 1, "nodes": nodes,
            "edges": [{"source": s, "target": t} for s, t in edges]}


def assert_close(flow, des):
    (f_thr, f_mean, f_p99), (d_thr, d_mean, d_p99) = flow, des
    assert f_thr == pytest.approx(d_thr, rel=0.05)
    assert f_mean == pytest.approx(d_mean, rel=0.05)
    assert f_p99 == pytest.approx(d_p99, rel=0.10)


def test_a_tandem_of_two_servers_matches_a_per_request_simulation():
    # users → web (M/M/2, ρ 0.75) → db (M/M/1, ρ 0.6); one call per request.
    doc = document([node("users", "client", rps=600),
                    node("web", "web_server", servers=2, service_time_ms=2.5),
                    node("db", "database", servers=1, service_time_ms=1.0)],
                   [("users", "web"), ("web", "db")])
    des = ciw_end_to_end(600, [(2, 1000 / 2.5), (1, 1000 / 1.0)],
                         [[0.0, 1.0], [0.0, 0.0]])
    assert_close(flow_end_to_end(doc), des)


def test_a_balancer_over_three_web_servers_and_a_database_matches_a_per_request_simulation():
    lb = node("lb", "load_balancer", servers=1, service_time_ms=0.2)
    webs = [node(f"web-{i}", "web_server", servers=2, service_time_ms=6.0) for i in (1, 2, 3)]
    db = node("db", "database", servers=4, service_time_ms=4.0)
    doc = document([node("users", "client", rps=800), lb, *webs, db],
                   [("users", "lb")] + [("lb", w["id"]) for w in webs]
                   + [(w["id"], "db") for w in webs])
    # Ciw stations: 0 = lb, 1..3 = web, 4 = db.
    third = 1 / 3
    routing = [[0.0, third, third, third, 0.0], [0.0, 0.0, 0.0, 0.0, 1.0],
               [0.0, 0.0, 0.0, 0.0, 1.0],
               [0.0, 0.0, 0.0, 0.0, 1.0], [0.0] * 5]
    des = ciw_end_to_end(800, [(1, 5000), (2, 1000 / 6), (2, 1000 / 6), (2, 1000 / 6),
                               (4, 250)], routing)
    assert_close(flow_end_to_end(doc), des)


def ciw_tandem_with_fixed_first_service(rate, seed=7):
    """(mean, p99) end to end: a fixed 1 ms service, then an exponential 0.8 ms one."""
    ciw.seed(seed)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(rate), None],
        service_distributions=[ciw.dists.Deterministic(0.001), ciw.dists.Exponential(1250)],
        number_of_servers=[1, 1], routing=[[0.0, 1.0], [0.0, 0.0]])
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(HORIZON)
    totals: dict[int, float] = {}
    first: dict[int, float] = {}
    for rec in sim.get_all_records():
        totals[rec.id_number] = totals.get(rec.id_number, 0.0) + rec.waiting_time + \
            rec.service_time
        first[rec.id_number] = min(first.get(rec.id_number, np.inf), rec.arrival_date)
    times = np.array([v for k, v in totals.items() if first[k] >= WARMUP])
    return times.mean(), np.quantile(times, 0.99)


def test_a_regular_server_smooths_the_traffic_of_the_next_one_as_measured_per_request():
    # M/D/1 at ρ 0.8 feeds an exponential server at ρ 0.64. Its departures are more regular
    # than Poisson (QNA: cd² = 0.36), so the second queue waits less than M/M/1 would.
    doc = document([node("users", "client", rps=800),
                    node("web", "web_server", servers=1, service_time_ms=1.0, service_cv=0.0),
                    node("db", "database", servers=1, service_time_ms=0.8)],
                   [("users", "web"), ("web", "db")])
    _, mean, p99 = flow_end_to_end(doc)
    des_mean, des_p99 = ciw_tandem_with_fixed_first_service(800)
    assert mean == pytest.approx(des_mean, rel=0.05)
    assert p99 == pytest.approx(des_p99, rel=0.10)
