"""M/M/c formulas and the pointwise-stationary fluid-flow (PSFFA) update of serving nodes.

Rates are per second and times in seconds. Everything here is vectorized over nodes: the engine
updates 1000+ nodes per 100 ms tick, so the hot path (`QueueTables.solve`) is a fixed number of
numpy calls whatever the node count.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import optimize, special

ArrayLike = np.ndarray | float  # scalar inputs give numpy scalars back


def erlang_b(c: ArrayLike, a: ArrayLike) -> ArrayLike:
    """Erlang B, elementwise: the Poisson ratio pmf(c; a) / cdf(c; a), in log space so c up to
    1e6 is free of factorial overflow."""
    c = np.asarray(c, dtype=float)
    a = np.asarray(a, dtype=float)
    with np.errstate(divide="ignore", over="ignore"):  # a = 0: log 0 = −inf, i.e. B = 0
        log_b = (
            special.xlogy(c, a) - a - special.gammaln(c + 1) - np.log(special.gammaincc(c + 1, a))
        )
        b = np.exp(log_b)
    heavy = ~(b <= 1)  # the cdf underflowed (a ≫ c: a surge into a small box)
    if heavy.any():
        c_h, a_h = np.broadcast_arrays(c, a)
        b = np.array(b, dtype=float)  # (a 0-d result becomes writable)
        b[heavy] = _erlang_b_heavy(c_h[heavy], a_h[heavy])
    return b


def _erlang_b_heavy(c: np.ndarray, a: np.ndarray) -> np.ndarray:
    """Erlang B where a ≫ c, as 1/Σ_j c!/((c − j)!·a^j): the terms shrink by (c − j)/a <= c/a
    each, so the sum is a cumulative product cut where they are below 2^-57 (one numpy pass
    for every node: a loop over the terms cost 200 µs a tick at 2,500 servers)."""
    ratio = float((c / a).max())
    terms = int(c.max()) if ratio >= 1 else int(min(c.max(), np.ceil(40 / -np.log(ratio)) + 2))
    shrink = np.maximum(c[:, None] - np.arange(terms), 0.0) / a[:, None]
    return 1.0 / (1.0 + np.cumprod(shrink, axis=1).sum(axis=1))


def erlang_c(c: ArrayLike, a: ArrayLike) -> ArrayLike:
    """Probability of waiting in M/M/c with offered load a = λ/μ (0 <= a < c), elementwise:
    C = B / (1 − ρ(1 − B)) with ρ = a/c."""
    b = erlang_b(c, a)
    return b / (1 - np.asarray(a, dtype=float) / np.asarray(c, dtype=float) * (1 - b))


def mmck_blocking(c: ArrayLike, a: ArrayLike, queue: ArrayLike) -> ArrayLike:
    """Share of arrivals refused by M/M/c/K with room for ``queue`` waiting (K = c + queue),
    any offered load a = λ/μ: B·ρ^Q / (1 + B·Σ_{j=1..Q} ρ^j), written so that neither a long
    queue nor ρ > 1 overflows (Q = 0 is Erlang B; ρ > 1 with a long queue tends to 1 − 1/ρ)."""
    c, a, q = (np.asarray(v, dtype=float) for v in (c, a, queue))
    return np.where(a > 0, _room(c, a, q).p_k, 0.0)


class _Room(NamedTuple):
    """What M/M/c/K's formulas share (see ``_room``)."""

    b: np.ndarray    # Erlang B at (c, a)
    low: np.ndarray  # ρ <= 1
    ax: np.ndarray   # |log ρ|: r = e^{−ax} is ρ, or 1/ρ past c (below 1 either way)
    geo: np.ndarray  # Σ_{j<Q} r^j
    p_k: np.ndarray  # the share refused


def _room(c: np.ndarray, a: np.ndarray, q: np.ndarray) -> _Room:
    """M/M/c/K's normalisation over the room: ρ < 1 sums Σ ρ^j = ρ·geo; ρ > 1 divides through
    by ρ^Q, Σ ρ^{j−Q} = geo over 1/ρ, so nothing overflows (a = 0 gives p_K = 0)."""
    b = erlang_b(c, a)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        x = np.log(c / a)
        low = x >= 0
        ax = np.abs(x)
        tiny = ax * np.maximum(q, 1.0) < 1e-9  # (r = 1 to the last bits: Σ is Q)
        geo = np.where(tiny, q, -np.expm1(-q * ax) / np.where(tiny, 1.0, -np.expm1(-ax)))
        r_q = np.exp(-q * ax)  # r^Q <= 1
        p_k = np.where(low, b * r_q / (1 + b * np.exp(-ax) * geo), b / (r_q + b * geo))
    return _Room(b, low, ax, geo, p_k)


class FiniteQueue(NamedTuple):
    """M/M/c/K's steady state as an accepted request finds it (see ``mmck_stationary``)."""

    wait_prob: np.ndarray    # P(it waits)
    phases_mean: np.ndarray  # given it waits: mean number of cμ-departures it waits for
    phases_var: np.ndarray   # ... and their variance
    lq: np.ndarray           # mean number waiting (all arrivals' time average)


def mmck_stationary(c: ArrayLike, a: ArrayLike, queue: ArrayLike) -> FiniteQueue:
    """M/M/c/K with room for ``queue`` waiting and offered load a = λ/μ > 0 (any: the room
    keeps it finite past c too).

    An accepted arrival (PASTA, given N < K) finds c + j in system with probability ∝ ρ^j,
    j = 0..Q−1, and then waits for j + 1 departures at rate cμ: its wait is a mixture of
    Erlangs whose count is a geometric law truncated at Q. With ρ = e^{−x}, that law's mean
    and variance are ρ/(1−ρ) − Qρ^Q/(1−ρ^Q) and ρ/(1−ρ)² − Q²ρ^Q/(1−ρ^Q)², written through
    f(y) = 1/(e^y − 1) − 1/y and g(y) = 1/(4sinh²(y/2)) − 1/y², whose poles cancel exactly
    (ρ = 1 is the uniform law). Past c (x < 0) the shares are taken over ρ^{j−Q}, as in
    ``mmck_blocking``, so nothing overflows. The infinite queue (Q → ∞, ρ < 1) is M/M/c:
    Erlang C, a geometric count, exponential waits.
    """
    c, a, q = (np.asarray(v, dtype=float) for v in (c, a, queue))
    b, low, ax, geo, p_k = _room(c, a, q)
    with np.errstate(over="ignore", divide="ignore", invalid="ignore", under="ignore"):
        # P(wait | accepted) = Σ_{j<Q} p_c ρ^j / (1 − p_K), both sides of c:
        waits = np.where(low, b * geo / (1 + b * np.exp(-ax) * geo), p_k * np.exp(-ax) * geo)
        wait = waits / (1 - p_k)
        mean = _f(ax) - q * _f(q * ax)
        mean = np.where(low, mean, q - 1 - mean)  # (counted from the other end past c)
        var = _g(ax) - q * q * _g(q * ax)
    some = q > 0
    phases = np.where(some, 1 + mean, 1.0)
    var = np.where(some, np.maximum(var, 0.0), 0.0)
    wait = np.where(some, np.minimum(wait, 1.0), 0.0)
    lq = a * (1 - p_k) * wait * phases / c  # Little: λ(1 − p_K)·E[W], E[W] = P·E[k]/(cμ)
    return FiniteQueue(wait, phases, var, lq)


def _f(y: np.ndarray) -> np.ndarray:
    """1/(e^y − 1) − 1/y, for y >= 0 (−1/2 + y/12 − y³/720 near 0)."""
    small = y < 1e-3
    safe = np.where(small, 1.0, y)
    return np.where(small, -0.5 + y / 12 - y**3 / 720, 1 / np.expm1(safe) - 1 / safe)


def _g(y: np.ndarray) -> np.ndarray:
    """1/(4 sinh²(y/2)) − 1/y², for y >= 0 (−1/12 + y²/240 − y⁴/6048 near 0)."""
    small = y < 1e-2
    safe = np.where(small, 1.0, y)
    return np.where(small, -1 / 12 + y**2 / 240 - y**4 / 6048,
                    0.25 / np.sinh(safe / 2) ** 2 - 1 / safe**2)


def deadline_late_share(c: ArrayLike, lam: ArrayLike, mu: ArrayLike, tau: ArrayLike) -> ArrayLike:
    """Share of arrivals that would wait longer than a fixed deadline τ in M/M/c, and so
    leave unserved: M/M/c+D's steady state, exact on both sides of capacity (the virtual
    wait V has M/M/c's density K·e^{−(cμ−λ)v} below τ and falls as e^{−cμ(v−τ)} above it;
    late = P(V ≥ τ)). With S = 1/B − 1 (B: Erlang B), x = |cμ − λ|, D = e^{−xτ} and
    G = (1 − D)/x: D/(S + cμG + D) below capacity, 1/(S·D + cμG + 1) at or above it."""
    c, lam, mu, tau = (np.asarray(v, dtype=float) for v in (c, lam, mu, tau))
    cmu = c * mu
    b = erlang_b(c, lam / mu)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        s = np.where(b > 0, 1 / b - 1, np.inf)
        x = np.abs(cmu - lam)
        d = np.exp(-x * tau)
        g = np.where(x * tau < 1e-9, tau, -np.expm1(-x * tau) / x)
        late = np.where(lam < cmu, d / (s + cmu * g + d), 1 / (s * d + cmu * g + 1))
    return np.where(lam > 0, late, 0.0)


def departure_scv(ca2: ArrayLike, cs2: ArrayLike, rho: ArrayLike, c: ArrayLike) -> ArrayLike:
    """Squared coefficient of variation of a GI/G/c node's departures (Whitt's QNA):
    1 + (1 − ρ²)(ca² − 1) + ρ²(cs² − 1)/√c. Busy nodes pass on their service's regularity,
    idle ones their arrivals'."""
    rho2 = np.asarray(rho, dtype=float) ** 2
    return 1 + (1 - rho2) * (np.asarray(ca2) - 1) + rho2 * (np.asarray(cs2) - 1) / np.sqrt(c)


def hypoexp_tail(t: ArrayLike, p: ArrayLike, theta: ArrayLike, mu: ArrayLike) -> ArrayLike:
    """P(W + S > t) for S ~ Exp(μ) and W = 0 w.p. 1 − p, else Exp(θ), W independent of S.

    This is the M/M/c sojourn tail with p = C, θ = cμ − λ. NOTES writes it as
    (1 − p)e^{−μt} + p(θe^{−μt} − μe^{−θt})/(θ − μ); the same value is
    e^{−μt} + p·μ·e^{−min(μ,θ)t}·(1 − e^{−|θ−μ|t})/|θ−μ|, which has no cancellation near θ = μ
    and whose θ → μ limit (the last factor → t) gives NOTES' e^{−μt}(1 + p·μt).
    """
    t, p, theta, mu = (np.asarray(v, dtype=float) for v in (t, p, theta, mu))
    gap = np.abs(theta - mu)
    z = gap * t
    tiny = z < 1e-9
    ramp = np.where(tiny, t * (1 - 0.5 * z), -np.expm1(-z) / np.where(tiny, 1.0, gap))
    return np.exp(-mu * t) + p * mu * np.exp(-np.minimum(mu, theta) * t) * ramp


def mmc_mean_sojourn(lam: ArrayLike, mu: ArrayLike, c: ArrayLike) -> ArrayLike:
    """Mean time in an M/M/c node (wait + service), C/θ + 1/μ with θ = cμ − λ (needs λ < cμ)."""
    lam, mu, c = (np.asarray(v, dtype=float) for v in (lam, mu, c))
    return erlang_c(c, lam / mu) / (c * mu - lam) + 1 / mu


def mmc_sojourn_tail(t: ArrayLike, lam: ArrayLike, mu: ArrayLike, c: ArrayLike) -> ArrayLike:
    """P(T > t) for the M/M/c sojourn time T (FCFS, λ < cμ)."""
    lam, mu, c = (np.asarray(v, dtype=float) for v in (lam, mu, c))
    return hypoexp_tail(t, erlang_c(c, lam / mu), c * mu - lam, mu)


def mmc_sojourn_quantile(p: float, lam: float, mu: float, c: float) -> float:
    """The p-quantile of the M/M/c sojourn time, by root-finding on the tail (reference values)."""

    def excess(t: float) -> float:
        return float(mmc_sojourn_tail(t, lam, mu, c)) - (1 - p)

    hi = float(mmc_mean_sojourn(lam, mu, c))
    while excess(hi) > 0:
        hi *= 2
    return float(optimize.brentq(excess, 0.0, hi, xtol=1e-15, rtol=1e-13))


class Step(NamedTuple):
    """What one PSFFA step gives per node."""

    x: np.ndarray       # mean number in system after the step
    rho: np.ndarray     # utilization the step settled on
    erlang: np.ndarray  # C(ρ): probability of waiting at that utilization


class QueueTables:
    """Erlang-C tables per server count c, for many nodes at once.

    Each table samples ρ_j = 1 − e^{−u_j} on the uniform grid u_j = j·du (j = 0..size−1, u up to
    u_max), which packs cells densely towards ρ = 1 where L(ρ) blows up, and stores
    C_j = erlang_c(c, cρ_j) and Lq_j = C_j ρ_j / (1 − ρ_j) (mean number waiting in M/M/c).
    Tables are built the first time a c is seen and appended to one flat array, so the lookup
    for nodes with different c is a single gather at (node's offset + index).
    """

    def __init__(self, size: int = 2048, u_max: float = 25.0) -> None:
        if size < 2 or size & (size - 1):
            raise ValueError("size must be a power of two")  # the binary search halves exactly
        self.size = size
        u = np.arange(size) * (u_max / (size - 1))
        self._du = u[1]
        self._u = u
        self.rho = -np.expm1(-u)  # ρ_j, shared by all tables
        self.rho_max = float(self.rho[-1])
        self._index: dict[int, int] = {}
        # ρ_j + i·Lq_j: one complex gather and multiply gives a·ρ_j + kvar·Lq_j in the search.
        self._tab = np.empty(0, dtype=complex)
        self._erlang = np.empty(0)  # C_j
        self._steps = [1 << k for k in range(size.bit_length() - 2, -1, -1)]
        self._views: list[np.ndarray] = []
        # ρ_j and Lq_j never decreasing in j (true of every table built so far) make each
        # search's left side monotone, so a cell that brackets the right side is its answer.
        self._monotone = bool(np.all(np.diff(self.rho) >= 0))

    def offsets(self, c: np.ndarray) -> np.ndarray:
        """Flat-array offset of each node's table (int array like c); builds missing tables."""
        keys, inverse = np.unique(np.asarray(c), return_inverse=True)
        for k in keys:
            if k < 1 or k != int(k):
                raise ValueError(f"server count must be a positive integer, got {k}")
            if int(k) not in self._index:
                self._add(int(k))
        return np.array([self._index[int(k)] for k in keys], dtype=np.intp)[inverse]

    def _add(self, c: int) -> None:
        cj = erlang_c(c, c * self.rho)
        lq = cj * self.rho * np.exp(self._u)  # 1/(1 − ρ_j) = e^{u_j} exactly
        self._index[c] = self._tab.size
        self._tab = np.concatenate([self._tab, self.rho + 1j * lq])
        self._erlang = np.concatenate([self._erlang, cj])
        self._monotone = self._monotone and bool(np.all(np.diff(lq) >= 0))
        # Views shifted by each search step turn "gather at lo + step" into one take().
        self._views = [self._tab[s:] for s in self._steps]

    def solve(
        self,
        x: np.ndarray,
        lam: np.ndarray,
        c: np.ndarray,
        mu: np.ndarray,
        kvar: np.ndarray,
        dt: float | np.ndarray,
        off: np.ndarray,
        cells: np.ndarray | None = None,
    ) -> Step:
        """One implicit-Euler PSFFA step for every node: (x_new, rho_new, C(rho_new)), each of
        shape (n,). C is interpolated in the cell the search found, as ρ is.

        State x = mean number in system. The stationary relation is L(ρ) = cρ + kvar·Lq_c(ρ)
        (kvar = (ca² + cs²)/2 scales the queue as in Allen–Cunneen; 1 for M/M/c), and the step
        solves L(ρ) + cμ·dt·ρ = x + λ·dt for ρ ∈ [0, ρ_max] (the left side increases strictly):
        a branch-free binary search over table indices, then the exact root of the linear
        interpolant in the bracketing cell. If the right side is beyond the table, ρ = ρ_max.
        x_new = x + (λ − cμρ)·dt, so at a fixed point ρ = λ/(cμ) and x = L(ρ) (Erlang C), while in
        overload x grows by about (λ − cμ)·dt per step; capping it is the caller's job.
        Needs x, λ >= 0 and kvar >= 0; `off` comes from `offsets(c)`; arguments broadcast.
        `cells` (optional, int, one per node, all arguments then of that length) holds each
        node's cell from the last solve: where it still brackets, the search is skipped (the
        result is the same); it is overwritten with this solve's cells.
        """
        served_dt = c * mu * dt
        rhs = x + lam * dt
        w = (c + served_dt) - 1j * kvar  # Re[(ρ + i·Lq)·w] = cρ(1 + μdt) + kvar·Lq
        top = self.size - 2  # stay one cell below the top so lo + 1 is in the table
        # At the top, frac clips to 1 = ρ_max.
        if cells is None or not self._monotone:
            lo = np.minimum(self._search(rhs, w, off), off + top)
            z0, z1, lhs0, lhs1 = self._cell(lo, w)
        else:
            lo = off + cells
            z0, z1, lhs0, lhs1 = self._cell(lo, w)
            kept = (lhs0 <= rhs) & ((cells == top) | (lhs1 > rhs))
            if not kept.all():
                moved = np.flatnonzero(~kept)
                lo[moved] = np.minimum(self._search(rhs[moved], w[moved], off[moved]),
                                       off[moved] + top)
                z0, z1, lhs0, lhs1 = self._cell(lo, w)
            cells[...] = lo - off
        # lhs0 <= rhs by the search, so frac >= 0.
        frac = np.minimum((rhs - lhs0) / (lhs1 - lhs0), 1.0)
        rho = z0.real + frac * (z1.real - z0.real)
        c0 = self._erlang.take(lo)
        return Step(rhs - served_dt * rho, rho, c0 + frac * (self._erlang.take(lo + 1) - c0))

    def _cell(self, lo: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, ...]:
        """Table entries at lo and lo + 1 and the step's left side at both."""
        z0, z1 = self._tab.take(lo), self._tab.take(lo + 1)
        return z0, z1, (z0 * w).real, (z1 * w).real

    def _search(self, rhs: np.ndarray, w: np.ndarray, off: np.ndarray) -> np.ndarray:
        """Largest j with LHS_j <= rhs (j = 0 always qualifies), as a flat table index."""
        lo = np.array(off, dtype=np.intp)
        for step, view in zip(self._steps, self._views, strict=True):
            lo += step * ((view.take(lo) * w).real <= rhs)
        return lo
