"""The distribution families of KL Lab: small frozen value objects with validated parameters.

Each family knows what the divergence engine and the pages need: its log-density, cdf, support,
the points where its density has a kink, its tails (for deciding when KL is infinite), its mean
and variance, a plotting range and seeded sampling. Densities are evaluated with numpy and
scipy.special directly (fast, vectorised); scipy.stats supplies quantiles, entropies and samples.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from scipy import special, stats

from kl_core._checks import positive, real

_LOG_SQRT_2PI = 0.5 * math.log(2 * math.pi)


class Distribution:
    """Common interface. Densities are in nats; `support` is the closed hull of {x: p(x) > 0}.

    tail_order: how fast -log p grows at an unbounded end (2 Gaussian, 1 exponential,
    0 polynomial); None when the support is bounded. finite_moments: the supremum of the
    orders k with E|X|^k finite. KL(P||Q) = inf when P.finite_moments <= Q.tail_order.
    """

    discrete = False
    tail_order: float | None = None
    finite_moments = math.inf

    def pdf(self, x):
        return np.exp(self.logpdf(x))

    def logpdf(self, x):
        raise NotImplementedError

    def cdf(self, x):
        return self._scipy.cdf(x)

    @property
    def support(self) -> tuple[float, float]:
        low, high = self._scipy.support()
        return float(low), float(high)

    @property
    def kinks(self) -> tuple[float, ...]:
        """Interior points where the density is not smooth (quadrature breakpoints)."""
        return ()

    @cached_property
    def mean(self) -> float:
        return float(self._scipy.mean())

    @cached_property
    def variance(self) -> float:
        return float(self._scipy.var())

    @property
    def centres(self) -> tuple[tuple[float, float], ...]:
        """(location, scale) of each bulk of mass, for placing quadrature breakpoints."""
        return ((self._scipy.median(), self._scipy.ppf(0.75) - self._scipy.ppf(0.25)),)

    def plot_range(self, mass: float = 0.999) -> tuple[float, float]:
        """An interval holding `mass` of the probability, clipped to the support."""
        tail = (1 - mass) / 2
        return float(self._scipy.ppf(tail)), float(self._scipy.ppf(1 - tail))

    def entropy(self) -> float:
        """Differential entropy in nats (Shannon entropy for discrete families)."""
        return float(self._scipy.entropy())

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        return self._scipy.rvs(size=int(n), random_state=np.random.default_rng(seed))

    @cached_property
    def _scipy(self):
        raise NotImplementedError


@dataclass(frozen=True)
class Normal(Distribution):
    """N(mu, sigma^2): p(x) = exp(-(x - mu)^2 / (2 sigma^2)) / (sigma sqrt(2 pi))."""

    mu: float
    sigma: float
    tail_order = 2

    def __post_init__(self):
        object.__setattr__(self, "mu", real(self.mu, "Normal mu"))
        object.__setattr__(self, "sigma", positive(self.sigma, "Normal sigma"))

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

    @cached_property
    def _scipy(self):
        return stats.norm(self.mu, self.sigma)


@dataclass(frozen=True)
class Laplace(Distribution):
    """Laplace(mu, b): p(x) = exp(-|x - mu| / b) / (2 b)."""

    mu: float
    b: float
    tail_order = 1

    def __post_init__(self):
        object.__setattr__(self, "mu", real(self.mu, "Laplace mu"))
        object.__setattr__(self, "b", positive(self.b, "Laplace b"))

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

    @cached_property
    def _scipy(self):
        return stats.laplace(self.mu, self.b)


@dataclass(frozen=True)
class StudentT(Distribution):
    """Student's t with df degrees of freedom, location mu and scale sigma.

    Its tails are polynomial: E|X|^k is finite only for k < df, so KL(t || Normal) = inf for df <= 2.
    """

    df: float
    mu: float
    sigma: float
    tail_order = 0

    def __post_init__(self):
        object.__setattr__(self, "df", positive(self.df, "StudentT df"))
        object.__setattr__(self, "mu", real(self.mu, "StudentT mu"))
        object.__setattr__(self, "sigma", positive(self.sigma, "StudentT sigma"))

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

    @cached_property
    def _scipy(self):
        return stats.t(self.df, self.mu, self.sigma)


@dataclass(frozen=True)
class Exponential(Distribution):
    """Exponential(rate): p(x) = rate exp(-rate x) for x >= 0."""

    rate: float
    tail_order = 1

    def __post_init__(self):
        object.__setattr__(self, "rate", positive(self.rate, "Exponential rate"))

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        return np.where(x >= 0, math.log(self.rate) - self.rate * x, -np.inf)

    @property
    def support(self):
        return 0.0, math.inf

    @property
    def centres(self):
        return ((1 / self.rate, 1 / self.rate),)

    @cached_property
    def _scipy(self):
        return stats.expon(scale=1 / self.rate)


@dataclass(frozen=True)
class Gamma(Distribution):
    """Gamma(shape k, rate beta): p(x) = beta^k x^(k-1) exp(-beta x) / Gamma(k) for x > 0."""

    shape: float
    rate: float
    tail_order = 1

    def __post_init__(self):
        object.__setattr__(self, "shape", positive(self.shape, "Gamma shape"))
        object.__setattr__(self, "rate", positive(self.rate, "Gamma rate"))

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        k, beta = self.shape, self.rate
        with np.errstate(divide="ignore", invalid="ignore"):
            inside = k * math.log(beta) - special.gammaln(k) + special.xlogy(k - 1, x) - beta * x
        return np.where(x >= 0, inside, -np.inf)

    @property
    def support(self):
        return 0.0, math.inf

    @property
    def centres(self):
        return ((self.shape / self.rate, math.sqrt(self.shape) / self.rate),)

    @cached_property
    def _scipy(self):
        return stats.gamma(self.shape, scale=1 / self.rate)


@dataclass(frozen=True)
class Beta(Distribution):
    """Beta(a, b) on [0, 1]: p(x) = x^(a-1) (1-x)^(b-1) / B(a, b)."""

    a: float
    b: float

    def __post_init__(self):
        object.__setattr__(self, "a", positive(self.a, "Beta a"))
        object.__setattr__(self, "b", positive(self.b, "Beta b"))

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            inside = (special.xlogy(self.a - 1, x) + special.xlog1py(self.b - 1, -x)
                      - special.betaln(self.a, self.b))
        return np.where((x >= 0) & (x <= 1), inside, -np.inf)

    @property
    def support(self):
        return 0.0, 1.0

    @property
    def centres(self):
        return ((self.mean, math.sqrt(self.variance)),)

    @cached_property
    def _scipy(self):
        return stats.beta(self.a, self.b)


@dataclass(frozen=True)
class Uniform(Distribution):
    """Uniform(low, high): p(x) = 1 / (high - low) on [low, high], 0 elsewhere."""

    low: float
    high: float

    def __post_init__(self):
        low, high = real(self.low, "Uniform low"), real(self.high, "Uniform high")
        if low >= high:
            raise ValueError(f"Uniform needs low < high, got low={low:g}, high={high:g}.")
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)

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

    @cached_property
    def _scipy(self):
        return stats.uniform(self.low, self.high - self.low)


@dataclass(frozen=True)
class Poisson(Distribution):
    """Poisson(rate): P(k) = rate^k exp(-rate) / k! on k = 0, 1, 2, ..."""

    rate: float
    discrete = True
    tail_order = 1

    def __post_init__(self):
        object.__setattr__(self, "rate", positive(self.rate, "Poisson rate"))

    def logpmf(self, k):
        k = np.asarray(k, dtype=float)
        inside = special.xlogy(k, self.rate) - self.rate - special.gammaln(k + 1)
        return np.where((k >= 0) & (k == np.floor(k)), inside, -np.inf)

    def pmf(self, k):
        return np.exp(self.logpmf(k))

    logpdf = logpmf
    pdf = pmf

    @property
    def support(self):
        return 0.0, math.inf

    @property
    def centres(self):
        return ((self.rate, math.sqrt(self.rate)),)

    def upper(self) -> int:
        """A k with P(X > k) < 1e-18 (Chernoff bound): where sums over k may stop."""
        return int(math.ceil(self.rate + 12 * math.sqrt(self.rate) + 45))

    @cached_property
    def _scipy(self):
        return stats.poisson(self.rate)


@dataclass(frozen=True)
class GaussianMixture(Distribution):
    """sum_i w_i N(mu_i, sigma_i^2); weights must sum to 1."""

    weights: tuple[float, ...]
    mus: tuple[float, ...]
    sigmas: tuple[float, ...]
    tail_order = 2
    _w: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        w = _finite_vector(self.weights, "GaussianMixture weights")
        m = _finite_vector(self.mus, "GaussianMixture mus")
        s = _finite_vector(self.sigmas, "GaussianMixture sigmas")
        if not (w.size == m.size == s.size):
            raise ValueError(f"GaussianMixture needs one weight, mu and sigma per component; got "
                             f"{w.size} weights, {m.size} mus and {s.size} sigmas.")
        if (w < 0).any() or abs(w.sum() - 1) > 1e-9:
            raise ValueError(f"GaussianMixture weights must be >= 0 and sum to 1, got {w.tolist()} "
                             "(use kl_core.normalize on them).")
        if (s <= 0).any():
            raise ValueError(f"GaussianMixture sigmas must all be > 0, got {s.tolist()}.")
        for name, arr in (("weights", w), ("mus", m), ("sigmas", s)):
            object.__setattr__(self, name, tuple(float(v) for v in arr))
        object.__setattr__(self, "_w", w)

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
        from kl_core.quadrature import differential_entropy

        return differential_entropy(self)

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        rng = np.random.default_rng(seed)
        which = rng.choice(len(self.weights), size=int(n), p=self._w)
        mus, sigmas, _ = self._components
        return mus[which] + sigmas[which] * rng.standard_normal(int(n))


@dataclass(frozen=True)
class MultivariateNormal(Distribution):
    """N(mean, cov) in d dimensions; cov must be symmetric positive definite."""

    mean: tuple[float, ...] = field()
    cov: tuple[tuple[float, ...], ...] = field()
    tail_order = 2
    _chol: np.ndarray = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        mean = _finite_vector(self.mean, "MultivariateNormal mean")
        try:
            cov = np.asarray(self.cov, dtype=float)
        except (TypeError, ValueError):
            raise ValueError("MultivariateNormal cov must be a d x d matrix of numbers.") from None
        d = mean.size
        if cov.shape != (d, d):
            raise ValueError(f"MultivariateNormal cov must be {d} x {d} to match the mean, got shape {cov.shape}.")
        if not np.isfinite(cov).all():
            raise ValueError("MultivariateNormal cov contains NaN or infinite entries.")
        if not np.allclose(cov, cov.T, rtol=1e-12, atol=0):
            raise ValueError("MultivariateNormal cov must be symmetric.")
        try:
            chol = np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError("MultivariateNormal cov must be positive definite (its Cholesky factorisation failed); "
                             "check for zero or negative variances and perfectly correlated dimensions.") from None
        object.__setattr__(self, "mean", tuple(float(v) for v in mean))
        object.__setattr__(self, "cov", tuple(tuple(float(v) for v in row) for row in cov))
        object.__setattr__(self, "_chol", chol)

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
    def chol_inv(self) -> np.ndarray:
        """L^-1 for cov = L L' (lower triangular): whitening, computed once per object."""
        from scipy.linalg import solve_triangular

        return solve_triangular(self._chol, np.eye(self.dim), lower=True)

    @property
    def variance(self):
        return np.diag(np.array(self.cov))

    def logpdf(self, x):
        """log density at points x of shape (..., d)."""
        x = np.asarray(x, dtype=float)
        from scipy.linalg import solve_triangular

        diff = (x - np.array(self.mean)).reshape(-1, self.dim).T
        z = solve_triangular(self._chol, diff, lower=True)
        out = -0.5 * np.sum(z * z, axis=0) - np.log(np.diag(self._chol)).sum() - self.dim * _LOG_SQRT_2PI
        return out.reshape(x.shape[:-1])

    @property
    def support(self):
        return -math.inf, math.inf

    def entropy(self):
        return self.dim * (0.5 + _LOG_SQRT_2PI) + float(np.log(np.diag(self._chol)).sum())

    def sample(self, n: int, seed: int | None = None) -> np.ndarray:
        rng = np.random.default_rng(seed)
        return np.array(self.mean) + rng.standard_normal((int(n), self.dim)) @ self._chol.T


def _finite_vector(values, name: str) -> np.ndarray:
    try:
        arr = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers.") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty list of numbers.")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {arr.tolist()}.")
    return arr
