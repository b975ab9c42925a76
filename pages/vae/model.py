"""The VAE's KL term, and a linear VAE whose optimum for every beta is known in closed form.

A VAE's encoder maps a data point x to a Gaussian q(z|x) = N(m, diag(s^2)) over the latent
space; its loss per point is

    E_q ||x - decoder(z)||^2 / (2 sigma^2)  +  beta * KL(q(z|x) || N(0, I)),

the reconstruction error plus beta times the KL to the prior. Per latent dimension

    KL(N(m, s^2) || N(0, 1)) = E_q[ln q] - E_q[ln p]
                             = (-1/2 ln(2 pi s^2) - 1/2) - (-1/2 ln(2 pi) - (s^2 + m^2) / 2)
                             = 1/2 (s^2 + m^2 - 1 - ln s^2)   nats,

and the dimensions add up, because both Gaussians factorise. Every KL here comes from
kl_core's ``kl_divergence``.

The linear VAE (decoder x = W z + c with noise sigma^2, encoder mean V (x - c)) is probabilistic
PCA in disguise: dividing its loss by beta turns it into an ordinary VAE with decoder noise
tau = beta sigma^2, whose optimum is the probabilistic-PCA maximum-likelihood fit with noise fixed
at tau (Tipping & Bishop 1999; Lucas et al. 2019, "Don't blame the ELBO"). With lambda_j, u_j the
eigenvalues and eigenvectors of the data covariance, latent dimension j gets

    decoder column  w_j = u_j sqrt(max(lambda_j - tau, 0)),
    encoder row     v_j = w_j / lambda_j,        s_j^2 = min(tau / lambda_j, 1),

so a dimension whose variance lambda_j is below beta sigma^2 collapses onto the prior
(w_j = 0, m = 0, s = 1). Averaged over the data the two terms of the loss are

    reconstruction error = sum_{j <= k} min(lambda_j, tau) + sum_{j > k} lambda_j,
    KL                   = sum_{j <= k} 1/2 ln max(lambda_j / tau, 1)   nats,

the reverse water-filling of rate-distortion theory: raising beta buys a smaller KL with a larger
reconstruction error.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kl_core import DIVERGENCES, MultivariateNormal, Normal, kl_divergence
from kl_core.quadrature import integrate_divergence
from kl_core._checks import positive, real
from kl_app.formatting import format_value
from kl_app.units import base_of

LATENT_DIM = 2
DATA_DIM = 4
DATA_SIZE = 200
EXAMPLE_COUNT = 6
LATENT_SCALES = (2.0, 1.0)
NOISE_VARIANCE = 0.1
SWEEP_BETAS = np.geomspace(0.1, 100.0, 61)
"""The betas of the page's trade-off curve: 20 per decade, 0.1, 1, 10 and 100 among them."""


@dataclass(frozen=True)
class LatentKL:
    """KL(q || N(0, I)) of a diagonal Gaussian q, per latent dimension and in total, in `base` units."""

    per_dimension: tuple[float, ...]
    total: float


def latent_kl(means, sds, *, base: float = math.e) -> LatentKL:
    """The VAE's KL term for an encoder output N(means, diag(sds^2)).

    per_dimension[j] = KL(N(m_j, s_j^2) || N(0, 1)) = 1/2 (s_j^2 + m_j^2 - 1 - ln s_j^2) and
    total = KL(N(m, diag(s^2)) || N(0, I)), both from kl_core (they agree: the total is the sum).

    >>> round(latent_kl([1.0], [1.0]).total, 12)
    0.5
    """
    means, sds = _encoder_output(means, sds)
    per_dimension = tuple(
        kl_divergence(Normal(m, s), Normal(0.0, 1.0), base=base) for m, s in zip(means, sds)
    )
    total = kl_divergence(
        MultivariateNormal.diagonal(means, sds),
        MultivariateNormal.diagonal(np.zeros(means.size), np.ones(means.size)),
        base=base,
    )
    return LatentKL(per_dimension, total)


@dataclass(frozen=True)
class KLTermDerivation:
    """KL(q || p) for q = N(mu, sigma^2) and the prior p = N(0, 1), step by step, in nats.

    expected_log_q     = E_q[ln q] = -1/2 ln(2 pi sigma^2) - 1/2
    expected_log_prior = E_q[ln p] = -1/2 ln(2 pi) - (sigma^2 + mu^2) / 2
    closed_form        = their difference, 1/2 (sigma^2 + mu^2 - 1 - ln sigma^2)
    numerical          = kl_core's adaptive quadrature of the integral of q ln(q/p), the check
    """

    mu: float
    sigma: float
    expected_log_q: float
    expected_log_prior: float
    closed_form: float
    numerical: float


def derive_kl_term(mu: float, sigma: float) -> KLTermDerivation:
    """The derivation's numbers for one latent dimension, and kl_core's numerical integral to check them.

    >>> d = derive_kl_term(1.0, 1.0)
    >>> d.closed_form, round(d.numerical, 9)
    (0.5, 0.5)
    """
    mu, sigma = real(mu, "mu"), positive(sigma, "sigma")
    variance = sigma * sigma
    return KLTermDerivation(
        mu=mu,
        sigma=sigma,
        expected_log_q=-0.5 * math.log(2 * math.pi * variance) - 0.5,
        expected_log_prior=-0.5 * math.log(2 * math.pi) - (variance + mu * mu) / 2,
        closed_form=0.5 * (variance + mu * mu - 1 - math.log(variance)),
        numerical=integrate_divergence(DIVERGENCES["kl"], Normal(mu, sigma), Normal(0.0, 1.0)),
    )


def _encoder_output(means, sds) -> tuple[np.ndarray, np.ndarray]:
    means = np.atleast_1d(np.asarray(means, dtype=float))
    sds = np.atleast_1d(np.asarray(sds, dtype=float))
    if means.ndim != 1 or means.shape != sds.shape:
        raise ValueError(f"means and sds must be two vectors of the same length (one entry per latent "
                         f"dimension), got shapes {means.shape} and {sds.shape}.")
    if not (np.isfinite(means).all() and np.isfinite(sds).all()):
        raise ValueError("means and sds must be finite numbers.")
    if (sds <= 0).any():
        raise ValueError(f"every sd must be > 0 (an encoder outputs a positive sigma), got {sds.tolist()}.")
    return means, sds


@dataclass(frozen=True, eq=False)
class LatentDataset:
    """Points x in R^4 made from a 2-D latent z ~ N(0, I): x = A z + noise, noise ~ N(0, noise_var I).

    A's columns are orthogonal with lengths LATENT_SCALES, so the data covariance has two large
    eigenvalues (about 4 and 1) and two small ones (noise_var). `examples` index a few points spread
    around the latent space, the ones whose encodings the page follows.
    """

    x: np.ndarray
    noise_var: float
    examples: tuple[int, ...]
    seed: int


def make_dataset(seed: int = 0, n: int = DATA_SIZE) -> LatentDataset:
    """The seeded data set; the same seed gives the same points."""
    rng = np.random.default_rng(seed)
    basis, _ = np.linalg.qr(rng.standard_normal((DATA_DIM, LATENT_DIM)))
    z = rng.standard_normal((n, LATENT_DIM))
    x = z @ (basis * np.array(LATENT_SCALES)).T + math.sqrt(NOISE_VARIANCE) * rng.standard_normal((n, DATA_DIM))
    return LatentDataset(x=x, noise_var=NOISE_VARIANCE, examples=_spread_examples(z), seed=seed)


def _spread_examples(z: np.ndarray) -> tuple[int, ...]:
    """For each of EXAMPLE_COUNT directions around the circle, the point nearest to 1.5 sd out in it."""
    angles = 2 * np.pi * np.arange(EXAMPLE_COUNT) / EXAMPLE_COUNT
    targets = 1.5 * np.stack([np.cos(angles), np.sin(angles)], axis=1)
    distances = np.linalg.norm(z[None, :, :] - targets[:, None, :], axis=2)
    return tuple(int(i) for i in distances.argmin(axis=1))


@dataclass(frozen=True, eq=False)
class LinearVAE:
    """Decoder x = decoder @ z + centre with noise variance noise_var; encoder
    q(z|x) = N(encoder @ (x - centre), diag(sds^2)).

    Any parameters may be given (to evaluate the loss away from the optimum); `fit_linear_vae`
    returns the optimal ones for a beta.
    """

    beta: float
    noise_var: float
    centre: np.ndarray
    decoder: np.ndarray
    encoder: np.ndarray
    sds: np.ndarray

    def encode(self, x) -> np.ndarray:
        """Encoder means m(x), one row per point."""
        return (np.asarray(x, dtype=float) - self.centre) @ self.encoder.T

    def reconstruction_error(self, x) -> float:
        """Mean over the points of E_q ||x - decoder z - centre||^2 (squared data units).

        For z ~ N(m, diag(s^2)) this is ||x - centre - decoder m||^2 + sum_j s_j^2 ||w_j||^2.
        """
        residual = np.asarray(x, dtype=float) - self.centre - self.encode(x) @ self.decoder.T
        spread = float(np.sum(self.sds**2 * np.sum(self.decoder**2, axis=0)))
        return float(np.mean(np.sum(residual**2, axis=1))) + spread

    def kl(self, x, *, base: float = math.e) -> LatentKL:
        """Mean over the points of KL(q(z|x) || N(0, I)), per latent dimension and in total.

        The KL is affine in each m_j^2, so its average over the points equals the KL of one Gaussian
        whose mean is the root-mean-square encoder mean: one kl_core call instead of one per point.
        """
        rms_means = np.sqrt(np.mean(self.encode(x) ** 2, axis=0))
        return latent_kl(rms_means, self.sds, base=base)

    def loss(self, x) -> float:
        """The beta-VAE loss per point in nats, without the constant D/2 ln(2 pi sigma^2):
        reconstruction error / (2 sigma^2) + beta KL."""
        return self.reconstruction_error(x) / (2 * self.noise_var) + self.beta * self.kl(x).total


def collapse_betas(data: LatentDataset) -> tuple[float, ...]:
    """For each latent dimension, the beta = lambda_j / sigma^2 from which it collapses onto the prior."""
    eigenvalues, _ = _principal_axes(data.x - data.x.mean(axis=0))
    return tuple(float(v) for v in eigenvalues[:LATENT_DIM] / data.noise_var)


def fit_linear_vae(data: LatentDataset, beta: float) -> LinearVAE:
    """The linear VAE that minimises the beta-VAE loss on `data` (closed form, see the module docstring)."""
    beta = positive(beta, "beta")
    centre = data.x.mean(axis=0)
    eigenvalues, eigenvectors = _principal_axes(data.x - centre)
    tau = beta * data.noise_var
    lam, u = eigenvalues[:LATENT_DIM], eigenvectors[:, :LATENT_DIM]
    decoder = u * np.sqrt(np.maximum(lam - tau, 0.0))
    return LinearVAE(
        beta=beta,
        noise_var=data.noise_var,
        centre=centre,
        decoder=decoder,
        encoder=(decoder / lam).T,
        sds=np.sqrt(np.minimum(tau / lam, 1.0)),
    )


def _principal_axes(centred: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Eigenvalues (descending) and unit eigenvectors of the covariance (1/n) X^T X.

    Each eigenvector's sign is fixed so that its largest-magnitude entry is positive.
    """
    eigenvalues, eigenvectors = np.linalg.eigh(centred.T @ centred / len(centred))
    order = np.argsort(eigenvalues)[::-1]
    eigenvalues, eigenvectors = eigenvalues[order], eigenvectors[:, order]
    signs = np.sign(eigenvectors[np.abs(eigenvectors).argmax(axis=0), np.arange(eigenvectors.shape[1])])
    return eigenvalues, eigenvectors * signs


@dataclass(frozen=True, eq=False)
class BetaFit:
    """The optimal linear VAE at one beta, summarised for plotting.

    reconstruction_error and kl are means over the data set (kl in nats, per dimension and total);
    loss = reconstruction_error / (2 sigma^2) + beta kl.total, in nats per point;
    example_means[i] is the encoder mean of data.examples[i]; sds are the posterior sds (shared by
    all points in a linear VAE).
    """

    beta: float
    reconstruction_error: float
    kl: LatentKL
    loss: float
    example_means: np.ndarray
    sds: np.ndarray


def fit_summary(data: LatentDataset, beta: float) -> BetaFit:
    """Fit the linear VAE at `beta` and summarise it."""
    model = fit_linear_vae(data, beta)
    return BetaFit(
        beta=model.beta,
        reconstruction_error=model.reconstruction_error(data.x),
        kl=model.kl(data.x),
        loss=model.loss(data.x),
        example_means=model.encode(data.x[list(data.examples)]),
        sds=model.sds,
    )


def beta_sweep(data: LatentDataset, betas) -> tuple[BetaFit, ...]:
    """fit_summary at each beta: the trade-off curve between reconstruction error and KL."""
    return tuple(fit_summary(data, b) for b in np.atleast_1d(np.asarray(betas, dtype=float)))


def shifted_or_squeezed(unit: str) -> tuple[str, str]:
    """The answer to the page's question, from latent_kl: which one-dimensional code costs more, and why."""
    shifted = latent_kl([2.0], [1.0], base=base_of(unit)).total
    squeezed = latent_kl([0.0], [0.2], base=base_of(unit)).total
    a, b = format_value(shifted, unit), format_value(squeezed, unit)
    answer = "the same" if a == b else "the shifted one" if shifted > squeezed else "the squeezed one"
    return answer, (f"Shifted: KL = {a}; squeezed: KL = {b}. In nats the term is "
                    "½(σ² + μ² − 1 − ln σ²): the mean costs μ²/2 and a narrow σ about −ln σ, so moving a code away from the prior costs KL "
                    "either way. Try both with the sliders above.")
