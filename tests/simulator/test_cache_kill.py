"""Cache killed: the next tier's load goes from R(1−h)+W to R+W; restored, it warms up."""

import numpy as np
import pytest

from simulator.caching import hit_ratio, zipf_profile
from simulator.engine import Engine

from .helpers import at, document, node, window

READS, WRITES = 2850.0, 150.0


def cached(events):
    return document(
        [node("users", "client", rps=READS + WRITES, read_ratio=READS / (READS + WRITES),
              key_space=1_000_000, zipf_s=1.0),
         node("web", "web_server", servers=64, service_time_ms=5),
         node("cache", "cache", capacity_keys=100_000),
         node("db", "database", servers=16, service_time_ms=1)],
        [("users", "web"), ("web", "cache"), ("cache", "db")], events)



def test_killing_the_cache_sends_every_read_to_the_database():
    engine = Engine(cached([at(60, "kill", "cache")]))
    warm = window(engine, 50, 60)["nodes"]
    h = hit_ratio(READS, WRITES, zipf_profile(1_000_000, 1.0), 100_000, age_s=55)
    assert warm["cache"]["hit_ratio"] == pytest.approx(h, abs=0.01)
    assert warm["db"]["throughput_rps"] == pytest.approx(READS * (1 - h) + WRITES, rel=0.03)
    dead = window(engine, 60.2, 70)["nodes"]
    assert dead["db"]["throughput_rps"] == pytest.approx(READS + WRITES, rel=0.02)
    assert dead["cache"]["error_rps"] == 0  # the application falls back to the database


def test_a_restored_cache_is_cold_and_warms_up():
    engine = Engine(cached([at(10, "kill", "cache"), at(20, "restore", "cache")]))
    first = window(engine, 20, 21)["nodes"]["cache"]["hit_ratio"]
    later = window(engine, 40, 41)["nodes"]["cache"]["hit_ratio"]
    profile = zipf_profile(1_000_000, 1.0)
    # Each 100 ms tick uses the hit ratio of its middle: ages 0.05, 0.15, … 0.95 s.
    expected = np.mean([hit_ratio(READS, WRITES, profile, 100_000, age_s=(k + 0.5) / 10)
                        for k in range(10)])
    assert first == pytest.approx(expected, abs=0.005)
    assert first < later
