"""Forward and reverse KL fits of one Normal to a Gaussian mixture."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kl_core import GaussianMixture, Normal, StudentT, kl_divergence
from pages.limitations.fitting import FORWARD, REVERSE, fit_forward, fit_reverse

FAR = GaussianMixture([0.5, 0.5], [-4.0, 4.0], [1.0, 1.0])


@settings(max_examples=15, deadline=None)
@given(
    w=st.floats(0.1, 0.9),
    gap=st.floats(0.0, 8.0),
    s1=st.floats(0.3, 2.0),
    s2=st.floats(0.3, 2.0),
    centre=st.floats(-3.0, 3.0),
)
def test_forward_fit_is_moment_matching(w, gap, s1, s2, centre):
    p = GaussianMixture([w, 1 - w], [centre - gap / 2, centre + gap / 2], [s1, s2])
    fit = fit_forward(p)
    assert fit.direction == FORWARD
    assert fit.mu == pytest.approx(p.mean, abs=1e-6)
    assert fit.sigma == pytest.approx(math.sqrt(p.variance), abs=1e-6)


def test_fits_of_a_mixture_that_is_one_normal_return_that_normal():
    p = GaussianMixture([0.3, 0.7], [1.0, 1.0], [2.0, 2.0])
    for fit in (fit_forward(p, start=Normal(0.0, 1.0)), fit_reverse(p)):
        assert (fit.mu, fit.sigma) == pytest.approx((1.0, 2.0), abs=1e-6)
        assert fit.kl == pytest.approx(0.0, abs=1e-9)


def test_forward_fit_reports_kl_of_its_normal_and_its_path():
    fit = fit_forward(FAR)
    assert fit.kl == pytest.approx(kl_divergence(FAR, fit.normal), abs=1e-12)
    start_mu, start_sigma, start_kl = fit.path[0]
    assert (start_mu, start_sigma) == (-4.0, 1.0)  # heaviest component; ties: the first
    assert start_kl == pytest.approx(kl_divergence(FAR, Normal(-4.0, 1.0)))
    assert tuple(fit.path[-1]) == pytest.approx((fit.mu, fit.sigma, fit.kl))
    assert np.all(np.diff(fit.path[:, 2]) <= 1e-12)
    assert fit.evaluations < 60


@pytest.mark.parametrize("fit, kl", [(fit_forward, lambda p, q: kl_divergence(p, q)),
                                     (fit_reverse, lambda p, q: kl_divergence(q, p))])
@pytest.mark.parametrize("p", [FAR, GaussianMixture((0.1, 0.9), (-2.5, 2.5), (1.0, 1.0))])
def test_every_point_of_a_fits_path_has_kl_cores_value_and_the_fit_exactly_so(fit, kl, p):
    result = fit(p)
    assert result.kl == kl(p, result.normal)
    for mu, sigma, value in result.path:
        assert value == pytest.approx(kl(p, Normal(mu, sigma)), rel=1e-11, abs=1e-14)


def test_forward_fit_from_a_given_start_works_for_any_finite_variance():
    p = StudentT(5.0, 1.0, 2.0)
    fit = fit_forward(p, start=Normal(-3.0, 0.5))
    assert fit.path[0][:2] == pytest.approx((-3.0, 0.5))
    assert fit.mu == pytest.approx(1.0, abs=1e-6)
    assert fit.sigma == pytest.approx(math.sqrt(p.variance), abs=1e-6)


def test_forward_fit_needs_finite_variance():
    with pytest.raises(ValueError, match="finite mean and variance"):
        fit_forward(StudentT(2.0, 0.0, 1.0))


def test_reverse_fit_settles_on_one_mode_when_modes_are_far_apart():
    fit = fit_reverse(FAR)
    assert fit.direction == REVERSE
    assert fit.mu == pytest.approx(-4.0, abs=1e-3)  # a tie: the first of equal components
    assert fit.sigma == pytest.approx(1.0, abs=1e-3)
    # Covering one mode costs about ln 2: Q misses half of P's mass.
    assert fit.kl == pytest.approx(math.log(2), abs=1e-3)
    assert fit.kl == pytest.approx(kl_divergence(fit.normal, FAR), abs=1e-12)


@pytest.mark.parametrize("weights, mode", [([0.7, 0.3], -3.0), ([0.25, 0.75], 5.0)])
def test_reverse_fit_prefers_the_heavier_mode(weights, mode):
    p = GaussianMixture(weights, [-3.0, 5.0], [1.0, 1.0])
    fit = fit_reverse(p)
    assert fit.mu == pytest.approx(mode, abs=1e-2)
    assert fit.kl == pytest.approx(-math.log(max(weights)), abs=1e-2)


def test_reverse_fit_is_a_local_minimum_of_kl_core_kl():
    p = GaussianMixture([0.6, 0.4], [-1.5, 2.5], [0.8, 1.5])
    fit = fit_reverse(p)
    for dmu, dlog in [(1e-3, 0), (-1e-3, 0), (0, 1e-3), (0, -1e-3)]:
        nearby = Normal(fit.mu + dmu, fit.sigma * math.exp(dlog))
        assert kl_divergence(nearby, p) >= fit.kl - 1e-12


def test_reverse_fit_of_a_unimodal_mixture_sits_between_the_components():
    p = GaussianMixture([0.5, 0.5], [-0.5, 0.5], [1.0, 1.0])
    fit = fit_reverse(p)
    assert fit.mu == pytest.approx(0.0, abs=1e-4)
    assert fit.sigma < math.sqrt(p.variance)  # mode-seeking: narrower than the moment match


def test_reverse_and_forward_each_win_their_own_objective():
    forward, reverse = fit_forward(FAR), fit_reverse(FAR)
    assert forward.kl < kl_divergence(FAR, reverse.normal)
    assert reverse.kl < kl_divergence(forward.normal, FAR)


def test_reverse_fit_needs_a_mixture():
    with pytest.raises(ValueError, match="GaussianMixture"):
        fit_reverse(Normal(0.0, 1.0))
