"""Cache hit ratios from Che's approximation over Zipf key popularity.

Model (see /work/shared/NOTES.md, "Caches"): the independent reference model, each key i read
as a Poisson process of rate ``r_i = read_rate * p_i`` and written (= invalidated) at
``w_i = write_rate * p_i``. An LRU cache holds a key iff it was read within the characteristic
time ``T_C`` and not written since: ``r_i/(r_i+w_i) * (1 - exp(-(r_i+w_i) T_C))`` (Che's
``1 - exp(-r_i T_C)`` when there are no writes). A TTL counted from insertion caps that at the
TTL-and-invalidation occupancy ``r_i E_i / (1 + r_i E_i)``, ``E_i = E[min(TTL, Exp(w_i))]``;
``T_C`` solves Σ occupancy = capacity. Sums run over rank buckets, so a billion keys cost
about as much as a couple of thousand.

Several clients share one key namespace (rank i of every client is the same key), so the keys
read at a node follow the mixture ``p_i = Σ_c w_c p_c(i)`` of their Zipf laws, ``w_c`` being
client c's share of the reads there (``mixture_profile``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from scipy.optimize import brentq

_EXACT_RANKS = 1024  # the head dominates the hit ratio: keep it key by key
_BIN_RATIO = 1.04  # tail bins: per-key popularity varies by <~5% inside a bin
_LOG_STEP = math.log(10.0)


@dataclass(frozen=True, eq=False)  # eq=False: hashed by identity, so lru_cache can key on it
class KeyProfile:
    """Key popularity in buckets: ``counts[b]`` keys, each with request probability ``p[b]``."""

    counts: np.ndarray
    p: np.ndarray
    mass: np.ndarray = field(init=False, repr=False)  # counts * p: share of requests per bucket

    def __post_init__(self) -> None:
        counts = np.array(self.counts, dtype=float)  # private read-only copies: cached results
        p = np.array(self.p, dtype=float)  # must not change under anyone's feet
        if counts.shape != p.shape or counts.ndim != 1:
            raise ValueError("counts and p must be 1-d arrays of the same length")
        if (counts < 0).any() or (p < 0).any():
            raise ValueError("counts and p must be non-negative")
        mass = counts * p
        for name, arr in (("counts", counts), ("p", p), ("mass", mass)):
            arr.flags.writeable = False
            object.__setattr__(self, name, arr)

    @property
    def key_space(self) -> float:
        return float(self.counts.sum())


def _power_sum(a: np.ndarray, b: np.ndarray, s: float) -> np.ndarray:
    """Σ_{i=a}^{b} i^-s by Euler–Maclaurin; error ~ s³/(720 a³) relative, nil for a > 1000."""
    u = 1.0 - s
    log_ratio = np.log(b / a)
    # (b^u - a^u)/u written with expm1 so s -> 1 stays accurate (and s == 1 gives the log).
    integral = a**u * (np.expm1(u * log_ratio) / u if u != 0.0 else log_ratio)
    f_a, f_b = a**-s, b**-s
    return integral + (f_a + f_b) / 2.0 + s * (f_a / a - f_b / b) / 12.0


def _tail_edges(key_space: int) -> list[int]:
    """First ranks of the geometric bins covering ranks 1025..key_space, then key_space + 1.

    The sequence is the same for every key space, cut at its end: the edges of a smaller key
    space are those of a larger one plus its own end (what ``mixture_profile`` relies on).
    """
    edges = [_EXACT_RANKS + 1]
    while edges[-1] <= key_space:
        edges.append(max(edges[-1] + 1, math.ceil(edges[-1] * _BIN_RATIO)))
    edges[-1] = key_space + 1
    return edges


def _bins(edges: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """Inclusive rank ranges [lo, hi] between consecutive edges."""
    e = np.array(edges, dtype=float)
    return e[:-1], e[1:] - 1.0


@lru_cache(maxsize=64)
def zipf_profile(key_space: int, zipf_s: float) -> KeyProfile:
    """Zipf popularity p_i ∝ i^-zipf_s over ranks 1..key_space (zipf_s = 0: uniform), bucketed."""
    n = int(key_space)
    if n < 1:
        raise ValueError("key_space must be >= 1")
    s = float(zipf_s)
    head = np.arange(1.0, min(n, _EXACT_RANKS) + 1.0)
    counts, weights = [np.ones_like(head)], [head**-s]
    if n > _EXACT_RANKS:
        lo, hi = _bins(_tail_edges(n))
        counts.append(hi - lo + 1.0)
        weights.append(_power_sum(lo, hi, s))
    count = np.concatenate(counts)
    weight = np.concatenate(weights)
    return KeyProfile(counts=count, p=weight / weight.sum() / count)


#: Clients mixed at a node: (weight, key_space, zipf_s) triples, weights summing to about 1.
MixtureKey = tuple[tuple[float, int, float], ...]


@lru_cache(maxsize=256)
def mixture_profile(parts: MixtureKey) -> KeyProfile:
    """Popularity of keys read by several Zipf clients sharing one key namespace, bucketed.

    ``p_i = Σ_c w_c p_c(i)``, ``p_c`` Zipf over client c's ranks 1..key_space_c (0 beyond).
    One part is exactly ``zipf_profile``; no part (no reads) a single key. Buckets: the exact
    head, then the largest key space's tail bins split at each smaller key space's end, so
    every bin lies wholly inside or outside each client's ranks and a billion keys still
    take ~1,400 buckets. Keyed on (rounded) weights, so it is built once per mixture.
    """
    if not parts:
        return zipf_profile(1, 0.0)
    if len(parts) == 1:
        _, key_space, zipf_s = parts[0]
        return zipf_profile(key_space, zipf_s)
    biggest = max(n for _, n, _ in parts)
    head = np.arange(1.0, min(biggest, _EXACT_RANKS) + 1.0)
    edges = sorted({e for _, n, _ in parts if n > _EXACT_RANKS for e in _tail_edges(n)})
    lo, hi = _bins(edges) if edges else (np.empty(0), np.empty(0))
    counts = np.concatenate([np.ones_like(head), hi - lo + 1.0])
    total = sum(w for w, _, _ in parts)
    mass = np.zeros_like(counts)
    for w, n, s in parts:
        weight = np.concatenate([np.where(head <= n, head**-s, 0.0),
                                 np.where(hi <= n, _power_sum(lo, hi, s), 0.0)])
        mass += (w / total) * (weight / weight.sum())
    return KeyProfile(counts=counts, p=mass / counts)


def _characteristic_time(
    counts: np.ndarray, rate: np.ndarray, share: float, cap: np.ndarray | None, capacity: float
) -> float:
    """T with Σ counts·min(share·(1 - e^{-rate·T}), cap) = capacity; inf when everything fits."""
    limit = share * float(counts.sum()) if cap is None else float(counts @ cap)
    total_rate = share * float(counts @ rate)
    if limit <= capacity or total_rate <= 0.0:
        return math.inf

    def excess(log_t: float) -> float:
        occ = share * -np.expm1(-rate * math.exp(log_t))
        if cap is not None:
            occ = np.minimum(occ, cap)
        return float(counts @ occ) - capacity

    # Σ occ <= Σ counts·share·rate·T, so T = capacity/total_rate cannot overfill: a safe lower end.
    lo = math.log(capacity / total_rate)
    hi = lo + _LOG_STEP
    for _ in range(400):  # limit > capacity, so some finite T overfills
        if excess(hi) > 0.0:
            break
        lo, hi = hi, hi + _LOG_STEP
    return math.exp(brentq(excess, lo, hi, xtol=1e-10, rtol=1e-12))


@lru_cache(maxsize=256)  # each entry keeps its profile (~30 KB) alive: mixtures vary with traffic
def _lru_tau(profile: KeyProfile, capacity: float) -> float:
    """Pure LRU characteristic time in reads (read_rate·T_C): independent of the read rate."""
    return _characteristic_time(profile.counts, profile.p, 1.0, None, capacity)


def _ttl_occupancy(
    r: np.ndarray, w: np.ndarray, write_rate: float, ttl_s: float | None
) -> np.ndarray:
    """Share of time each key is cached under TTL-from-insertion + invalidation alone.

    Renewal cycle: absent until the next read (mean 1/r), then present for min(TTL, Exp(w)).
    """
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if ttl_s is not None:
            # E[min(TTL, Exp(w))]; for tiny w·TTL (even subnormal w) its series avoids 0/0.
            x = w * ttl_s
            life = np.where(x > 1e-8, -np.expm1(-x) / np.where(x > 1e-8, w, 1.0),
                            ttl_s * (1 - x / 2)) if write_rate > 0 else ttl_s
        else:
            life = 1.0 / w  # inf only where p == 0, where r == 0 too
        re = np.where(r > 0.0, r * life, 0.0)
        return np.where(np.isinf(re), 1.0, re / (1.0 + re))


def hit_ratio(
    read_rate: float,
    write_rate: float,
    profile: KeyProfile,
    capacity_keys: float,
    ttl_s: float | None = None,
    age_s: float = math.inf,
) -> float:
    """Hit ratio of reads at an LRU cache of ``capacity_keys`` keys (see module docstring).

    ``ttl_s``: expiry counted from insertion (None: never). ``age_s``: seconds since the cache
    was (re)started empty (inf: stationary). Writes invalidate their key.
    """
    if read_rate <= 0.0 or capacity_keys <= 0.0 or age_s <= 0.0:
        return 0.0
    if ttl_s is not None and ttl_s <= 0.0:
        return 0.0
    if ttl_s is not None and math.isinf(ttl_s):
        ttl_s = None
    write_rate = max(float(write_rate), 0.0)
    capacity = float(capacity_keys)

    if ttl_s is None and write_rate == 0.0:
        # Pure LRU: the cache holds keys read within the last min(T_C, age) (age: nothing older).
        reads = min(_lru_tau(profile, capacity), read_rate * age_s)
        if math.isinf(reads):
            # (fsum: every key fits, and that is 1 exactly; numpy 2.4's sum made it 1 − 2⁻⁵³)
            return min(1.0, math.fsum(profile.mass[profile.p > 0.0]))
        return min(1.0, float(profile.mass @ -np.expm1(-profile.p * reads)))

    r = read_rate * profile.p
    cap = _ttl_occupancy(r, write_rate * profile.p, write_rate, ttl_s)
    # LRU with invalidation: key i is cached iff it was read within T_C and not written since,
    # P = r/(r+w)·(1 - e^{-(r+w)T_C}); r/(r+w) is the same for every key. (w = 0: Che's formula.)
    share = read_rate / (read_rate + write_rate)
    rate = (read_rate + write_rate) * profile.p
    t_c = _characteristic_time(profile.counts, rate, share, cap, capacity)
    occ = cap if math.isinf(t_c) else np.minimum(share * -np.expm1(-rate * t_c), cap)
    if math.isfinite(age_s):
        # Cold start: only keys read since the restart (and not written since) can be cached.
        occ = np.minimum(occ, share * -np.expm1(-rate * age_s))
    # PASTA: a Poisson read of key i finds it cached with probability occ_i. (min: Σ mass may
    # round to 1 + 1e-16.)
    return min(1.0, float(profile.mass @ occ))


def stale_read_ratio(write_rate: float, lag_s: float, profile: KeyProfile) -> float:
    """Share of reads at a replica lagging ``lag_s`` that miss a write: key written within lag_s."""
    if write_rate <= 0.0 or lag_s <= 0.0:
        return 0.0
    if math.isinf(write_rate * lag_s):
        return min(1.0, float(profile.mass[profile.p > 0.0].sum()))
    return min(1.0, float(profile.mass @ -np.expm1(-profile.p * (write_rate * lag_s))))
