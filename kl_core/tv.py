"""Total variation distance TV(P, Q) = 1/2 integral |p - q| = sup_A |P(A) - Q(A)|, unitless, in [0, 1].

A metric, 1 exactly when the supports are disjoint. Its integrand |p - q| / 2 is first order in
p - q, with kinks where the densities cross: numerical integration cuts there. For two Normals
the sup is attained on A = {p > q}, an interval (or its complement) between the crossings.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from kl_core.distributions import Normal
from kl_core.divergence import Divergence


def _vector(p: np.ndarray, q: np.ndarray) -> float:
    """1/2 sum |p_i - q_i|."""
    return min(1.0, 0.5 * float(np.sum(np.abs(p - q))))


def _integrand(lp, lq):
    hi, lo = np.maximum(lp, lq), np.minimum(lp, lq)
    with np.errstate(invalid="ignore"):
        out = -0.5 * np.exp(hi) * np.expm1(lo - hi)
    return np.where(np.isneginf(hi), 0.0, out)


def _pointwise(lp, lq):
    return 0.5 * np.abs(np.exp(lp) - np.exp(lq))


TV = Divergence(
    key="tv", symbol="TV", name="Total variation distance",
    symmetric=True, metric=True, in_units=False, sup_value=1.0, disjoint_value=1.0,
    vector=_vector, integrand=_integrand, pointwise=_pointwise, first_order=True,
)


@TV.register(Normal, Normal)
def _tv_normal(p: Normal, q: Normal) -> float:
    """P(A) - Q(A) on A = {p > q}; A is an interval or its complement, bounded by the density crossings."""
    if p.sigma == q.sigma:
        return float(special.erf(abs(p.mu - q.mu) / (2 * math.sqrt(2) * p.sigma)))
    # ln p - ln q = a x^2 + b x + c; with s_p < s_q, A is the interval between the roots.
    narrow, wide = (p, q) if p.sigma < q.sigma else (q, p)
    a = 0.5 / wide.sigma**2 - 0.5 / narrow.sigma**2
    b = narrow.mu / narrow.sigma**2 - wide.mu / wide.sigma**2
    c = (wide.mu**2 / (2 * wide.sigma**2) - narrow.mu**2 / (2 * narrow.sigma**2)
         + math.log(wide.sigma / narrow.sigma))
    root = math.sqrt(b * b - 4 * a * c)
    lo, hi = sorted(((-b - root) / (2 * a), (-b + root) / (2 * a)))
    mass = lambda d: float(d.cdf(hi) - d.cdf(lo))  # noqa: E731
    return min(1.0, max(0.0, mass(narrow) - mass(wide)))


def total_variation(p, q) -> float:
    """Total variation distance 1/2 ||p - q||_1 = sup_A |P(A) - Q(A)|, in [0, 1]; unitless.

    >>> total_variation([0.5, 0.5], [0.9, 0.1])
    0.4
    """
    return TV(p, q)


def tv_terms(p, q, x=None) -> np.ndarray:
    """1/2 |p - q| per bin or at each x."""
    return TV.terms(p, q, x)
