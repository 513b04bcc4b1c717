"""A node whose room refuses some arrivals (a short max_queue, or a long one near
saturation) has M/M/c/K's steady state, on both sides of capacity: its queue and its
accepted requests' waits, not M/M/c's clipped to the room (a single server with room for 4
at 90 % showed 2.9 waiting and a 22 ms mean; M/M/1/5 and Ciw: 1.4 and 28 ms), nor, once
full, the room's drain time."""

from __future__ import annotations

import math

import numpy as np
import pytest

from simulator.engine import Engine
from simulator.metrics import Recorder
from simulator.queueing import erlang_c, mmck_stationary

from .helpers import at, document, node, run_until, window

ciw = pytest.importorskip("ciw")


def enumerated(c: int, a: float, room: int) -> tuple[float, float, float, float]:
    """(P(wait), mean and variance of the departures waited for, Lq) by summing M/M/c/K's
    stationary distribution state by state."""
    k = c + room
    weight = np.array([a**n / math.factorial(n) if n <= c
                       else a**c / math.factorial(c) * (a / c) ** (n - c) for n in range(k + 1)])
    p = weight / weight.sum()
    found = p[:k] / (1 - p[k])  # what an accepted arrival finds
    wait = found[c:].sum()
    count = np.arange(1, room + 1)
    share = found[c:] / wait
    mean = (share * count).sum()
    lq = ((np.arange(k + 1) - c).clip(0) * p).sum()
    return wait, mean, (share * count**2).sum() - mean**2, lq


@pytest.mark.parametrize("c, a, room", [(1, 0.9, 4), (4, 3.8, 8), (1, 0.5, 1), (16, 15.9, 100),
                                        (2, 1.999999, 3), (8, 2.0, 40), (39, 39.0, 5),
                                        (2, 2.0000001, 3), (1, 1.5, 4), (4, 6.0, 20),
                                        (3, 30.0, 10)])
def test_the_closed_forms_match_the_distribution_summed_state_by_state(c, a, room):
    assert list(mmck_stationary(c, a, room)) == pytest.approx(enumerated(c, a, room), rel=1e-9)


def test_an_endless_room_is_mmc():
    got = mmck_stationary(4, 3.0, 1e9)
    rho = 0.75
    assert got.wait_prob == pytest.approx(erlang_c(4, 3.0), rel=1e-12)
    assert got.phases_mean == pytest.approx(1 / (1 - rho), rel=1e-12)  # exponential waits:
    assert got.phases_var == pytest.approx(rho / (1 - rho) ** 2, rel=1e-9)  # cv 1
    assert got.lq == pytest.approx(erlang_c(4, 3.0) * rho / (1 - rho), rel=1e-12)


def test_no_room_means_no_wait():
    got = mmck_stationary(3, 2.0, 0)
    assert (got.wait_prob, got.lq) == (0.0, 0.0)


def ciw_node(c: int, lam: float, room: int, horizon: float = 1500.0) -> dict[str, float]:
    """Per-request figures of c × 100/s servers with ``room`` to wait, after 50 s."""
    ciw.seed(3)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(lam)],
        service_distributions=[ciw.dists.Exponential(100.0)],
        number_of_servers=[c], queue_capacities=[room])
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(horizon)
    served = [r for r in sim.get_all_records()
              if r.arrival_date > 50 and r.record_type == "service"]
    ms = np.array([r.exit_date - r.arrival_date for r in served]) * 1000
    return {"throughput": len(served) / (horizon - 50),
            "queue": sum(r.waiting_time for r in served) / (horizon - 50),
            "mean": ms.mean(), "p95": np.percentile(ms, 95), "p99": np.percentile(ms, 99)}


@pytest.mark.parametrize("c, lam, room", [(1, 90, 4), (4, 380, 8), (4, 400, 20), (4, 480, 20),
                                           (1, 120, 4)])
def test_a_short_queue_near_or_past_capacity_matches_a_per_request_simulation(c, lam, room):
    # (Past capacity a full queue waited the room's drain time: room 20 at 400 req/s into
    # 4 × 100/s had a 60 ms mean; Ciw 34.)
    doc = document([node("users", "client", rps=lam),
                    node("web", "web_server", servers=c, service_time_ms=10.0,
                         max_queue=room)], [("users", "web")])
    web = window(Engine(doc), 30, 90)["nodes"]["web"]
    expected = ciw_node(c, lam, room)
    assert web["throughput_rps"] == pytest.approx(expected["throughput"], rel=0.02)
    assert web["queue"] == pytest.approx(expected["queue"], rel=0.04)
    latency = web["latency_ms"]
    assert latency["mean"] == pytest.approx(expected["mean"], rel=0.03)
    assert latency["p95"] == pytest.approx(expected["p95"], rel=0.06)
    assert latency["p99"] == pytest.approx(expected["p99"], rel=0.10)


def web(lam: float, events: list | None = None, **params: float) -> dict:
    return document([node("users", "client", rps=lam), node("web", "web_server", servers=1,
                                                            service_time_ms=10.0, **params)],
                    [("users", "web")], events)


def web_per_tick(engine: Engine, ticks: int) -> list[dict]:
    out = []
    for _ in range(ticks):
        rec = Recorder(engine)
        engine.recorders.append(rec)
        engine.step()
        engine.recorders.remove(rec)
        out.append(rec.report()["nodes"]["web"])
    return out


def queue_per_tick(engine: Engine, ticks: int) -> list[float]:
    return [w["queue"] for w in web_per_tick(engine, ticks)]


@pytest.mark.parametrize("c, lam, room", [(4, 400, 20), (4, 480, 20), (1, 120, 4)])
def test_a_short_queue_filling_past_capacity_never_waits_longer_than_once_full(c, lam, room):
    # (Filled to the room's edge, room 20 at 400 req/s showed 16.8 waiting and 51 ms, then
    # stepped down to 9.0 and 33.6 ms once full.)
    doc = document([node("users", "client", rps=lam),
                    node("web", "web_server", servers=c, service_time_ms=10.0,
                         max_queue=room)], [("users", "web")])
    ticks = web_per_tick(Engine(doc), 30)
    queue = [w["queue"] for w in ticks]
    mean = [w["latency_ms"]["mean"] for w in ticks]
    assert max(queue) <= queue[-1] * (1 + 1e-9)
    assert max(mean) <= mean[-1] * (1 + 1e-9)
    assert queue[-1] == pytest.approx(mmck_stationary(c, lam / 100, room).lq, rel=1e-3)


def test_a_change_of_traffic_moves_the_queue_smoothly_to_its_new_steady_state():
    # (Switched on only at the fluid's fixed point, the figures fell back to M/M/c's clipped
    # ones for a second: 1.41 → 2.9 → 1.44.)
    engine = Engine(web(90, [at(30, "set_traffic", "users", rps=91)], max_queue=4))
    run_until(engine, 29.5)
    queue = queue_per_tick(engine, 40)
    assert np.abs(np.diff(queue)).max() < 0.02
    assert queue[0] == pytest.approx(mmck_stationary(1, 0.9, 4).lq, rel=1e-3)
    assert queue[-1] == pytest.approx(mmck_stationary(1, 0.91, 4).lq, rel=1e-3)


def test_a_queue_held_short_by_its_timeout_keeps_within_it():
    # max_queue 1,000 but a 100 ms timeout: fewer than λτ ≈ 10 can wait (M/M/c/K with the
    # room of max_queue said 191 at 99.5 req/s).
    for lam in (97, 99.5):
        got = window(Engine(web(lam, max_queue=1000, timeout_ms=100)), 60, 90)["nodes"]["web"]
        assert got["queue"] < lam * 0.1


def test_an_idle_node_without_room_has_no_queue_and_no_warning():
    engine = Engine(web(0, max_queue=0))
    with np.errstate(all="raise"):
        assert window(engine, 0, 2)["nodes"]["web"]["queue"] == 0.0
