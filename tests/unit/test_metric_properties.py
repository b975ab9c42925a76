"""KL breaks the triangle inequality; Pinsker, Hellinger-TV and the JS bound hold."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from kl_core import (
    Laplace,
    Normal,
    Uniform,
    hellinger_distance,
    js_divergence,
    kl_divergence,
    total_variation,
)
from kl_app.triangle import triangle_check, triangle_counterexample
from pages.compare.model import inequality_checks
from pages.limitations.asymmetry import asymmetry_grid


@settings(max_examples=30, deadline=None)
@given(shift=st.floats(0.05, 5.0), sigma=st.floats(0.2, 3.0))
def test_kl_fails_the_triangle_inequality_by_a_factor_two(shift, sigma):
    p, q, r = triangle_counterexample(shift, sigma)
    check = triangle_check(kl_divergence, p, q, r)
    assert not check.holds
    assert check.d_pr == pytest.approx(2 * check.detour, rel=1e-9)
    assert check.d_pq == pytest.approx(shift**2 / (2 * sigma**2), rel=1e-9)


def test_counterexample_is_three_evenly_spaced_normals():
    assert triangle_counterexample(1.5, 0.5) == (Normal(0, 0.5), Normal(1.5, 0.5), Normal(3.0, 0.5))
    with pytest.raises(ValueError, match="shift"):
        triangle_counterexample(0.0)


def test_hellinger_and_tv_pass_and_js_fails_on_the_same_triple():
    p, q, r = triangle_counterexample(1.0)
    assert triangle_check(hellinger_distance, p, q, r).holds
    assert triangle_check(total_variation, p, q, r).holds
    js = triangle_check(js_divergence, p, q, r)
    assert not js.holds
    sqrt_js = triangle_check(lambda a, b: math.sqrt(js_divergence(a, b)), p, q, r)
    assert sqrt_js.holds


def _vectors(k):
    weights = arrays(np.float64, k, elements=st.floats(0.0, 1.0))
    return weights.filter(lambda w: w.sum() > 0.1).map(lambda w: w / w.sum())


@settings(max_examples=60, deadline=None)
@given(data=st.data(), k=st.integers(2, 8))
def test_inequalities_hold_for_probability_vectors(data, k):
    p, q = data.draw(_vectors(k)), data.draw(_vectors(k))
    checks = inequality_checks(p, q)
    assert [c.name for c in checks] == [
        "Pinsker", "Hellinger below TV", "TV below Hellinger", "JS bound"
    ]
    assert all(c.holds for c in checks), checks


@pytest.mark.parametrize(
    "p, q",
    [
        (Normal(0, 1), Normal(0, 1)),
        (Normal(0, 1), Normal(2, 0.5)),
        (Laplace(0, 1), Normal(1, 2)),
        (Uniform(0, 1), Uniform(2, 3)),
    ],
)
def test_inequalities_hold_for_distributions_with_their_numbers(p, q):
    pinsker, h_tv, tv_h, js = inequality_checks(p, q)
    assert pinsker.lhs == total_variation(p, q)
    assert pinsker.rhs == math.sqrt(kl_divergence(p, q) / 2)
    assert h_tv.lhs == hellinger_distance(p, q) ** 2
    assert tv_h.rhs == math.sqrt(2) * hellinger_distance(p, q)
    assert js.lhs == js_divergence(p, q) and js.rhs == math.log(2)
    assert all(c.holds for c in (pinsker, h_tv, tv_h, js))


def test_disjoint_supports_attain_the_bounds():
    pinsker, h_tv, tv_h, js = inequality_checks(Uniform(0, 1), Uniform(2, 3))
    assert pinsker.rhs == math.inf
    assert h_tv.lhs == pytest.approx(1.0) and h_tv.rhs == pytest.approx(1.0)
    assert js.lhs == pytest.approx(math.log(2))


def test_asymmetry_grid_equals_kl_core_at_every_point():
    p = Normal(0.5, 1.2)
    mus, sigmas = np.linspace(-3, 3, 7), np.linspace(0.3, 3, 5)
    grid = asymmetry_grid(p, mus, sigmas, base=2)
    assert grid.difference.shape == (5, 7)
    for i, sigma in enumerate(sigmas):
        for j, mu in enumerate(mus):
            q = Normal(mu, sigma)
            assert grid.forward[i, j] == pytest.approx(kl_divergence(p, q, base=2), rel=1e-12, abs=1e-15)
            assert grid.reverse[i, j] == pytest.approx(kl_divergence(q, p, base=2), rel=1e-12, abs=1e-15)


def test_asymmetry_sign_follows_the_width_of_q():
    p = Normal(0.0, 1.0)
    grid = asymmetry_grid(p, np.linspace(-2, 2, 9), [0.5, 1.0, 2.0])
    narrow, equal, wide = grid.difference
    assert np.all(narrow > 0) and np.all(wide < 0)
    np.testing.assert_allclose(equal, 0.0, atol=1e-15)


def test_asymmetry_grid_of_60_by_60_is_one_vectorised_pass():
    grid = asymmetry_grid(Normal(0, 1), np.linspace(-4, 4, 60), np.linspace(0.2, 3, 60))
    assert grid.forward.shape == grid.reverse.shape == (60, 60)
    assert np.isfinite(grid.difference).all()


@pytest.mark.parametrize(
    "p, mus, sigmas, message",
    [
        (Laplace(0, 1), [0.0], [1.0], "must be a Normal"),
        (Normal(0, 1), [0.0], [0.0], "sigma > 0"),
        (Normal(0, 1), [], [1.0], "non-empty"),
    ],
)
def test_asymmetry_grid_rejects_bad_input(p, mus, sigmas, message):
    with pytest.raises(ValueError, match=message):
        asymmetry_grid(p, mus, sigmas)
