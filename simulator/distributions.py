"""Sojourn-time distributions of serving nodes on discrete time grids, many nodes at once.

A node's sojourn T = shift + W + S (seconds): W = 0 with probability 1 − wait_prob, else
Exp(wait_rate) (or, where wait_cv < 1, gamma with mean 1/wait_rate and that cv); S is the
service time (exponential, deterministic or gamma by its cv). A request
whose wait shift + W exceeds the timeout is dropped before service (a server-side deadline), so
the successes are those with shift + W <= timeout. Distributions are pmfs on grids
t_k = k·h (k = 0..n−1), one row per node, so the engine can rfft whole batches to add
(product) or mix (weighted sum) them.

Discretization: point k gets E[hat_k(X)], the triangle of half-width h centred on t_k. This keeps
the mean exactly and is the second difference of the stop-loss transform D(t) = E[(X − t)+],
which is analytic for every distribution used here. Read back, point k stands for the cell
[t_k − h/2, t_k + h/2], which makes the CDF (and so the quantiles) second-order accurate in h.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy import special

FloatArray = np.ndarray


@dataclass
class Sojourns:
    """Per-node sojourn parameters (struct of arrays, shape (n,); scalars broadcast).

    wait_prob: P(W > 0), Erlang C (0 for an idle node).
    wait_rate: rate of W given W > 0, θ/kvar with θ = cμ − λ (1/s); > 0 wherever wait_prob > 0
        (np.inf means no wait).
    wait_shift: deterministic delay added to everyone, e.g. an overload backlog (x − c)/(cμ).
    service_mean: 1/μ (s), > 0.
    service_cv: 1 = exponential, 0 = deterministic, otherwise gamma with that cv.
    timeout: the longest wait (shift + W) a request survives (np.inf = none).
    wait_cv: cv of W given W > 0: 1 = exponential (stationary), < 1 = gamma (a queue whose
        length is known better than stationary, e.g. in overload).
    """

    wait_prob: FloatArray
    wait_rate: FloatArray
    wait_shift: FloatArray
    service_mean: FloatArray
    service_cv: FloatArray
    timeout: FloatArray
    wait_cv: FloatArray | float = 1.0

    def __post_init__(self) -> None:
        values = [getattr(self, k) for k in FIELDS]
        # The engine passes fresh (or read-only) equal 1-d float arrays every tick: taken as
        # they are, since nothing writes into a Sojourns' arrays. (One shape of length one
        # for all means all are arrays: numpy scalars have shape ().)
        try:
            if len({(v.shape, v.dtype) for v in values}) == 1 and values[0].ndim == 1 \
                    and values[0].dtype == np.float64:
                return
        except AttributeError:  # a Python scalar
            pass
        values = np.broadcast_arrays(*(np.atleast_1d(v) for v in values))
        for name, value in zip(FIELDS, values, strict=True):
            setattr(self, name, np.array(value, dtype=float))

    def __len__(self) -> int:
        return self.wait_prob.size


FIELDS = tuple(f.name for f in fields(Sojourns))


def _rows(h: float | FloatArray, rows: int) -> FloatArray:
    """Grid step per row, shape (rows,)."""
    return np.broadcast_to(np.asarray(h, dtype=float), (rows,))


def _wait_params(s: Sojourns) -> tuple[FloatArray, FloatArray]:
    """(probability, rate) of the exponential wait with no-wait rows made harmless."""
    waits = (s.wait_prob > 0) & (s.wait_rate < np.inf)
    return np.where(waits, s.wait_prob, 0.0), np.where(waits, s.wait_rate, 1.0)


def _gamma_shape_scale(service_mean: FloatArray, cv: FloatArray) -> tuple[FloatArray, FloatArray]:
    return 1 / cv**2, service_mean * cv**2


def _pmf_from_cell_survival(cell: FloatArray) -> FloatArray:
    """Hat-function pmf (rows, n) from s_k = (D(t_k) − D(t_{k+1}))/h, k = 0..n−2.

    s_k is the survival averaged over cell k and p_k = s_{k−1} − s_k with s_{−1} = 1 and
    s_{n−1} = 0, so the last point also collects all mass beyond the grid.
    """
    rows, cells = cell.shape
    p = np.empty((rows, cells + 1))
    p[:, 0] = 1 - cell[:, 0]
    np.subtract(cell[:, :-1], cell[:, 1:], out=p[:, 1:-1])
    p[:, -1] = cell[:, -1]
    return np.maximum(p, 0.0, out=p)  # clears rounding noise only


def _exp_sum_pmf(terms: list[tuple[FloatArray, FloatArray]], h: FloatArray, n: int) -> FloatArray:
    """pmf of X with D(t) = Σ coef·e^{−rate·t} over the (coef, rate) terms: cells are geometric."""
    cell = None
    for coef, rate in terms:
        term = np.outer(-rate * h, np.arange(n - 1))
        np.exp(term, out=term)
        term *= (coef * -np.expm1(-rate * h) / h)[:, None]
        cell = term if cell is None else np.add(cell, term, out=cell)
    return _pmf_from_cell_survival(cell)


def _hypoexp_pmf(p: FloatArray, r: FloatArray, mu: FloatArray, h: FloatArray, n: int) -> FloatArray:
    """pmf of W + S with S ~ Exp(μ), W = 0 w.p. 1 − p else Exp(r), without any convolution.

    D(t) = (1 − p)e^{−μt}/μ + p(r²e^{−μt} − μ²e^{−rt})/(rμ(r − μ)). Its two coefficients blow
    up with opposite signs as r → μ, so there r drops to μ(1 − 1e−6), bounding the cancellation
    to ~1e−10, and p drops with it: the mean wait p/r stays exact.
    """
    close = np.abs(r - mu) < 1e-6 * mu
    nudged = mu * (1 - 1e-6)
    p = np.where(close, p * nudged / r, p)
    r = np.where(close, nudged, r)
    gap = r - mu
    terms = [((1 - p) / mu + p * r / (mu * gap), mu), (-p * mu / (r * gap), r)]
    return _exp_sum_pmf(terms, h, n)


def _gamma_pmf(service_mean: FloatArray, cv: FloatArray, h: FloatArray, n: int) -> FloatArray:
    # D(t) = E[(S − t)+] = mean·Q(k + 1, z) − t·Q(k, z) with z = t/θ, and
    # Q(k + 1, z) = Q(k, z) + z^k e^{−z}/Γ(k + 1) saves the slow second incomplete gamma.
    m = service_mean[:, None]
    k, th = _gamma_shape_scale(m, cv[:, None])
    t = h[:, None] * np.arange(n)
    z = t / th
    poisson = np.exp(special.xlogy(k, z) - z - special.gammaln(k + 1))
    d = (m - t) * special.gammaincc(k, z) + m * poisson
    return _pmf_from_cell_survival((d[:, :-1] - d[:, 1:]) / h[:, None])


def _convolve(a: FloatArray, b: FloatArray) -> FloatArray:
    """Row-wise distribution of the sum, mass past the grid end on the last point."""
    n = a.shape[1]
    # Zero padding to 2n makes the circular convolution linear.
    full = np.fft.irfft(np.fft.rfft(a, 2 * n) * np.fft.rfft(b, 2 * n), 2 * n)
    p = full[:, :n]
    p[:, -1] += full[:, n:].sum(axis=1)
    return np.maximum(p, 0.0, out=p)  # FFT rounding can dip below zero


def _delay(p: FloatArray, steps: FloatArray) -> FloatArray:
    """Rows delayed by steps (>= 0) grid points, i.e. convolved with a split point mass.

    The point mass is split linearly between its two neighbouring points (mean-preserving);
    mass pushed past the grid end stays on the last point.
    """
    n = p.shape[1]
    whole = np.minimum(np.floor(steps), n).astype(np.intp)[:, None]
    frac = (steps - np.floor(steps))[:, None]
    src = np.arange(n) - whole  # point k receives from k − whole and k − whole − 1
    out = (1 - frac) * np.where(src >= 0, np.take_along_axis(p, np.maximum(src, 0), 1), 0.0)
    out += frac * np.where(src >= 1, np.take_along_axis(p, np.maximum(src - 1, 0), 1), 0.0)
    out[:, -1] += p.sum(axis=1) - out.sum(axis=1)
    return out


def pmf_on_grid(s: Sojourns, h: float | FloatArray, n: int) -> FloatArray:
    """Sojourn pmfs of successful requests, shape (len(s), n): row i on the grid k·h_i.

    h is one step for all rows (a shared grid, e.g. for end-to-end sums) or one per row.
    Exponential service is discretized in closed form; otherwise the wait pmf is convolved
    (FFT) with the gamma service pmf, or delayed by a deterministic service. The shift is a
    delay too. Rows where the timeout drops requests take the general path: the wait pmf is cut
    at the timeout and renormalized, then convolved with the service. Mass beyond the grid is on
    the last point, so choose n·h past `upper_time`.
    """
    hr = _rows(h, len(s))
    p_wait, rate = _wait_params(s)
    service_mean, cv = s.service_mean, s.service_cv
    cut = success_fraction(s) < 1 - 1e-12
    gw = _gamma_waits(s, p_wait)
    exp = (cv == 1) & ~cut & ~gw
    if exp.all():  # the usual batch: no row copies
        p = _hypoexp_pmf(p_wait, rate, 1 / service_mean, hr, n)
    else:
        p = _exp_sum_pmf([(p_wait / rate, rate)], hr, n)  # the wait alone
        if gw.any():
            p[gw] = _gamma_wait_pmf(p_wait[gw], rate[gw], s.wait_cv[gw], hr[gw], n)
        if exp.any():
            p[exp] = _hypoexp_pmf(p_wait[exp], rate[exp], 1 / service_mean[exp], hr[exp], n)
        if cut.any():
            p[cut] = _cut_wait(p[cut], s.wait_shift[cut], s.timeout[cut], hr[cut])
        gam = ~exp & (cv != 0) & (cv != 1)
        if gam.any():
            p[gam] = _convolve(p[gam], _gamma_pmf(service_mean[gam], cv[gam], hr[gam], n))
        expo = (cut | gw) & (cv == 1)
        if expo.any():
            service = _exp_sum_pmf([(service_mean[expo], 1 / service_mean[expo])], hr[expo], n)
            p[expo] = _convolve(p[expo], service)
    delay = np.where(cut, 0.0, s.wait_shift) + np.where(cv == 0, service_mean, 0.0)
    late = delay > 0
    if late.any():
        p[late] = _delay(p[late], delay[late] / hr[late])
    np.maximum(p, 0.0, out=p)  # the delay's end-of-grid bookkeeping can leave −1e-16
    p /= p.sum(axis=1, keepdims=True)
    return p


def _gamma_waits(s: Sojourns, p_wait: FloatArray) -> np.ndarray:
    """Rows whose wait is gamma (wait_cv < 1) rather than exponential."""
    return (s.wait_cv < 1) & (p_wait > 0)


def _gamma_wait_pmf(p: FloatArray, rate: FloatArray, wait_cv: FloatArray, h: FloatArray,
                    n: int) -> FloatArray:
    """pmf of W = 0 w.p. 1 − p, else gamma with mean 1/rate and cv wait_cv (> 0)."""
    g = _gamma_pmf(1 / rate, np.maximum(wait_cv, 1e-3), h, n)
    g *= p[:, None]
    g[:, 0] += 1 - p
    return g


def _cut_wait(wait: FloatArray, shift: FloatArray, timeout: FloatArray, h: FloatArray,
              ) -> FloatArray:
    """The wait pmfs (shift included) of the requests whose wait stays within the timeout."""
    n = wait.shape[1]
    shifted = _delay(wait, shift / h)
    # Keep the part of each point's cell [t_k − h/2, t_k + h/2] below the timeout.
    kept = shifted * np.clip(timeout[:, None] / h[:, None] + 0.5 - np.arange(n), 0.0, 1.0)
    empty = kept.sum(axis=1, keepdims=True) <= 0
    return np.where(empty, shifted, kept) / np.where(empty, 1.0, kept.sum(axis=1, keepdims=True))


def point_mass_pmf(d: float, h: float, n: int) -> FloatArray:
    """A fixed delay d >= 0 as a pmf of shape (n,): split linearly between its two neighbours."""
    origin = np.zeros((1, n))
    origin[0, 0] = 1.0
    return _delay(origin, np.array([d / h]))[0]


def mean(pmf: FloatArray, h: float | FloatArray) -> FloatArray:
    """Mean of each pmf row (or of a 1-D pmf), same time unit as h."""
    return (pmf @ np.arange(pmf.shape[-1])) * h


def quantiles(
    pmf: FloatArray, h: float | FloatArray, levels: tuple[float, ...] = (0.5, 0.95, 0.99)
) -> FloatArray:
    """Quantiles per row, shape (rows, len(levels)) (or (len(levels),) for a 1-D pmf).

    The CDF is linear between knots (0, 0) and (t_k + h/2, P(X <= t_k)).
    """
    p2 = np.atleast_2d(pmf)
    rows, n = p2.shape
    lv = np.asarray(levels, dtype=float)
    cdf = np.zeros((rows, n + 1))
    np.cumsum(p2, axis=1, out=cdf[:, 1:])
    # One searchsorted for all rows: lifting row r by 2r makes the flattened CDFs sorted.
    lift = 2.0 * np.arange(rows)[:, None]
    cdf += lift
    target = lv + lift
    pos = np.searchsorted(cdf.ravel(), target.ravel()).reshape(rows, lv.size)
    i = np.clip(pos - (n + 1) * np.arange(rows)[:, None], 1, n)
    f0 = np.take_along_axis(cdf, i - 1, axis=1)
    f1 = np.take_along_axis(cdf, i, axis=1)
    frac = np.clip((target - f0) / np.maximum(f1 - f0, 1e-300), 0.0, 1.0)
    t0 = np.maximum(i - 1.5, 0.0)  # knot i sits at (i − 1/2)·h, knot 0 at 0
    q = (t0 + frac * (i - 0.5 - t0)) * _rows(h, rows)[:, None]
    return q if np.ndim(pmf) == 2 else q[0]


def success_fraction(s: Sojourns) -> FloatArray:
    """P(shift + W <= timeout): the share not dropped for waiting too long, shape (len(s),)."""
    p, r = _wait_params(s)
    slack = s.timeout - s.wait_shift  # shifts are finite: no inf − inf
    late = p * np.exp(-r * np.maximum(slack, 0.0))
    gw = _gamma_waits(s, p) & np.isfinite(s.timeout)
    if gw.any():
        k, th = _gamma_shape_scale(1 / r[gw], np.maximum(s.wait_cv[gw], 1e-3))
        late[gw] = p[gw] * special.gammaincc(k, np.maximum(slack[gw], 0.0) / th)
    return np.where(np.isinf(s.timeout), 1.0, np.where(slack < 0, 0.0, 1.0 - late))


def upper_time(s: Sojourns, q: float = 0.9995) -> FloatArray:
    """Cheap upper bound of the q-quantile of each successful sojourn, shape (len(s),).

    Splits the tail budget: P(W > a) <= (1−q)/2 and P(S > b) <= (1−q)/2 give
    P(W + S > a + b) <= 1 − q; the wait is capped at the timeout (successes never wait longer).
    """
    eps = (1 - q) / 2
    p, r = _wait_params(s)
    wait = np.log(np.maximum(p / eps, 1.0)) / r
    gw = _gamma_waits(s, p)
    if gw.any():
        k, th = _gamma_shape_scale(1 / r[gw], np.maximum(s.wait_cv[gw], 1e-3))
        wait[gw] = special.gammainccinv(k, np.minimum(eps / p[gw], 1.0)) * th
    cv = s.service_cv
    service = np.where(cv == 1, -np.log(eps), 1.0) * s.service_mean  # exponential or fixed
    gam = (cv != 0) & (cv != 1)
    if gam.any():
        k, th = _gamma_shape_scale(s.service_mean[gam], cv[gam])
        service[gam] = special.gammainccinv(k, eps) * th
    return np.minimum(s.wait_shift + wait, s.timeout) + service


def node_stats(
    s: Sojourns, levels: tuple[float, ...] = (0.5, 0.95, 0.99), n: int = 1024
) -> dict[str, FloatArray]:
    """Mean and percentiles (seconds) of every node's successful sojourns, in one batch.

    Each node gets its own grid reaching one step past a 1 − 1e−6 upper time, so the mean lost
    to the grid end is negligible and the timeout (if earlier) lies inside the grid.
    Keys: "mean" and "p50", "p95", "p99" (f"p{100·level:g}").
    """
    h = upper_time(s, 1 - 1e-6) / (n - 2)
    pmf = pmf_on_grid(s, h, n)
    stats = {"mean": mean(pmf, h)}
    q = quantiles(pmf, h, levels)
    for j, level in enumerate(levels):
        stats[f"p{100 * level:g}"] = q[:, j]
    return stats
