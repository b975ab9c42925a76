"""Elementwise functions that keep full relative accuracy where the textbook form cancels.

Divergences between nearly equal distributions are differences of nearly equal numbers;
these helpers evaluate the few expressions that recur in closed forms and integrands
without that loss.
"""

import math

import numpy as np
from scipy import special

_SERIES_LIMIT = 0.1


def _expm1mx_series(u):
    """sum_{n>=2} u^n / n! in Horner form, truncated where u^13/13! < 1e-22 for |u| < 0.1."""
    return u * u * (1 / 2 + u * (1 / 6 + u * (1 / 24 + u * (1 / 120 + u * (
        1 / 720 + u * (1 / 5040 + u * (1 / 40320 + u * (1 / 362880 + u * (
            1 / 3628800 + u * (1 / 39916800 + u / 479001600))))))))))


def expm1mx(u):
    """e^u - 1 - u, accurate for every u (~u^2/2 near 0, where expm1(u) - u cancels).

    Scalars take a pure-Python path (closed forms call this once per divergence).
    """
    if np.ndim(u) == 0:
        u = float(u)
        if abs(u) < _SERIES_LIMIT:
            return _expm1mx_series(u)
        return math.expm1(u) - u if u < 709 else math.inf
    u = np.asarray(u, dtype=float)
    out = np.expm1(np.minimum(u, 709.0)) - u
    out[u > 709.0] = np.inf
    small = np.abs(u) < _SERIES_LIMIT
    if small.any():
        out[small] = _expm1mx_series(u[small])
    return out


def xlogx_plus_series(d):
    """h(d) = (1+d) ln(1+d) + (1-d) ln(1-d) for d in [-1, 1]; h(+-1) = 2 ln 2.

    For densities p = m(1+d), q = m(1-d) around their midpoint m, the Jensen-Shannon
    integrand is m h(d) / 2. Near d = 0 the two terms cancel to h ~ d^2, so the series
    sum_{k>=1} d^(2k) / (k (2k-1)) is used there.
    """
    d = np.asarray(d, dtype=float)
    small = np.abs(d) < _SERIES_LIMIT
    d2 = np.where(small, d, 0.0) ** 2
    series = d2 * (1 + d2 * (1 / 6 + d2 * (1 / 15 + d2 * (1 / 28 + d2 * (
        1 / 45 + d2 * (1 / 66 + d2 * (1 / 91 + d2 / 120)))))))
    dd = np.where(small, 0.0, d)
    direct = special.xlog1py(1 + dd, dd) + special.xlog1py(1 - dd, -dd)
    return np.where(small, series, direct)


def log_ratio(a, b):
    """ln(a / b) for positive a, b, accurate when a and b are close: log1p((a - b) / b)."""
    if np.ndim(a) == 0 and np.ndim(b) == 0:
        return math.log1p((a - b) / b)
    return np.log1p((np.asarray(a) - b) / b)
