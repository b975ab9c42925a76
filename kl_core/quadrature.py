"""Numerical divergences for pairs without a closed form: adaptive tanh-sinh quadrature.

Every integrand is written from the two log-densities in a form that is >= 0 pointwise, so the
quadrature's relative tolerance is a relative tolerance on the divergence itself:

    KL:         p f(ln q - ln p)                      f(u) = e^u - 1 - u   (= p ln(p/q) - p + q)
    JS:         m h(d) / 2                            m = (p + q)/2, d = (p - q)/(p + q)
    Hellinger^2: (sqrt p - sqrt q)^2 / 2
    TV:         |p - q| / 2

The real line is cut at support ends, kinks, each bulk of mass (location +- multiples of its
scale) and, for TV, at the points where the densities cross, so each piece is smooth.
Discrete families are summed over the integers up to where both tails are below 1e-18.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, optimize

from kl_core._stable import expm1mx, xlogx_plus_series
from kl_core.distributions import Distribution

RTOL = 1e-11
# Log-densities carry rounding errors of ~1e-16 of their size, so an integrand cannot be known
# better than that: |p - q| to ~1e-16 p (first order, TV), and p f(u) ~ p u^2 / 2 to ~1e-16 p |u|
# (second order, KL, JS, Hellinger^2), i.e. ~1e-16 sqrt(divergence) in all. Asking for more than
# these floors only makes the quadrature chase noise when P and Q differ in their last bits.
NOISE = 1e-15
FIRST_ORDER = {"tv"}
_SPREADS = (0.0, 1.0, 3.0, 8.0, 20.0)


def _kl_density(lp, lq):
    with np.errstate(invalid="ignore", over="ignore"):
        u = lq - lp
        out = np.exp(lp) * expm1mx(u)
        big = u > 30
        out = np.where(big, np.exp(lq) - np.exp(lp) * (1 + u), out)
    out = np.where(np.isneginf(lp), 0.0, out)
    return np.where(np.isneginf(lq) & ~np.isneginf(lp), np.inf, out)


def _js_density(lp, lq):
    hi, lo = np.maximum(lp, lq), np.minimum(lp, lq)
    with np.errstate(invalid="ignore"):
        m = 0.5 * np.exp(hi) * (1 + np.exp(lo - hi))
        d = np.tanh((hi - lo) / 2)
    return np.where(np.isneginf(hi), 0.0, 0.5 * m * xlogx_plus_series(np.nan_to_num(d, nan=0.0)))


def _hellinger2_density(lp, lq):
    hi, lo = np.maximum(lp, lq), np.minimum(lp, lq)
    with np.errstate(invalid="ignore"):
        out = 0.5 * np.exp(hi) * np.expm1((lo - hi) / 2) ** 2
    return np.where(np.isneginf(hi), 0.0, out)


def _tv_density(lp, lq):
    hi, lo = np.maximum(lp, lq), np.minimum(lp, lq)
    with np.errstate(invalid="ignore"):
        out = -0.5 * np.exp(hi) * np.expm1(lo - hi)
    return np.where(np.isneginf(hi), 0.0, out)


DENSITIES = {"kl": _kl_density, "js": _js_density, "hellinger2": _hellinger2_density, "tv": _tv_density}


def divergence(kind: str, p: Distribution, q: Distribution) -> float:
    """The integral of DENSITIES[kind] in nats (Hellinger squared for 'hellinger2')."""
    if p.discrete:
        return _sum_over_integers(kind, p, q)
    low, high = _domain(kind, p, q)
    points = _breakpoints(kind, p, q, low, high)
    integrand = lambda x: DENSITIES[kind](p.logpdf(x), q.logpdf(x))  # noqa: E731
    total = _integrate_pieces(integrand, points, first_order=kind in FIRST_ORDER)
    if kind == "kl":
        # The f-form integrates q - p over supp P: add back 1 - Q(supp P).
        total += 1.0 - float(q.cdf(high) - q.cdf(low))
    # Below the rounding-noise floor a result cannot be told from 0 (e.g. a mixture of two equal
    # Normals against that Normal), so it is reported as 0 rather than as digits of noise.
    resolution = NOISE if kind in FIRST_ORDER else NOISE**2
    return total if total > resolution else 0.0


def differential_entropy(p: Distribution) -> float:
    """-integral p ln p, in nats."""
    low, high = p.support
    points = _breakpoints("entropy", p, p, low, high)

    def integrand(x):
        lp = p.logpdf(x)
        return np.where(np.isneginf(lp), 0.0, -np.exp(lp) * lp)

    return _integrate_pieces(integrand, points)


def _domain(kind, p, q):
    if kind == "kl":
        return p.support
    (pl, ph), (ql, qh) = p.support, q.support
    return min(pl, ql), max(ph, qh)


def _breakpoints(kind, p, q, low, high) -> np.ndarray:
    candidates = [low, high, *p.kinks, *q.kinks, *p.support, *q.support]
    for dist in (p, q):
        for loc, scale in dist.centres:
            candidates += [loc + k * scale for k in _SPREADS] + [loc - k * scale for k in _SPREADS]
    if kind == "tv":
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


def crossings(p: Distribution, q: Distribution, n_grid: int = 2001) -> list[float]:
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


def _sum_over_integers(kind, p, q) -> float:
    k = np.arange(0, max(p.upper(), q.upper()) + 1, dtype=float)
    total = float(np.sum(DENSITIES[kind](p.logpmf(k), q.logpmf(k))))
    return max(total, 0.0)


def finite_by_tails(p: Distribution, q: Distribution) -> bool:
    """False when E_P[-ln q] diverges: P's tails are too heavy for Q's (e.g. Student-t df <= 2 against a Normal)."""
    return q.tail_order is None or p.finite_moments > q.tail_order
