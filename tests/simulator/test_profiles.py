"""Client traffic shapes."""

import pytest

from simulator.engine import Engine
from simulator.profiles import problems, rate

from .helpers import document, node


@pytest.mark.parametrize("profile, t, expected", [
    ("constant", 50, 100),
    ({"shape": "ramp", "to_rps": 300, "start_s": 10, "duration_s": 20}, 5, 100),
    ({"shape": "ramp", "to_rps": 300, "start_s": 10, "duration_s": 20}, 20, 200),
    ({"shape": "ramp", "to_rps": 300, "start_s": 10, "duration_s": 20}, 99, 300),
    ({"shape": "step", "to_rps": 50, "at_s": 30}, 29.9, 100),
    ({"shape": "step", "to_rps": 50, "at_s": 30}, 30, 50),
    ({"shape": "spike", "peak_rps": 900, "at_s": 10, "duration_s": 5}, 12, 900),
    ({"shape": "spike", "peak_rps": 900, "at_s": 10, "duration_s": 5}, 15, 100),
    ({"shape": "diurnal", "amplitude": 0.5, "period_s": 100}, 25, 150),
    ({"shape": "diurnal", "amplitude": 0.5, "period_s": 100}, 75, 50),
])
def test_each_shape_gives_the_rate_its_parameters_describe(profile, t, expected):
    assert rate(profile, 100, t) == pytest.approx(expected)


def test_a_shape_name_alone_takes_relative_defaults():
    assert rate("spike", 100, 35) == pytest.approx(1000)  # 10× for 10 s from 30 s
    assert rate("ramp", 100, 60) == pytest.approx(1000)


def test_bad_profiles_say_which_field_is_wrong():
    assert problems({"shape": "zigzag"})[0][0] == ".shape"
    assert problems({"shape": "ramp", "to_rps": "lots"}) == [
        (".to_rps", 'must be a finite number, got "lots"')]
    assert problems(42)[0][1].startswith("must be a shape name")
    assert problems("diurnal") == []


def test_a_new_traffic_shape_is_narrated_in_words():
    engine = Engine(document([node("users", "client", rps=100), node("web", "web_server")],
                             [("users", "web")]))
    engine.apply({"action": "set_traffic", "node": "users", "rps": 500,
                  "profile": {"shape": "spike", "peak_rps": 5000, "at_s": 30, "duration_s": 10}})
    engine.apply({"action": "set_traffic", "node": "users", "rps": 200})
    assert [e["text"] for e in engine.log] == [
        "users now offers 500 req/s, spiking to 5000 req/s after 30 s for 10 s",
        "users now offers 200 req/s"]  # no new shape: the spike carries on, unsaid


def test_a_ramp_set_mid_run_is_told_from_now_not_from_the_runs_start():
    engine = Engine(document([node("users", "client", rps=100), node("web", "web_server")],
                             [("users", "web")]))
    while engine.t < 33.6 - 1e-9:
        engine.step()
    engine.apply({"action": "set_traffic", "node": "users", "rps": 100,
                  "profile": {"shape": "ramp", "to_rps": 3000, "duration_s": 60}})
    engine.apply({"action": "set_traffic", "node": "users", "rps": 100,
                  "profile": {"shape": "ramp", "to_rps": 3000, "start_s": 10}})
    assert [e["text"] for e in engine.log] == [
        "users now offers 100 req/s, ramping to 3000 req/s over 60 s",
        "users now offers 100 req/s, ramping to 3000 req/s over 60 s, starting in 10 s"]
