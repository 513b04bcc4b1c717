"""Reusing a settled tick (the engine's memo) changes nothing: every lesson, with its kills,
ramps and failovers, gives byte for byte the run it gives with every tick recomputed."""

import json
from pathlib import Path

import pytest

from simulator.bench import lb_four_web_db
from simulator.engine import Engine
from simulator.metrics import Recorder
from simulator.simulate import run

from .helpers import at, document, node

LESSONS = sorted((Path(__file__).parents[2] / "simulator" / "lessons").glob("*.json"))


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_a_lesson_runs_the_same_with_settled_ticks_reused(path):
    doc = json.loads(path.read_text())
    duration = doc["scenario"].get("duration_s", 60)
    reused = run(doc, duration, every=1.0)
    recomputed = run(doc, duration, every=1.0, memo=False)
    assert json.dumps(reused, sort_keys=True) == json.dumps(recomputed, sort_keys=True)


def test_a_steady_system_does_reuse_its_ticks_and_a_change_ends_the_reuse():
    engine = Engine(lb_four_web_db(10_000))
    states = []

    class Spy(Recorder):
        def add(self, s):
            states.append(s)

    engine.recorders.append(Spy(engine))
    for _ in range(300):
        engine.step()
    # The queues fill towards their steady state, then the same tick comes every time.
    assert states[0] is not states[1]
    assert all(state is states[-1] for state in states[-200:])
    engine.apply({"action": "kill", "node": "web-1"})
    engine.step()
    assert states[-1] is not states[-2]


def test_variable_service_and_a_kill_of_an_idle_node_run_the_same_with_reuse():
    # Arrival variability wobbled in its last bit while recomputed (and not while reused),
    # and a settled tick that carried a kill's failed requests told them again.
    doc = document([node("users", "client", rps=3000), node("lb", "load_balancer"),
                    node("w0", "web_server", servers=2, service_time_ms=1000, timeout_ms=1),
                    node("w1", "web_server", servers=64, service_time_ms=10, service_cv=2),
                    node("db", "database", service_cv=0.5)],
                   [("users", "lb"), ("lb", "w0"), ("lb", "w1"), ("w0", "db"), ("w1", "db")],
                   [at(5, "kill", "lb"), at(9.87, "kill", "w0"), at(12, "restore", "lb")])
    reused = run(doc, 20, every=0.1)
    recomputed = run(doc, 20, every=0.1, memo=False)
    assert json.dumps(reused, sort_keys=True) == json.dumps(recomputed, sort_keys=True)
