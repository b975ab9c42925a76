"""Numerical divergences for pairs without a closed form: adaptive tanh-sinh quadrature.

A divergence hands over its integrand as a function of the two log-densities, written in a form
that is >= 0 pointwise, so the quadrature's relative tolerance is a relative tolerance on the
integral itself; the result is in nats. Integrands are second order in p - q near p = q, or
first order (|p - q|-like: `first_order`), which have kinks where the densities cross.

The real line is cut at support ends, kinks, each bulk of mass (location +- multiples of its
scale) and, for first-order integrands, at the points where the densities cross, so each piece
is smooth. Discrete families are summed over the union of their mass points (the integers that
hold all but < 1e-18 of each one's mass). Also here: the differential entropy -integral p ln p.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, optimize

RTOL = 1e-11
# Log-densities carry rounding errors of ~1e-16 of their size, so an integrand cannot be known
# better than that: |p - q| to ~1e-16 p (first order), and p f(u) ~ p u^2 / 2 to ~1e-16 p |u|
# (second order), i.e. ~1e-16 sqrt(integral) in all. Asking for more than
# these floors only makes the quadrature chase noise when P and Q differ in their last bits.
NOISE = 1e-15
_SPREADS = (0.0, 1.0, 3.0, 8.0, 20.0)


def integrate_divergence(divergence, p, q) -> float:
    """The value of `divergence` between two univariate distributions by numerical integration.

    `divergence` is a kl_core Divergence; its `integrand` is integrated over its `domain(p, q)`
    (summed over the mass points for discrete families), its `leftover` of Q's mass off that
    domain is added, and `from_integral` turns the total into the value, in nats.
    """
    if p.discrete:
        total = _sum_over_mass_points(divergence, p, q)
    else:
        total = _integrate_divergence(divergence, p, q)
    return divergence.from_integral(total)



def _integrate_divergence(divergence, p, q) -> float:
    low, high = divergence.domain(p, q)
    points = _breakpoints(p, q, low, high, at_crossings=divergence.first_order)
    integrand = lambda x: divergence.integrand(p.logpdf(x), q.logpdf(x))  # noqa: E731
    total = _integrate_pieces(integrand, points, first_order=divergence.first_order)
    if divergence.leftover is not None:
        total += divergence.leftover(1.0 - float(q.cdf(high) - q.cdf(low)))
    # Below the rounding-noise floor a result cannot be told from 0 (e.g. a mixture of two equal
    # Normals against that Normal), so it is reported as 0 rather than as digits of noise.
    resolution = NOISE if divergence.first_order else NOISE**2
    return total if total > resolution else 0.0


def _sum_over_mass_points(divergence, p, q) -> float:
    k = np.union1d(p.mass_points(), q.mass_points()).astype(float)
    lp, lq = p.logpmf(k), q.logpmf(k)
    total = float(np.sum(divergence.integrand(lp, lq)))
    if divergence.leftover is not None:
        total += divergence.leftover(float(np.sum(np.exp(lq[np.isneginf(lp)]))))
    return max(total, 0.0)


def differential_entropy(p) -> float:
    """-integral p ln p, in nats."""
    low, high = p.support
    points = _breakpoints(p, p, low, high)

    def integrand(x):
        lp = p.logpdf(x)
        return np.where(np.isneginf(lp), 0.0, -np.exp(lp) * lp)

    return _integrate_pieces(integrand, points)


def _breakpoints(p, q, low, high, at_crossings: bool = False) -> np.ndarray:
    candidates = [low, high, *p.kinks, *q.kinks, *p.support, *q.support]
    for dist in (p, q):
        for loc, scale in dist.centres:
            candidates += [loc + k * scale for k in _SPREADS] + [loc - k * scale for k in _SPREADS]
    if at_crossings:
        candidates += crossings(p, q)
    pts = np.unique(np.clip(np.array(candidates, dtype=float), low, high))
    return pts[np.isfinite(pts) | (pts == low) | (pts == high)]


def _integrate_pieces(integrand, points: np.ndarray, first_order: bool = False) -> float:
    """Sum of the integrals over consecutive pieces, to relative accuracy RTOL of the whole.

    A first, coarse pass gives the integral's scale; the second pass asks each piece for RTOL
    relative to that scale (or the rounding-noise floor, if larger), so pieces that hold (almost)
    nothing do not chase their own digits.
    """
    a, b = points[:-1], points[1:]
    rough = integrate.tanhsinh(integrand, a, b, rtol=1e-5, atol=0.0, maxlevel=6)
    scale = float(np.sum(np.abs(rough.integral)))
    if scale == 0.0:
        return 0.0
    floor = NOISE if first_order else NOISE * math.sqrt(scale)
    atol = max(RTOL * scale, floor) / a.size
    res = integrate.tanhsinh(integrand, a, b, rtol=RTOL, atol=atol)
    values = np.asarray(res.integral, dtype=float)
    unsettled = (np.asarray(res.status) != 0) & (np.asarray(res.error) > atol) | ~np.isfinite(values)
    for i in np.flatnonzero(unsettled):
        values[i] = integrate.quad(integrand, a[i], b[i], epsabs=atol, epsrel=RTOL, limit=100)[0]
    return float(values.sum())


def crossings(p, q, n_grid: int = 2001) -> list[float]:
    """Points where the two densities are equal, found on a grid and refined by Brent's method."""
    lo = min(p.plot_range(1 - 1e-12)[0], q.plot_range(1 - 1e-12)[0])
    hi = max(p.plot_range(1 - 1e-12)[1], q.plot_range(1 - 1e-12)[1])
    x = np.linspace(lo, hi, n_grid)
    gap = lambda t: float(p.logpdf(t) - q.logpdf(t))  # noqa: E731
    with np.errstate(invalid="ignore"):
        g = p.logpdf(x) - q.logpdf(x)
    sign = np.sign(np.nan_to_num(g, nan=0.0, posinf=1.0, neginf=-1.0))
    out = []
    for i in np.flatnonzero(sign[:-1] * sign[1:] < 0):
        if np.isfinite(g[i]) and np.isfinite(g[i + 1]):
            out.append(optimize.brentq(gap, x[i], x[i + 1], xtol=1e-14))
        else:
            out.append(x[i] if np.isfinite(g[i]) else x[i + 1])
    return out
