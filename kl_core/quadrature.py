"""Numerical divergences for pairs without a closed form: adaptive tanh-sinh quadrature.

A divergence hands over its integrand as a function of the two log-densities, written in a form
that is >= 0 pointwise, so the quadrature's relative tolerance is a relative tolerance on the
integral itself; the result is in nats. Integrands are second order in p - q near p = q, or
first order (|p - q|-like: `first_order`), which have kinks where the densities cross.

The real line is cut at support ends, kinks, each bulk of mass (location +- multiples of its
scale) and at the points where the densities cross (a kink of first-order integrands, and where
second-order ones switch from one density's regime to the other's), so each piece is smooth;
a piece ending at a finite upper support end is integrated from that end. Pairs that
float64 cannot resolve (a bulk narrower than the spacing of x at its location, mass piled closer
to a support end than the smallest float, an integral that does not settle) raise ValueError.
Discrete families are summed over the overlap of their mass points (the integers that hold all
but < 1e-30 of each one's mass); each one's mass outside it is added from its tails.
Also here: the differential entropy -integral p ln p.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import integrate, optimize

from kl_core._checks import beyond_range

RTOL = 1e-11
# Log-densities carry rounding errors of ~1e-16 of their size, so an integrand cannot be known
# better than that: |p - q| to ~1e-16 p (first order), and p f(u) ~ p u^2 / 2 to ~1e-16 p |u|
# (second order), i.e. ~1e-16 sqrt(integral) in all. Asking for more than
# these floors only makes the quadrature chase noise when P and Q differ in their last bits.
NOISE = 1e-15
UNREACHED = 1e-13  # the most mass that may lie closer to a support end than the smallest normal float
_TINY = float(np.finfo(float).tiny)  # the smallest normal float: cuts closer than it are one cut, even at 0
SETTLED = 1e-9  # the largest error estimate, relative to the integral, of a piece quad could not finish
_SPREADS = (0.0, 1.0, 3.0, 8.0, 20.0, 50.0)
# tanh-sinh's error estimate compares successive levels; from the default level 2 it can agree with
# itself while a piece's sharp corner (a crossing of far-apart scales) is still unresolved.
MIN_LEVEL = 4
_GAP_NOISE = 1e-13  # relative rounding noise of a difference of two log-densities
_MERGE = 1e-12  # cuts closer than this, relative to their size, are one cut
MAX_MASS_POINTS = 2**20  # ~1e6 integers: a sum over more would take seconds and a large share of memory


def integrate_divergence(divergence, p, q) -> float:
    """The value of `divergence` between two univariate distributions by numerical integration.

    `divergence` is a kl_core Divergence; its `integrand` is integrated over its `domain(p, q)`
    (summed over the mass points for discrete families), its `leftover` of Q's mass off that
    domain is added, and `from_integral` turns the total into the value, in nats.
    """
    with np.errstate(all="ignore"):  # far-apart pairs overflow in places; _Unsettled refuses what that spoils
        try:
            total = _sum_over_mass_points(divergence, p, q) if p.discrete else _integrate_divergence(divergence, p, q)
        except _Unsettled as unsettled:
            raise beyond_range(f"{p!r} vs {q!r}", str(unsettled)) from None
    return divergence.from_integral(total)


class _Unsettled(ArithmeticError):
    """Numerical integration whose error estimate is above what 1e-8 relative accuracy allows."""


def _integrate_divergence(divergence, p, q) -> float:
    _check_resolved(p, q)
    low, high = divergence.domain(p, q)
    points = _breakpoints(p, q, low, high, at_crossings=True)
    total = _integrate_pieces(_pieces(divergence.integrand, p, q, points), first_order=divergence.first_order)
    if divergence.leftover is not None:
        total += divergence.leftover(1.0 - float(q.cdf(high) - q.cdf(low)))
    # Below the rounding-noise floor a result cannot be told from 0 (e.g. a mixture of two equal
    # Normals against that Normal), so it is reported as 0 rather than as digits of noise.
    resolution = NOISE if divergence.first_order else NOISE**2
    return total if total > resolution else 0.0


def _pieces(integrand, p, q, points: np.ndarray) -> list:
    """(f, a, b) groups of pieces to integrate: f(x) on [a, b], except that a piece ending at a finite
    upper end of a support is integrated in t = end - x, from the end.

    Near such an end x = end - t cannot carry t's digits (1 - x has an absolute error of 1e-16), so
    a density singular there, such as Beta's (1 - x)^(b - 1) for b < 1, is evaluated through
    logpdf_below(end, t) from t itself. At a lower end x = low + t is exact for low = 0.
    """
    a, b = points[:-1], points[1:]
    ends = sorted({d.support[1] for d in (p, q)} & set(b.tolist()) - {math.inf})
    from_end = np.isin(b, ends)
    groups = [(lambda x: integrand(p.logpdf(x), q.logpdf(x)), a[~from_end], b[~from_end])]
    for end in ends:
        width = (b - a)[b == end]
        groups.append((lambda t, end=end: integrand(p.logpdf_below(end, t), q.logpdf_below(end, t)),
                       np.zeros_like(width), width))
    return [(f, lo, hi) for f, lo, hi in groups if lo.size]


def _sum_over_mass_points(divergence, p, q) -> float:
    """The sum over the integers where both have mass, plus each one's mass elsewhere times the
    integrand's value per unit of that mass where the other has none.

    Where one pmf is beyond its mass points (< 1e-30 of its mass in all) the integrand is that
    value per unit mass of the other to within those 1e-30, so only the overlap of the two
    windows is summed, and far-apart or huge-rate pairs cost nothing extra. A side whose value per
    unit mass is infinite (P for KL) is summed over all its mass points.
    """
    per_p = float(divergence.integrand(np.float64(0.0), np.float64(-np.inf)))
    per_q = float(divergence.integrand(np.float64(-np.inf), np.float64(0.0)))
    (p_low, p_high), (q_low, q_high) = p.mass_range(), q.mass_range()
    low, high = max(p_low, q_low), min(p_high, q_high)
    if math.isinf(per_p):
        low, high = p_low, p_high
    if high - low >= MAX_MASS_POINTS:
        raise beyond_range(f"{p!r} vs {q!r}", f"their mass overlaps on {high - low + 1:.3g} integers, more than "
                                             f"the {MAX_MASS_POINTS} that kl_core sums over")
    k = np.arange(low, high + 1, dtype=float) if low <= high else np.empty(0)
    lp, lq = p.logpmf(k), q.logpmf(k)
    total = float(np.sum(divergence.integrand(lp, lq)))
    p_off, q_off = (d.mass_outside(low, high) if low <= high else 1.0 for d in (p, q))
    if not math.isinf(per_p):
        total += per_p * p_off
    total += per_q * q_off
    if divergence.leftover is not None:
        total += divergence.leftover(q_off + float(np.sum(np.exp(lq[np.isneginf(lp)]))))
    return max(total, 0.0)


def differential_entropy(p) -> float:
    """-integral p ln p, in nats."""
    low, high = p.support
    points = _breakpoints(p, p, low, high)

    def integrand(lp, _):
        return np.where(np.isneginf(lp), 0.0, -np.exp(lp) * lp)

    try:
        _check_resolved(p)
        return _integrate_pieces(_pieces(integrand, p, p, points))
    except _Unsettled as unsettled:
        raise beyond_range(repr(p), str(unsettled)) from None


def _breakpoints(p, q, low, high, at_crossings: bool = False) -> np.ndarray:
    candidates = [low, high, *p.kinks, *q.kinks, *p.support, *q.support]
    for dist in (p, q):
        for loc, scale in dist.centres:
            candidates += [loc + k * scale for k in _SPREADS] + [loc - k * scale for k in _SPREADS]
    if at_crossings:
        candidates += crossings(p, q)
    pts = np.unique(np.clip(np.array(candidates, dtype=float), low, high))
    pts = pts[np.isfinite(pts) | (pts == low) | (pts == high)]
    # Two cuts a few ulps apart (a crossing that is also a bulk's edge) would leave a piece
    # narrower than quadrature can place nodes in: of such a pair keep the support end, if either is one.
    ends = {low, high, *p.support, *q.support}
    kept = [pts[0]]
    for x in pts[1:]:
        if math.isinf(x) or math.isinf(kept[-1]) or x - kept[-1] > max(_MERGE * max(abs(x), abs(kept[-1])), _TINY):
            kept.append(x)
        elif x in ends:
            kept[-1] = x
    return np.array(kept)


def _integrate_pieces(groups: list, first_order: bool = False) -> float:
    """Sum of the integrals of each (f, a, b) group's pieces, to relative accuracy RTOL of the whole.

    A first, coarse pass gives the integral's scale; the second pass asks each piece for RTOL
    relative to that scale (or the rounding-noise floor, if larger), so pieces that hold (almost)
    nothing do not chase their own digits.
    """
    rough = [integrate.tanhsinh(f, a, b, rtol=1e-5, atol=0.0, maxlevel=6) for f, a, b in groups]
    scale = float(sum(np.sum(np.abs(r.integral)) for r in rough))
    if scale == 0.0:
        return 0.0
    floor = NOISE if first_order else NOISE * math.sqrt(scale)
    atol = max(RTOL * scale, floor) / sum(a.size for _, a, _ in groups)
    return sum(_settled(f, a, b, atol, scale) for f, a, b in groups)


def _settled(integrand, a: np.ndarray, b: np.ndarray, atol: float, scale: float) -> float:
    """The integrals over [a_i, b_i] to atol: tanh-sinh, then quad for pieces it leaves unsettled."""
    res = integrate.tanhsinh(integrand, a, b, rtol=RTOL, atol=atol, minlevel=MIN_LEVEL)
    values = np.asarray(res.integral, dtype=float)
    unsettled = (np.asarray(res.status) != 0) & (np.asarray(res.error) > atol) | ~np.isfinite(values)
    for i in np.flatnonzero(unsettled):
        values[i], error, *failure = integrate.quad(integrand, a[i], b[i], epsabs=atol, epsrel=RTOL, limit=100,
                                                    full_output=1)
        if failure and not error <= SETTLED * scale:
            raise _Unsettled(f"numerical integration over [{a[i]:.6g}, {b[i]:.6g}] stops at an error estimate of "
                             f"{error:.2g}, against a total of {scale:.6g}")
    if not np.isfinite(values).all():
        raise _Unsettled("the integrand overflows")
    return float(values.sum())


def _check_resolved(*dists):
    """Refuse a bulk of mass too narrow for float64's spacing of x at its location, or mass piled
    so close to a support end that float64 cannot get near enough (Gamma or Beta shapes below ~0.04).

    A density of width w at x is sampled at points rounded by spacing(x), which biases its integral
    by ~spacing(x) / w: 1e-8 needs w > 1e8 spacing(x) (w > 2e-8 |x|), kept with a factor 10 to spare.
    """
    for dist in dists:
        for loc, scale in dist.centres:
            if not scale >= 1e9 * np.spacing(abs(loc)):
                raise _Unsettled(f"{dist!r} holds mass within {scale:.3g} of x = {loc:.10g}, too narrow for "
                                 "float64's spacing of x there")
        for end in (e for e in dist.support if math.isfinite(e)):
            if not dist.mass_within(end, _TINY) <= UNREACHED:
                raise _Unsettled(f"{dist!r} holds {dist.mass_within(end, _TINY):.2g} of its mass within "
                                 f"{_TINY:.3g} of x = {end:g}, closer than float64 reaches")


def crossings(p, q, n_grid: int = 2001) -> list[float]:
    """Points where the two densities are equal, found on a grid and refined by Brent's method.

    A log-density gap within rounding noise of 0 counts as no gap, so two densities that are equal
    up to rounding (P and a mixture of copies of P) have no crossings rather than hundreds.
    """
    lo = min(p.plot_range(1 - 1e-12)[0], q.plot_range(1 - 1e-12)[0])
    hi = max(p.plot_range(1 - 1e-12)[1], q.plot_range(1 - 1e-12)[1])
    x = np.linspace(lo, hi, n_grid)
    gap = lambda t: float(p.logpdf(t) - q.logpdf(t))  # noqa: E731
    lp, lq = p.logpdf(x), q.logpdf(x)
    with np.errstate(invalid="ignore"):
        g = lp - lq
        noise = _GAP_NOISE * (1 + np.abs(lp) + np.abs(lq))
        g = np.where(np.abs(g) <= noise, 0.0, g)
    sign = np.sign(np.nan_to_num(g, nan=0.0, posinf=1.0, neginf=-1.0))
    signed = np.flatnonzero(sign)
    out = []
    for i, j in zip(signed[:-1], signed[1:]):
        if sign[i] == sign[j]:
            continue
        if np.isfinite(g[i]) and np.isfinite(g[j]):
            out.append(optimize.brentq(gap, x[i], x[j], xtol=1e-14, disp=False))
        else:
            out.append(x[i] if np.isfinite(g[i]) else x[j])
    return out
