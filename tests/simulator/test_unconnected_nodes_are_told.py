"""A client (or balancer, or DNS) connected to nothing fails every request; the log says
why once, so the 100 % errors on the page are not left unexplained."""

from simulator.simulate import run

from .helpers import at, document, node


def test_a_client_connected_to_nothing_is_told_once_and_its_requests_fail():
    doc = document([node("users", "client", rps=100), node("lb", "load_balancer"),
                    node("web", "web_server")], [("lb", "web")],
                   [at(5, "kill", "web"), at(10, "restore", "web")])
    summary = run(doc, 20)
    told = [e["text"] for e in summary["events"] if "connected to nothing" in e["text"]]
    assert told == ["users is connected to nothing: every request it gets fails"]
    assert summary["nodes"]["users"]["error_rps"] == 100
    assert summary["end_to_end"]["throughput_rps"] == 0


def test_a_connected_topology_is_not_told_anything_of_the_kind():
    doc = document([node("users", "client"), node("web", "web_server")], [("users", "web")])
    assert not [e for e in run(doc, 5)["events"] if "connected to nothing" in e["text"]]
