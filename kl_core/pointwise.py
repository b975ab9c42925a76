"""Where a divergence comes from: its per-bin terms (vectors) or its integrand on a grid x (densities).

For vectors the terms sum to the divergence (to Hellinger *squared* for `hellinger_terms`); for
distributions they are the integrands, whose integral is the divergence, for shading a plot.
A plotting grid never produces a reported number: use the divergences for that.
Signed terms are kept signed: p ln(p/q) is negative where q > p.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from kl_core._checks import base_log, vector_pair
from kl_core.distributions import Distribution


def kl_terms(p, q, x=None, *, base: float = math.e) -> np.ndarray:
    """p ln(p/q) per bin or at each x, in units of `base`; 0 where p = 0, inf where p > 0 = q."""
    lp, lq, unit = _logs(p, q, x, base)
    with np.errstate(invalid="ignore"):
        out = np.exp(lp) * (lp - lq)
    out = np.where(np.isneginf(lp), 0.0, out)
    return np.where(np.isneginf(lq) & ~np.isneginf(lp), np.inf, out) / unit


def js_terms(p, q, x=None, *, base: float = math.e) -> np.ndarray:
    """1/2 [p ln(p/m) + q ln(q/m)], m = (p + q)/2, per bin or at each x; each term is >= 0."""
    lp, lq, unit = _logs(p, q, x, base)
    pp, qq = np.exp(lp), np.exp(lq)
    m = 0.5 * (pp + qq)
    return 0.5 * (special.rel_entr(pp, m) + special.rel_entr(qq, m)) / unit


def hellinger_terms(p, q, x=None) -> np.ndarray:
    """1/2 (sqrt p - sqrt q)^2 per bin or at each x; the terms sum (integrate) to H^2."""
    lp, lq, _ = _logs(p, q, x, math.e)
    return 0.5 * (np.exp(lp / 2) - np.exp(lq / 2)) ** 2


def tv_terms(p, q, x=None) -> np.ndarray:
    """1/2 |p - q| per bin or at each x."""
    lp, lq, _ = _logs(p, q, x, math.e)
    return 0.5 * np.abs(np.exp(lp) - np.exp(lq))


def _logs(p, q, x, base):
    unit = base_log(base)
    if isinstance(p, Distribution) and isinstance(q, Distribution):
        if x is None:
            raise ValueError("Pass the grid x at which to evaluate the integrand of two distributions.")
        x = np.asarray(x, dtype=float)
        return p.logpdf(x), q.logpdf(x), unit
    if x is not None:
        raise ValueError("x is only for distributions; probability vectors have one term per bin.")
    p, q = vector_pair(p, q)
    with np.errstate(divide="ignore"):
        return np.log(p), np.log(q), unit
