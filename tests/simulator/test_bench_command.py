"""`python -m simulator bench` runs every comparison and prints a figure for each (its
speed is reported, never asserted: the machine is shared)."""

import re

from simulator import bench
from simulator.engine import Engine


def test_the_full_bench_measures_what_the_issue_defines():
    count, webs = bench.FULL.clusters
    assert count * (webs + 5) == 1000  # the 1000-node topology
    assert len(Engine(bench.clusters(count, webs)).ids) == 1000
    assert len(Engine(bench.clusters(2, webs)).ids) == 200  # frames on 200 nodes
    assert bench.FULL.duration == 600  # simulated seconds of LB → 4 web → DB


def test_a_tiny_bench_prints_every_figure(capsys):
    tiny = bench.Sizes("tiny", duration=2.0, rounds=1, ciw_horizon=0.05, ticks=3, frames=3,
                       clusters=(1, 3))
    assert bench.main(sizes=tiny) == 0
    out = capsys.readouterr().out
    assert len(re.findall(r"ratio high/low: \d+\.\d\d", out)) == 2
    assert len(re.findall(r"= \d+x Ciw", out)) == 2
    assert len(re.findall(r"\d+\.\d\d M node-updates per second", out)) == 2
    assert len(re.findall(r"real-time factor: \d+\.\dx", out)) == 2
