"""why_kl_is_infinite gives a reason exactly when KL is infinite, without computing KL itself."""

import math
from itertools import product

import pytest

from kl_core import (
    Beta, Exponential, Gamma, GaussianMixture, Laplace, Normal, StudentT, Uniform, kl_divergence,
    why_kl_is_infinite,
)

DISTRIBUTIONS = [
    Normal(0, 1), Laplace(1, 2), StudentT(2, 0, 1), StudentT(1.5, 0, 1), StudentT(5, 0, 1), Exponential(1),
    Gamma(2, 1), Beta(2, 3), Uniform(0, 1), Uniform(-3, 3), GaussianMixture([0.5, 0.5], [-1, 1], [1, 1]),
]


@pytest.mark.parametrize("p, q", list(product(DISTRIBUTIONS, DISTRIBUTIONS)), ids=repr)
def test_a_reason_exactly_when_kl_is_infinite(p, q):
    assert (why_kl_is_infinite(p, q) is not None) == math.isinf(kl_divergence(p, q))


@pytest.mark.parametrize("p, q", [([0.5, 0.5, 0.0], [0.5, 0.0, 0.5]), ([1, 0], [0.8, 0.2]), ([0.2, 0.8], [0.5, 0.5])])
def test_vectors_have_a_reason_exactly_when_kl_is_infinite(p, q):
    assert (why_kl_is_infinite(p, q) is not None) == math.isinf(kl_divergence(p, q))
