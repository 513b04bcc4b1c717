"""The topology document: every problem found, with a path; never a crash."""

import copy
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.document import MAX_EDGES, MAX_NODES, normalize, to_graph, validate

GOOD = {
    "format": "architecture-playground", "version": 1, "title": "Cache in front of the DB",
    "nodes": [{"id": "users", "kind": "client", "params": {"rps": 800},
               "position": {"x": 0, "y": 0}},
              {"id": "web", "kind": "web_server", "params": {"servers": 1,
                                                             "service_time_ms": 1}}],
    "edges": [{"source": "users", "target": "web", "params": {"latency_ms": 0}}],
    "scenario": {"events": [{"at": 30, "action": "kill", "node": "web"},
                            {"at": 45, "action": "restore", "node": "web"}]},
}


def paths(doc):
    return {p.path for p in validate(doc)}


def with_changes(**changes):
    doc = copy.deepcopy(GOOD)
    if "nodes" in changes:
        doc["scenario"] = {"events": []}  # the example's events name nodes that may be gone
    doc.update(changes)
    return doc


def test_the_contract_example_is_valid():
    assert validate(GOOD) == []


def test_every_problem_is_reported_at_once_with_its_path():
    doc = with_changes(format="nope", nodes=[
        {"id": "bad id", "kind": "client"},
        {"id": "w", "kind": "web_server", "params": {"servers": 0, "colour": "red"}},
        {"id": "w", "kind": "teapot"}],
        edges=[{"source": "w", "target": "ghost"}])
    assert {"format", "nodes[0].id", "nodes[1].params.servers", "nodes[1].params.colour",
            "nodes[2].id", "nodes[2].kind", "edges[0].target"} <= paths(doc)


def test_a_node_of_an_unknown_kind_is_one_problem_not_one_per_edge_too():
    # (Its edges and events said "no node with id 'pot-1'" of a node that is there.)
    doc = with_changes(nodes=[{"id": "users", "kind": "client"},
                              {"id": "pot-1", "kind": "teapot"}],
                       edges=[{"source": "users", "target": "pot-1"},
                              {"source": "users", "target": "ghost"}])
    doc["scenario"] = {"events": [{"at": 5, "action": "kill", "node": "pot-1"}]}
    assert [(p.path, p.message) for p in validate(doc)] == [
        ("nodes[1].kind", 'unknown kind "teapot"; one of client, dns, load_balancer, '
                          "web_server, cache, database"),
        ("edges[1].target", "no node with id \"ghost\"")]


def test_messages_are_sentences_that_say_what_is_wrong():
    doc = with_changes(nodes=[{"id": "w", "kind": "web_server", "params": {"servers": 0}}],
                       edges=[])
    (problem,) = validate(doc)
    assert problem.path == "nodes[0].params.servers"
    assert problem.message == "must be at least 1 process, got 0"


def test_units_after_amounts_read_as_english():
    doc = with_changes(nodes=[{"id": "w", "kind": "web_server",
                               "params": {"servers": 200_000, "max_queue": -1}}], edges=[])
    assert sorted(p.message for p in validate(doc)) == [
        "must be at least 0 requests, got -1", "must be at most 100,000 processes, got 200000"]


def test_wrong_param_types_are_refused():
    doc = with_changes(nodes=[{"id": "w", "kind": "web_server",
                               "params": {"servers": 2.5, "service_time_ms": "fast"}}],
                       edges=[])
    assert paths(doc) == {"nodes[0].params.servers", "nodes[0].params.service_time_ms"}


def test_connections_the_catalog_does_not_allow_are_refused_with_the_reason():
    doc = with_changes(edges=[{"source": "web", "target": "users"}])
    (problem,) = validate(doc)
    assert "cannot connect to a client" in problem.message


def test_request_loops_are_refused():
    doc = with_changes(nodes=[{"id": "a", "kind": "load_balancer"},
                              {"id": "b", "kind": "load_balancer"}], edges=[])
    assert validate(doc) == []  # two balancers alone are fine; they cannot connect to each other
    doc = with_changes(nodes=[{"id": "a", "kind": "database"},
                              {"id": "b", "kind": "database", "params": {"role": "replica"}}],
                       edges=[{"source": "b", "target": "a"}])
    assert any("replication runs from a primary" in p.message for p in validate(doc))


def test_duplicate_edges_and_self_loops_are_refused():
    doc = with_changes(edges=[GOOD["edges"][0], GOOD["edges"][0],
                              {"source": "web", "target": "web"}])
    messages = " ".join(p.message for p in validate(doc))
    assert "duplicate connection" in messages and "itself" in messages


def test_the_caps_are_enforced():
    nodes = [{"id": f"n{i}", "kind": "web_server"} for i in range(MAX_NODES + 1)]
    assert "nodes" in paths(with_changes(nodes=nodes, edges=[]))
    big = with_changes(title="x" * 100, lesson={"text": "x" * 1_100_000})
    assert any("limit is 1000000 bytes" in p.message for p in validate(big))


def test_unknown_format_or_version_is_refused():
    assert paths(with_changes(version=99)) == {"version"}
    assert paths(with_changes(version=True)) == {"version"}
    assert "format" in paths(with_changes(format="networkx"))


def test_a_json_file_that_is_no_topology_is_told_what_it_lacks():
    messages = {p.path: p.message for p in validate({"hello": "world"})}
    assert messages == {
        "format": 'is missing: a topology document has "format": "architecture-playground"',
        "version": "is missing; this program reads versions 0 and 1"}
    assert {p.message for p in validate(with_changes(format=None))} == {
        'must be "architecture-playground", got null'}


def test_messages_show_values_as_json_not_python():
    doc = with_changes(version=2, title=123)
    assert [p.message for p in validate(doc)] == [
        "unknown version 2; this program reads versions 0 and 1"]
    doc = with_changes(title=123, nodes=[{"id": "w", "kind": "web_server",
                                          "params": {"servers": True, "service_time_ms": None}}],
                       edges=[])
    assert sorted(p.message for p in validate(doc)) == [
        "must be a number, got null", "must be a whole number, got true", "must be text"]
    assert [p.message for p in validate(with_changes(title="x" * 201))] == [
        "must be at most 200 characters, got 201"]


def test_version_0_documents_with_links_still_load():
    old = copy.deepcopy(GOOD)
    old["version"] = 0
    old["links"] = old.pop("edges")
    assert validate(old) == []
    assert normalize(old)["edges"] == GOOD["edges"]


def test_scenario_events_are_checked():
    doc = with_changes(scenario={"events": [
        {"at": -1, "action": "kill", "node": "web"},
        {"at": 5, "action": "explode", "node": "web"},
        {"at": 5, "action": "kill", "node": "ghost"},
        {"at": 5, "action": "set_param", "node": "web", "param": "servers", "value": -3},
        {"at": 5, "action": "set_traffic", "node": "web", "rps": 10}]})
    assert paths(doc) == {"scenario.events[0].at", "scenario.events[1].action",
                          "scenario.events[2].node", "scenario.events[3].value",
                          "scenario.events[4].node"}


def test_traffic_profiles_are_checked_field_by_field():
    doc = copy.deepcopy(GOOD)
    doc["nodes"][0]["params"]["profile"] = {"shape": "ramp", "to_rps": -5, "speed": 1}
    assert paths(doc) == {"nodes[0].params.profile.to_rps", "nodes[0].params.profile.speed"}


def test_normalize_fills_catalog_defaults_and_keeps_given_values():
    doc = normalize(GOOD)
    web = doc["nodes"][1]["params"]
    assert web["servers"] == 1 and web["max_queue"] == 1000 and web["service_cv"] == 1.0
    assert doc["nodes"][0]["params"]["read_ratio"] == 1.0


def test_the_document_loads_as_a_networkx_directed_graph():
    g = to_graph(normalize(GOOD))
    assert g.is_directed() and list(g.edges) == [("users", "web")]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                 max_size=4),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_gives_problems_never_an_exception(value):
    problems = validate(value)
    assert problems and all(p.message for p in problems)
    assert not any("could not be checked" in p.message for p in problems)  # (a validator bug)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["nodes", "edges", "scenario", "version", "title"]), json_values,
       st.integers(0, 1))
def test_garbling_one_part_of_a_good_document_never_crashes(key, value, index):
    doc = copy.deepcopy(GOOD)
    if key in ("nodes", "edges") and isinstance(value, dict):
        doc[key][min(index, len(doc[key]) - 1)] = value
    else:
        doc[key] = value
    problems = validate(doc)
    assert all(isinstance(p.path, str) and p.message for p in problems)
    json.dumps([p.to_json() for p in problems])
    assert not any("could not be checked" in p.message for p in problems)


def test_a_null_scenario_is_the_same_as_none():
    doc = with_changes(scenario=None)
    assert validate(doc) == []
    assert normalize(doc)["scenario"] == {"events": []}


def test_a_missing_or_non_text_node_reference_says_so_rather_than_naming_none():
    doc = with_changes(
        edges=[{"source": None, "target": "web"}, {"source": "users", "target": 7}],
        scenario={"events": [{"at": 1, "action": "kill", "node": None},
                             {"at": 1, "action": "kill", "node": ["web"]}]})
    messages = {p.path: p.message for p in validate(doc)}
    assert messages["edges[0].source"] == "is required: the id of one of the nodes"
    assert messages["edges[1].target"] == "must be a node's id (text), got 7"
    assert messages["scenario.events[0].node"] == "is required: the id of one of the nodes"
    assert messages["scenario.events[1].node"] == """must be a node's id (text), got ["web"]"""
    assert not any("None" in m for m in messages.values())


def test_a_node_without_an_id_and_an_id_that_is_no_name_are_told_at_their_paths():
    doc = with_changes(nodes=[{"kind": "client", "params": {}},
                              {"id": "a b", "kind": "web_server", "params": {}}], edges=[])
    messages = {p.path: p.message for p in validate(doc)}
    assert set(messages) == {"nodes[0].id", "nodes[1].id"}
    assert '"a b"' in messages["nodes[1].id"]  # shown as JSON, not as Python's 'a b'


def test_an_edge_to_a_node_whose_id_is_malformed_is_left_to_that_nodes_problem():
    # (It said "no node with id "a b"" beside a node shown as "a b".)
    doc = with_changes(nodes=[{"id": "users", "kind": "client", "params": {}},
                              {"id": "a b", "kind": "web_server", "params": {}}],
                       edges=[{"source": "users", "target": "a b"}])
    assert [p.path for p in validate(doc)] == ["nodes[1].id"]


def test_more_edges_than_the_limit_is_one_problem_at_edges():
    nodes = [{"id": f"w{i}", "kind": "web_server", "params": {}} for i in range(101)]
    edges = [{"source": f"w{i}", "target": f"w{j}"} for i in range(101) for j in range(101)
             if i != j][:MAX_EDGES + 1]
    problems = [p for p in validate(with_changes(nodes=nodes, edges=edges))
                if p.path == "edges"]
    assert [p.message for p in problems] == [f"has {MAX_EDGES + 1} edges; the limit is {MAX_EDGES}"]


def test_unknown_kinds_actions_and_shapes_are_shown_as_json():
    doc = with_changes(nodes=[{"id": "u", "kind": None, "params": {}},
                              {"id": "c", "kind": "client",
                               "params": {"profile": {"shape": "zigzag"}}}], edges=[],
                       scenario={"events": [{"at": 1, "action": "explode", "node": "c"}]})
    messages = " | ".join(p.message for p in validate(doc))
    assert "unknown kind null" in messages
    assert 'unknown traffic shape "zigzag"' in messages
    assert 'unknown action "explode"' in messages
    assert "'" not in messages
