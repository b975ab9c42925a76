"""The five divergences /compare shows, for one pair and along a sweep."""

import math

import numpy as np
import pytest

from kl_core import (
    Normal,
    Uniform,
    hellinger_distance,
    js_divergence,
    kl_divergence,
    total_variation,
)
from pages.compare.model import divergence_profile, profile_sweep


@pytest.mark.parametrize("base", [math.e, 2])
def test_profile_is_the_five_kl_core_values(base):
    p, q = Normal(0, 1), Normal(1, 2)
    profile = divergence_profile(p, q, base=base)
    assert profile.kl_pq == kl_divergence(p, q, base=base)
    assert profile.kl_qp == kl_divergence(q, p, base=base)
    assert profile.js == js_divergence(p, q, base=base)
    assert profile.hellinger == hellinger_distance(p, q)
    assert profile.tv == total_variation(p, q)
    assert profile.base == base


def test_disjoint_supports():
    profile = divergence_profile(Uniform(0, 1), Uniform(2, 3), base=2)
    assert profile.kl_pq == math.inf and profile.kl_qp == math.inf
    assert profile.js == pytest.approx(1.0)  # ln 2 nats = 1 bit
    assert profile.tv == pytest.approx(1.0)
    assert profile.hellinger == pytest.approx(1.0)


def test_profile_of_vectors():
    profile = divergence_profile([0.5, 0.5, 0.0], [0.0, 0.5, 0.5])
    assert profile.kl_pq == math.inf
    assert profile.tv == pytest.approx(0.5)


def test_sweep_kl_grows_without_bound_while_the_others_level_off():
    shifts = np.linspace(0, 12, 13)
    p = Normal(0, 1)
    sweep = profile_sweep(p, lambda s: Normal(s, 1), shifts)
    np.testing.assert_array_equal(sweep.values, shifts)
    np.testing.assert_allclose(sweep.kl_pq, shifts**2 / 2, rtol=1e-9, atol=1e-12)
    assert np.all(np.diff(sweep.js) > 0) and sweep.js[-1] == pytest.approx(math.log(2), abs=1e-6)
    assert sweep.tv[-1] == pytest.approx(1.0, abs=1e-6)
    assert sweep.hellinger[-1] == pytest.approx(1.0, abs=1e-6)
    assert sweep.tv[5] == total_variation(p, Normal(5, 1))


def test_sweep_leaves_out_values_without_a_valid_q():
    sweep = profile_sweep(Uniform(0, 1), lambda low: Uniform(low, 1.5), [-1.0, 0.0, 1.0, 2.0])
    np.testing.assert_array_equal(sweep.values, [-1.0, 0.0, 1.0])
    assert sweep.kl_pq[-1] == math.inf and np.isfinite(sweep.kl_pq[:2]).all()
    with pytest.raises(ValueError, match="No swept value"):
        profile_sweep(Uniform(0, 1), lambda low: Uniform(low, 1.5), [2.0, 3.0])
