"""A balancer keeps sending to a dead server until its health checks notice (NOTES)."""

import pytest

from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import at, document, node, run_until

INTERVAL, UNHEALTHY, HEALTHY = 2.0, 3, 2


def balanced(events):
    return document(
        [node("users", "client", rps=600),
         node("lb", "load_balancer", check_interval_ms=INTERVAL * 1000,
              unhealthy_threshold=UNHEALTHY, healthy_threshold=HEALTHY),
         *[node(f"web-{i}", "web_server") for i in (1, 2, 3)]],
        [("users", "lb")] + [("lb", f"web-{i}") for i in (1, 2, 3)], events)



def event_time(engine, text):
    (t,) = [e["t"] for e in engine.log if text in e["text"]]
    return t


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_killed_target_is_marked_unhealthy_at_the_thresholdth_failed_check(seed):
    engine = Engine(balanced([at(30, "kill", "web-2")]), seed=seed)
    run_until(engine, 29.95)
    next_check = engine.nodes["lb"].data["targets"]["web-2"]["next_check"]
    phase = (next_check - 30.0) % INTERVAL
    run_until(engine, 45)
    marked = event_time(engine, "marked web-2 unhealthy after 3 failed checks")
    assert marked == pytest.approx(30 + phase + (UNHEALTHY - 1) * INTERVAL, abs=0.1)
    assert marked - 30 <= UNHEALTHY * INTERVAL + 0.1


def test_until_detection_a_third_of_requests_fail_then_none():
    engine = Engine(balanced([at(30, "kill", "web-2")]), seed=1)
    run_until(engine, 30)
    rec = Recorder(engine)
    engine.recorders.append(rec)
    run_until(engine, 31)
    assert rec.report()["end_to_end"]["error_rps"] == pytest.approx(200, rel=0.05)
    run_until(engine, 37)
    rec.reset()
    run_until(engine, 45)
    report = rec.report()
    assert report["end_to_end"]["error_rps"] == 0
    assert report["nodes"]["lb"]["healthy_targets"] == ["web-1", "web-3"]


def test_a_restored_target_returns_after_healthythreshold_good_checks():
    engine = Engine(balanced([at(10, "kill", "web-2"), at(30, "restore", "web-2")]), seed=4)
    run_until(engine, 29.95)
    next_check = engine.nodes["lb"].data["targets"]["web-2"]["next_check"]
    phase = (next_check - 30.0) % INTERVAL
    run_until(engine, 40)
    back = event_time(engine, "marked web-2 healthy again after 2 good checks")
    assert back == pytest.approx(30 + phase + (HEALTHY - 1) * INTERVAL, abs=0.1)


def test_with_nothing_healthy_the_balancer_itself_fails_every_request():
    events = [at(5, "kill", f"web-{i}") for i in (1, 2, 3)]
    engine = Engine(balanced(events), seed=1)
    run_until(engine, 20)
    rec = Recorder(engine)
    engine.recorders.append(rec)
    run_until(engine, 25)
    nodes = rec.report()["nodes"]
    assert nodes["lb"]["healthy_targets"] == []
    assert nodes["lb"]["error_rps"] == pytest.approx(600, rel=0.02)
