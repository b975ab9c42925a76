"""KL of vectors stays finite and accurate when a tiny KL has a bin with q far below p."""

import math

import pytest

from kl_core import kl_divergence


@pytest.mark.parametrize("a, b", [(1e-12, 1e-30), (1e-9, 1e-300), (3e-8, 1e-20)])
def test_tiny_kl_with_a_far_smaller_q_bin(a, b):
    expected = a * math.log(a / b) + (1 - a) * (math.log1p(-a) - math.log1p(-b))
    assert kl_divergence([a, 1 - a], [b, 1 - b]) == pytest.approx(expected, rel=1e-12)


def test_normalize_does_not_overflow_for_huge_weights():
    from kl_core import normalize
    assert normalize([1e308, 1e308]).tolist() == [0.5, 0.5]
    assert normalize([1e308, 1e308, 1e308]).sum() == pytest.approx(1.0)
