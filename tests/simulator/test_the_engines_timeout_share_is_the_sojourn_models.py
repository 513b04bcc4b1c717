"""The engine's per-tick share of requests served within their timeout is exactly what the
sojourn model (``distributions.success_fraction``) says for its exponential waits: the shortcut
the tick takes changes no bit."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from simulator.distributions import Sojourns, success_fraction
from simulator.engine import _on_time

N = 16
floats = st.floats(0.0, 1e6, allow_nan=False)
positive = st.floats(1e-9, 1e9, allow_nan=False)


@settings(deadline=None)  # (a shared machine: no per-example time limit)
@given(erlang=arrays(float, N, elements=st.floats(0.0, 1.0)),
       rate=arrays(float, N, elements=positive | st.just(np.inf)),
       backlog=arrays(float, N, elements=floats),
       timeout=arrays(float, N, elements=st.floats(0.0, 1e9)),
       overloaded=arrays(bool, N))
def test_the_timeout_share_matches_the_sojourn_model_bit_for_bit(erlang, rate, backlog, timeout,
                                                                   overloaded):
    model = success_fraction(Sojourns(
        np.where(overloaded, 0.0, erlang), rate, np.where(overloaded, backlog, 0.0),
        np.ones(N), np.ones(N), timeout, np.ones(N)))
    np.testing.assert_array_equal(_on_time(erlang, rate, backlog, timeout, overloaded), model)


def test_a_wait_far_beyond_the_timeout_counts_as_never_late():
    # e^{−rt} underflows here; the share is 1 exactly, as 1 − C·0 is.
    share = _on_time(np.array([0.9]), np.array([5e3]), np.zeros(1), np.array([30.0]),
                     np.zeros(1, bool))
    assert share[0] == 1.0
