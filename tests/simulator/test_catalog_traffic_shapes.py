"""The catalog describes the client's traffic shapes field by field (the editor's form and
the run bar's shapes come from it): defaults, units and bounds, and every shape written with
its defaults is valid and runs at the rate those defaults say."""

import pytest

from simulator import profiles
from simulator.catalog import catalog_json
from simulator.document import validate


def shapes():
    (client,) = [k for k in catalog_json()["kinds"] if k["kind"] == "client"]
    return client["params"]["profile"]["shapes"]


def test_every_shape_and_field_is_in_the_catalog_with_its_default_unit_and_bounds():
    listed = shapes()
    assert set(listed) == {"constant", "ramp", "step", "spike", "diurnal"}
    for shape, fields in listed.items():
        for name, f in fields.items():
            assert f["min"] < f["max"] and f["unit"] in ("req/s", "s", ""), (shape, name)
            assert f["help"].endswith("."), (shape, name)  # (the form shows it)
            # a rate's default is a multiple of the base rate; the others are plain
            assert (f["default"] is None) == (f["times_rps"] is not None) == (f["unit"] == "req/s")
            if f["default"] is not None:
                assert f["min"] <= f["default"] <= f["max"]


@pytest.mark.parametrize("shape", ["ramp", "step", "spike", "diurnal"])
def test_a_shape_written_with_the_catalogs_defaults_is_valid_and_offers_as_if_left_out(shape):
    rps = 200.0
    written = {name: f["default"] if f["default"] is not None else f["times_rps"] * rps
               for name, f in shapes()[shape].items()}
    doc = {"format": "architecture-playground", "version": 1, "edges": [],
           "nodes": [{"id": "users", "kind": "client",
                      "params": {"rps": rps, "profile": {"shape": shape, **written}}}]}
    assert validate(doc) == []
    for t in (0, 15, 30, 35, 45, 75, 200):
        assert profiles.rate({"shape": shape, **written}, rps, t) == profiles.rate(shape, rps, t)


def test_rates_left_out_default_to_the_catalogs_multiples_of_the_base_rate():
    assert profiles.rate("ramp", 100, 1e6) == 1000  # to 10x
    assert profiles.rate("step", 100, 1e6) == 200  # to 2x
    assert profiles.rate("spike", 100, 31) == 1000  # 10x from 30 s for 10 s
    assert profiles.rate("spike", 100, 41) == 100
