"""A balancer's policy decides each target's share: round robin alike, least connections by
capacity (in a fluid model it evens out the load), weighted by the edges' weights."""

import pytest

from simulator.simulate import run

from .helpers import document, node


def two_targets(policy, weights=(1, 1), rps=400):
    # a serves 400 req/s (4 × 10 ms), b 1,200 (12 × 10 ms)
    return document([node("users", "client", rps=rps), node("lb", "load_balancer", policy=policy),
                     node("a", "web_server", servers=4), node("b", "web_server", servers=12)],
                    [("users", "lb"), ("lb", "a", {"weight": weights[0]}),
                     ("lb", "b", {"weight": weights[1]})])


def shares(doc):
    nodes = run(doc, 20)["nodes"]
    return nodes["a"]["throughput_rps"], nodes["b"]["throughput_rps"]


def test_round_robin_sends_each_target_the_same_share_whatever_it_can_serve():
    assert shares(two_targets("round_robin")) == pytest.approx((200, 200), rel=1e-3)


def test_least_connections_sends_each_target_its_share_of_the_capacity():
    assert shares(two_targets("least_connections")) == pytest.approx((100, 300), rel=1e-3)


def test_least_connections_keeps_a_small_server_from_overloading_where_round_robin_does_not():
    # 1,000 req/s: round robin gives the 400 req/s server 500 and it fails the excess.
    rr = run(two_targets("round_robin", rps=1000), 30)["nodes"]["a"]
    lc = run(two_targets("least_connections", rps=1000), 30)["nodes"]["a"]
    assert rr["error_rps"] > 50 and lc["error_rps"] == 0


@pytest.mark.parametrize("weights, expected", [((1, 3), (100, 300)), ((3, 1), (300, 100))])
def test_weighted_splits_by_the_edges_weights(weights, expected):
    assert shares(two_targets("weighted", weights)) == pytest.approx(expected, rel=1e-3)
