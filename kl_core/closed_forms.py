"""Exact divergences between two members of a family, registered per (divergence, P type, Q type).

`lookup` finds the most specific registered pair by walking both types' MROs, so adding a family
means adding its class and registering its pairs here; callers never test families themselves.
All results are in nats and use forms that keep relative accuracy when P and Q are close.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special
from scipy.linalg import solve_triangular

from kl_core._stable import expm1mx, log_ratio
from kl_core.distributions import (
    Beta, Distribution, Exponential, Gamma, Laplace, MultivariateNormal, Normal, Poisson, Uniform,
)

_REGISTRY: dict[tuple[str, type, type], object] = {}


def register(divergence: str, p_type: type, q_type: type):
    """Decorator: fn(p, q) -> float (nats) is the closed form of `divergence` for this pair."""

    def wrap(fn):
        _REGISTRY[divergence, p_type, q_type] = fn
        return fn

    return wrap


def lookup(divergence: str, p: Distribution, q: Distribution):
    for p_type in type(p).__mro__:
        for q_type in type(q).__mro__:
            fn = _REGISTRY.get((divergence, p_type, q_type))
            if fn is not None:
                return fn
    return None


def normal_kl(mu_p, sigma_p, mu_q, sigma_q):
    """KL(N(mu_p, sigma_p^2) || N(mu_q, sigma_q^2)) in nats, elementwise over broadcast arrays.

    ln(s_q/s_p) + (s_p^2 + (m_p - m_q)^2) / (2 s_q^2) - 1/2 = f(2t)/2 + dm^2/(2 s_q^2), t = ln(s_p/s_q).
    The arguments must be valid (sigmas > 0); grids of parameters use this directly.
    """
    t = log_ratio(np.asarray(sigma_p, dtype=float), sigma_q)
    dz = (np.asarray(mu_p, dtype=float) - mu_q) / sigma_q
    return 0.5 * expm1mx(2 * t) + 0.5 * dz * dz


@register("kl", Normal, Normal)
def _kl_normal(p: Normal, q: Normal) -> float:
    return float(normal_kl(p.mu, p.sigma, q.mu, q.sigma))


@register("kl", Laplace, Laplace)
def _kl_laplace(p: Laplace, q: Laplace) -> float:
    """ln(b_q/b_p) + |dm|/b_q + (b_p/b_q) e^(-|dm|/b_p) - 1 = f(s) + |dm| (1/b_q - 1/b_p), s = ln(b_p/b_q) - |dm|/b_p."""
    d = abs(p.mu - q.mu)
    s = log_ratio(p.b, q.b) - d / p.b
    return float(expm1mx(s) + d * (p.b - q.b) / (p.b * q.b))


@register("kl", Exponential, Exponential)
def _kl_exponential(p: Exponential, q: Exponential) -> float:
    """ln(r_p/r_q) + r_q/r_p - 1 = f(ln(r_q/r_p))."""
    return float(expm1mx(log_ratio(q.rate, p.rate)))


def _gammaln_bregman(x2: float, x1: float) -> float:
    """ln G(x2) - ln G(x1) - (x2 - x1) psi(x1) >= 0; a Taylor series in x2 - x1 when they are close."""
    d = x2 - x1
    if d == 0:
        return 0.0
    if abs(d) < 1e-3 * x1:
        return float(sum(special.polygamma(n - 1, x1) * d**n / math.factorial(n) for n in range(2, 7)))
    return math.lgamma(x2) - math.lgamma(x1) - d * float(special.digamma(x1))


@register("kl", Gamma, Gamma)
def _kl_gamma(p: Gamma, q: Gamma) -> float:
    """(k_p - k_q) psi(k_p) - ln G(k_p) + ln G(k_q) + k_q ln(b_p/b_q) + k_p (b_q - b_p)/b_p, shape k, rate b."""
    u = log_ratio(q.rate, p.rate)
    return float(_gammaln_bregman(q.shape, p.shape) + p.shape * expm1mx(u) + (p.shape - q.shape) * u)


@register("kl", Beta, Beta)
def _kl_beta(p: Beta, q: Beta) -> float:
    """ln B(a_q, b_q) - ln B(a_p, b_p) + (a_p - a_q) psi(a_p) + (b_p - b_q) psi(b_p) + (a_q - a_p + b_q - b_p) psi(a_p + b_p)."""
    return max(0.0, _gammaln_bregman(q.a, p.a) + _gammaln_bregman(q.b, p.b)
               - _gammaln_bregman(q.a + q.b, p.a + p.b))


@register("kl", Uniform, Uniform)
def _kl_uniform(p: Uniform, q: Uniform) -> float:
    """ln((high_q - low_q) / (high_p - low_p)) when [low_p, high_p] lies inside [low_q, high_q], else inf."""
    if p.low < q.low or p.high > q.high:
        return math.inf
    return math.log((q.high - q.low) / (p.high - p.low))


@register("kl", Poisson, Poisson)
def _kl_poisson(p: Poisson, q: Poisson) -> float:
    """r_p ln(r_p/r_q) + r_q - r_p = r_q g(u), u = ln(r_p/r_q), g(u) = u e^u - e^u + 1 = u^2 + (u - 1) f(u)."""
    u = log_ratio(p.rate, q.rate)
    return float(q.rate * (u * u + (u - 1) * expm1mx(u)))


@register("kl", MultivariateNormal, MultivariateNormal)
def _kl_mvn(p: MultivariateNormal, q: MultivariateNormal) -> float:
    """1/2 [tr(S_q^-1 S_p) + dm' S_q^-1 dm - d + ln det S_q - ln det S_p], via Cholesky factors.

    With M = L_q^-1 L_p (lower triangular), tr(S_q^-1 S_p) = sum M_ij^2 and ln det S_p/S_q = 2 sum ln M_ii,
    so the diagonal part is sum f(2 t_i), t_i = ln M_ii, exact for near-equal covariances.
    """
    if p.dim != q.dim:
        raise ValueError(f"Both multivariate Normals need the same dimension, got {p.dim} and {q.dim}.")
    m = q.chol_inv @ p._chol
    diag = m.diagonal()
    t = log_ratio(p._chol.diagonal(), q._chol.diagonal())
    z = q.chol_inv @ (p._mean - q._mean)
    return float(0.5 * (expm1mx(2 * t).sum() + ((m * m).sum() - diag @ diag) + z @ z))


def _normal_log_bc(p: Normal, q: Normal) -> float:
    """ln of the Bhattacharyya coefficient sum sqrt(pq): -1/2 ln(1 + (s_p - s_q)^2 / (2 s_p s_q)) - dm^2 / (4 (s_p^2 + s_q^2))."""
    ds = p.sigma - q.sigma
    return -0.5 * math.log1p(ds * ds / (2 * p.sigma * q.sigma)) - (p.mu - q.mu) ** 2 / (4 * (p.sigma**2 + q.sigma**2))


@register("hellinger", Normal, Normal)
def _hellinger_normal(p: Normal, q: Normal) -> float:
    """sqrt(1 - BC) with 1 - BC = -expm1(ln BC)."""
    return math.sqrt(-math.expm1(_normal_log_bc(p, q)))


@register("hellinger", MultivariateNormal, MultivariateNormal)
def _hellinger_mvn(p: MultivariateNormal, q: MultivariateNormal) -> float:
    """ln BC = 1/4 ln det S_p + 1/4 ln det S_q - 1/2 ln det S - dm' S^-1 dm / 8, S = (S_p + S_q)/2."""
    if p.dim != q.dim:
        raise ValueError(f"Both multivariate Normals need the same dimension, got {p.dim} and {q.dim}.")
    s = (np.array(p.cov) + np.array(q.cov)) / 2
    chol = np.linalg.cholesky(s)
    dm = solve_triangular(chol, np.array(p.mean) - np.array(q.mean), lower=True)
    half_logdet = lambda c: float(np.log(np.diag(c)).sum())  # noqa: E731
    log_bc = 0.5 * half_logdet(p._chol) + 0.5 * half_logdet(q._chol) - half_logdet(chol) - dm @ dm / 8
    return math.sqrt(max(0.0, -math.expm1(log_bc)))


@register("tv", Normal, Normal)
def _tv_normal(p: Normal, q: Normal) -> float:
    """P(A) - Q(A) on A = {p > q}; A is an interval or its complement, bounded by the density crossings."""
    if p.sigma == q.sigma:
        return float(special.erf(abs(p.mu - q.mu) / (2 * math.sqrt(2) * p.sigma)))
    # ln p - ln q = a x^2 + b x + c; with s_p < s_q, A is the interval between the roots.
    narrow, wide = (p, q) if p.sigma < q.sigma else (q, p)
    a = 0.5 / wide.sigma**2 - 0.5 / narrow.sigma**2
    b = narrow.mu / narrow.sigma**2 - wide.mu / wide.sigma**2
    c = (wide.mu**2 / (2 * wide.sigma**2) - narrow.mu**2 / (2 * narrow.sigma**2)
         + math.log(wide.sigma / narrow.sigma))
    root = math.sqrt(b * b - 4 * a * c)
    lo, hi = sorted(((-b - root) / (2 * a), (-b + root) / (2 * a)))
    mass = lambda d: float(d.cdf(hi) - d.cdf(lo))  # noqa: E731
    return min(1.0, max(0.0, mass(narrow) - mass(wide)))
