"""The catalog (CONTRACT.md §2): every kind and param described for the palette."""

from simulator.catalog import catalog_json, get_kind
from simulator.document import validate


def test_every_param_has_a_type_default_unit_help_and_bounds_where_numeric():
    for kind in catalog_json()["kinds"]:
        assert kind["label"] and kind["blurb"].count(".") >= 2  # a two-sentence blurb
        for name, param in kind["params"].items():
            assert param["help"] and isinstance(param["help"], str), (kind["kind"], name)
            assert "unit" in param and "default" in param
            if param["type"] in ("int", "float"):
                assert param["min"] <= param["default"] <= param["max"], (kind["kind"], name)
            if param["type"] == "choice":
                assert param["default"] in param["choices"]
            else:
                assert "choices" not in param, (kind["kind"], name)


def test_a_document_of_every_kind_with_its_defaults_is_valid():
    kinds = catalog_json()["kinds"]
    nodes = [{"id": k["kind"], "kind": k["kind"],
              "params": {n: p["default"] for n, p in k["params"].items()}} for k in kinds]
    doc = {"format": "architecture-playground", "version": 1, "nodes": nodes, "edges": []}
    assert validate(doc) == []


def test_connections_only_name_kinds_that_exist():
    kinds = catalog_json()["kinds"]
    names = {k["kind"] for k in kinds}
    assert all(set(k["connects_to"]) <= names for k in kinds)


def test_a_whole_number_out_of_bounds_is_told_its_bounds_even_when_written_1e12():
    servers = get_kind("web_server").params["servers"]
    assert servers.problem(1e12) == "must be at most 100,000 processes, got 1e+12"
    assert servers.problem(4.0) == "must be a whole number, got 4.0"
    assert servers.problem(4) is None
