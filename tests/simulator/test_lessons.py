"""Each lesson teaches its point as a number a test can check."""

import json
from pathlib import Path

import pytest

from simulator import caching
from simulator.catalog import get_kind
from simulator.document import validate
from simulator.engine import Engine

from .helpers import window

LESSONS = Path(__file__).parents[2] / "simulator/lessons"


def lesson(slug):
    return json.loads((LESSONS / f"{slug}.json").read_text())


class Run:
    """Run a lesson and read averages over windows of simulated time."""

    def __init__(self, slug, seed=1):
        self.engine = Engine(lesson(slug), seed=seed)

    def window(self, start, end):
        return window(self.engine, start, end)


@pytest.mark.parametrize("path", sorted(LESSONS.glob("*.json")), ids=lambda p: p.stem)
def test_every_lesson_is_a_valid_document_with_a_question(path):
    doc = json.loads(path.read_text())
    assert validate(doc) == []
    q = doc["lesson"]["question"]
    assert len(q["options"]) >= 3 and 0 <= q["answer"] < len(q["options"]) and q["reveal"]
    assert doc["lesson"]["title"] and doc["lesson"]["explanation"] and doc["lesson"]["watch"]


def test_lesson_1_a_single_server_saturates_and_its_death_fails_everything():
    run = Run("01-single-server")
    calm = run.window(0, 10)
    busy = run.window(80, 90)
    server = busy["nodes"]["server"]
    assert server["throughput_rps"] == pytest.approx(400, rel=0.03)
    assert server["error_rps"] == pytest.approx(200, rel=0.05)
    assert busy["end_to_end"]["latency_ms"]["p50"] > 10 * calm["end_to_end"]["latency_ms"]["p50"]
    dead = run.window(90.5, 104.5)["end_to_end"]
    assert dead["throughput_rps"] == 0 and dead["error_rps"] == pytest.approx(600, rel=0.01)


def test_lesson_2_the_database_is_the_bottleneck_not_the_web_tier():
    late = Run("02-separate-db").window(85, 100)["nodes"]
    assert late["db"]["utilization"] > 0.99
    assert late["web"]["utilization"] < 0.8
    assert late["db"]["error_rps"] == pytest.approx(500, rel=0.05)
    assert late["web"]["error_rps"] == 0


def test_lesson_3_scale_up_is_still_a_single_point_of_failure_scale_out_survives():
    run = Run("03-scale-up-vs-out")
    overloaded = run.window(10, 20)["nodes"]["big-box"]
    assert overloaded["error_rps"] > 100
    scaled = run.window(30, 40)["nodes"]
    assert scaled["big-box"]["error_rps"] == 0
    after = run.window(50, 60)["nodes"]
    assert after["big-box"]["error_rps"] == pytest.approx(1500, rel=0.01)
    assert after["lb"]["error_rps"] == 0 and after["box-2"]["error_rps"] == 0
    assert after["box-1"]["throughput_rps"] == pytest.approx(750, rel=0.02)


def test_lesson_4_errors_last_until_the_health_check_notices_then_the_survivors_overload():
    run = Run("04-load-balancer")
    calm = run.window(20, 30)["end_to_end"]
    assert calm["error_rps"] == 0
    right_after = run.window(30, 31)["end_to_end"]["error_rps"]
    assert right_after == pytest.approx(300, rel=0.05)  # a third of 900 req/s
    noticed = run.window(36.1, 50)
    assert noticed["end_to_end"]["error_rps"] == 0
    assert noticed["nodes"]["lb"]["healthy_targets"] == ["web-1", "web-3"]
    # No spare capacity: two servers of ~400 req/s take 900, so the backlog grows…
    later = run.window(50, 52)["end_to_end"]["latency_ms"]["p99"]
    assert later > max(10 * calm["latency_ms"]["p99"], noticed["end_to_end"]["latency_ms"]["p99"])
    # …until the queues are full and the excess fails: offered − capacity.
    web = get_kind("web_server").params
    capacity = 2 * web["servers"].default * 1000 / web["service_time_ms"].default
    assert run.window(57, 60)["end_to_end"]["error_rps"] == pytest.approx(900 - capacity, rel=0.05)
    back = run.window(66, 80)
    assert back["nodes"]["lb"]["healthy_targets"] == ["web-1", "web-2", "web-3"]


def test_lesson_5_failover_stops_writes_for_detection_plus_promotion_and_loses_the_lag():
    run = Run("05-replication")
    during = run.window(30, 45)
    writes = 1000 * 0.2
    assert during["end_to_end"]["error_rps"] == pytest.approx(writes, rel=0.02)
    promotion = run.window(45, 45.1)["nodes"]
    assert promotion["db-primary"]["lost_writes"] == pytest.approx(writes * 0.200, rel=0.02)
    assert promotion["db-replica-1"]["role"] == "primary"  # it trails by 200 ms, not 500
    after = run.window(45.1, 60)
    assert after["end_to_end"]["error_rps"] == 0


def test_lesson_6_killing_the_cache_multiplies_database_load_by_the_miss_formula():
    run = Run("06-cache")
    before = run.window(50, 60)
    warm = before["nodes"]
    h = warm["cache"]["hit_ratio"]
    reads, writes = 3000 * 0.95, 3000 * 0.05
    assert warm["db"]["throughput_rps"] == pytest.approx(reads * (1 - h) + writes, rel=0.03)
    after = run.window(60.2, 75)
    dead = after["nodes"]
    # "the median latency rises about 80×, to ~0.5 s" (the lesson's reveal)
    p50 = after["end_to_end"]["latency_ms"]["p50"], before["end_to_end"]["latency_ms"]["p50"]
    assert p50[0] == pytest.approx(500, rel=0.1) and 60 < p50[0] / p50[1] < 100
    offered = dead["db"]["throughput_rps"] + dead["db"]["error_rps"]
    assert offered == pytest.approx(reads + writes, rel=0.02)
    assert offered > 2.5 * warm["db"]["throughput_rps"]
    assert dead["db"]["throughput_rps"] == pytest.approx(2000, rel=0.03)  # saturated: a cascade
    assert dead["db"]["utilization"] > 0.99
    cold = run.window(75, 76)["nodes"]["cache"]["hit_ratio"]
    assert cold < h


def test_lesson_5_replicas_take_the_reads_and_one_left_serves_them_all_with_more_stale_reads():
    run = Run("05-replication")
    profile = caching.zipf_profile(1_000_000, 1.0)  # the client's default keys
    reads, writes = 800, 200
    before = run.window(10, 30)["nodes"]
    assert before["db-primary"]["reads_rps"] == 0
    assert before["db-primary"]["writes_rps"] == pytest.approx(writes, rel=1e-3)
    for replica, lag in (("db-replica-1", 0.2), ("db-replica-2", 0.5)):
        assert before[replica]["reads_rps"] == pytest.approx(reads / 2, rel=1e-3)
        share = caching.stale_read_ratio(writes, lag, profile)
        assert before[replica]["stale_reads"] == pytest.approx(reads / 2 * share, rel=1e-3)
    after = run.window(46, 60)["nodes"]  # db-replica-1 promoted: db-replica-2 reads alone
    assert after["db-replica-2"]["reads_rps"] == pytest.approx(reads, rel=1e-3)
    alone = reads * caching.stale_read_ratio(writes, 0.5, profile)
    assert after["db-replica-2"]["stale_reads"] == pytest.approx(alone, rel=1e-3)
    assert alone > 1.9 * before["db-replica-2"]["stale_reads"]


def test_lesson_6_the_hit_ratio_follows_ches_cold_start_and_climbs_again_after_a_restore():
    run = Run("06-cache")
    profile = caching.zipf_profile(1_000_000, 1.0)

    def che(age):  # H(t): Che's approximation of a cache started empty ``age`` s ago
        return caching.hit_ratio(3000 * 0.95, 3000 * 0.05, profile, 100_000, age_s=age)

    def hit_ratio(t):
        return run.window(t, t + 0.1)["nodes"]["cache"]["hit_ratio"]

    # (It is recomputed once 5 % older: between H of the age then and of the age now.)
    for t in (5, 30, 55):
        assert che((t + 0.05) / 1.05) - 1e-4 <= hit_ratio(t) <= che(t + 0.05) + 1e-4, t
    run.window(55.1, 75.1)  # killed at 60, back (empty) at 75
    climb = [hit_ratio(t) for t in (75.1, 76, 80, 90)]
    assert climb == sorted(climb) and climb[0] < 0.7 * che(55)
    assert che(15 / 1.05) - 1e-4 <= climb[-1] <= che(15.05) + 1e-4
