"""kl_core is right to 1e-8 relative for any valid parameters, or says plainly that it cannot be.

Parameters are drawn log-uniformly from 1e-8 to 1e8 (with either sign where the family's
constraint allows any real), so scales, rates and locations meet at ratios up to 1e16. Each
value is checked against a reference computed with mpmath at 50 significant digits on the exact
binary inputs: textbook closed forms, entropy identities for pairs that kl_core integrates
numerically, mpmath.quad split around each density's bulk, and exact sums for Poisson pairs.
A call passes when it is within 1e-8 relative (1e-12 absolute near 0) of the reference, or
raises a ValueError saying the pair is beyond what kl_core computes accurately.

KL_ACCURACY_EXAMPLES sets the number of examples per test (default 40).
"""

import math
import os

import mpmath as mp
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kl_core import (
    Beta, Exponential, Gamma, Laplace, Normal, Poisson, Uniform, hellinger_distance, js_divergence,
    kl_divergence, total_variation,
)
from kl_core._checks import BEYOND
from tests.unit.test_reference_values import normal_crossings

mp.mp.dps = 50
EXAMPLES = int(os.environ.get("KL_ACCURACY_EXAMPLES", "40"))
ACCURACY = settings(max_examples=EXAMPLES, deadline=None)
HANG = pytest.mark.timeout(120 + 20 * EXAMPLES)  # a bound on hangs only, generous for slow machines and shrinking
REL, ABS = 1e-8, 1e-12

POSITIVE = st.floats(-8.0, 8.0).map(lambda e: 10.0**e)
REAL = st.one_of(st.just(0.0), st.tuples(st.sampled_from([-1.0, 1.0]), POSITIVE).map(lambda t: t[0] * t[1]))


def uniforms():
    return st.tuples(REAL, REAL).filter(lambda t: t[0] != t[1]).map(lambda t: Uniform(min(t), max(t)))


FAMILIES = {
    "Normal": st.builds(Normal, REAL, POSITIVE),
    "Laplace": st.builds(Laplace, REAL, POSITIVE),
    "Exponential": st.builds(Exponential, POSITIVE),
    "Gamma": st.builds(Gamma, POSITIVE, POSITIVE),
    "Beta": st.builds(Beta, POSITIVE, POSITIVE),
    "Poisson": st.builds(Poisson, POSITIVE),
    "Uniform": uniforms(),
}


def pair_of(family):
    """Two independent draws, or a draw and a copy with parameters nudged by 1e-3 .. 1e-12 relative."""
    draw = FAMILIES[family]
    nudged = st.tuples(draw, st.sampled_from([1e-3, 1e-6, 1e-9, 1e-12])).map(lambda t: (t[0], _nudge(t[0], t[1])))
    return st.one_of(st.tuples(draw, draw), nudged)


def _nudge(dist, eps):
    """The last parameter (a scale, a rate or Uniform's high) moved up by eps of its size."""
    values = list(dist.params().values())
    return type(dist)(*values[:-1], values[-1] + eps * abs(values[-1]))


def assert_accurate(compute, reference):
    """compute() within REL (ABS near 0) of the mpmath reference(), or a ValueError saying it is beyond range."""
    try:
        got = compute()
    except ValueError as error:
        assert BEYOND in str(error), str(error)
        return
    want = reference()
    assert type(got) is float and not math.isnan(got) and got >= 0
    if want == mp.inf:
        assert got == math.inf
    else:
        assert abs(mp.mpf(got) - want) <= max(REL * abs(want), ABS), (got, mp.nstr(want, 20))


M = mp.mpf


def entropy_ref(d):
    """Differential entropy in nats, from mpmath's special functions."""
    if isinstance(d, Normal):
        return mp.log(2 * mp.pi * mp.e * M(d.sigma) ** 2) / 2
    if isinstance(d, Laplace):
        return 1 + mp.log(2 * M(d.b))
    if isinstance(d, Gamma):
        k, r = M(d.shape), M(d.rate)
        return k - mp.log(r) + mp.loggamma(k) + (1 - k) * mp.digamma(k)
    if isinstance(d, Beta):
        a, b = M(d.a), M(d.b)
        return log_beta(a, b) - (a - 1) * mp.digamma(a) - (b - 1) * mp.digamma(b) + (a + b - 2) * mp.digamma(a + b)
    raise AssertionError(d)


def log_beta(a, b):
    return mp.loggamma(a) + mp.loggamma(b) - mp.loggamma(a + b)


def kl_closed_form(p, q):
    """Textbook KL(P||Q) in nats for two members of one family."""
    if isinstance(p, Normal):
        m1, s1, m2, s2 = M(p.mu), M(p.sigma), M(q.mu), M(q.sigma)
        return mp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - M(1) / 2
    if isinstance(p, Laplace):
        m1, b1, m2, b2 = M(p.mu), M(p.b), M(q.mu), M(q.b)
        d = abs(m1 - m2)
        return mp.log(b2 / b1) + d / b2 + b1 / b2 * mp.exp(-d / b1) - 1
    if isinstance(p, Exponential):
        r1, r2 = M(p.rate), M(q.rate)
        return mp.log(r1 / r2) + r2 / r1 - 1
    if isinstance(p, Gamma):
        k1, r1, k2, r2 = M(p.shape), M(p.rate), M(q.shape), M(q.rate)
        return ((k1 - k2) * mp.digamma(k1) - mp.loggamma(k1) + mp.loggamma(k2) + k2 * mp.log(r1 / r2)
                + k1 * (r2 - r1) / r1)
    if isinstance(p, Beta):
        a1, b1, a2, b2 = M(p.a), M(p.b), M(q.a), M(q.b)
        return (log_beta(a2, b2) - log_beta(a1, b1) + (a1 - a2) * mp.digamma(a1) + (b1 - b2) * mp.digamma(b1)
                + (a2 - a1 + b2 - b1) * mp.digamma(a1 + b1))
    if isinstance(p, Poisson):
        r1, r2 = M(p.rate), M(q.rate)
        return r1 * mp.log(r1 / r2) + r2 - r1
    if isinstance(p, Uniform):
        if p.low < q.low or p.high > q.high:
            return mp.inf
        return mp.log((M(q.high) - M(q.low)) / (M(p.high) - M(p.low)))
    raise AssertionError(p)


@HANG
@pytest.mark.parametrize("family", list(FAMILIES))
def test_closed_form_kl(family):
    @ACCURACY
    @given(pair_of(family))
    def check(pq):
        p, q = pq
        assert_accurate(lambda: kl_divergence(p, q), lambda: kl_closed_form(p, q))

    check()


def normal_tv(p, q):
    """P(A) - Q(A) over A = {p > q}, from the crossings and mpmath's normal cdf."""
    if p.sigma == q.sigma:
        return mp.erf(abs(M(p.mu) - M(q.mu)) / (2 * mp.sqrt(2) * M(p.sigma)))
    lo, hi = normal_crossings(M(p.mu), M(p.sigma), M(q.mu), M(q.sigma), lib=mp)

    def mass(d):
        return mp.ncdf(hi, M(d.mu), M(d.sigma)) - mp.ncdf(lo, M(d.mu), M(d.sigma))

    return abs(mass(p) - mass(q))


def normal_hellinger(p, q):
    s1, s2 = M(p.sigma), M(q.sigma)
    bc = mp.sqrt(2 * s1 * s2 / (s1**2 + s2**2)) * mp.exp(-(M(p.mu) - M(q.mu)) ** 2 / (4 * (s1**2 + s2**2)))
    return mp.sqrt(1 - bc)


@HANG
@ACCURACY
@given(pair_of("Normal"))
def test_normal_total_variation_and_hellinger(pq):
    p, q = pq
    assert_accurate(lambda: total_variation(p, q), lambda: normal_tv(p, q))
    assert_accurate(lambda: hellinger_distance(p, q), lambda: normal_hellinger(p, q))


@HANG
@ACCURACY
@given(pair_of("Poisson"))
def test_poisson_hellinger(pq):
    p, q = pq
    reference = lambda: mp.sqrt(1 - mp.exp(-(mp.sqrt(M(p.rate)) - mp.sqrt(M(q.rate))) ** 2 / 2))  # noqa: E731
    assert_accurate(lambda: hellinger_distance(p, q), reference)


# --- pairs kl_core integrates numerically, against identities KL = -h(P) + E_P[-ln q] -----------


def expected_abs(normal, m):
    """E|X - m| for X ~ N(mu, sigma)."""
    d, s = M(normal.mu) - M(m), M(normal.sigma)
    return s * mp.sqrt(2 / mp.pi) * mp.exp(-d * d / (2 * s * s)) + d * (1 - 2 * mp.ncdf(-d / s))


@HANG
@ACCURACY
@given(FAMILIES["Normal"], FAMILIES["Laplace"])
def test_kl_between_normal_and_laplace(normal, laplace):
    """KL(N||L) = -h(N) + ln 2b + E|X - m| / b; KL(L||N) = -h(L) + ln(2 pi s^2)/2 + (2b^2 + dm^2) / (2 s^2)."""
    m, b, mu, s = M(laplace.mu), M(laplace.b), M(normal.mu), M(normal.sigma)
    assert_accurate(lambda: kl_divergence(normal, laplace),
                    lambda: -entropy_ref(normal) + mp.log(2 * b) + expected_abs(normal, laplace.mu) / b)
    assert_accurate(lambda: kl_divergence(laplace, normal),
                    lambda: (-entropy_ref(laplace) + mp.log(2 * mp.pi * s * s) / 2
                             + (2 * b * b + (m - mu) ** 2) / (2 * s * s)))


@HANG
@ACCURACY
@given(st.one_of(FAMILIES["Gamma"], FAMILIES["Beta"]), FAMILIES["Exponential"])
def test_kl_to_an_exponential(p, q):
    """KL(P||Exp(r)) = -h(P) - ln r + r E[X], for Gamma and Beta P (Beta's endpoint singularities included)."""
    mean = M(p.shape) / M(p.rate) if isinstance(p, Gamma) else M(p.a) / (M(p.a) + M(p.b))
    r = M(q.rate)
    assert_accurate(lambda: kl_divergence(p, q), lambda: -entropy_ref(p) - mp.log(r) + r * mean)


def normal_js(p, q):
    """JS by mpmath.quad, split at 0, 1, 2, 4, ..., 64 sigmas either side of each mean."""
    def integrand(x):
        lp = -((x - M(p.mu)) / M(p.sigma)) ** 2 / 2 - mp.log(M(p.sigma) * mp.sqrt(2 * mp.pi))
        lq = -((x - M(q.mu)) / M(q.sigma)) ** 2 / 2 - mp.log(M(q.sigma) * mp.sqrt(2 * mp.pi))
        lm = mp.log((mp.exp(lp) + mp.exp(lq)) / 2)
        return (mp.exp(lp) * (lp - lm) + mp.exp(lq) * (lq - lm)) / 2

    spreads = (0, 1, 2, 4, 8, 16, 32, 64, -1, -2, -4, -8, -16, -32, -64)
    points = {M(d.mu) + k * M(d.sigma) for d in (p, q) for k in spreads}
    return mp.quad(integrand, [-mp.inf, *sorted(points), mp.inf])


@HANG
@settings(ACCURACY, max_examples=max(1, ACCURACY.max_examples // 2))
@given(pair_of("Normal"))
def test_js_between_normals(pq):
    p, q = pq
    mp.mp.dps = 30
    try:
        assert_accurate(lambda: js_divergence(p, q), lambda: normal_js(p, q))
    finally:
        mp.mp.dps = 50


def poisson_window(rate, reach=14, extra=60):
    """Integers holding all but < 1e-40 of Poisson(rate)'s mass."""
    spread = reach * math.sqrt(rate) + extra
    return max(0, math.floor(rate - spread)), math.ceil(rate + spread)


def poisson_js(p, q):
    """ln 2 - 1/2 sum_k [p ln(1 + q/p) + q ln(1 + p/q)]: exact, with terms only where both have mass."""
    (pl, ph), (ql, qh) = poisson_window(p.rate), poisson_window(q.rate)
    total = M(0)
    for k in range(max(pl, ql), min(ph, qh) + 1):
        lp = k * mp.log(M(p.rate)) - M(p.rate) - mp.loggamma(k + 1)
        lq = k * mp.log(M(q.rate)) - M(q.rate) - mp.loggamma(k + 1)
        total += mp.exp(lp) * mp.log1p(mp.exp(lq - lp)) + mp.exp(lq) * mp.log1p(mp.exp(lp - lq))
    return mp.log(2) - total / 2


def small_overlap(pq):
    (pl, ph), (ql, qh) = (poisson_window(d.rate) for d in pq)
    return min(ph, qh) - max(pl, ql) < 1500


@HANG
@ACCURACY
@given(pair_of("Poisson").filter(small_overlap))
def test_js_between_poissons(pq):
    """Summed over the overlap of the mass windows; the reference's exact sum keeps to overlaps under 1500 integers."""
    p, q = pq
    assert_accurate(lambda: js_divergence(p, q), lambda: poisson_js(p, q))
