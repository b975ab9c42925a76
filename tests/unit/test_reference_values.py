"""kl_core against reference values computed a second, independent way.

No reference here calls kl_core. The references are
- textbook closed forms written out in this file (scipy.special for digamma / log-gamma),
- ``scipy.integrate.quad`` over scipy.stats densities, split at kinks and around each
  density's bulk (limit=200, epsabs=0, epsrel=1e-12),
- exact-input extended-precision sums with ``decimal`` (60 significant digits) for vectors
  and for near-identical Normals, where float64 formulas cancel catastrophically,
- scipy.stats entropies.
Every finite value is checked to a relative error of 1e-8, in nats and in bits
(base=2 divides the nats value by ln 2).
"""

import math
from decimal import Decimal, localcontext
from functools import cache

import numpy as np
import pytest
from scipy import integrate, optimize, special, stats

import kl_core
from kl_core import (
    cross_entropy,
    entropy,
    hellinger_distance,
    js_divergence,
    kl_divergence,
    total_variation,
)

REL = 1e-8
LN2 = math.log(2.0)
BASES = [pytest.param(math.e, id="nats"), pytest.param(2.0, id="bits")]
QUAD = dict(limit=200, epsabs=0.0, epsrel=1e-12)


def in_base(nats, base):
    return nats / math.log(base)


def assert_close(actual, expected, rel=REL):
    assert type(actual) is float
    assert actual == pytest.approx(expected, rel=rel, abs=0.0)


# --- scipy twins of kl_core's distributions (parametrisation from the brief) -------------


class Mixture:
    """Independent Gaussian-mixture density: log sum_i w_i N(x; mu_i, sigma_i)."""

    def __init__(self, weights, mus, sigmas):
        self.weights, self.mus, self.sigmas = weights, mus, sigmas

    def logpdf(self, x):
        logs = [math.log(w) + stats.norm.logpdf(x, m, s) for w, m, s in zip(self.weights, self.mus, self.sigmas)]
        return special.logsumexp(logs, axis=0)

    def pdf(self, x):
        return np.exp(self.logpdf(x))

    def cdf(self, x):
        return sum(w * stats.norm.cdf(x, m, s) for w, m, s in zip(self.weights, self.mus, self.sigmas))

    def support(self):
        return -math.inf, math.inf


def twin(spec):
    """The scipy.stats distribution equal to kl_core's ``name(*args)`` for ``spec = (name, args)``."""
    name, args = spec
    if name == "Normal":
        return stats.norm(args[0], args[1])
    if name == "Laplace":
        # gennorm with beta=1 is the Laplace density; stats.laplace.logpdf is log(pdf), -inf past |x| ~ 745 b
        return stats.gennorm(1.0, args[0], args[1])
    if name == "StudentT":
        return stats.t(args[0], args[1], args[2])
    if name == "Exponential":
        return stats.expon(scale=1.0 / args[0])
    if name == "Gamma":
        return stats.gamma(args[0], scale=1.0 / args[1])
    if name == "Beta":
        return stats.beta(args[0], args[1])
    if name == "Uniform":
        return stats.uniform(args[0], args[1] - args[0])
    if name == "Poisson":
        return stats.poisson(args[0])
    if name == "GaussianMixture":
        return Mixture(*args)
    raise AssertionError(name)


def ours(spec):
    name, args = spec
    return getattr(kl_core, name)(*args)


def anchors(dist):
    """(centre, scale) pairs around which a density holds its mass."""
    if isinstance(dist, Mixture):
        return list(zip(dist.mus, dist.sigmas))
    return [(float(dist.median()), float(dist.ppf(0.75) - dist.ppf(0.25)))]


def breakpoints(domain, *dists):
    """Segment ends for quad: the domain ends, every support end and kink inside it, and
    points at 0, 1, 4, 16, 64 scales either side of each density's centre."""
    low, high = domain
    points = {low, high}
    for dist in dists:
        points.update(dist.support())
        for centre, scale in anchors(dist):
            points.update(centre + k * scale for k in (-64, -16, -4, -1, 0, 1, 4, 16, 64))
    return sorted(x for x in points if low <= x <= high)


def integrate_over(f, points):
    return math.fsum(integrate.quad(f, a, b, **QUAD)[0] for a, b in zip(points, points[1:]))


def union_domain(p, q):
    (pl, ph), (ql, qh) = p.support(), q.support()
    return min(pl, ql), max(ph, qh)


@cache
def kl_quad(p_spec, q_spec):
    """KL(P||Q) = integral over supp P of p (ln p - ln q), in nats."""
    p, q = twin(p_spec), twin(q_spec)

    def integrand(x):
        log_p = p.logpdf(x)
        density = math.exp(log_p)
        return 0.0 if density == 0.0 else density * (log_p - q.logpdf(x))

    return integrate_over(integrand, breakpoints(p.support(), p, q))


@cache
def js_quad(p_spec, q_spec):
    """JS = 1/2 int p ln(2p/(p+q)) + 1/2 int q ln(2q/(p+q)), in nats."""
    p, q = twin(p_spec), twin(q_spec)

    def integrand(x):
        log_p, log_q = p.logpdf(x), q.logpdf(x)
        log_m = np.logaddexp(log_p, log_q) - LN2
        total = 0.0
        for log_d in (log_p, log_q):
            if log_d > -math.inf:
                total += 0.5 * math.exp(log_d) * (log_d - log_m)
        return total

    return integrate_over(integrand, breakpoints(union_domain(p, q), p, q))


@cache
def hellinger_quad(p_spec, q_spec):
    """H = sqrt(1/2 int (sqrt p - sqrt q)^2)."""
    p, q = twin(p_spec), twin(q_spec)

    def integrand(x):
        return 0.5 * (math.sqrt(p.pdf(x)) - math.sqrt(q.pdf(x))) ** 2

    return math.sqrt(integrate_over(integrand, breakpoints(union_domain(p, q), p, q)))


def point_inside(a, b):
    if math.isfinite(a) and math.isfinite(b):
        return 0.5 * (a + b)
    if math.isfinite(b):
        return b - 1.0
    if math.isfinite(a):
        return a + 1.0
    return 0.0


def tv_from_crossings(p, q, crossings):
    """TV = sum over the intervals where p > q of P(interval) - Q(interval), from the cdfs."""
    low, high = union_domain(p, q)
    ends = [low, *sorted(crossings), high]
    tv = 0.0
    for a, b in zip(ends, ends[1:]):
        if p.logpdf(point_inside(a, b)) > q.logpdf(point_inside(a, b)):
            tv += (p.cdf(b) - p.cdf(a)) - (q.cdf(b) - q.cdf(a))
    return float(tv)


@cache
def tv_reference(p_spec, q_spec, low, high):
    """TV from the cdfs, with the crossings of ln p - ln q located by brentq on a fine grid of [low, high]."""
    p, q = twin(p_spec), twin(q_spec)

    def gap(x):
        return p.logpdf(x) - q.logpdf(x)

    grid = np.linspace(low, high, 40001)
    signs = np.sign(gap(grid))
    crossings = [optimize.brentq(gap, a, b, xtol=1e-15, rtol=1e-15) for a, b, sa, sb in zip(grid, grid[1:], signs, signs[1:]) if sa * sb < 0]
    return tv_from_crossings(p, q, crossings)


# --- textbook closed forms (nats) ---------------------------------------------------------


def kl_normal(m1, s1, m2, s2):
    return math.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - 0.5


def kl_laplace(m1, b1, m2, b2):
    d = abs(m1 - m2)
    return math.log(b2 / b1) + d / b2 + (b1 / b2) * math.exp(-d / b1) - 1.0


def kl_exponential(l1, l2):
    return math.log(l1 / l2) + l2 / l1 - 1.0


def kl_gamma(a1, r1, a2, r2):
    """Shape-rate Gammas."""
    return (
        (a1 - a2) * special.digamma(a1)
        - special.gammaln(a1)
        + special.gammaln(a2)
        + a2 * (math.log(r1) - math.log(r2))
        + a1 * (r2 - r1) / r1
    )


def kl_beta(a1, b1, a2, b2):
    return (
        special.betaln(a2, b2)
        - special.betaln(a1, b1)
        + (a1 - a2) * special.digamma(a1)
        + (b1 - b2) * special.digamma(b1)
        + (a2 - a1 + b2 - b1) * special.digamma(a1 + b1)
    )


def kl_uniform(lo1, hi1, lo2, hi2):
    if lo2 <= lo1 and hi1 <= hi2:
        return math.log((hi2 - lo2) / (hi1 - lo1))
    return math.inf


def kl_poisson(l1, l2):
    return l1 * math.log(l1 / l2) + l2 - l1


def kl_mvn(m1, c1, m2, c2):
    """1/2 [tr(C2^-1 C1) + (m2-m1)^T C2^-1 (m2-m1) - k + ln det C2 - ln det C1]."""
    m1, c1, m2, c2 = map(np.asarray, (m1, c1, m2, c2))
    inv2 = np.linalg.inv(c2)
    diff = m2 - m1
    logdet1, logdet2 = np.linalg.slogdet(c1)[1], np.linalg.slogdet(c2)[1]
    return 0.5 * float(np.trace(inv2 @ c1) + diff @ inv2 @ diff - len(m1) + logdet2 - logdet1)


CLOSED_FORMS = [
    pytest.param(("Normal", (0.0, 1.0)), ("Normal", (1.0, 2.0)), kl_normal, id="normal-1"),
    pytest.param(("Normal", (-3.0, 0.2)), ("Normal", (4.0, 5.0)), kl_normal, id="normal-2"),
    pytest.param(("Normal", (10.0, 7.0)), ("Normal", (9.5, 0.5)), kl_normal, id="normal-3"),
    pytest.param(("Laplace", (0.0, 1.0)), ("Laplace", (1.0, 2.0)), kl_laplace, id="laplace-1"),
    pytest.param(("Laplace", (2.0, 3.0)), ("Laplace", (-1.0, 0.5)), kl_laplace, id="laplace-2"),
    pytest.param(("Exponential", (1.0,)), ("Exponential", (3.0,)), kl_exponential, id="exponential-1"),
    pytest.param(("Exponential", (0.1,)), ("Exponential", (0.05,)), kl_exponential, id="exponential-2"),
    pytest.param(("Gamma", (2.0, 1.0)), ("Gamma", (3.0, 2.0)), kl_gamma, id="gamma-1"),
    pytest.param(("Gamma", (0.5, 3.0)), ("Gamma", (7.0, 0.5)), kl_gamma, id="gamma-2"),
    pytest.param(("Beta", (2.0, 3.0)), ("Beta", (4.0, 1.5)), kl_beta, id="beta-1"),
    pytest.param(("Beta", (0.5, 0.5)), ("Beta", (1.0, 1.0)), kl_beta, id="beta-2"),
    pytest.param(("Beta", (30.0, 10.0)), ("Beta", (2.0, 2.0)), kl_beta, id="beta-3"),
    pytest.param(("Uniform", (0.0, 1.0)), ("Uniform", (-1.0, 2.0)), kl_uniform, id="uniform-nested"),
    pytest.param(("Poisson", (3.0,)), ("Poisson", (5.0,)), kl_poisson, id="poisson-1"),
    pytest.param(("Poisson", (0.2,)), ("Poisson", (40.0,)), kl_poisson, id="poisson-2"),
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("p_spec, q_spec, formula", CLOSED_FORMS)
def test_closed_form_kl(p_spec, q_spec, formula, base):
    expected = formula(*p_spec[1], *q_spec[1])
    assert_close(kl_divergence(ours(p_spec), ours(q_spec), base=base), in_base(expected, base))


# --- KL by quadrature ----------------------------------------------------------------------

MIXTURE = ("GaussianMixture", ((0.3, 0.7), (-2.0, 1.0), (0.5, 1.0)))

QUAD_PAIRS = [
    pytest.param(("Normal", (0.0, 1.0)), ("Normal", (1.0, 2.0)), id="normal|normal"),
    pytest.param(("Laplace", (0.0, 1.0)), ("Laplace", (1.0, 2.0)), id="laplace|laplace"),
    pytest.param(("Exponential", (1.0,)), ("Exponential", (3.0,)), id="exponential|exponential"),
    pytest.param(("Gamma", (2.0, 1.0)), ("Gamma", (3.0, 2.0)), id="gamma|gamma"),
    pytest.param(("Beta", (2.0, 3.0)), ("Beta", (4.0, 1.5)), id="beta|beta"),
    pytest.param(("Uniform", (0.0, 1.0)), ("Uniform", (-1.0, 2.0)), id="uniform|uniform"),
    pytest.param(MIXTURE, ("Normal", (0.0, 2.0)), id="mixture|normal"),
    pytest.param(("Normal", (0.0, 2.0)), MIXTURE, id="normal|mixture"),
    pytest.param(("StudentT", (5.0, 0.0, 1.0)), ("Normal", (0.0, 1.0)), id="studentt|normal"),
    pytest.param(("StudentT", (3.0, 1.0, 2.0)), ("Normal", (0.0, 3.0)), id="studentt3|normal"),
    pytest.param(("Normal", (0.0, 1.0)), ("StudentT", (4.0, 0.5, 1.0)), id="normal|studentt"),
    pytest.param(("Laplace", (0.0, 1.0)), ("Normal", (0.5, 1.0)), id="laplace|normal"),
    pytest.param(("Normal", (0.0, 1.0)), ("Laplace", (0.5, 1.0)), id="normal|laplace"),
    pytest.param(("Gamma", (2.0, 1.0)), ("Exponential", (0.5,)), id="gamma|exponential"),
    pytest.param(("Exponential", (2.0,)), ("Gamma", (0.5, 1.0)), id="exponential|gamma"),
    pytest.param(("Beta", (2.0, 2.0)), ("Uniform", (0.0, 1.0)), id="beta|uniform"),
    pytest.param(("Uniform", (0.2, 0.7)), ("Beta", (2.0, 3.0)), id="uniform|beta"),
    pytest.param(("Uniform", (1.0, 3.0)), ("Exponential", (1.0,)), id="uniform|exponential"),
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("p_spec, q_spec", QUAD_PAIRS)
def test_kl_matches_quadrature(p_spec, q_spec, base):
    assert_close(kl_divergence(ours(p_spec), ours(q_spec), base=base), in_base(kl_quad(p_spec, q_spec), base))


@pytest.mark.parametrize("spec", [("StudentT", (3.0, 1.0, 2.0)), ("Laplace", (0.5, 2.0)), ("Gamma", (3.0, 2.0))])
def test_kl_to_a_normal_matches_the_cross_entropy_identity(spec):
    """KL(P || N(m, s)) = -h(P) + 1/2 ln(2 pi s^2) + (Var P + (E P - m)^2) / (2 s^2)."""
    m, s = 0.25, 1.5
    p = twin(spec)
    expected = -p.entropy() + 0.5 * math.log(2 * math.pi * s**2) + (p.var() + (p.mean() - m) ** 2) / (2 * s**2)
    assert_close(kl_divergence(ours(spec), kl_core.Normal(m, s)), float(expected))


# --- infinite and exactly-known continuous cases ------------------------------------------


@pytest.mark.parametrize(
    "p, q",
    [
        pytest.param(kl_core.Uniform(-1.0, 2.0), kl_core.Uniform(0.0, 1.0), id="uniform-wider-than-q"),
        pytest.param(kl_core.Uniform(0.0, 1.0), kl_core.Uniform(0.5, 1.5), id="uniform-overlapping"),
        pytest.param(kl_core.Uniform(0.0, 1.0), kl_core.Uniform(2.0, 3.0), id="uniform-disjoint"),
        pytest.param(kl_core.Exponential(1.0), kl_core.Uniform(0.0, 10.0), id="exponential|uniform"),
        pytest.param(kl_core.Normal(0.0, 1.0), kl_core.Exponential(1.0), id="normal|exponential"),
        pytest.param(kl_core.StudentT(2.0, 0.0, 1.0), kl_core.Normal(0.0, 1.0), id="studentt2|normal"),
        pytest.param(kl_core.StudentT(1.0, 0.0, 1.0), kl_core.Normal(0.0, 5.0), id="cauchy|normal"),
    ],
)
@pytest.mark.parametrize("base", BASES)
def test_kl_is_infinite(p, q, base):
    result = kl_divergence(p, q, base=base)
    assert type(result) is float
    assert result == math.inf


def test_studentt_df3_against_a_normal_is_finite():
    """df = 3 is the first df with a finite second moment, so E_P[-ln q] is finite."""
    spec = ("StudentT", (3.0, 0.0, 1.0))
    result = kl_divergence(ours(spec), kl_core.Normal(0.0, 1.0))
    t3 = twin(spec)
    expected = -t3.entropy() + 0.5 * math.log(2 * math.pi) + 0.5 * t3.var()
    assert_close(result, float(expected))


def test_uniform_against_an_exponential_matches_its_closed_form():
    """KL(U(a,b) || Exp(l)) = -ln(b-a) - ln l + l (a+b)/2."""
    a, b, rate = 1.0, 3.0, 0.7
    expected = -math.log(b - a) - math.log(rate) + rate * (a + b) / 2
    assert_close(kl_divergence(kl_core.Uniform(a, b), kl_core.Exponential(rate)), expected)


def test_gamma_with_shape_one_is_the_exponential():
    assert_close(kl_divergence(kl_core.Gamma(1.0, 2.0), kl_core.Exponential(0.5)), kl_exponential(2.0, 0.5))


# --- near-identical Normals, where the float64 closed form cancels -------------------------


def kl_normal_exact(m1, s1, m2, s2):
    """The Normal closed form evaluated on the exact binary inputs with 60 decimal digits."""
    with localcontext() as ctx:
        ctx.prec = 60
        m1, s1, m2, s2 = (Decimal(x) for x in (m1, s1, m2, s2))
        value = (s2 / s1).ln() + (s1 * s1 + (m1 - m2) ** 2) / (2 * s2 * s2) - Decimal("0.5")
        return float(value)


@pytest.mark.parametrize(
    "m1, s1, m2, s2",
    [
        pytest.param(0.0, 1.0, 0.0, 1.0 + 1e-9, id="sigma-1e-9"),
        pytest.param(0.0, 1.0 + 1e-9, 0.0, 1.0, id="sigma-1e-9-reversed"),
        pytest.param(0.0, 1.0, 1e-9, 1.0, id="mu-1e-9"),
        pytest.param(5.0, 2.0, 5.0 + 1e-7, 2.0 * (1 + 1e-8), id="both-close"),
        pytest.param(0.0, 3.0, 0.0, 3.0 * (1 + 1e-6), id="sigma-1e-6"),
    ],
)
@pytest.mark.parametrize("base", BASES)
def test_near_identical_normals(m1, s1, m2, s2, base):
    expected = kl_normal_exact(m1, s1, m2, s2)
    assert 0.0 < expected < 1e-11
    assert_close(kl_divergence(kl_core.Normal(m1, s1), kl_core.Normal(m2, s2), base=base), in_base(expected, base))


def test_sigma_series_agrees_with_the_decimal_reference():
    """Sanity check of the reference: KL(N(0,1) || N(0,1+d)) = d^2 - 5/3 d^3 + O(d^4)."""
    s2 = 1.0 + 1e-9
    d = float(Decimal(s2) - 1)
    assert kl_normal_exact(0.0, 1.0, 0.0, s2) == pytest.approx(d**2 - 5.0 / 3.0 * d**3, rel=1e-12)


@pytest.mark.parametrize("spec", [("Normal", (1.0, 2.0)), ("Gamma", (2.5, 0.5)), ("Beta", (2.0, 5.0)), MIXTURE], ids=lambda s: s[0])
def test_identical_distributions_have_zero_kl(spec):
    assert kl_divergence(ours(spec), ours(spec)) == pytest.approx(0.0, abs=1e-12)


# --- multivariate Normal ------------------------------------------------------------------


@pytest.mark.parametrize(
    "m1, c1, m2, c2",
    [
        pytest.param([0.0, 0.0], [[1.0, 0.0], [0.0, 1.0]], [1.0, -1.0], [[2.0, 0.5], [0.5, 1.0]], id="2d"),
        pytest.param([1.0, 2.0], [[2.0, -0.9], [-0.9, 1.0]], [0.0, 0.0], [[1.0, 0.3], [0.3, 3.0]], id="2d-correlated"),
        pytest.param(
            [0.5, -0.5, 1.0],
            [[1.5, 0.2, 0.1], [0.2, 1.0, -0.3], [0.1, -0.3, 2.0]],
            [0.0, 1.0, 0.0],
            [[1.0, 0.0, 0.4], [0.0, 0.5, 0.0], [0.4, 0.0, 1.0]],
            id="3d",
        ),
    ],
)
@pytest.mark.parametrize("base", BASES)
def test_mvn_matches_trace_logdet_formula(m1, c1, m2, c2, base):
    p, q = kl_core.MultivariateNormal(m1, c1), kl_core.MultivariateNormal(m2, c2)
    assert_close(kl_divergence(p, q, base=base), in_base(kl_mvn(m1, c1, m2, c2), base))


def test_diagonal_mvn_against_standard_normal_is_the_vae_term():
    """KL(N(m, diag s^2) || N(0, I)) = sum 1/2 (s^2 + m^2 - 1 - ln s^2)."""
    m = np.array([0.3, -1.2, 2.0, 0.0])
    s = np.array([0.5, 1.5, 1.0, 0.1])
    expected = math.fsum(0.5 * (s**2 + m**2 - 1.0 - np.log(s**2)))
    result = kl_divergence(kl_core.MultivariateNormal(m, np.diag(s**2)), kl_core.MultivariateNormal(np.zeros(4), np.eye(4)))
    assert_close(result, expected)


def test_one_dimensional_mvn_is_the_normal():
    result = kl_divergence(kl_core.MultivariateNormal([1.0], [[4.0]]), kl_core.MultivariateNormal([0.0], [[1.0]]))
    assert_close(result, kl_normal(1.0, 2.0, 0.0, 1.0))


# --- Poisson ------------------------------------------------------------------------------


@pytest.mark.parametrize("l1, l2", [(3.0, 5.0), (0.2, 40.0), (25.0, 24.0), (100.0, 80.0)])
@pytest.mark.parametrize("base", BASES)
def test_poisson_kl_matches_truncated_sum(l1, l2, base):
    """sum_k p(k) (ln p(k) - ln q(k)) over k <= l1 + 40 sqrt(l1) + 60, beyond which p(k) < 1e-300."""
    p, q = stats.poisson(l1), stats.poisson(l2)
    k = np.arange(int(l1 + 40 * math.sqrt(l1) + 60))
    log_p = p.logpmf(k)
    expected = math.fsum(np.exp(log_p) * (log_p - q.logpmf(k)))
    assert_close(kl_divergence(kl_core.Poisson(l1), kl_core.Poisson(l2), base=base), in_base(expected, base))


# --- JS, Hellinger, total variation of continuous pairs -----------------------------------

SYMMETRIC_PAIRS = [
    pytest.param(("Normal", (0.0, 1.0)), ("Normal", (1.0, 2.0)), (-30.0, 30.0), id="normal|normal"),
    pytest.param(("Normal", (0.0, 1.0)), ("Normal", (2.0, 1.0)), (-30.0, 30.0), id="normal|shifted"),
    pytest.param(("Normal", (0.0, 1.0)), ("Laplace", (0.5, 1.0)), (-40.0, 40.0), id="normal|laplace"),
    pytest.param(("StudentT", (3.0, 0.0, 1.0)), ("Normal", (0.0, 1.0)), (-40.0, 40.0), id="studentt|normal"),
    pytest.param(MIXTURE, ("Normal", (0.0, 2.0)), (-30.0, 30.0), id="mixture|normal"),
    pytest.param(("Gamma", (2.0, 1.0)), ("Exponential", (0.5,)), (1e-9, 80.0), id="gamma|exponential"),
    pytest.param(("Beta", (2.0, 3.0)), ("Beta", (4.0, 1.5)), (1e-9, 1 - 1e-9), id="beta|beta"),
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("p_spec, q_spec, grid", SYMMETRIC_PAIRS)
def test_js_matches_quadrature(p_spec, q_spec, grid, base):
    result = js_divergence(ours(p_spec), ours(q_spec), base=base)
    assert_close(result, in_base(js_quad(p_spec, q_spec), base))


@pytest.mark.parametrize("p_spec, q_spec, grid", SYMMETRIC_PAIRS)
def test_hellinger_matches_quadrature(p_spec, q_spec, grid):
    assert_close(hellinger_distance(ours(p_spec), ours(q_spec)), hellinger_quad(p_spec, q_spec))


@pytest.mark.parametrize("p_spec, q_spec, grid", SYMMETRIC_PAIRS)
def test_total_variation_matches_cdf_crossings(p_spec, q_spec, grid):
    assert_close(total_variation(ours(p_spec), ours(q_spec)), tv_reference(p_spec, q_spec, *grid))


NORMAL_PAIRS = [(0.0, 1.0, 1.0, 2.0), (0.0, 1.0, 2.0, 1.0), (-1.0, 0.5, 3.0, 4.0), (0.0, 1.0, 0.0, 3.0)]


@pytest.mark.parametrize("m1, s1, m2, s2", NORMAL_PAIRS)
def test_normal_hellinger_closed_form(m1, s1, m2, s2):
    """H^2 = 1 - sqrt(2 s1 s2 / (s1^2 + s2^2)) exp(-(m1 - m2)^2 / (4 (s1^2 + s2^2)))."""
    bc = math.sqrt(2 * s1 * s2 / (s1**2 + s2**2)) * math.exp(-((m1 - m2) ** 2) / (4 * (s1**2 + s2**2)))
    assert_close(hellinger_distance(kl_core.Normal(m1, s1), kl_core.Normal(m2, s2)), math.sqrt(1.0 - bc))


def normal_crossings(m1, s1, m2, s2, lib=math):
    """Roots of ln p - ln q = a x^2 + b x + c for two Normal densities, in ascending order.

    `lib` supplies log and sqrt: math for floats, mpmath for high-precision references.
    """
    a = 1 / (2 * s2**2) - 1 / (2 * s1**2)
    b = m1 / s1**2 - m2 / s2**2
    c = m2**2 / (2 * s2**2) - m1**2 / (2 * s1**2) + lib.log(s2 / s1)
    if a == 0:
        return [-c / b]
    disc = lib.sqrt(b * b - 4 * a * c)
    return sorted([(-b - disc) / (2 * a), (-b + disc) / (2 * a)])


@pytest.mark.parametrize("m1, s1, m2, s2", NORMAL_PAIRS)
def test_normal_total_variation_closed_form(m1, s1, m2, s2):
    p, q = stats.norm(m1, s1), stats.norm(m2, s2)
    expected = tv_from_crossings(p, q, normal_crossings(m1, s1, m2, s2))
    assert_close(total_variation(kl_core.Normal(m1, s1), kl_core.Normal(m2, s2)), expected)


def test_equal_variance_normal_total_variation():
    """TV(N(0, s), N(d, s)) = 2 Phi(d / (2 s)) - 1 = erf(d / (2 sqrt 2 s))."""
    d, s = 1.3, 0.8
    assert_close(total_variation(kl_core.Normal(0.0, s), kl_core.Normal(d, s)), math.erf(d / (2 * math.sqrt(2) * s)))


@pytest.mark.parametrize("base, ln2_in_base", [(math.e, LN2), (2.0, 1.0)])
def test_disjoint_uniforms_are_maximally_apart(base, ln2_in_base):
    p, q = kl_core.Uniform(0.0, 1.0), kl_core.Uniform(1.0, 3.0)
    assert js_divergence(p, q, base=base) == pytest.approx(ln2_in_base, rel=1e-12)
    assert total_variation(p, q) == pytest.approx(1.0, rel=1e-12)
    assert hellinger_distance(p, q) == pytest.approx(1.0, rel=1e-12)


# --- discrete vectors, against exact-input 60-digit sums ----------------------------------


def decimals(v):
    return [Decimal(float(x)) for x in v]


def kl_exact(p, q):
    with localcontext() as ctx:
        ctx.prec = 60
        total = Decimal(0)
        for pi, qi in zip(decimals(p), decimals(q)):
            if pi == 0:
                continue
            if qi == 0:
                return math.inf
            total += pi * (pi.ln() - qi.ln())
        return float(total)


def js_exact(p, q):
    with localcontext() as ctx:
        ctx.prec = 60
        total = Decimal(0)
        for pi, qi in zip(decimals(p), decimals(q)):
            mi = (pi + qi) / 2
            for di in (pi, qi):
                if di > 0:
                    total += di * (di / mi).ln() / 2
        return float(total)


def hellinger_exact(p, q):
    with localcontext() as ctx:
        ctx.prec = 60
        total = sum(((pi.sqrt() - qi.sqrt()) ** 2 for pi, qi in zip(decimals(p), decimals(q))), Decimal(0))
        return float((total / 2).sqrt())


def tv_exact(p, q):
    with localcontext() as ctx:
        ctx.prec = 60
        return float(sum((abs(pi - qi) for pi, qi in zip(decimals(p), decimals(q))), Decimal(0)) / 2)


def test_cat_example():
    p, q = [1.0, 0.0], [0.8, 0.2]
    assert kl_divergence(p, q) == pytest.approx(0.22314355131420976, rel=1e-15)
    assert kl_divergence(p, q, base=2) == pytest.approx(0.32192809488736235, rel=1e-15)
    assert kl_divergence(q, p) == math.inf
    assert kl_divergence(q, p, base=2) == math.inf


_rng = np.random.default_rng(20240611)
VECTOR_PAIRS = [
    pytest.param([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25], id="vs-uniform"),
    pytest.param([0.5, 0.5, 0.0], [0.2, 0.3, 0.5], id="zero-in-p"),
    pytest.param([0.9, 0.1], [0.1, 0.9], id="two-bins"),
    pytest.param([1e-10, 1 - 1e-10], [0.5, 0.5], id="tiny-mass"),
    pytest.param([1.0, 0.0], [1 - 1e-6, 1e-6], id="q-mass-outside-p"),
    pytest.param([0.0, 0.5, 0.5], [1e-5, 0.5, 0.5 - 1e-5], id="small-kl-q-mass-outside-p"),
    pytest.param(_rng.dirichlet(np.ones(30)), _rng.dirichlet(np.ones(30)), id="dirichlet-30"),
    pytest.param(_rng.dirichlet(np.full(8, 0.2)), _rng.dirichlet(np.full(8, 5.0)), id="dirichlet-8-skewed"),
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("p, q", VECTOR_PAIRS)
def test_vector_kl_and_js(p, q, base):
    assert_close(kl_divergence(p, q, base=base), in_base(kl_exact(p, q), base))
    assert_close(js_divergence(p, q, base=base), in_base(js_exact(p, q), base))


@pytest.mark.parametrize("p, q", VECTOR_PAIRS)
def test_vector_hellinger_and_total_variation(p, q):
    assert_close(hellinger_distance(p, q), hellinger_exact(p, q))
    assert_close(total_variation(p, q), tv_exact(p, q))


def test_vector_kl_is_infinite_where_q_has_no_mass():
    assert kl_divergence([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == math.inf
    assert js_divergence([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]) == pytest.approx(js_exact([0.5, 0.5, 0.0], [1.0, 0.0, 0.0]), rel=REL)


@pytest.mark.parametrize("base", BASES)
def test_smoothing_is_the_documented_transform(base):
    """smoothing=eps turns each vector v into (v + eps) / (1 + k eps) before the divergence."""
    p, q, eps = [0.5, 0.5, 0.0], [1.0, 0.0, 0.0], 1e-3
    k = len(p)
    ps, qs = [(x + eps) / (1 + k * eps) for x in p], [(x + eps) / (1 + k * eps) for x in q]
    assert_close(kl_divergence(p, q, base=base, smoothing=eps), in_base(kl_exact(ps, qs), base))


# scipy pitfalls ---------------------------------------------------------------------------

DELTA = 2.0**-40  # 0.5 +- DELTA are exact in float64 and sum to exactly 1


@pytest.mark.parametrize(
    "p, q",
    [
        pytest.param([0.5, 0.5], [0.5 + DELTA, 0.5 - DELTA], id="exact-2^-40"),
        pytest.param([0.5, 0.5], [0.5 + 1e-12, 0.5 - 1e-12], id="1e-12"),
        pytest.param([0.3, 0.3, 0.4], [0.3 + 1e-15, 0.3 - 1e-15, 0.4], id="1e-15"),
        pytest.param(
            [0.1, 0.2, 0.3, 0.4], np.nextafter(np.array([0.1, 0.2, 0.3, 0.4]), 1.0), id="one-ulp"
        ),
    ],
)
def test_js_of_near_identical_vectors_is_never_nan_or_negative(p, q):
    """scipy issue 20083: jensenshannon gives NaN for near-identical float64 vectors."""
    for base in (math.e, 2.0):
        result = js_divergence(p, q, base=base)
        assert not math.isnan(result)
        assert 0.0 <= result <= 1e-15


def test_js_with_a_subnormal_entry_is_finite():
    """scipy issue 19436: a subnormal q entry makes p/q overflow in rel_entr."""
    p, q = [0.5, 0.5], [1.0, 5e-324]
    assert_close(js_divergence(p, q), js_exact(p, q))
    assert_close(kl_divergence(p, q), kl_exact(p, q))
    assert_close(kl_divergence(q, p), kl_exact(q, p))


@pytest.mark.parametrize(
    "p, q",
    [
        pytest.param([0.5, 0.5], [0.5 + DELTA, 0.5 - DELTA], id="exact-2^-40"),
        pytest.param([0.5, 0.5], [0.5 + 1e-12, 0.5 - 1e-12], id="1e-12"),
        pytest.param([0.25, 0.25, 0.5], [0.25 - 1e-12, 0.25 + 1e-12, 0.5], id="1e-12-three-bins"),
        pytest.param([1e-6, 1 - 1e-6], [1e-6 + 1e-13, 1 - 1e-6 - 1e-13], id="small-bin"),
    ],
)
def test_hellinger_of_close_vectors_is_accurate(p, q):
    """sqrt p - sqrt q cancels in float64; the answer is ~1e-12, not 0 and not noise."""
    expected = hellinger_exact(p, q)
    assert 1e-14 < expected < 1e-10
    assert_close(hellinger_distance(p, q), expected)


# --- entropy and cross-entropy ------------------------------------------------------------

ENTROPY_SPECS = [
    ("Normal", (1.0, 2.0)),
    ("Laplace", (0.0, 0.5)),
    ("StudentT", (4.0, 1.0, 3.0)),
    ("Exponential", (2.5,)),
    ("Gamma", (3.0, 0.5)),
    ("Beta", (2.0, 5.0)),
    ("Uniform", (-1.0, 3.0)),
    ("Poisson", (4.0,)),
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("spec", ENTROPY_SPECS, ids=lambda s: s[0])
def test_entropy_matches_scipy(spec, base):
    assert_close(entropy(ours(spec), base=base), in_base(float(twin(spec).entropy()), base))


def test_mvn_entropy_matches_scipy():
    mean, cov = [0.0, 1.0], [[2.0, 0.3], [0.3, 0.5]]
    assert_close(entropy(kl_core.MultivariateNormal(mean, cov)), float(stats.multivariate_normal(mean, cov).entropy()))


CROSS_ENTROPY_CASES = [
    pytest.param(("Normal", (0.0, 1.0)), ("Normal", (1.0, 2.0)), kl_normal, id="normal"),
    pytest.param(("Gamma", (2.0, 1.0)), ("Gamma", (3.0, 2.0)), kl_gamma, id="gamma"),
    pytest.param(("Beta", (2.0, 3.0)), ("Beta", (4.0, 1.5)), kl_beta, id="beta"),
    pytest.param(("Poisson", (3.0,)), ("Poisson", (5.0,)), kl_poisson, id="poisson"),
]


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("p_spec, q_spec, formula", CROSS_ENTROPY_CASES)
def test_cross_entropy_is_entropy_plus_kl(p_spec, q_spec, formula, base):
    expected = float(twin(p_spec).entropy()) + formula(*p_spec[1], *q_spec[1])
    assert_close(cross_entropy(ours(p_spec), ours(q_spec), base=base), in_base(expected, base))


@pytest.mark.parametrize("base", BASES)
@pytest.mark.parametrize("p, q", VECTOR_PAIRS)
def test_vector_entropy_and_cross_entropy_match_scipy(p, q, base):
    b = None if base == math.e else base
    assert_close(entropy(p, base=base), float(stats.entropy(p, base=b)))
    assert_close(cross_entropy(p, q, base=base), float(stats.entropy(p, base=b) + stats.entropy(p, q, base=b)))


def test_numerically_identical_pairs_give_exactly_zero_not_rounding_noise():
    from kl_core import GaussianMixture, Normal, hellinger_distance, js_divergence, kl_divergence, total_variation

    same_normal = GaussianMixture([0.95, 0.05], [5.0, 5.0], [5.0, 5.0])
    for fn in (kl_divergence, js_divergence, hellinger_distance, total_variation):
        assert fn(same_normal, Normal(5.0, 5.0)) == 0.0
