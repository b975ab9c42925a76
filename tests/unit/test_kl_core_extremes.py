"""Regression tests for pairs that once crashed, hung or were silently wrong: each now gives the
right number or a ValueError saying the pair is beyond what kl_core computes accurately.

References are exact: closed forms in mpmath (50 digits), or the disjoint-support values
(ln 2 for JS, 1 for TV and Hellinger) where the overlap is below e^-400.
"""

import math
import warnings

import mpmath as mp
import numpy as np
import pytest

from kl_core import (
    Beta, Categorical, Exponential, Gamma, GaussianMixture, Laplace, Normal, Poisson, hellinger_distance,
    js_divergence, js_terms, kl_divergence, total_variation,
)
from kl_core._checks import BEYOND

mp.mp.dps = 50
LN2 = math.log(2)
DIVERGENCES = [kl_divergence, js_divergence, hellinger_distance, total_variation]


def close(got, want, rel=1e-8):
    return abs(mp.mpf(got) - want) <= rel * abs(want)


@pytest.mark.parametrize("p, q, want", [
    (Normal(0, 1e-17), Normal(0, 1), mp.log(mp.mpf(1) / mp.mpf(1e-17)) + mp.mpf(1e-17) ** 2 / 2 - mp.mpf(1) / 2),
    (Normal(0, 1), Normal(0, 1e-17), mp.log(mp.mpf(1e-17)) + 1 / (2 * mp.mpf(1e-17) ** 2) - mp.mpf(1) / 2),
    (Laplace(0, 1e-17), Laplace(0, 1), mp.log(1 / mp.mpf(1e-17)) + mp.mpf(1e-17) - 1),
    (Poisson(1e-17), Poisson(1), mp.mpf(1e-17) * mp.log(mp.mpf(1e-17)) + 1 - mp.mpf(1e-17)),
    (Poisson(1), Poisson(1e-17), -mp.log(mp.mpf(1e-17)) + mp.mpf(1e-17) - 1),
    (Exponential(1e-17), Exponential(1), mp.log(mp.mpf(1e-17)) + 1 / mp.mpf(1e-17) - 1),
    (Exponential(1), Exponential(1e-17), -mp.log(mp.mpf(1e-17)) + mp.mpf(1e-17) - 1),
    (Gamma(2, 1e-17), Gamma(2, 1), 2 * mp.log(mp.mpf(1e-17)) + 2 * (1 - mp.mpf(1e-17)) / mp.mpf(1e-17)),
])
def test_scale_ratios_below_1e_16_give_the_closed_form(p, q, want):
    assert close(kl_divergence(p, q), want, rel=1e-12)


def test_a_closed_form_that_overflows_says_so():
    with pytest.raises(ValueError, match=BEYOND):
        kl_divergence(Normal(0, 1e300), Normal(0, 1e-300))


@pytest.mark.timeout(10)
@pytest.mark.parametrize("p, q", [
    (Poisson(6.04), Poisson(5.07e10)),
    (Poisson(6.4e7), Poisson(1)),
    (Poisson(1e300), Poisson(1)),
    (Categorical([0.5, 0.5]), Poisson(1e9)),
])
def test_far_apart_poissons_are_disjoint_and_cheap(p, q):
    """The pmfs overlap by less than e^-400, so JS is ln 2 and TV 1 to double precision."""
    assert js_divergence(p, q) == pytest.approx(LN2, rel=1e-15)
    assert js_divergence(q, p) == pytest.approx(LN2, rel=1e-15)
    assert total_variation(p, q) == pytest.approx(1.0, rel=1e-15)


def poisson_js_exact(a, b, ks):
    a, b = mp.mpf(a), mp.mpf(b)
    total = mp.mpf(0)
    for k in ks:
        lp = k * mp.log(a) - a - mp.loggamma(k + 1)
        lq = k * mp.log(b) - b - mp.loggamma(k + 1)
        lm = mp.log((mp.exp(lp) + mp.exp(lq)) / 2)
        total += (mp.exp(lp) * (lp - lm) + mp.exp(lq) * (lq - lm)) / 2
    return total


@pytest.mark.timeout(10)
def test_overlapping_poissons_are_summed_over_the_overlap_only():
    a, b = 40.0, 65.0
    assert close(js_divergence(Poisson(a), Poisson(b)), poisson_js_exact(a, b, range(0, 250)), rel=1e-12)


def test_huge_overlapping_poissons_are_refused_not_summed_for_minutes():
    with pytest.raises(ValueError, match=BEYOND):
        js_divergence(Poisson(1e20), Poisson(1e20 + 1e10))


def test_poisson_logpmf_keeps_its_digits_at_huge_rates():
    rate, k = 6.4e7, 64_001_234
    want = k * mp.log(mp.mpf(rate)) - rate - mp.loggamma(k + 1)
    assert close(float(Poisson(rate).logpmf(k)), want, rel=1e-14)


@pytest.mark.timeout(10)
@pytest.mark.parametrize("mu", [2.15e149, 2.15e9, 1e300])
def test_far_apart_normal_and_laplace_give_the_disjoint_value_or_say_why_not(mu):
    """Laplace(mu, 1) is narrower than float64 resolves at x = mu >= 2e9, so it is refused, not guessed."""
    p, q = Normal(0, 1), Laplace(mu, 1)
    for divergence, disjoint in ((total_variation, 1.0), (hellinger_distance, 1.0), (js_divergence, LN2)):
        try:
            assert divergence(p, q) == pytest.approx(disjoint, rel=1e-12)
        except ValueError as error:
            assert BEYOND in str(error)


def test_far_apart_normal_and_laplace_within_float_resolution_are_disjoint():
    p, q = Normal(0, 1), Laplace(1e6, 1)
    assert total_variation(p, q) == pytest.approx(1.0, rel=1e-8)
    assert hellinger_distance(p, q) == pytest.approx(1.0, rel=1e-8)
    assert js_divergence(p, q) == pytest.approx(LN2, rel=1e-8)


def test_total_variation_of_normals_that_would_overflow_the_textbook_quadratic():
    assert total_variation(Normal(0, 1), Normal(1e150, 1e-100)) == 1.0


@pytest.mark.parametrize("p, q", [([1, 0], [1, 5e-324]), ([0.5, 0.5], [1, 5e-324]), ([0, 1], [5e-324, 1])])
def test_js_terms_are_finite_and_sum_to_the_total(p, q):
    terms = js_terms(p, q)
    assert np.isfinite(terms).all() and (terms >= 0).all()
    assert math.fsum(terms) == pytest.approx(js_divergence(p, q), rel=1e-12, abs=1e-300)


def beta_exponential_kl(a, b, rate):
    """KL(Beta(a, b) || Exp(rate)) = -h(Beta) - ln rate + rate a / (a + b)."""
    a, b, rate = mp.mpf(a), mp.mpf(b), mp.mpf(rate)
    h = (mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b) - (a - 1) * mp.digamma(a)
         - (b - 1) * mp.digamma(b) + (a + b - 2) * mp.digamma(a + b))
    return -h - mp.log(rate) + rate * a / (a + b)


@pytest.mark.parametrize("a, b, rate", [(8, 0.2, 3.1), (0.2, 0.2, 1.0), (0.2, 8, 0.1), (10, 0.2, 5.0)])
def test_beta_endpoint_singularities_are_integrated_without_warnings(a, b, rate):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        got = kl_divergence(Beta(a, b), Exponential(rate))
    assert close(got, beta_exponential_kl(a, b, rate))


@pytest.mark.timeout(60)
@pytest.mark.parametrize("p, q", [
    (Normal(5, 5), GaussianMixture([0.95, 0.05], [5, 5], [5, 5])),
    (Beta(0.2, 0.2), Beta(10, 0.2)),
    (Beta(10, 0.2), GaussianMixture([0.95, 0.05], [-5, 5], [5, 0.7])),
    (GaussianMixture([0.05, 0.95], [-5, 5], [0.1, 5]), Beta(0.2, 10)),
])
def test_slider_extremes_give_numbers_without_warnings(p, q):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        values = [kl_divergence(p, q), kl_divergence(q, p)] + [d(p, q) for d in DIVERGENCES[1:]]
    assert all(v >= 0 and not math.isnan(v) for v in values)


def test_a_density_too_narrow_for_its_location_is_refused():
    """Width 3e-4 at x = -1e7: float64 spaces x there by 2e-9, which biases the integral by ~1e-5."""
    with pytest.raises(ValueError, match=BEYOND):
        kl_divergence(Laplace(-1e7, 10**-3.5), Normal(0, 1))


def test_densities_equal_up_to_rounding_have_no_crossings():
    """A mixture of copies of P differs from P only by rounding: no crossing to refine (there were 219)."""
    from kl_core.quadrature import crossings

    p = Normal(5, 5)
    for w in (0.05, 0.3, 0.95):
        assert crossings(p, GaussianMixture((w, 1 - w), (5, 5), (5, 5))) == []
    assert len(crossings(Normal(0, 1), Normal(0.5, 1))) == 1
    assert len(crossings(Normal(0, 1), Normal(0, 2))) == 2
