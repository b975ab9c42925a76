"""Divergences between two probability vectors (already validated), in nats.

Sums use the same pointwise-nonnegative forms as the quadrature where the plain form cancels,
so nearly identical vectors keep their relative accuracy.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from kl_core._stable import expm1mx, xlogx_plus_series

_CANCELLATION_ZONE = 1e-4


def kl(p: np.ndarray, q: np.ndarray) -> float:
    """sum_i p_i ln(p_i / q_i); 0 ln(0/q) = 0; inf when some p_i > 0 = q_i.

    Fast path: p . ln(p/q) as one division, one in-place log and one dot product (rel_entr when
    there are zeros). Its absolute error is ~1e-16 times sum |p ln(p/q)|,
    which is large relative to a tiny KL, so a result below 1e-4 nats is recomputed as
    sum p f(ln(q/p)) - sum (q - p) over P's support, f(u) = e^u - 1 - u >= 0.
    """
    total = math.nan
    if p.min() > 0 and q.min() > 0:
        with np.errstate(over="ignore"):
            ratio = p / q
        np.log(ratio, out=ratio)
        total = float(p @ ratio)
    if not math.isfinite(total):  # zeros, or p/q overflowing for a subnormal q
        total = float(np.sum(special.rel_entr(p, q)))
    if total >= _CANCELLATION_ZONE:
        return total
    if math.isinf(total):
        return math.inf
    support = p > 0
    ps, qs = p[support], q[support]
    terms = ps * expm1mx(np.log1p((qs - ps) / ps))
    # sum_supp p f(u) = sum_supp (q - p) + KL, so KL = sum_supp p f(u) + sum_supp p - sum_supp q.
    return max(0.0, float(np.sum(terms)) + float(np.sum(ps) - np.sum(qs)))


def js(p: np.ndarray, q: np.ndarray) -> float:
    """1/2 KL(P||M) + 1/2 KL(Q||M), M = (P + Q)/2, as sum m_i h(d_i) / 2 with d_i = (p_i - q_i)/(p_i + q_i)."""
    s = p + q
    nz = s > 0
    d = (p[nz] - q[nz]) / s[nz]
    return min(math.log(2), max(0.0, float(np.sum(0.25 * s[nz] * xlogx_plus_series(d)))))


def hellinger(p: np.ndarray, q: np.ndarray) -> float:
    """sqrt(1/2 sum (sqrt p_i - sqrt q_i)^2).

    Each difference is computed as (p_i - q_i) / (sqrt p_i + sqrt q_i), exact for close entries,
    where the textbook sqrt(1 - sum sqrt(p_i q_i)) loses every digit.
    """
    root_sum = np.sqrt(p) + np.sqrt(q)
    diff = (p - q) / np.where(root_sum > 0, root_sum, 1.0)
    return min(1.0, math.sqrt(0.5 * float(diff @ diff)))


def tv(p: np.ndarray, q: np.ndarray) -> float:
    """1/2 sum |p_i - q_i|."""
    return min(1.0, 0.5 * float(np.sum(np.abs(p - q))))


def entropy(p: np.ndarray) -> float:
    """-sum p_i ln p_i."""
    return float(np.sum(special.entr(p)))


def cross_entropy(p: np.ndarray, q: np.ndarray) -> float:
    """-sum p_i ln q_i; inf when some p_i > 0 = q_i."""
    return float(-np.sum(special.xlogy(p, q)))
