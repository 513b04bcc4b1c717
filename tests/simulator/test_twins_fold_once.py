"""End-to-end latency folds twins once (a balancer's identical web servers calling the same
tier): the spectra equal the fold over every node, for every lesson and for topologies
where twins differ only below (their targets) or not at all."""

import json
from pathlib import Path

import numpy as np
import pytest

from simulator import latency
from simulator.bench import clusters
from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import document, node

LESSONS = sorted((Path(__file__).parents[2] / "simulator" / "lessons").glob("*.json"))


def every_node_folded(engine, s):
    """The reference: every node's own factor, folded over the whole graph."""
    n, grid = len(engine.ids), latency.GRID_POINTS
    h = 1e-4
    own = np.ones((n, 2, grid // 2 + 1), dtype=complex)
    own[s.active_index] = latency.sojourn_spectra(s.sojourns, h, grid)[:, None, :]
    own *= s.pi_effective[:, None, None]
    graph = engine.route_graph
    table = {d: latency.delay_spectrum(d, h, grid) for d in set((2 * graph.latency).tolist())}
    out = latency.fold(graph, own, s.through,
                       lambda r: np.stack([table[d] for d in (2 * graph.latency[r]).tolist()]))
    return out, h, grid


def state_after(doc, seconds):
    engine = Engine(doc)
    states = []

    class Spy(Recorder):
        def add(self, s):
            states.append(s)

    engine.recorders.append(Spy(engine))
    for _ in range(round(seconds / engine.dt)):
        engine.step()
    return engine, states[-1]


def assert_folded_alike(engine, s):
    reference, h, grid = every_node_folded(engine, s)
    everyone = np.arange(len(engine.ids))
    twins = latency.end_to_end_spectra(engine.route_graph, s.active_index, s.sojourns,
                                       s.through, s.pi_effective, h, grid, everyone)
    np.testing.assert_allclose(twins, reference, rtol=0, atol=1e-12)


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_folds_twins_once_to_the_same_spectra(path):
    doc = json.loads(path.read_text())
    engine, s = state_after(doc, 12)
    assert_folded_alike(engine, s)


def test_identical_web_servers_behind_balancers_fold_to_one_and_to_the_same_spectra():
    engine, s = state_after(clusters(2, 20), 5)
    assert_folded_alike(engine, s)
    rows = np.zeros((len(engine.ids), 1))  # (all alike: only the routes tell them apart)
    rep = latency.twins(engine.route_graph, rows)
    webs = [engine.ids.index(f"c{c}-web-{i}") for c in (0, 1) for i in range(20)]
    assert len(set(rep[webs].tolist())) == 1  # (the two clusters are copies: twins too)
    assert rep[engine.ids.index("c0-lb")] != rep[webs[0]]
    rows[engine.ids.index("c1-db")] = 1.0  # one cluster's database differs: its webs too
    rep = latency.twins(engine.route_graph, rows)
    assert len(set(rep[webs[:20]].tolist())) == len(set(rep[webs[20:]].tolist())) == 1
    assert rep[webs[0]] != rep[webs[20]]


def test_web_servers_alike_but_calling_different_tiers_are_not_twins():
    doc = document([node("users", "client", rps=300), node("lb", "load_balancer"),
                    node("w1", "web_server"), node("w2", "web_server"),
                    node("fast", "database", service_time_ms=1),
                    node("slow", "database", service_time_ms=20)],
                   [("users", "lb"), ("lb", "w1"), ("lb", "w2"), ("w1", "fast"),
                    ("w2", "slow")])
    engine, s = state_after(doc, 5)
    assert_folded_alike(engine, s)
    rows = np.zeros((len(engine.ids), 1))
    w1, w2 = engine.ids.index("w1"), engine.ids.index("w2")
    assert latency.twins(engine.route_graph, rows)[w1] == latency.twins(engine.route_graph,
                                                                        rows)[w2]
    rows[engine.ids.index("slow")] = 20.0
    rep = latency.twins(engine.route_graph, rows)
    assert rep[w1] != rep[w2]
