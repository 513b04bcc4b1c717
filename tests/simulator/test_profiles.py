"""Client traffic shapes."""

import pytest

from simulator.profiles import problems, rate


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
        (".to_rps", "must be a finite number, got 'lots'")]
    assert problems(42)[0][1].startswith("must be a shape name")
    assert problems("diurnal") == []
