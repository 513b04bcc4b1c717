"""Same seed and events → the same run, byte for byte; a saved state continues identically."""

import json
from pathlib import Path

from simulator.engine import Engine
from simulator.metrics import Recorder
from simulator.simulate import run

LESSON = json.loads((Path(__file__).parents[2] / "simulator/lessons/04-load-balancer.json")
                    .read_text())


def test_the_same_seed_gives_byte_identical_summaries():
    a = json.dumps(run(LESSON, duration=60, seed=5, every=10))
    b = json.dumps(run(LESSON, duration=60, seed=5, every=10))
    assert a == b


def test_another_seed_changes_the_health_check_phases():
    a = run(LESSON, duration=60, seed=1)["events"]
    b = run(LESSON, duration=60, seed=2)["events"]
    assert [e["t"] for e in a] != [e["t"] for e in b]


def test_a_snapshot_restored_later_continues_exactly_as_the_original():
    straight = Engine(LESSON, seed=3)
    for _ in range(350):
        straight.step()
    snap = json.loads(json.dumps(straight.snapshot()))  # must survive JSON
    resumed = Engine.restore(snap)
    for engine in (straight, resumed):
        engine.recorders.append(Recorder(engine))
        for _ in range(300):
            engine.step()
    assert json.dumps(straight.recorders[0].report()) == json.dumps(resumed.recorders[0].report())
    assert straight.log == resumed.log
