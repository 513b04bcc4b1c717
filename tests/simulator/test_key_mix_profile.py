"""A mixture of key popularities is a probability law and stays cheap at a billion keys."""

import pytest
from scipy.special import zeta

from simulator.caching import mixture_profile, zipf_profile


def test_a_mixture_sums_to_one_over_the_biggest_key_space_in_few_buckets() -> None:
    profile = mixture_profile(((0.2, 500, 1.3), (0.5, 10**6, 1.0), (0.3, 10**9, 0.7)))
    assert profile.mass.sum() == pytest.approx(1.0, abs=1e-12)
    assert profile.key_space == 10**9
    # The exact head (1,024 ranks) and ~350 geometric bins, plus one edge per smaller key space.
    assert len(profile.counts) < 1_500
    assert len(profile.counts) <= len(zipf_profile(10**9, 0.7).counts) + 1


def test_keys_beyond_a_clients_key_space_get_none_of_its_reads() -> None:
    profile = mixture_profile(((0.25, 10**6, 1.0), (0.75, 10**9, 1.2)))
    beyond = profile.mass[profile.counts.cumsum() > 10**6].sum()
    # Only the billion-key client reads ranks past 10^6: its Zipf tail, from Hurwitz zeta.
    whole = zeta(1.2, 1) - zeta(1.2, 10**9 + 1)
    assert beyond == pytest.approx(0.75 * (zeta(1.2, 10**6 + 1) - zeta(1.2, 10**9 + 1)) / whole,
                                   rel=1e-6)


def test_one_client_is_exactly_its_own_zipf_profile() -> None:
    assert mixture_profile(((1.0, 10**6, 1.0),)) is zipf_profile(10**6, 1.0)
