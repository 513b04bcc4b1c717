"""A run whose charts would stay flat says why as it starts: nothing sends requests, or a
component nothing is connected to gets none."""

from simulator.engine import Engine

from .helpers import document, node, run_until


def said(doc: dict) -> list[tuple[str, str]]:
    engine = Engine(doc)
    run_until(engine, 1)
    return [(e["node"], e["text"]) for e in engine.log]


def test_a_topology_without_clients_says_nothing_sends_requests():
    doc = document([node("web", "web_server"), node("db", "database")], [("web", "db")])
    assert said(doc) == [
        ("web", "Nothing sends requests: add Clients and connect them to the first tier"),
        ("web", "web gets no requests: nothing is connected to it")]


def test_a_component_nothing_calls_is_named_once():
    doc = document([node("users", "client"), node("web-1", "web_server"),
                    node("web-2", "web_server"), node("db", "database"),
                    node("replica", "database", role="replica")],
                   [("users", "web-1"), ("web-1", "db"), ("web-2", "db"), ("db", "replica")])
    assert said(doc) == [("web-2", "web-2 gets no requests: nothing is connected to it")]


def test_a_connected_topology_says_nothing_at_the_start():
    doc = document([node("users", "client"), node("web", "web_server")], [("users", "web")])
    assert said(doc) == []
