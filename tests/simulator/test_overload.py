"""Past capacity: throughput is the capacity, the excess fails, the backlog is bounded."""

import pytest

from simulator.simulate import run

from .helpers import document, node, sample_at


def overloaded(**web):
    return document([node("users", "client", rps=600),
                     node("web", "web_server", servers=4, service_time_ms=10.0, **web)],
                    [("users", "web")])


def test_throughput_is_capacity_and_errors_are_the_excess_in_the_long_run():
    late = sample_at(run(overloaded(), duration=120, every=60), 120.0)
    web = late["nodes"]["web"]
    assert web["throughput_rps"] == pytest.approx(400, rel=0.03)
    assert web["error_rps"] == pytest.approx(200, rel=0.03)
    assert web["utilization"] == pytest.approx(1.0, abs=0.01)
    assert late["end_to_end"]["error_rps"] == pytest.approx(200, rel=0.03)


def test_an_overloaded_queue_holds_max_queue_and_latency_is_its_drain_time():
    web = sample_at(run(overloaded(max_queue=200), duration=60, every=30), 60.0)["nodes"]["web"]
    assert web["queue"] == pytest.approx(200, rel=0.05)
    # 200 waiting ahead, drained at 400/s: 0.5 s of waiting plus a 10 ms service.
    assert web["latency_ms"]["mean"] == pytest.approx(510, rel=0.05)


def test_the_timeout_bounds_the_wait_when_it_is_shorter_than_the_queue():
    web = sample_at(run(overloaded(max_queue=10**6, timeout_ms=250), duration=60, every=30),
                    60.0)["nodes"]["web"]
    # Requests that would wait over 250 ms are dropped; the rest wait ~250 ms, then 10 ms
    # of exponential service (p99 of the service alone: 10 ms × ln 100 ≈ 46 ms).
    assert web["latency_ms"]["mean"] == pytest.approx(260, rel=0.03)
    assert web["latency_ms"]["p99"] <= (250 + 46.1) * 1.01
    assert web["throughput_rps"] == pytest.approx(400, rel=0.03)
    assert web["error_rps"] == pytest.approx(200, rel=0.03)


def test_an_overloaded_web_tier_protects_the_database_behind_it():
    doc = document([node("users", "client", rps=600),
                    node("web", "web_server", servers=4, service_time_ms=10.0),
                    node("db", "database")], [("users", "web"), ("web", "db")])
    late = sample_at(run(doc, duration=60, every=30), 60.0)["nodes"]
    assert late["db"]["throughput_rps"] == pytest.approx(400, rel=0.03)


@pytest.mark.parametrize("lam, queue, blocked", [
    (800, 2, 800 * 0.1734417),   # M/M/1/3
    (500, 0, 500 / 3),           # Erlang B, one server
    (800, 10, 800 * 0.0184476),  # M/M/1/11
])
def test_a_short_queue_refuses_arrivals_as_mmck_does(lam, queue, blocked):
    doc = document([node("users", "client", rps=lam),
                    node("web", "web_server", servers=1, service_time_ms=1.0, max_queue=queue)],
                   [("users", "web")])
    web = sample_at(run(doc, duration=20, every=10), 20.0)["nodes"]["web"]
    assert web["error_rps"] == pytest.approx(blocked, rel=0.02)
    assert web["throughput_rps"] == pytest.approx(lam - blocked, rel=0.02)


def test_with_no_room_to_wait_accepted_requests_never_wait():
    doc = document([node("users", "client", rps=500),
                    node("web", "web_server", servers=1, service_time_ms=1.0, max_queue=0)],
                   [("users", "web")])
    web = sample_at(run(doc, duration=20, every=10), 20.0)["nodes"]["web"]
    assert web["latency_ms"]["mean"] == pytest.approx(1.0, rel=0.02)  # service alone


def erlang_b(c: int, a: float) -> float:
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


@pytest.mark.parametrize("lam", [399, 401, 800])
def test_with_no_room_to_wait_capacity_is_crossed_without_a_jump(lam):
    # M/M/4/4 (Erlang B) on both sides of cμ = 400: the fluid's "every server busy" past
    # capacity served 352 at 401 req/s, 28 % more than at 399 (exact: 276 and 275).
    doc = document([node("users", "client", rps=lam),
                    node("web", "web_server", servers=4, service_time_ms=10.0, max_queue=0)],
                   [("users", "web")])
    web = sample_at(run(doc, duration=20, every=10), 20.0)["nodes"]["web"]
    served = lam * (1 - erlang_b(4, lam / 100))
    assert web["throughput_rps"] == pytest.approx(served, rel=0.02)
    assert web["error_rps"] == pytest.approx(lam - served, rel=0.02)
    assert web["utilization"] == pytest.approx(served / 400, rel=0.02)
    assert web["queue"] == 0


def test_a_timeout_shorter_than_a_service_still_lets_the_servers_work_past_capacity():
    # 800 req/s into 4 × 100/s with a 1 ms deadline in the queue: served 0 (a backlog of
    # exactly 1 ms counted late in floats). A per-request simulation serves ~363/s.
    doc = document([node("users", "client", rps=800),
                    node("web", "web_server", servers=4, service_time_ms=10.0, timeout_ms=1)],
                   [("users", "web")])
    web = sample_at(run(doc, duration=20, every=10), 20.0)["nodes"]["web"]
    assert 330 < web["throughput_rps"] < 400
