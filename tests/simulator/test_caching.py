"""Che's approximation (simulator.caching) against seeded per-request cache simulations."""

from __future__ import annotations

import heapq
import math
from collections import OrderedDict

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator import caching
from simulator.caching import KeyProfile, hit_ratio, stale_read_ratio, zipf_profile


def exact_zipf(key_space: int, zipf_s: float) -> np.ndarray:
    weights = np.arange(1.0, key_space + 1.0) ** -zipf_s
    return weights / weights.sum()


def simulate_reads(
    p: np.ndarray,
    capacity: float,
    read_rate: float,
    write_rate: float = 0.0,
    ttl_s: float | None = None,
    events: int = 250_000,
    seed: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Per-request LRU (+ TTL from insertion, + invalidating writes); returns (times, hit) of reads.

    Merged Poisson stream of reads and writes over keys drawn from p (= independent Poisson per
    key). Expired keys are removed on time (perfect active expiry) so they hold no capacity.
    """
    rng = np.random.default_rng(seed)
    total = read_rate + write_rate
    times = np.cumsum(rng.exponential(1.0 / total, events))
    keys = rng.choice(len(p), size=events, p=p)
    writes = rng.random(events) < write_rate / total
    hits = np.zeros(events, dtype=bool)
    cache: OrderedDict[int, float] = OrderedDict()  # key -> insertion time, LRU first
    expiry: list[tuple[float, int, float]] = []  # (expires at, key, insertion time)
    for i, (t, k, is_write) in enumerate(
        zip(times.tolist(), keys.tolist(), writes.tolist(), strict=True)
    ):
        while expiry and expiry[0][0] <= t:
            _, old, inserted = heapq.heappop(expiry)
            if cache.get(old) == inserted:  # not re-inserted since
                del cache[old]
        if is_write:
            cache.pop(k, None)
        elif k in cache:
            hits[i] = True
            cache.move_to_end(k)
        else:
            cache[k] = t
            if ttl_s is not None:
                heapq.heappush(expiry, (t + ttl_s, k, t))
            if len(cache) > capacity:
                cache.popitem(last=False)
    return times[~writes], hits[~writes]


def stationary_sim(p: np.ndarray, capacity: float, warmup_s: float, **kw) -> float:
    times, hits = simulate_reads(p, capacity, **kw)
    return float(hits[times > warmup_s].mean())


@pytest.mark.parametrize("zipf_s", [0.8, 1.1])
@pytest.mark.parametrize("capacity", [20, 150, 800])
def test_che_approximation_matches_an_lru_simulation(zipf_s: float, capacity: int) -> None:
    n = 3000
    model = hit_ratio(1000.0, 0.0, zipf_profile(n, zipf_s), capacity)
    sim = stationary_sim(exact_zipf(n, zipf_s), capacity, warmup_s=50.0, read_rate=1000.0)
    assert abs(model - sim) < 0.01, (model, sim)


@pytest.mark.parametrize("ttl_s", [0.2, 2.0])
def test_ttl_from_insertion_matches_a_simulation_without_evictions(ttl_s: float) -> None:
    n, s = 3000, 0.9
    model = hit_ratio(1000.0, 0.0, zipf_profile(n, s), n, ttl_s=ttl_s)
    sim = stationary_sim(exact_zipf(n, s), n, warmup_s=20.0, read_rate=1000.0, ttl_s=ttl_s)
    assert abs(model - sim) < 0.01, (model, sim)


@pytest.mark.parametrize(
    ("zipf_s", "write_rate", "capacity"),
    [(0.8, 100.0, 3000), (0.8, 500.0, 150), (1.1, 500.0, 150), (1.1, 2000.0, 800)],
)
def test_writes_invalidating_keys_match_a_simulation(
    zipf_s: float, write_rate: float, capacity: int
) -> None:
    n = 3000
    model = hit_ratio(1000.0, write_rate, zipf_profile(n, zipf_s), capacity)
    sim = stationary_sim(
        exact_zipf(n, zipf_s), capacity, warmup_s=20.0, read_rate=1000.0, write_rate=write_rate
    )
    assert abs(model - sim) < 0.015, (model, sim)


@pytest.mark.parametrize(
    ("zipf_s", "ttl_s", "capacity", "write_rate"),
    [
        (0.8, 5.0, 800, 0.0),
        (1.1, 1.0, 150, 0.0),
        (0.8, 0.3, 150, 100.0),
        (1.1, 0.5, 150, 100.0),
        (1.1, 0.3, 100, 300.0),
    ],
)
def test_capacity_and_ttl_together_match_a_simulation(
    zipf_s: float, ttl_s: float, capacity: int, write_rate: float
) -> None:
    n, reads = 3000, 1000.0
    profile = zipf_profile(n, zipf_s)
    model = hit_ratio(reads, write_rate, profile, capacity, ttl_s=ttl_s)
    # Both limits must bite, or this would only re-test one of them.
    ttl_only = hit_ratio(reads, write_rate, profile, n, ttl_s=ttl_s)
    capacity_only = hit_ratio(reads, write_rate, profile, capacity)
    assert model < min(ttl_only, capacity_only) - 0.005
    sim = stationary_sim(
        exact_zipf(n, zipf_s),
        capacity,
        warmup_s=20.0,
        read_rate=reads,
        write_rate=write_rate,
        ttl_s=ttl_s,
    )
    assert abs(model - sim) < 0.02, (model, sim)


@pytest.mark.parametrize("write_rate", [0.0, 300.0])
def test_cold_start_follows_a_simulation_that_starts_empty(write_rate: float) -> None:
    n, s, capacity, reads = 5000, 0.8, 500, 1000.0
    profile, p = zipf_profile(n, s), exact_zipf(n, s)
    # Many short runs from an empty cache; compare hit ratios over windows around each age.
    runs = [
        simulate_reads(
            p, capacity, reads, write_rate, events=int(1.6 * (reads + write_rate)), seed=i
        )
        for i in range(150)
    ]
    for age in (0.05, 0.2, 0.5, 0.7, 1.0, 1.5):  # T_C is ~0.72 s here
        half = 0.02 if age < 0.1 else 0.05
        sim = np.concatenate([hit[abs(t - age) < half] for t, hit in runs]).mean()
        ages = np.linspace(age - half, age + half, 21)
        model = np.mean([hit_ratio(reads, write_rate, profile, capacity, age_s=a) for a in ages])
        assert abs(model - sim) < 0.03, (age, model, sim)


def test_cold_start_hit_ratio_rises_monotonically_to_the_stationary_value() -> None:
    profile = zipf_profile(10**7, 0.9)
    for write_rate, ttl_s in [(0.0, None), (50.0, None), (0.0, 30.0), (50.0, 30.0)]:
        stationary = hit_ratio(1000.0, write_rate, profile, 10**5, ttl_s=ttl_s)
        ages = np.geomspace(1e-3, 1e6, 60)
        curve = [hit_ratio(1000.0, write_rate, profile, 10**5, ttl_s=ttl_s, age_s=a) for a in ages]
        assert curve[0] < 0.2 * stationary
        assert all(b >= a - 1e-12 for a, b in zip(curve, curve[1:], strict=False))
        assert curve[-1] == pytest.approx(stationary, abs=1e-9)
        assert hit_ratio(1000.0, write_rate, profile, 10**5, ttl_s=ttl_s, age_s=0.0) == 0.0


@pytest.mark.parametrize("key_space", [1, 1000, 1025, 1026, 200_000, 10**9])
@pytest.mark.parametrize("zipf_s", [0.0, 0.8, 1.0, 1.1, 2.0])
def test_bucketed_profile_covers_every_key_and_sums_to_one(key_space: int, zipf_s: float) -> None:
    profile = zipf_profile(key_space, zipf_s)
    assert profile.counts.sum() == key_space
    assert profile.mass.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(np.diff(profile.p) <= 1e-18)  # popularity never rises with rank
    assert len(profile.p) < 1500  # ~1024 single ranks + a few hundred geometric bins


@pytest.mark.parametrize("zipf_s", [0.6, 1.0, 1.2])
def test_bucketed_profile_agrees_with_the_exact_per_key_sum(zipf_s: float) -> None:
    n = 200_000
    bucketed = zipf_profile(n, zipf_s)
    exact = KeyProfile(counts=np.ones(n), p=exact_zipf(n, zipf_s))
    assert len(bucketed.p) < 1300
    for capacity, write_rate, ttl_s, age_s in [
        (100, 0.0, None, math.inf),
        (5_000, 0.0, None, math.inf),
        (100_000, 0.0, None, math.inf),
        (5_000, 0.0, None, 3.0),
        (5_000, 300.0, None, math.inf),
        (20_000, 100.0, 60.0, math.inf),
        (n, 0.0, 10.0, math.inf),
    ]:
        args = (1000.0, write_rate)
        kwargs = {"ttl_s": ttl_s, "age_s": age_s}
        got = hit_ratio(*args, bucketed, capacity, **kwargs)
        want = hit_ratio(*args, exact, capacity, **kwargs)
        assert abs(got - want) < 1e-3, (capacity, write_rate, ttl_s, age_s, got, want)
    for lag_s in (0.01, 1.0, 100.0):
        got, want = stale_read_ratio(50.0, lag_s, bucketed), stale_read_ratio(50.0, lag_s, exact)
        assert abs(got - want) < 1e-3


def simulate_stale_reads(
    p: np.ndarray, read_rate: float, write_rate: float, lag_s: float, events: int, seed: int
) -> float:
    """Share of reads (after the first lag_s) whose key was written within the last lag_s."""
    rng = np.random.default_rng(seed)
    times = np.cumsum(rng.exponential(1.0 / (read_rate + write_rate), events))
    keys = rng.choice(len(p), size=events, p=p)
    writes = rng.random(events) < write_rate / (read_rate + write_rate)
    last_write = [-math.inf] * len(p)
    stale: list[bool] = []
    for t, k, is_write in zip(times.tolist(), keys.tolist(), writes.tolist(), strict=True):
        if is_write:
            last_write[k] = t
        elif t > lag_s:
            stale.append(t - last_write[k] < lag_s)
    return float(np.mean(stale))


@pytest.mark.parametrize("lag_s", [0.05, 0.5, 5.0])
def test_stale_read_ratio_matches_a_simulated_lagging_replica(lag_s: float) -> None:
    n, s = 2000, 0.9
    model = stale_read_ratio(200.0, lag_s, zipf_profile(n, s))
    sim = simulate_stale_reads(exact_zipf(n, s), 800.0, 200.0, lag_s, events=150_000, seed=3)
    assert 0.0 < model < 1.0
    assert abs(model - sim) < 0.01, (model, sim)


def test_no_stale_reads_without_lag_or_without_writes() -> None:
    profile = zipf_profile(10**6, 1.0)
    assert stale_read_ratio(500.0, 0.0, profile) == 0.0
    assert stale_read_ratio(0.0, 2.0, profile) == 0.0
    assert stale_read_ratio(500.0, 2.0, profile) > 0.0
    assert stale_read_ratio(500.0, math.inf, profile) == pytest.approx(1.0)


@pytest.mark.parametrize("key_space", [1000, 10**6, 10**9])
def test_uniform_keys_hit_in_proportion_to_the_capacity(key_space: int) -> None:
    profile = zipf_profile(key_space, 0.0)
    for fraction in (0.001, 0.1, 0.5, 0.9):
        got = hit_ratio(123.0, 0.0, profile, fraction * key_space)
        assert got == pytest.approx(fraction, abs=1e-3)


def test_pure_lru_is_solved_once_per_profile_and_capacity() -> None:
    profile = zipf_profile(10**9, 0.95)
    assert zipf_profile(10**9, 0.95) is profile
    caching._lru_tau.cache_clear()
    first = hit_ratio(1000.0, 0.0, profile, 12_345.0)
    second = hit_ratio(7.5, 0.0, profile, 12_345.0)  # pure LRU: the read rate does not matter
    info = caching._lru_tau.cache_info()
    assert (info.misses, info.hits) == (1, 1)
    assert first == second
    hit_ratio(7.5, 0.0, profile, 12_345.0, age_s=10.0)  # cold start reuses the solved T_C too
    assert caching._lru_tau.cache_info().misses == 1


def test_degenerate_inputs_give_the_obvious_answers() -> None:
    profile = zipf_profile(5000, 0.9)
    assert hit_ratio(0.0, 0.0, profile, 100) == 0.0
    assert hit_ratio(-1.0, 0.0, profile, 100) == 0.0
    assert hit_ratio(100.0, 0.0, profile, 0) == 0.0
    assert hit_ratio(100.0, 0.0, profile, 100, ttl_s=0.0) == 0.0
    assert hit_ratio(100.0, 0.0, profile, 5000) == 1.0
    assert hit_ratio(100.0, 0.0, profile, 10**6) == 1.0
    assert hit_ratio(100.0, 0.0, profile, 100, ttl_s=math.inf) == hit_ratio(
        100.0, 0.0, profile, 100
    )
    # Everything fits: only invalidation limits hits, to reads / (reads + writes).
    assert hit_ratio(300.0, 100.0, profile, 5000) == pytest.approx(0.75)
    # A TTL far beyond every key's inter-read time is as good as no TTL.
    assert hit_ratio(1e3, 0.0, profile, 5000, ttl_s=1e9) == pytest.approx(1.0, abs=1e-4)


@settings(max_examples=60, deadline=None)
@given(
    zipf_s=st.floats(0.0, 2.0),
    capacity=st.floats(1.0, 1e7),  # up to 10x the key space: covers "everything fits"
    write_rate=st.floats(0.0, 1e4),
    ttl_s=st.one_of(st.none(), st.floats(1e-4, 1e6)),
)
def test_hit_ratio_is_a_probability_that_capacity_and_ttl_raise_and_writes_lower(
    zipf_s: float, capacity: float, write_rate: float, ttl_s: float | None
) -> None:
    profile = zipf_profile(10**6, zipf_s)
    h = hit_ratio(100.0, write_rate, profile, capacity, ttl_s=ttl_s)
    assert 0.0 <= h <= 1.0
    assert hit_ratio(100.0, write_rate, profile, 2 * capacity, ttl_s=ttl_s) >= h - 1e-9
    assert hit_ratio(100.0, 2 * write_rate + 1.0, profile, capacity, ttl_s=ttl_s) <= h + 1e-9
    longer = None if ttl_s is None else 2 * ttl_s
    assert hit_ratio(100.0, write_rate, profile, capacity, ttl_s=longer) >= h - 1e-9
