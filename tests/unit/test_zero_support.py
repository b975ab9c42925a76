"""Zero support: KL jumps to infinity, JS stays finite, smoothing makes KL depend on eps."""

import math

import numpy as np
import pytest

from kl_core import js_divergence, kl_divergence
from pages.limitations.zero_support import bell, cut, smoothing_curve, uncovered_mass


def test_bell_is_a_probability_vector_peaked_at_its_centre():
    p = bell(11, 5.0, 2.0)
    assert p.sum() == pytest.approx(1.0) and p.argmax() == 5
    np.testing.assert_allclose(p, p[::-1])


def test_cutting_q_below_p_support_makes_kl_infinite_but_not_js():
    p, q = bell(11, 5.0, 2.0), bell(11, 6.0, 2.5)
    whole = cut(q, 0, 10)
    np.testing.assert_allclose(whole, q)
    assert math.isfinite(kl_divergence(p, whole))
    narrow = cut(q, 2, 10)
    assert narrow[:2].sum() == 0 and narrow.sum() == pytest.approx(1.0)
    assert uncovered_mass(p, narrow) == pytest.approx(p[:2].sum())
    assert kl_divergence(p, narrow) == math.inf
    assert js_divergence(p, narrow) < math.log(2)
    # The reverse direction is finite: Q has no mass where P has none.
    assert math.isfinite(kl_divergence(narrow, p))


def test_smoothing_makes_kl_finite_and_growing_like_log_one_over_eps():
    p, q = bell(11, 5.0, 2.0), cut(bell(11, 6.0, 2.5), 2, 10)
    eps = np.array([1e-8, 1e-6, 1e-4, 1e-2])
    curve = smoothing_curve(p, q, eps, base=2)
    assert np.isfinite(curve).all() and np.all(np.diff(curve) < 0)
    assert curve[1] == kl_divergence(p, q, smoothing=1e-6, base=2)
    # Each factor 100 in eps adds about ln(100) per unit of uncovered mass (in bits: log2 100).
    slope = (curve[0] - curve[1]) / math.log2(100)
    assert slope == pytest.approx(uncovered_mass(p, q), rel=0.05)


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: bell(1, 0.0, 1.0), "k must be"),
        (lambda: bell(5, 0.0, 0.0), "width > 0"),
        (lambda: cut(bell(5, 2.0, 1.0), 3, 1), "window"),
        (lambda: cut([0.5, 0.5, 0.0], 2, 2), "no mass"),
    ],
)
def test_bad_input_says_how_to_fix_it(call, message):
    with pytest.raises(ValueError, match=message):
        call()
