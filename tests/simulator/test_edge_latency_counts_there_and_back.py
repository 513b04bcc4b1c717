"""An edge's latency_ms is crossed there and back (CONTRACT §3): every end-to-end figure
moves by twice the sum over the edges a request crosses, and node figures not at all."""

import pytest

from simulator.simulate import run

from .helpers import document, node


def chain(to_web_ms, to_db_ms):
    return document([node("users", "client", rps=300), node("web", "web_server"),
                     node("db", "database")],
                    [("users", "web", {"latency_ms": to_web_ms}),
                     ("web", "db", {"latency_ms": to_db_ms})])


def test_end_to_end_latency_moves_by_twice_every_crossed_edge_and_node_latency_stays():
    near, far = run(chain(0, 0), 20), run(chain(10, 3), 20)
    for figure in ("mean", "p50", "p95", "p99"):
        moved = far["end_to_end"]["latency_ms"][figure] - near["end_to_end"]["latency_ms"][figure]
        assert moved == pytest.approx(2 * (10 + 3), rel=0.02), figure
    for n in ("web", "db"):
        assert far["nodes"][n]["latency_ms"] == near["nodes"][n]["latency_ms"]
