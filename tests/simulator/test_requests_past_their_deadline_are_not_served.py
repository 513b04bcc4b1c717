"""A request that would wait past its timeout leaves the queue unserved (a server-side
deadline): the servers work only for requests that make it, as in a per-request
simulation with that patience (Ciw's reneging)."""

from __future__ import annotations

import pytest

from simulator.engine import Engine
from simulator.simulate import run

from .helpers import at, document, node, sample_at, window

ciw = pytest.importorskip("ciw")


def ciw_served(lam: float, timeout_s: float, horizon: float = 300.0,
               places: float = float("inf")) -> float:
    """Requests served per second by 4 × 100/s servers whose queue is left after the
    timeout (after 20 s of warm-up), with ``places`` to wait."""
    ciw.seed(1)
    network = ciw.create_network(
        arrival_distributions=[ciw.dists.Exponential(lam)],
        service_distributions=[ciw.dists.Exponential(100.0)],
        number_of_servers=[4], queue_capacities=[places],
        reneging_time_distributions=[ciw.dists.Deterministic(timeout_s)])
    sim = ciw.Simulation(network)
    sim.simulate_until_max_time(horizon)
    served = [r for r in sim.get_all_records()
              if r.arrival_date > 20 and r.record_type == "service"]
    return len(served) / (horizon - 20)


def deadline_web(lam: float, timeout_ms: float, events: list | None = None,
                 max_queue: int = 10**5) -> dict:
    return document([node("users", "client", rps=lam),
                     node("web", "web_server", servers=4, service_time_ms=10.0,
                          timeout_ms=timeout_ms, max_queue=max_queue)], [("users", "web")],
                    events)


@pytest.mark.parametrize("lam, timeout_ms", [(390, 1), (380, 20), (420, 20), (800, 1)])
def test_servers_work_only_for_requests_that_meet_their_deadline(lam, timeout_ms):
    # Serving the late ones too (then failing them) had 4 servers 87 % busy for 106 served
    # of 390/s with a 1 ms timeout; Ciw serves 285, as M/M/c+D's steady state says (286).
    web = sample_at(run(deadline_web(lam, timeout_ms), duration=60, every=30),
                    60.0)["nodes"]["web"]
    expected = ciw_served(lam, timeout_ms / 1000)
    assert web["throughput_rps"] == pytest.approx(expected, rel=0.02)
    assert web["utilization"] == pytest.approx(web["throughput_rps"] / 400, rel=0.01)
    assert web["throughput_rps"] + web["error_rps"] == pytest.approx(lam, rel=0.005)


def test_a_draining_queue_times_out_only_what_waits_past_the_deadline():
    # 1,200 req/s for 5 s fill a 200-request queue; back at 300 req/s it drains at 100/s,
    # and a newcomer waits at most 200/400 s = 0.5 s: hardly anyone passes the 500 ms
    # deadline. Erlang C's stationary tail at the drain's utilization said ~37 per s did.
    doc = document([node("users", "client", rps=300),
                    node("web", "web_server", servers=4, service_time_ms=10.0, max_queue=200,
                         timeout_ms=500)], [("users", "web")],
                   [at(5, "set_traffic", "users", rps=1200),
                    at(10, "set_traffic", "users", rps=300)])
    web = window(Engine(doc), 10.5, 12)["nodes"]["web"]
    assert web["error_rps"] < 10
    assert web["throughput_rps"] > 380  # the backlog drains at nearly full speed


def test_the_same_load_settles_alike_however_it_was_reached():
    # A ramp to 420 req/s (past capacity) once kept a late share that held the node on the
    # stable side: 332 served, where a step to it served 372 (Ciw: 373).
    ramp = {"shape": "ramp", "to_rps": 420, "duration_s": 40}
    reached = [deadline_web(380, 20, [at(0, "set_traffic", "users", rps=380, profile=ramp)]),
               deadline_web(300, 20, [at(5, "set_traffic", "users", rps=420)])]
    served = [window(Engine(doc), 100, 120)["nodes"]["web"]["throughput_rps"]
              for doc in reached]
    assert served[0] == pytest.approx(served[1], rel=0.005)


def test_crossing_capacity_by_one_percent_moves_throughput_by_about_as_much():
    # (396 → 400 req/s with a 50 ms timeout served 358 → 383; Ciw: 380.6 → 380.9.)
    low, high = (sample_at(run(deadline_web(lam, 50), duration=60, every=30), 60.0)
                 ["nodes"]["web"]["throughput_rps"] for lam in (396, 400))
    assert high == pytest.approx(low, rel=0.012)


@pytest.mark.parametrize("lam", [360, 399.9, 400.1])
def test_a_short_queue_with_a_short_deadline_refuses_as_a_per_request_run_does(lam):
    # Three places to wait and 5 ms: refusing the product of both shares served 292 of
    # 399.9 req/s and 323 of 400.1 (Ciw: 319 both).
    web = sample_at(run(deadline_web(lam, 5, max_queue=3), duration=60, every=30),
                    60.0)["nodes"]["web"]
    assert web["throughput_rps"] == pytest.approx(ciw_served(lam, 0.005, places=3), rel=0.03)
