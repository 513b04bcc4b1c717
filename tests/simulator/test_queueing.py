"""M/M/c formulas and the PSFFA node update (simulator.queueing) against closed forms."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.distributions import Sojourns, node_stats
from simulator.queueing import (
    QueueTables,
    deadline_late_share,
    erlang_b,
    erlang_c,
    hypoexp_tail,
    mmc_mean_sojourn,
    mmc_sojourn_quantile,
    mmc_sojourn_tail,
)

DT = 0.1


def erlang_c_by_recursion(c: int, a: float) -> float:
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b / (1 - a / c * (1 - b))


def stationary_l(c: float, rho: float, kvar: float = 1.0) -> float:
    return c * rho + kvar * float(erlang_c(c, c * rho)) * rho / (1 - rho)


def settle(tables: QueueTables, lam, c, mu, kvar, steps: int = 500):
    lam, c, mu, kvar = np.broadcast_arrays(
        *(np.atleast_1d(np.asarray(v, float)) for v in (lam, c, mu, kvar))
    )
    off = tables.offsets(c)
    x = np.zeros(lam.size)
    for _ in range(steps):
        x, rho, erlang = tables.solve(x, lam, c, mu, kvar, DT, off)
    return x, rho, erlang


def test_erlang_c_matches_the_erlang_b_recursion_for_up_to_fifty_servers():
    for c in range(1, 51):
        for rho in (0.01, 0.3, 0.7, 0.9, 0.99, 0.999):
            assert erlang_c(c, c * rho) == pytest.approx(
                erlang_c_by_recursion(c, c * rho), rel=1e-10
            )


def test_erlang_c_is_finite_and_strictly_between_zero_and_one_for_a_hundred_thousand_servers():
    value = float(erlang_c(1e5, 0.99e5))
    assert 0 < value < 1
    assert value == pytest.approx(erlang_c_by_recursion(100_000, 0.99e5), rel=1e-8)


def test_erlang_b_stays_finite_when_the_load_dwarfs_the_servers():
    # (a surge of 10⁹ req/s into four servers: the Poisson cdf underflowed, B was inf)
    for a in (1e3, 1e6, 3.3e6):
        b = 1.0
        for k in range(1, 5):
            b = a * b / (k + a * b)
        assert float(erlang_b(4, a)) == pytest.approx(b, rel=1e-12)
    assert np.all(np.isfinite(erlang_b(np.array([4.0, 8.0]), np.array([1e4, 5.0]))))


def test_the_deadline_late_share_meets_its_limits_and_is_continuous_at_capacity():
    c, mu = 4.0, 100.0
    # No deadline: none late below capacity, the fluid's excess above it.
    assert float(deadline_late_share(c, 390.0, mu, 1e9)) == 0.0
    assert float(deadline_late_share(c, 800.0, mu, 1e9)) == pytest.approx(0.5, rel=1e-9)
    # A zero deadline: everyone who would wait at all is late, Erlang B's share.
    assert float(deadline_late_share(c, 390.0, mu, 0.0)) == pytest.approx(
        float(erlang_b(c, 3.9)), rel=1e-9)
    below, at, above = (float(deadline_late_share(c, lam, mu, 0.05))
                        for lam in (400 * (1 - 1e-9), 400.0, 400 * (1 + 1e-9)))
    assert below == pytest.approx(at, rel=1e-6) and above == pytest.approx(at, rel=1e-6)
    assert float(deadline_late_share(c, 0.0, mu, 0.05)) == 0.0


def test_erlang_c_is_zero_without_load_and_vectorizes():
    assert erlang_c(4, 0.0) == 0
    values = erlang_c(np.array([1, 2, 4]), np.array([0.5, 1.0, 2.0]))
    assert values.shape == (3,)
    assert values[0] == pytest.approx(0.5)  # M/M/1: C = ρ


def test_mm1_matches_the_notes_reference_values():
    assert mmc_mean_sojourn(800, 1000, 1) * 1e3 == pytest.approx(5.0, abs=1e-9)
    assert mmc_sojourn_quantile(0.99, 800, 1000, 1) * 1e3 == pytest.approx(23.03, abs=0.005)


def test_mm4_at_theta_equal_to_mu_matches_the_notes_reference_values():
    assert mmc_mean_sojourn(3000, 1000, 4) * 1e3 == pytest.approx(1.509, abs=5e-4)
    assert mmc_sojourn_quantile(0.99, 3000, 1000, 4) * 1e3 == pytest.approx(6.006, abs=5e-4)


def test_sojourn_tail_is_continuous_through_theta_equal_to_mu():
    t = np.linspace(0, 0.02, 41)
    c_prob = float(erlang_c(4, 3.0))
    limit = np.exp(-1000 * t) * (1 + c_prob * 1000 * t)  # NOTES' θ = μ form
    for theta in (1000.0, 1000 * (1 + 1e-12), 1000 * (1 - 1e-9), 1000 * (1 + 1e-6)):
        np.testing.assert_allclose(hypoexp_tail(t, c_prob, theta, 1000.0), limit, rtol=1e-5)


def test_sojourn_tail_equals_the_notes_formula_away_from_theta_equal_to_mu():
    t = np.linspace(0, 0.05, 51)
    lam, mu, c = 3500.0, 1000.0, 4
    c_prob, theta = float(erlang_c(c, lam / mu)), c * mu - lam
    notes = (1 - c_prob) * np.exp(-mu * t) + c_prob * (
        theta * np.exp(-mu * t) - mu * np.exp(-theta * t)
    ) / (theta - mu)
    np.testing.assert_allclose(mmc_sojourn_tail(t, lam, mu, c), notes, rtol=1e-12)


def test_sojourn_quantile_inverts_the_tail():
    for p in (0.5, 0.9, 0.999):
        t = mmc_sojourn_quantile(p, 12_000, 1000, 16)
        assert mmc_sojourn_tail(t, 12_000, 1000, 16) == pytest.approx(1 - p, rel=1e-9)


@pytest.mark.parametrize("rho", [0.3, 0.7, 0.9, 0.95])
@pytest.mark.parametrize("c", [1, 4, 16])
def test_psffa_settles_on_erlang_c_and_its_sojourns_match_mmc(c, rho):
    tables, mu = QueueTables(), 1000.0
    lam = rho * c * mu
    x, rho_new, erlang = settle(tables, lam, c, mu, 1.0)
    assert x[0] == pytest.approx(stationary_l(c, rho), rel=0.01)
    assert rho_new[0] == pytest.approx(rho, rel=1e-6)
    theta = c * mu * (1 - rho_new)
    s = Sojourns(erlang, theta, 0.0, 1 / mu, 1.0, np.inf)
    stats = node_stats(s)
    assert stats["mean"][0] == pytest.approx(mmc_mean_sojourn(lam, mu, c), rel=0.01)
    for key, p in (("p50", 0.5), ("p95", 0.95), ("p99", 0.99)):
        assert stats[key][0] == pytest.approx(mmc_sojourn_quantile(p, lam, mu, c), rel=0.01)


def test_psffa_with_allen_cunneen_scaling_settles_on_pollaczek_khinchine_for_md1():
    rho, mu = 0.8, 1000.0
    x, _, _ = settle(QueueTables(), rho * mu, 1, mu, 0.5)  # kvar = (1 + 0)/2
    assert x[0] == pytest.approx(rho + rho**2 / (2 * (1 - rho)), rel=0.01)


def test_overload_grows_the_backlog_by_the_excess_rate_with_servers_saturated():
    tables = QueueTables()
    c, mu = np.array([1.0, 4.0, 32.0]), 1000.0
    lam = 1.5 * c * mu
    x0 = 1000 * c  # an existing backlog
    x, rho, _ = tables.solve(x0, lam, c, mu, 1.0, DT, tables.offsets(c))
    np.testing.assert_allclose(x - x0, (lam - c * mu) * DT, rtol=0.01)
    assert np.all(rho > 0.99) and np.all(rho <= 1)


def test_overload_beyond_the_table_pins_rho_at_its_top():
    tables = QueueTables()
    x, rho, _ = tables.solve(
        np.array([1e12]), np.array([2000.0]), 1.0, 1000.0, 1.0, DT, tables.offsets([1])
    )
    assert rho[0] == tables.rho_max
    assert x[0] == pytest.approx(1e12 + (2000 - 1000 * tables.rho_max) * DT)


def test_queue_needs_time_to_build_just_below_capacity():
    tables, mu = QueueTables(), 1000.0
    lam = 0.99 * mu
    target = stationary_l(1, 0.99)
    off = tables.offsets([1])
    x, history = np.zeros(1), []
    for _ in range(3000):
        x, _, _ = tables.solve(x, lam, 1.0, mu, 1.0, DT, off)
        history.append(x[0])
    assert history[9] < 0.5 * target  # after 1 s
    assert np.all(np.diff(history) > 0) and history[-1] < target * 1.001
    assert history[-1] == pytest.approx(target, rel=0.01)


def test_solving_a_mixed_batch_equals_solving_each_node_alone():
    rng = np.random.default_rng(7)
    n = 64
    c = rng.choice([1, 2, 3, 8, 50, 1000], n).astype(float)
    mu = rng.uniform(50, 5000, n)
    lam = rng.uniform(0, 1.3, n) * c * mu
    kvar = rng.uniform(0.2, 2, n)
    x = rng.uniform(0, 3, n) * c
    batch = QueueTables()
    x_all, rho_all, _ = batch.solve(x, lam, c, mu, kvar, DT, batch.offsets(c))
    for i in range(n):
        alone = QueueTables()
        xi, rhoi, _ = alone.solve(
            x[i : i + 1], lam[i], c[i], mu[i], kvar[i], DT, alone.offsets(c[i : i + 1])
        )
        assert x_all[i] == pytest.approx(xi[0], rel=1e-12, abs=1e-12)
        assert rho_all[i] == pytest.approx(rhoi[0], rel=1e-12, abs=1e-15)


def test_the_step_gives_erlang_c_at_the_load_it_settles_on():
    c = np.array([1, 4, 16, 200, 4, 1])
    rho = np.array([0.5, 0.75, 0.9, 0.97, 0.999, 0.0])
    _, rho_new, erlang = settle(QueueTables(), c * rho * 1000.0, c, 1000.0, 1.0, steps=30_000)
    np.testing.assert_allclose(rho_new, rho, rtol=1e-6)
    np.testing.assert_allclose(erlang, erlang_c(c, c * rho_new), rtol=1e-4)


def test_offsets_reuse_built_tables_and_reject_non_integer_servers():
    tables = QueueTables()
    first = tables.offsets(np.array([4, 1, 4]))
    assert first[0] == first[2] != first[1]
    np.testing.assert_array_equal(tables.offsets(np.array([1, 4])), first[[1, 0]])
    with pytest.raises(ValueError):
        tables.offsets(np.array([2.5]))


# Nodes for `QueueTables.solve`: (x, λ, c, μ, kvar, a guessed table cell).
SOLVE_NODES = st.lists(
    st.tuples(
        st.floats(0, 1e6),  # x
        st.floats(0, 1e7),  # λ
        st.integers(1, 5000),  # c
        st.floats(1e-2, 1e5),  # μ
        st.floats(0, 10),  # kvar
        st.integers(0, 2046),  # guessed cell
    ),
    min_size=1,
    max_size=20,
)


@settings(max_examples=60, deadline=None)
@given(SOLVE_NODES, st.floats(1e-3, 10))
def test_solve_never_yields_nan_negative_backlog_or_rho_outside_its_range(nodes, dt):
    x, lam, c, mu, kvar = (np.array(col, dtype=float)
                           for col in list(zip(*nodes, strict=True))[:5])
    tables = QueueTables()
    x_new, rho, erlang = tables.solve(x, lam, c, mu, kvar, dt, tables.offsets(c))
    assert np.all(np.isfinite(x_new)) and np.all(np.isfinite(rho))
    assert np.all(rho >= 0) and np.all(rho <= tables.rho_max)
    assert np.all(x_new >= -1e-9 * (x + lam * dt) - 1e-300)  # (denormals round as they may)
    assert np.all(erlang >= 0) and np.all(erlang <= 1)


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 10**6), st.floats(0, 0.9999))
def test_erlang_c_is_a_probability(c, rho):
    value = float(erlang_c(c, c * rho))
    assert 0 <= value <= 1


@settings(max_examples=60, deadline=None)
@given(SOLVE_NODES, st.floats(1e-3, 10))
def test_solve_from_guessed_cells_gives_the_same_bits_as_the_full_search(nodes, dt):
    x, lam, c, mu, kvar = (np.array(col, dtype=float) for col in list(zip(*nodes, strict=True))[:5])
    guess = np.array([node[5] for node in nodes], dtype=np.intp)
    tables = QueueTables()
    off = tables.offsets(c)
    searched = tables.solve(x, lam, c, mu, kvar, dt, off)
    cells = guess.copy()  # mostly wrong guesses: searched again
    guessed = tables.solve(x, lam, c, mu, kvar, dt, off, cells)
    again = cells.copy()  # this solve's cells: all kept
    kept = tables.solve(x, lam, c, mu, kvar, dt, off, again)
    np.testing.assert_array_equal(again, cells)
    for a, b, k in zip(searched, guessed, kept, strict=True):
        assert a.tobytes() == b.tobytes() == k.tobytes()
