"""Fitting one Normal Q = N(mu, sigma^2) to P by minimising KL: forward against reverse.

Both fits minimise over theta = (mu, log sigma) with scipy.optimize (L-BFGS-B), value and
gradient from the expressions below (P's entropy is computed once, by kl_core); the fit's KL
is ``kl_divergence`` from kl_core at the minimum.

Forward, KL(P||Q) ("mass-covering"). KL(P||Q) = -H(P) + E_P[-log q(X)] and
    E_P[-log q(X)] = log sigma + log sqrt(2 pi) + (Var P + (E P - mu)^2) / (2 sigma^2),
so value and gradient need only H(P) and P's mean m and variance v:
    d/dmu        = (mu - m) / sigma^2
    d/dlog sigma = 1 - (v + (m - mu)^2) / sigma^2,
and the minimum is moment matching: mu = E P, sigma^2 = Var P (for any P with finite variance).

Reverse, KL(Q||P) ("mode-seeking"). KL(Q||P) = -H(Q) - E_Q[log p(X)] with
H(Q) = log sigma + 1/2 + log sqrt(2 pi). Writing X = mu + sigma Z, Z ~ N(0, 1), Stein's
identity E[f'(Z)] = E[Z f(Z)] turns the derivatives of E[log p(X)] into expectations of
log p itself (no derivative of P needed):
    d/dmu        = -E[Z log p(X)] / sigma
    d/dlog sigma = -1 - E[(Z^2 - 1) log p(X)],
integrated with E[log p(X)] in one adaptive tanh-sinh quadrature over z in [-12, 12], cut at
P's components.
When P's modes are far apart the objective has one local minimum per mode; the fit is
started from every component of the mixture (mu_i, sigma_i) and the best local minimum
is returned (ties go to the heavier, then the wider component), so it settles on a mode.

Each fit records the optimiser's path, one row (mu, sigma, KL) per iteration, starting
from the start point, for the page's animation. KL values are in nats.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import integrate, optimize

from kl_core import GaussianMixture, Normal, entropy, kl_divergence

FORWARD = "forward"
REVERSE = "reverse"

# Beyond |z| = 12 the Normal weight (< 1e-31) makes the expectations' tails negligible.
_Z_LIMIT = 12.0
_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)

# Reverse fits from different starts whose KL differ by less than this are a tie.
_TIE = 1e-9
_OPTIONS = {"ftol": 1e-15, "gtol": 1e-9, "maxiter": 200}


@dataclass(frozen=True, eq=False)
class NormalFit:
    """The best Normal Q = N(mu, sigma^2) for one direction of KL, with the optimiser's path.

    ``direction`` is FORWARD (minimises KL(P||Q)) or REVERSE (minimises KL(Q||P)); ``kl`` is
    that divergence at the fit, in nats. ``path`` has one row (mu, sigma, KL) per iteration,
    the first being the start and the last the fit. ``evaluations`` counts KL evaluations.
    """

    direction: str
    mu: float
    sigma: float
    kl: float
    path: np.ndarray
    evaluations: int

    @property
    def normal(self) -> Normal:
        return Normal(self.mu, self.sigma)


def fit_forward(p, start: Normal | None = None) -> NormalFit:
    """Minimise KL(P||N(mu, sigma^2)); the result is P's mean and standard deviation.

    ``start`` defaults to the heaviest component of a GaussianMixture, else N(0, 1).
    """
    m, v = p.mean, p.variance
    if not (math.isfinite(m) and math.isfinite(v)):
        raise ValueError(
            "The forward fit needs P with a finite mean and variance (it matches them); "
            f"got mean {m!r} and variance {v!r}."
        )

    minus_entropy = -entropy(p)

    def objective(theta):
        mu, log_sigma = theta
        sigma2 = math.exp(2 * log_sigma)
        value = minus_entropy + log_sigma + _LOG_SQRT_2PI + (v + (m - mu) ** 2) / (2 * sigma2)
        gradient = np.array([(mu - m) / sigma2, 1 - (v + (m - mu) ** 2) / sigma2])
        return value, gradient

    start = start or _default_start(p)
    return _minimise(FORWARD, objective, start, lambda q: kl_divergence(p, q))


def fit_reverse(p: GaussianMixture) -> NormalFit:
    """Minimise KL(N(mu, sigma^2)||P), started from each component of P; the best fit wins."""
    if not isinstance(p, GaussianMixture):
        raise ValueError(
            f"The reverse fit starts from the components of a GaussianMixture; got {type(p).__name__}. "
            "Wrap a single Normal as GaussianMixture([1.0], [mu], [sigma])."
        )

    def objective(theta):
        mu, log_sigma = theta
        sigma = math.exp(log_sigma)
        e_log_p, e_z, e_z2m1 = _expectations(p, mu, sigma)
        value = -(log_sigma + 0.5 + _LOG_SQRT_2PI) - e_log_p
        return value, np.array([-e_z / sigma, -1 - e_z2m1])

    fits = [_minimise(REVERSE, objective, Normal(mu, sigma), lambda q: kl_divergence(q, p))
            for mu, sigma in _by_weight(p)]
    best = fits[0]
    for fit in fits[1:]:
        if fit.kl < best.kl - _TIE:
            best = fit
    return NormalFit(
        direction=REVERSE,
        mu=best.mu,
        sigma=best.sigma,
        kl=best.kl,
        path=best.path,
        evaluations=sum(fit.evaluations for fit in fits),
    )


def _expectations(p: GaussianMixture, mu: float, sigma: float) -> tuple[float, float, float]:
    """E[log p(X)], E[Z log p(X)] and E[(Z^2 - 1) log p(X)] for X = mu + sigma Z, Z ~ N(0, 1)."""
    cuts = [-_Z_LIMIT, _Z_LIMIT]
    for m, s in zip(p.mus, p.sigmas):
        cuts += [(m + k * s - mu) / sigma for k in (-8, -3, -1, 0, 1, 3, 8)]
    cuts = np.unique(np.clip(cuts, -_Z_LIMIT, _Z_LIMIT))
    which = np.array([[0], [1], [2]])  # rows: 1, Z, Z^2 - 1

    def integrand(z, which):
        poly = np.where(which == 0, 1.0, np.where(which == 1, z, z * z - 1))
        return np.exp(-0.5 * z * z - _LOG_SQRT_2PI) * poly * p.logpdf(mu + sigma * z)

    result = integrate.tanhsinh(
        integrand, cuts[None, :-1], cuts[None, 1:], args=(which,), rtol=1e-12, atol=1e-13
    )
    e_log_p, e_z, e_z2m1 = result.integral.sum(axis=1)
    return float(e_log_p), float(e_z), float(e_z2m1)


def _by_weight(p: GaussianMixture) -> list[tuple[float, float]]:
    """Components (mu, sigma), heaviest first; equal weights: wider first."""
    order = sorted(range(len(p.weights)), key=lambda i: (-p.weights[i], -p.sigmas[i]))
    return [(p.mus[i], p.sigmas[i]) for i in order]


def _default_start(p) -> Normal:
    if isinstance(p, GaussianMixture):
        return Normal(*_by_weight(p)[0])
    return Normal(0.0, 1.0)


def _minimise(direction: str, objective, start: Normal, kl) -> NormalFit:
    """Minimise `objective` (value and gradient in theta = (mu, log sigma)) from `start`; the fit's
    KL is `kl(Q)` at the minimum, kl_core's value (the objective's, along the path, agree with it
    to rounding: they subtract entropies)."""
    theta0 = np.array([start.mu, math.log(start.sigma)])
    rows = [(start.mu, start.sigma, objective(theta0)[0])]

    def record(intermediate_result):
        mu, log_sigma = intermediate_result.x
        rows.append((mu, math.exp(log_sigma), intermediate_result.fun))

    result = optimize.minimize(
        objective, theta0, jac=True, method="L-BFGS-B", callback=record, options=_OPTIONS
    )
    mu, log_sigma = result.x
    value = kl(Normal(float(mu), math.exp(log_sigma)))
    if rows[-1][:2] != (mu, math.exp(log_sigma)):
        rows.append((mu, math.exp(log_sigma), value))
    rows[-1] = (*rows[-1][:2], value)
    return NormalFit(
        direction=direction,
        mu=float(mu),
        sigma=math.exp(log_sigma),
        kl=value,
        path=np.array(rows),
        evaluations=int(result.nfev) + 1,
    )
