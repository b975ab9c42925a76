"""The distribution families of KL Lab: small frozen value objects with declared, validated parameters.

Three bases, each a complete contract:

- `ContinuousDistribution`: a density on the real line (logpdf, in nats), cdf, support, the points
  where the density has a kink, its tails (for deciding when KL is infinite), mean, variance, a
  plotting range, entropy and seeded sampling.
- `DiscreteDistribution`: a pmf on the integers (logpmf; logpdf is the same function, the density
  with respect to counting measure), with the integer points where its mass is (`mass_points`),
  over which divergences are summed.
- `MultivariateDistribution`: a density on R^d, its cdf, a per-coordinate plotting box and its
  one-dimensional marginals.

Each family declares its parameters once in `PARAMS` (name, constraint, default) and its
cross-parameter rules in `CHECKS`; the base class validates them. Densities are evaluated with
numpy and scipy.special directly (fast, vectorised); scipy.stats supplies quantiles, entropies
and samples through `FromScipy`.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from functools import cached_property

import numpy as np
from scipy import special, stats
from scipy.linalg import solve_triangular

from kl_core.constraints import (
    COVARIANCE, POSITIVE, POSITIVE_VECTOR, PROBABILITIES, REAL, VECTOR, Check, Param,
)
from kl_core._checks import beyond_range
from kl_core._stable import log_beta, poisson_deviance, stirling_error
from kl_core.quadrature import MAX_MASS_POINTS, differential_entropy

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class Distribution(ABC):
    """Common interface: declared parameters, support, cdf, entropy (nats), plotting range, sampling.

    `support` is the closed hull of {x: p(x) > 0}. tail_order: how fast -log p grows at an
    unbounded end (2 Gaussian, 1 exponential, 0 polynomial); None when the support is bounded.
    finite_moments: the supremum of the orders k with E|X|^k finite. KL(P||Q) = inf when
    P.finite_moments <= Q.tail_order.
    """

    PARAMS: tuple[Param, ...] = ()
    CHECKS: tuple[Check, ...] = ()
    discrete = False
    dim = 1
    tail_order: float | None = None
    finite_moments = math.inf

    def __post_init__(self):
        family = type(self).__name__
        for param in self.PARAMS:
            value = param.constraint.validate(getattr(self, param.name), f"{family} {param.name}")
            object.__setattr__(self, param.name, value)
        for check in self.CHECKS:
            if not check.holds(self):
                raise ValueError(check.message(self))

    def params(self) -> dict[str, object]:
        """{name: value} of the declared parameters, as validated and stored."""
        return {param.name: getattr(self, param.name) for param in self.PARAMS}

    def univariate(self) -> Distribution:
        """This distribution as one on the real line or the integers (itself, for those)."""
        return self

    @property
    @abstractmethod
    def support(self) -> tuple[float, float]: ...

    @abstractmethod
    def cdf(self, x): ...

    @abstractmethod
    def plot_range(self, mass: float = 0.999):
        """An interval holding `mass` of the probability, clipped to the support."""

    @abstractmethod
    def entropy(self) -> float:
        """Differential entropy in nats (Shannon entropy for discrete families)."""

    @abstractmethod
    def sample(self, n: int, seed: int | None = None) -> np.ndarray: ...


class _Univariate(Distribution):
    """Mean, variance and the bulks of mass of a distribution on the real line or the integers."""

    @property
    @abstractmethod
    def mean(self) -> float: ...

    @property
    @abstractmethod
    def variance(self) -> float: ...

    @property
    @abstractmethod
    def centres(self) -> tuple[tuple[float, float], ...]:
        """(location, scale) of each bulk of mass, for placing quadrature breakpoints."""


class ContinuousDistribution(_Univariate):
    """A density p(x) on the real line."""

    @abstractmethod
    def logpdf(self, x): ...

    def pdf(self, x):
        return np.exp(self.logpdf(x))

    @property
    def kinks(self) -> tuple[float, ...]:
        """Interior points where the density is not smooth (quadrature breakpoints)."""
        return ()

    def logpdf_below(self, end: float, t):
        """ln p(end - t) for t >= 0, with the digits of tiny t that end - t rounds away where they matter."""
        return self.logpdf(end - np.asarray(t, dtype=float))

    def mass_within(self, end: float, t: float) -> float:
        """The probability within t of `end`, a finite end of the support."""
        low, high = self.support
        return float(self.cdf(low + t) if end == low else 1.0 - self.cdf(high - t))


class DiscreteDistribution(_Univariate):
    """A pmf P(k) on the integers; logpdf/pdf are logpmf/pmf (the density for counting measure)."""

    discrete = True

    @abstractmethod
    def logpmf(self, k): ...

    @abstractmethod
    def mass_points(self) -> np.ndarray:
        """The integers, ascending, that hold all but < 1e-30 of the mass: where sums over k run."""

    def mass_range(self) -> tuple[int, int]:
        """The first and last of the mass points."""
        points = self.mass_points()
        return int(points[0]), int(points[-1])

    def mass_outside(self, low: int, high: int) -> float:
        """P(K < low) + P(K > high) for low <= high, accurate however small."""
        points = self.mass_points()
        return float(np.sum(self.pmf(points[(points < low) | (points > high)])))

    def pmf(self, k):
        return np.exp(self.logpmf(k))

    def logpdf(self, x):
        return self.logpmf(x)

    def pdf(self, x):
        return self.pmf(x)


class MultivariateDistribution(Distribution):
    """A density on R^d: logpdf at points of shape (..., d), cdf P(X <= x coordinatewise), marginals."""

    @property
    @abstractmethod
    def dim(self) -> int: ...

    @abstractmethod
    def logpdf(self, x): ...

    @abstractmethod
    def marginal(self, i: int) -> ContinuousDistribution:
        """The distribution of coordinate i."""

    def pdf(self, x):
        return np.exp(self.logpdf(x))

    def univariate(self) -> ContinuousDistribution:
        if self.dim != 1:
            raise ValueError(f"No closed form covers this pair, and numerical integration is one-dimensional: "
                             f"this {type(self).__name__} has {self.dim} dimensions (that would need Monte Carlo, "
                             "which kl_core does not guess at). Compare one-dimensional marginals "
                             "(.marginal(i)) instead.")
        return self.marginal(0)


class FromScipy:
    """Cdf, support, moments, quantile-based ranges, entropy and samples from a scipy.stats distribution.

    The distribution is called unfrozen, with its arguments (`_scipy_form`): freezing one builds a
    new scipy object with its docstrings (about 0.4 ms, five times a quantile call), and pages
    build many distributions per run.
    """

    @abstractmethod
    def _scipy_form(self) -> tuple:
        """(scipy.stats distribution, its positional arguments: shapes, then loc and scale)."""

    def _call(self, method: str, *values):
        dist, args = self._scipy_form()
        return getattr(dist, method)(*values, *args)

    def cdf(self, x):
        return self._call("cdf", x)

    @property
    def support(self) -> tuple[float, float]:
        low, high = self._call("support")
        return float(low), float(high)

    @cached_property
    def mean(self) -> float:
        return float(self._call("mean"))

    @cached_property
    def variance(self) -> float:
        return float(self._call("var"))

    @property
    def centres(self) -> tuple[tuple[float, float], ...]:
        median, q1, q3 = self._call("ppf", [0.5, 0.25, 0.75])
        return ((float(median), float(q3 - q1)),)

    def plot_range(self, mass: float = 0.999) -> tuple[float, float]:
        tail = (1 - mass) / 2
        low, high = self._call("ppf", [tail, 1 - tail])
        return float(low), float(high)

    def entropy(self) -> float:
        return float(self._call("entropy"))

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        dist, args = self._scipy_form()
        return dist.rvs(*args, size=int(n), random_state=np.random.default_rng(seed))


@dataclass(frozen=True)
class Normal(FromScipy, ContinuousDistribution):
    """N(mu, sigma^2): p(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))."""

    mu: float
    sigma: float
    tail_order = 2

    PARAMS = (Param("mu", REAL, 0.0), Param("sigma", POSITIVE, 1.0))

    def logpdf(self, x):
        z = (np.asarray(x, dtype=float) - self.mu) / self.sigma
        return -0.5 * z * z - math.log(self.sigma) - _LOG_SQRT_2PI

    def cdf(self, x):
        return special.ndtr((np.asarray(x, dtype=float) - self.mu) / self.sigma)

    @property
    def support(self):
        return -math.inf, math.inf

    @property
    def mean(self):
        return self.mu

    @property
    def variance(self):
        return self.sigma**2

    @property
    def centres(self):
        return ((self.mu, self.sigma),)

    def entropy(self):
        return 0.5 + _LOG_SQRT_2PI + math.log(self.sigma)

    def _scipy_form(self):
        return stats.norm, (self.mu, self.sigma)


@dataclass(frozen=True)
class Laplace(FromScipy, ContinuousDistribution):
    """Laplace(mu, b): p(x) = exp(-|x - mu| / b) / (2 b)."""

    mu: float
    b: float
    tail_order = 1

    PARAMS = (Param("mu", REAL, 0.0), Param("b", POSITIVE, 1.0))

    def logpdf(self, x):
        return -np.abs(np.asarray(x, dtype=float) - self.mu) / self.b - math.log(2 * self.b)

    @property
    def support(self):
        return -math.inf, math.inf

    @property
    def kinks(self):
        return (self.mu,)

    @property
    def centres(self):
        return ((self.mu, self.b),)

    def _scipy_form(self):
        return stats.laplace, (self.mu, self.b)


@dataclass(frozen=True)
class StudentT(FromScipy, ContinuousDistribution):
    """Student's t with df degrees of freedom, location mu and scale sigma.

    Its tails are polynomial: E|X|^k is finite only for k < df, so KL(t || Normal) = inf for df <= 2.
    """

    df: float
    mu: float
    sigma: float
    tail_order = 0

    PARAMS = (Param("df", POSITIVE, 3.0), Param("mu", REAL, 0.0), Param("sigma", POSITIVE, 1.0))

    @property
    def finite_moments(self):
        return self.df

    @cached_property
    def _log_norm(self):
        nu = self.df
        return (special.gammaln((nu + 1) / 2) - special.gammaln(nu / 2)
                - 0.5 * math.log(nu * math.pi) - math.log(self.sigma))

    def logpdf(self, x):
        z = (np.asarray(x, dtype=float) - self.mu) / self.sigma
        return self._log_norm - (self.df + 1) / 2 * np.log1p(z * z / self.df)

    @property
    def support(self):
        return -math.inf, math.inf

    @property
    def mean(self):
        return self.mu if self.df > 1 else math.nan

    @property
    def variance(self):
        if self.df > 2:
            return self.sigma**2 * self.df / (self.df - 2)
        return math.inf if self.df > 1 else math.nan

    @property
    def centres(self):
        return ((self.mu, self.sigma),)

    def plot_range(self, mass: float = 0.999):
        """As for other families, but at most 25 scales from mu: heavy tails would flatten the bulk."""
        low, high = super().plot_range(mass)
        return max(low, self.mu - 25 * self.sigma), min(high, self.mu + 25 * self.sigma)

    def _scipy_form(self):
        return stats.t, (self.df, self.mu, self.sigma)


@dataclass(frozen=True)
class Exponential(FromScipy, ContinuousDistribution):
    """Exponential(rate): p(x) = rate exp(-rate x) for x >= 0."""

    rate: float
    tail_order = 1

    PARAMS = (Param("rate", POSITIVE, 1.0),)

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        return np.where(x >= 0, math.log(self.rate) - self.rate * x, -np.inf)

    @property
    def support(self):
        return 0.0, math.inf

    @property
    def centres(self):
        return ((1 / self.rate, 1 / self.rate),)

    def _scipy_form(self):
        return stats.expon, (0.0, 1 / self.rate)


@dataclass(frozen=True)
class Gamma(FromScipy, ContinuousDistribution):
    """Gamma(shape k, rate beta): p(x) = beta^k x^(k-1) exp(-beta x) / Gamma(k) for x > 0."""

    shape: float
    rate: float
    tail_order = 1

    PARAMS = (Param("shape", POSITIVE, 2.0), Param("rate", POSITIVE, 1.0))

    def logpdf(self, x):
        """-D(k, beta x) + ln(k)/2 - ln x - ln(2 pi)/2 - m(k) for x > 0, D the Poisson deviance and m Stirling's error.

        The textbook k ln beta - ln G(k) + (k - 1) ln x - beta x cancels terms of the size of ln G(k);
        this form has none. At x = 0 the textbook form gives the limit (inf, beta or -inf).
        """
        x = np.asarray(x, dtype=float)
        k, beta = self.shape, self.rate
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            at_zero = k * math.log(beta) - special.gammaln(k) + special.xlogy(k - 1, 0.0 * x)
            xp = np.where(x > 0, x, 1.0)
            inside = (-poisson_deviance(k, beta * xp) + 0.5 * math.log(k) - np.log(xp) - _LOG_SQRT_2PI
                      - stirling_error(k))
        return np.where(x > 0, inside, np.where(x == 0, at_zero, -np.inf))

    @property
    def support(self):
        return 0.0, math.inf

    @property
    def centres(self):
        return ((self.shape / self.rate, math.sqrt(self.shape) / self.rate),)

    def _scipy_form(self):
        return stats.gamma, (self.shape, 0.0, 1 / self.rate)


@dataclass(frozen=True)
class Beta(FromScipy, ContinuousDistribution):
    """Beta(a, b) on [0, 1]: p(x) = x^(a-1) (1-x)^(b-1) / B(a, b)."""

    a: float
    b: float

    PARAMS = (Param("a", POSITIVE, 2.0), Param("b", POSITIVE, 2.0))

    @cached_property
    def _log_beta(self) -> float:
        return log_beta(self.a, self.b)

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        return np.where((x >= 0) & (x <= 1), self._inside(x, 1 - x), -np.inf)

    def logpdf_below(self, end: float, t):
        """ln p(1 - t) from t itself when end = 1: the factor (1 - x)^(b - 1) is t^(b - 1)."""
        if end != 1.0:
            return super().logpdf_below(end, t)
        t = np.asarray(t, dtype=float)
        return np.where((t >= 0) & (t <= 1), self._inside(1 - t, t), -np.inf)

    def _inside(self, x, y):
        """ln p(x) on [0, 1], given x and y = 1 - x each to full relative accuracy.

        For a, b > 1, with al = a - 1, be = b - 1 and n = al + be: -D(al, n x) - D(be, n y) + ln p(mode)
        (D the Poisson deviance), whose terms stay small where (a - 1) ln x + (b - 1) ln y - ln B(a, b)
        cancels terms of the size of n ln 2; ln p(mode) from Stirling's series:
        (ln n - ln al - ln be)/2 + ln(n + 1) - ln(2 pi)/2 + m(n) - m(al) - m(be).
        """
        with np.errstate(divide="ignore", invalid="ignore"):
            if self.a > 1 and self.b > 1:
                al, be = self.a - 1, self.b - 1
                n = al + be
                return -poisson_deviance(al, n * x) - poisson_deviance(be, n * y) + self._log_mode_density
            return special.xlogy(self.a - 1, x) + special.xlogy(self.b - 1, y) - self._log_beta

    @cached_property
    def _log_mode_density(self) -> float:
        al, be = self.a - 1, self.b - 1
        n = al + be
        return (0.5 * (math.log(n) - math.log(al) - math.log(be)) + math.log1p(n) - _LOG_SQRT_2PI
                + stirling_error(n) - stirling_error(al) - stirling_error(be))

    def mass_within(self, end: float, t: float) -> float:
        """From the regularized incomplete beta function, which keeps its digits near both ends."""
        return float(special.betainc(self.a, self.b, t) if end == 0.0 else special.betainc(self.b, self.a, t))

    @property
    def support(self):
        return 0.0, 1.0

    @property
    def centres(self):
        return ((self.mean, math.sqrt(self.variance)),)

    def _scipy_form(self):
        return stats.beta, (self.a, self.b)


@dataclass(frozen=True)
class Uniform(FromScipy, ContinuousDistribution):
    """Uniform(low, high): p(x) = 1 / (high - low) on [low, high], 0 elsewhere."""

    low: float
    high: float

    PARAMS = (Param("low", REAL, 0.0), Param("high", REAL, 1.0))
    CHECKS = (Check(lambda d: d.low < d.high,
                    lambda d: f"Uniform needs low < high, got low={d.low:g}, high={d.high:g}."),)

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        return np.where((x >= self.low) & (x <= self.high), -math.log(self.high - self.low), -np.inf)

    @property
    def support(self):
        return self.low, self.high

    @property
    def centres(self):
        return (((self.low + self.high) / 2, (self.high - self.low) / 2),)

    def plot_range(self, mass: float = 0.999):
        return self.low, self.high

    def _scipy_form(self):
        return stats.uniform, (self.low, self.high - self.low)


@dataclass(frozen=True)
class Poisson(FromScipy, DiscreteDistribution):
    """Poisson(rate): P(k) = rate^k exp(-rate) / k! on k = 0, 1, 2, ..."""

    rate: float
    tail_order = 1

    PARAMS = (Param("rate", POSITIVE, 1.0),)

    def logpmf(self, k):
        """-rate g(ln(k/rate)) - ln(2 pi k)/2 - m(k) for k >= 1 and -rate at 0 (g: exp_bregman, m: stirling_error).

        Loader's saddle-point form of k ln(rate) - rate - ln k!: its terms of the size of ln k! cancel
        exactly, so ln P(k) keeps ~1e-16 relative accuracy for rates up to 1e300.
        """
        k = np.asarray(k, dtype=float)
        valid = (k >= 0) & (k == np.floor(k))
        positive = np.where(valid & (k > 0), k, 1.0)
        inside = (-poisson_deviance(positive, self.rate) - 0.5 * np.log(2 * math.pi * positive)
                  - stirling_error(positive))
        return np.where(valid, np.where(k == 0, -self.rate, inside), -np.inf)

    def mass_range(self) -> tuple[int, int]:
        """rate +- (12 sqrt(rate) + 46), clipped at 0: each tail beyond holds < 1e-30 (Bernstein's bound)."""
        reach = 12 * math.sqrt(self.rate) + 46
        return max(0, math.floor(self.rate - reach)), math.ceil(self.rate + reach)

    def mass_points(self) -> np.ndarray:
        low, high = self.mass_range()
        if high - low >= MAX_MASS_POINTS:
            raise beyond_range(repr(self), f"its mass spreads over {high - low + 1:.3g} integers, more than "
                                           f"the {MAX_MASS_POINTS} that kl_core sums over")
        return np.arange(low, high + 1)

    def mass_outside(self, low: int, high: int) -> float:
        below = special.pdtr(low - 1, self.rate) if low > 0 else 0.0
        return float(below + special.pdtrc(high, self.rate))

    @property
    def support(self):
        return 0.0, math.inf

    @property
    def centres(self):
        return ((self.rate, math.sqrt(self.rate)),)

    def _scipy_form(self):
        return stats.poisson, (self.rate,)


@dataclass(frozen=True)
class Categorical(DiscreteDistribution):
    """Categorical(probs): P(k) = probs[k] on k = 0, ..., len(probs) - 1; probs must sum to 1 (never rescaled).

    Divergences between two Categoricals are the vector divergences of their probs.

    >>> Categorical([0.5, 0.25, 0.25]).mean
    0.75
    """

    probs: tuple[float, ...]

    PARAMS = (Param("probs", PROBABILITIES, (0.5, 0.5)),)

    @cached_property
    def _p(self) -> np.ndarray:
        return np.array(self.probs)

    def logpmf(self, k):
        k = np.asarray(k, dtype=float)
        inside = (k >= 0) & (k < self._p.size) & (k == np.floor(k))
        mass = self._p[np.where(inside, k, 0).astype(int)]
        with np.errstate(divide="ignore"):
            return np.where(inside, np.log(mass), -np.inf)

    def mass_points(self) -> np.ndarray:
        return np.flatnonzero(self._p > 0)

    def cdf(self, x):
        cumulative = np.concatenate(([0.0], np.cumsum(self._p)))
        index = np.clip(np.floor(np.asarray(x, dtype=float)) + 1, 0, self._p.size).astype(int)
        return cumulative[index]

    @property
    def support(self):
        points = self.mass_points()
        return float(points[0]), float(points[-1])

    @cached_property
    def mean(self):
        return float(np.arange(self._p.size) @ self._p)

    @cached_property
    def variance(self):
        return float((np.arange(self._p.size) - self.mean) ** 2 @ self._p)

    @property
    def centres(self):
        return ((self.mean, max(math.sqrt(self.variance), 1.0)),)

    def plot_range(self, mass: float = 0.999):
        return 0.0, float(self._p.size - 1)

    def entropy(self):
        return float(np.sum(special.entr(self._p)))

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        return np.random.default_rng(seed).choice(self._p.size, size=int(n), p=self._p)


@dataclass(frozen=True)
class GaussianMixture(ContinuousDistribution):
    """sum_i w_i N(mu_i, sigma_i^2); weights must sum to 1."""

    weights: tuple[float, ...]
    mus: tuple[float, ...]
    sigmas: tuple[float, ...]
    tail_order = 2

    PARAMS = (Param("weights", PROBABILITIES, (0.5, 0.5)), Param("mus", VECTOR, (-2.0, 2.0)),
              Param("sigmas", POSITIVE_VECTOR, (0.7, 0.7)))
    CHECKS = (Check(lambda d: len(d.weights) == len(d.mus) == len(d.sigmas),
                    lambda d: f"GaussianMixture needs one weight, mu and sigma per component; got "
                              f"{len(d.weights)} weights, {len(d.mus)} mus and {len(d.sigmas)} sigmas."),)

    @cached_property
    def _w(self) -> np.ndarray:
        return np.array(self.weights)

    @cached_property
    def _components(self):
        return np.array(self.mus), np.array(self.sigmas), np.log(self._w)

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        mus, sigmas, logw = self._components
        z = (x[..., None] - mus) / sigmas
        return special.logsumexp(logw - 0.5 * z * z - np.log(sigmas) - _LOG_SQRT_2PI, axis=-1)

    def cdf(self, x):
        x = np.asarray(x, dtype=float)
        mus, sigmas, _ = self._components
        return special.ndtr((x[..., None] - mus) / sigmas) @ self._w

    @property
    def support(self):
        return -math.inf, math.inf

    @property
    def mean(self):
        return float(self._w @ np.array(self.mus))

    @property
    def variance(self):
        mus, sigmas, _ = self._components
        return float(self._w @ (sigmas**2 + mus**2) - self.mean**2)

    @property
    def centres(self):
        return tuple(zip(self.mus, self.sigmas))

    def plot_range(self, mass: float = 0.999):
        z = special.ndtri(1 - (1 - mass) / 2)
        mus, sigmas, _ = self._components
        return float(np.min(mus - z * sigmas)), float(np.max(mus + z * sigmas))

    def entropy(self):
        """No closed form: -integral p ln p by quadrature."""
        return differential_entropy(self)

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        rng = np.random.default_rng(seed)
        which = rng.choice(len(self.weights), size=int(n), p=self._w)
        mus, sigmas, _ = self._components
        return mus[which] + sigmas[which] * rng.standard_normal(int(n))


@dataclass(frozen=True)
class MultivariateNormal(MultivariateDistribution):
    """N(mean, cov) in d dimensions; cov must be symmetric positive definite."""

    mean: tuple[float, ...]
    cov: tuple[tuple[float, ...], ...]
    tail_order = 2

    PARAMS = (Param("mean", VECTOR, (0.0, 0.0)), Param("cov", COVARIANCE, ((1.0, 0.0), (0.0, 1.0))))
    CHECKS = (Check(lambda d: len(d.cov) == len(d.mean),
                    lambda d: f"MultivariateNormal cov must be {len(d.mean)} x {len(d.mean)} to match the mean, "
                              f"got shape {np.shape(d.cov)}."),)

    @classmethod
    def diagonal(cls, mean, sigmas) -> MultivariateNormal:
        """Independent coordinates: N(mean, diag(sigmas^2)), the VAE encoder's posterior."""
        return cls(mean, np.diag(np.asarray(sigmas, dtype=float) ** 2))

    @property
    def dim(self) -> int:
        return len(self.mean)

    @cached_property
    def _mean(self) -> np.ndarray:
        return np.array(self.mean)

    @cached_property
    def chol(self) -> np.ndarray:
        """The lower-triangular L with cov = L L'."""
        return np.linalg.cholesky(np.array(self.cov))

    @cached_property
    def chol_inv(self) -> np.ndarray:
        """L^-1 for cov = L L' (lower triangular): whitening, computed once per object."""
        return solve_triangular(self.chol, np.eye(self.dim), lower=True)

    @property
    def variance(self):
        return np.diag(np.array(self.cov))

    def logpdf(self, x):
        """log density at points x of shape (..., d)."""
        x = np.asarray(x, dtype=float)
        diff = (x - np.array(self.mean)).reshape(-1, self.dim).T
        z = solve_triangular(self.chol, diff, lower=True)
        out = -0.5 * np.sum(z * z, axis=0) - np.log(np.diag(self.chol)).sum() - self.dim * _LOG_SQRT_2PI
        return out.reshape(x.shape[:-1])

    def cdf(self, x):
        """P(X_1 <= x_1, ..., X_d <= x_d) at points x of shape (..., d)."""
        return stats.multivariate_normal(self._mean, np.array(self.cov)).cdf(np.asarray(x, dtype=float))

    def marginal(self, i: int) -> Normal:
        return Normal(self.mean[i], math.sqrt(self.cov[i][i]))

    @property
    def support(self):
        return -math.inf, math.inf

    def plot_range(self, mass: float = 0.999) -> tuple[tuple[float, float], ...]:
        """Per coordinate, the interval holding `mass` of that coordinate's marginal."""
        return tuple(self.marginal(i).plot_range(mass) for i in range(self.dim))

    def entropy(self):
        return self.dim * (0.5 + _LOG_SQRT_2PI) + float(np.log(np.diag(self.chol)).sum())

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return np.array(self.mean) + rng.standard_normal((int(n), self.dim)) @ self.chol.T
