"""Kullback-Leibler divergence KL(P||Q) = sum p ln(p/q) (integral for densities), in nats or bits.

KL is >= 0, 0 only when P = Q, not symmetric and unbounded: it is infinite when P puts mass where
Q has none, or when P's tails are too heavy for Q's. For numerical integration it is written
pointwise non-negative as p f(ln q - ln p), f(u) = e^u - 1 - u (= p ln(p/q) - p + q), which on
supp P integrates to KL - Q(off supp P); the declaration integrates over supp P and adds Q's
mass off it back. Also here: entropy H(P) and cross-entropy H(P, Q) = H(P) + KL(P||Q).
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special

from kl_core._checks import base_log, beyond_range, probability_vector, smoothed, vector_pair
from kl_core._stable import expm1mx, log_ratio, poisson_deviance, stirling_error, stirling_error_slope
from kl_core.distributions import (
    Categorical,
    Beta, Distribution, Exponential, Gamma, Laplace, MultivariateNormal, Normal, Poisson, Uniform,
)
from kl_core.divergence import Divergence, distribution_pair

_CANCELLATION_ZONE = 1e-4
_CANCELLED = 1e-15  # the rounding error of a closed form's terms, relative to their size


def _vector(p: np.ndarray, q: np.ndarray) -> float:
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
    d = (qs - ps) / ps
    # ln(q/p) as log1p(d) keeps the digits of q/p near 1; far below 1, d rounds to -1 and log1p to -inf.
    with np.errstate(divide="ignore"):
        u = np.where(d > -0.5, np.log1p(d), np.log(qs) - np.log(ps))
    terms = ps * expm1mx(u)
    # sum_supp p f(u) = sum_supp (q - p) + KL, so KL = sum_supp p f(u) + sum_supp p - sum_supp q.
    return max(0.0, float(np.sum(terms)) + float(np.sum(ps) - np.sum(qs)))


def _integrand(lp, lq):
    """p f(ln q - ln p) >= 0; 0 where p = 0, inf where p > 0 = q."""
    with np.errstate(invalid="ignore", over="ignore"):
        u = lq - lp
        out = np.exp(lp) * expm1mx(u)
        big = u > 30
        out = np.where(big, np.exp(lq) - np.exp(lp) * (1 + u), out)
    out = np.where(np.isneginf(lp), 0.0, out)
    return np.where(np.isneginf(lq) & ~np.isneginf(lp), np.inf, out)


def _pointwise(lp, lq):
    """p ln(p/q), signed; 0 where p = 0, inf where p > 0 = q."""
    with np.errstate(invalid="ignore"):
        out = np.exp(lp) * (lp - lq)
    out = np.where(np.isneginf(lp), 0.0, out)
    return np.where(np.isneginf(lq) & ~np.isneginf(lp), np.inf, out)


def why_kl_is_infinite(p, q, names: tuple[str, str] = ("P", "Q")) -> str | None:
    """None when KL(p||q) is finite; otherwise the reason in one sentence, for showing beside ∞.

    `names` are what the two arguments are called on screen, e.g. ("Q", "P") for KL(Q||P).
    Decided from the zeros, supports and tails alone, without computing the divergence.

    >>> why_kl_is_infinite([0.8, 0.2], [1, 0])
    'P gives outcome 2 probability 0.2 where Q gives it 0.'
    >>> why_kl_is_infinite([1, 0], [0.8, 0.2], names=("Q", "P")) is None
    True
    """
    first, second = names
    if not distribution_pair(p, q):
        p, q = vector_pair(p, q)
        missing = np.flatnonzero((p > 0) & (q == 0))
        if missing.size == 0:
            return None
        i = int(missing[0])
        return f"{first} gives outcome {i + 1} probability {p[i]:.4g} where {second} gives it 0."
    if p.discrete:
        k = p.mass_points()
        missing = k[~np.isneginf(p.logpmf(k)) & np.isneginf(q.logpmf(k))]
        if missing.size:
            first_missing = int(missing[0])
            outcome = (f"outcome {first_missing + 1}" if isinstance(p, Categorical) else f"k = {first_missing}")
            return (f"{first} gives {outcome} probability {float(p.pmf(missing[0])):.4g} "
                    f"where {second} gives it 0.")
        return None
    (pl, ph), (ql, qh) = p.support, q.support
    outside = [(lo, hi) for lo, hi in ((pl, min(ph, ql)), (max(pl, qh), ph)) if lo < hi]
    if outside:
        region = " ∪ ".join(_open_interval(lo, hi) for lo, hi in outside)
        return (f"{first} puts mass on {region}, outside {second}'s support {_interval(ql, qh)}, "
                f"where {second} has density 0.")
    if not (q.tail_order is None or p.finite_moments > q.tail_order):
        return (f"{first}'s tails are too heavy for {second}'s: the expected log-density ratio diverges "
                f"({type(p).__name__} has no finite moment of order {q.tail_order}).")
    return None


def _end(v: float) -> str:
    return "∞" if v == math.inf else f"{v:g}".replace("-", "−").replace("inf", "∞")


def _open_interval(low: float, high: float) -> str:
    return f"({_end(low)}, {_end(high)})"


def _interval(low: float, high: float) -> str:
    return f"[{_end(low)}, {_end(high)}]"


KL = Divergence(
    key="kl", symbol="KL", name="Kullback-Leibler divergence",
    symmetric=False, metric=False, in_units=True, sup_value=math.inf, disjoint_value=math.inf,
    vector=_vector, integrand=_integrand, pointwise=_pointwise,
    domain=lambda p, q: p.support, leftover=lambda q_mass_off_p: q_mass_off_p,
    infinite=why_kl_is_infinite,
)


def normal_kl(mu_p, sigma_p, mu_q, sigma_q):
    """KL(N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2)) in nats, elementwise over broadcast arrays.

    ln(s_q/s_p) + (s_p^2 + (m_p - m_q)^2) / (2 s_q^2) - 1/2 = f(2t)/2 + dm^2/(2 s_q^2), t = ln(s_p/s_q).
    The arguments must be valid (sigmas > 0); grids of parameters use this directly.
    """
    t = log_ratio(np.asarray(sigma_p, dtype=float), sigma_q)
    with np.errstate(over="ignore"):
        dz = (np.asarray(mu_p, dtype=float) - mu_q) / sigma_q
        return 0.5 * expm1mx(2 * t) + 0.5 * dz * dz


@KL.register(Normal, Normal)
def _kl_normal(p: Normal, q: Normal) -> float:
    return float(normal_kl(p.mu, p.sigma, q.mu, q.sigma))


@KL.register(Laplace, Laplace)
def _kl_laplace(p: Laplace, q: Laplace) -> float:
    """ln(b_q/b_p) + |dm|/b_q + (b_p/b_q) e^(-|dm|/b_p) - 1 = r f(-|dm|/b_p) + f(ln r), r = b_p/b_q.

    Both terms are >= 0, so nothing cancels however far apart the scales and locations are.
    """
    r, x = p.b / q.b, abs(p.mu - q.mu) / p.b
    # r f(-x) = r x - r (1 - e^-x) for large x, as r x = |dm| / b_q: r itself may underflow
    spread = r * expm1mx(-x) if x <= 1 else abs(p.mu - q.mu) / q.b + r * math.expm1(-x)
    return float(spread + expm1mx(log_ratio(p.b, q.b)))


@KL.register(Exponential, Exponential)
def _kl_exponential(p: Exponential, q: Exponential) -> float:
    """ln(r_p/r_q) + r_q/r_p - 1 = f(ln(r_q/r_p))."""
    return float(expm1mx(log_ratio(q.rate, p.rate)))


def _gammaln_bregman(x2: float, x1: float) -> float:
    """ln G(x2) - ln G(x1) - (x2 - x1) psi(x1) >= 0 by its Taylor series, for |x2 - x1| < 1e-3 x1."""
    d = x2 - x1
    return float(sum(special.polygamma(n - 1, x1) * d**n / math.factorial(n) for n in range(2, 7)))


def _close(x2: float, x1: float) -> bool:
    return abs(x2 - x1) < 1e-3 * x1


def _stirling_bregman(x2: float, x1: float) -> float:
    """B_R(x2, x1) = R(x2) - R(x1) - (x2 - x1) R'(x1) >= 0 for R(x) = ln G(x) - x ln x + x.

    With Stirling's ln G(x) = (x - 1/2) ln x - x + ln(2 pi)/2 + m(x) (m: stirling_error, convex),
    B_R = f(ln(x2/x1))/2 + m(x2) - m(x1) - (x2 - x1) m'(x1): small terms, nothing of the size of ln G.
    """
    bregman_m = stirling_error(x2) - stirling_error(x1) - (x2 - x1) * stirling_error_slope(x1)
    return 0.5 * expm1mx(log_ratio(x2, x1)) + bregman_m


@KL.register(Gamma, Gamma)
def _kl_gamma(p: Gamma, q: Gamma) -> float:
    """(k_p - k_q) psi(k_p) - ln G(k_p) + ln G(k_q) + k_q ln(b_p/b_q) + k_p (b_q - b_p)/b_p, shape k, rate b.

    = B_R(k_q, k_p) + k_q f(w), w = ln(mean_p / mean_q) (B_R: _stirling_bregman), two terms >= 0.
    Nearly equal pairs use the Taylor series of ln G instead:
    B(k_q, k_p) + k_p f(u) + (k_p - k_q) u, u = ln(b_q/b_p).
    """
    if _close(q.shape, p.shape) and _close(q.rate, p.rate):
        u = log_ratio(q.rate, p.rate)
        return float(_gammaln_bregman(q.shape, p.shape) + p.shape * expm1mx(u) + (p.shape - q.shape) * u)
    w = log_ratio(p.shape / p.rate, q.shape / q.rate)
    return float(_stirling_bregman(q.shape, p.shape) + q.shape * expm1mx(w))


@KL.register(Beta, Beta)
def _kl_beta(p: Beta, q: Beta) -> float:
    """ln B(a_q, b_q) - ln B(a_p, b_p) + (a_p - a_q) psi(a_p) + (b_p - b_q) psi(b_p) + (a_q - a_p + b_q - b_p) psi(a_p + b_p).

    With s = a + b, pi = a/s and rho = b/s, this is s_q KL(Bernoulli(pi_q) || Bernoulli(pi_p))
    + B_R(a_q, a_p) + B_R(b_q, b_p) - B_R(s_q, s_p) (B_R: _stirling_bregman): the ln G-sized
    parts of the three Bregman divergences cancel exactly in the first term, which is >= 0. The
    last two can still cancel each other (b_p = b_q far below a); that pair is refused, not rounded.
    """
    s_p, s_q = p.a + p.b, q.a + q.b
    pi_p, pi_q, rho_p, rho_q = p.a / s_p, q.a / s_q, p.b / s_p, q.b / s_q
    bernoulli = pi_q * expm1mx(log_ratio(pi_p, pi_q)) + rho_q * expm1mx(log_ratio(rho_p, rho_q))
    terms = (s_q * bernoulli, _stirling_bregman(q.a, p.a), _stirling_bregman(q.b, p.b), -_stirling_bregman(s_q, s_p))
    value = math.fsum(terms)
    if _CANCELLED * math.fsum(map(abs, terms)) > 1e-9 * value:
        raise beyond_range(f"{p!r} vs {q!r}", f"its closed form cancels terms of {max(map(abs, terms)):.3g} "
                                             f"down to {value:.3g}, leaving fewer than 8 correct digits")
    return value


@KL.register(Uniform, Uniform)
def _kl_uniform(p: Uniform, q: Uniform) -> float:
    """ln((high_q - low_q) / (high_p - low_p)) when [low_p, high_p] lies inside [low_q, high_q], else inf.

    As log1p of the extra width over P's width, so that a barely wider Q keeps its digits.
    """
    if p.low < q.low or p.high > q.high:
        return math.inf
    extra, width = (p.low - q.low) + (q.high - p.high), p.high - p.low
    return math.log1p(extra / width) if extra <= width else log_ratio(q.high - q.low, width)


@KL.register(Poisson, Poisson)
def _kl_poisson(p: Poisson, q: Poisson) -> float:
    """r_p ln(r_p/r_q) + r_q - r_p, the Poisson deviance."""
    return poisson_deviance(p.rate, q.rate)


@KL.register(MultivariateNormal, MultivariateNormal)
def _kl_mvn(p: MultivariateNormal, q: MultivariateNormal) -> float:
    """1/2 [tr(S_q^-1 S_p) + dm' S_q^-1 dm - d + ln det S_q - ln det S_p], via Cholesky factors.

    With M = L_q^-1 L_p (lower triangular), tr(S_q^-1 S_p) = sum M_ij^2 and ln det S_p/S_q = 2 sum ln M_ii,
    so the diagonal part is sum f(2 t_i), t_i = ln M_ii, exact for near-equal covariances.
    """
    m = q.chol_inv @ p.chol
    diag = m.diagonal()
    t = log_ratio(p.chol.diagonal(), q.chol.diagonal())
    z = q.chol_inv @ (p._mean - q._mean)
    return float(0.5 * (expm1mx(2 * t).sum() + ((m * m).sum() - diag @ diag) + z @ z))


def kl_divergence(p, q, *, base: float = math.e, smoothing: float = 0.0) -> float:
    """Kullback-Leibler divergence KL(P||Q) = sum p ln(p/q) (integral for densities), in units of `base`.

    Always >= 0 and 0 only when P = Q; math.inf when P puts mass where Q has none, or when P's
    tails are too heavy for Q's. `smoothing` (vectors only) is the explicit additive smoothing
    (v + eps)/(1 + k eps) applied to both vectors, e.g. for histograms with empty bins.

    >>> round(kl_divergence([1, 0], [0.8, 0.2]), 6)   # ln(1/0.8) nats
    0.223144
    >>> round(kl_divergence([1, 0], [0.8, 0.2], base=2), 6)
    0.321928
    >>> kl_divergence([0.8, 0.2], [1, 0])
    inf
    >>> round(kl_divergence(Normal(0, 1), Normal(1, 2)), 6)
    0.443147
    """
    if distribution_pair(p, q):
        if smoothing:
            raise ValueError("smoothing applies to probability vectors (histograms), not to distribution objects.")
        return KL(p, q, base=base)
    p, q = vector_pair(p, q)
    return KL(smoothed(p, smoothing), smoothed(q, smoothing), base=base)


def kl_terms(p, q, x=None, *, base: float = math.e) -> np.ndarray:
    """p ln(p/q) per bin or at each x, in units of `base`; 0 where p = 0, inf where p > 0 = q."""
    return KL.terms(p, q, x, base=base)


def entropy(p, *, base: float = math.e) -> float:
    """Shannon entropy H(P) = -sum p ln p of a vector or discrete family; differential entropy of a density.

    >>> entropy([0.5, 0.5], base=2)
    1.0
    """
    unit = base_log(base)
    if isinstance(p, Distribution):
        return p.entropy() / unit
    return float(np.sum(special.entr(probability_vector(p, "p")))) / unit


def cross_entropy(p, q, *, base: float = math.e) -> float:
    """Cross-entropy H(P, Q) = -sum p ln q = H(P) + KL(P||Q), in units of `base`; inf when KL is.

    >>> round(cross_entropy([1, 0], [0.8, 0.2]), 6)
    0.223144
    """
    unit = base_log(base)
    if distribution_pair(p, q):
        return (p.entropy() + KL(p, q)) / unit
    p, q = vector_pair(p, q)
    return float(-np.sum(special.xlogy(p, q))) / unit
