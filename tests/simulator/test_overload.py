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
