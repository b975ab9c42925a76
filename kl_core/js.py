"""Jensen-Shannon divergence JS(P, Q) = 1/2 KL(P||M) + 1/2 KL(Q||M), M = (P + Q)/2, in nats or bits.

The divergence, not scipy's `jensenshannon` distance (its square root). Symmetric, finite,
between 0 and ln 2 nats = 1 bit, which it reaches exactly when the supports are disjoint; not a
metric (its square root is). Pointwise it is m h(d) / 2 >= 0 with m = (p + q)/2,
d = (p - q)/(p + q) and h(d) = (1+d) ln(1+d) + (1-d) ln(1-d), which keeps relative accuracy
when P and Q are close.
"""

from __future__ import annotations

import math

import numpy as np

from kl_core._stable import xlogx_plus_series
from kl_core.divergence import Divergence

LN2 = math.log(2)


def _vector(p: np.ndarray, q: np.ndarray) -> float:
    """sum_i m_i h(d_i) / 2 with m_i = (p_i + q_i)/2, d_i = (p_i - q_i)/(p_i + q_i)."""
    s = p + q
    nz = s > 0
    d = (p[nz] - q[nz]) / s[nz]
    return min(LN2, max(0.0, float(np.sum(0.25 * s[nz] * xlogx_plus_series(d)))))


def _integrand(lp, lq):
    """m h(d) / 2 = 1/2 [p ln(p/m) + q ln(q/m)] >= 0, from the log-densities.

    Also the per-term form: m = (p + q) / 2 never underflows to 0 here while p or q is positive.
    """
    hi, lo = np.maximum(lp, lq), np.minimum(lp, lq)
    with np.errstate(invalid="ignore"):
        m = 0.5 * np.exp(hi) * (1 + np.exp(lo - hi))
        d = np.tanh((hi - lo) / 2)
    return np.where(np.isneginf(hi), 0.0, 0.5 * m * xlogx_plus_series(np.nan_to_num(d, nan=0.0)))


JS = Divergence(
    key="js", symbol="JS", name="Jensen-Shannon divergence",
    symmetric=True, metric=False, in_units=True, sup_value=LN2, disjoint_value=LN2,
    vector=_vector, integrand=_integrand, pointwise=_integrand,
)


def js_divergence(p, q, *, base: float = math.e) -> float:
    """Jensen-Shannon divergence 1/2 KL(P||M) + 1/2 KL(Q||M), M = (P + Q)/2, in units of `base`.

    The divergence, not scipy's `jensenshannon` distance (its square root). Symmetric, finite,
    between 0 and ln 2 nats = 1 bit, which it reaches exactly when the supports are disjoint.

    >>> js_divergence([1, 0], [0, 1], base=2)
    1.0
    """
    return JS(p, q, base=base)


def js_terms(p, q, x=None, *, base: float = math.e) -> np.ndarray:
    """1/2 [p ln(p/m) + q ln(q/m)], m = (p + q)/2, per bin or at each x; each term is >= 0."""
    return JS.terms(p, q, x, base=base)
