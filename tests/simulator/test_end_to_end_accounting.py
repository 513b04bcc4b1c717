"""End-to-end figures count only what really completed, and time only successful requests."""

import pytest

from simulator.engine import Engine

from .helpers import at, document, node, window


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
