"""GANs and the Jensen-Shannon divergence, in one dimension.

A GAN plays a min-max game between a generator, whose samples follow Q, and a discriminator D(x),
the probability that x is real (drawn from the data distribution P):

    V(G, D) = E_P[ln D(x)] + E_Q[ln(1 - D(x))].

For a fixed generator the best discriminator is D*(x) = p(x) / (p(x) + q(x)), and then

    V(G, D*) = 2 JS(P, Q) - ln 4   nats,

so training the generator against an optimal discriminator minimises the Jensen-Shannon
divergence. Its catch: when P and Q barely overlap, JS sits at ln 2 and its derivative with
respect to Q's parameters vanishes, although KL(P || Q) is huge. For Q = N(mu, sigma^2)

    d JS / d mu = 1/2 E_Q[(x - mu) / sigma^2 * ln(1 - D*(x))],

and far from P, D* ~ 0 wherever Q has mass, where ln(1 - D*) is flat: the generator learns nothing.

The module also trains a tiny GAN with numpy: generator x = mu + sigma z with z ~ N(0, 1), and a
logistic-regression discriminator D(x) = sigmoid(w0 + w1 t + w2 t^2) on the standardised
t = (x - E_P[x]) / sd_P[x]. For Normal P and Q, ln p - ln q is quadratic in x, so D* itself is in
this family.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Literal

import numpy as np
from scipy import integrate, special

from kl_core import Distribution, GaussianMixture, Normal, entropy, js_divergence, kl_divergence
from kl_core._checks import base_log, positive
from kl_app import progressive
from kl_app.formatting import fixed, format_value
from kl_app.frames import Reading, View, divergence_reading
from kl_app.units import base_of
from kl_app.progressive import Progressive

GRADIENT_CLIP = 1.0
REAL_DATA = {
    "normal": Normal(2.0, 0.7),
    "bimodal": GaussianMixture((0.5, 0.5), (1.0, 3.0), (0.5, 0.5)),
}
"""The data distributions P the GAN page offers, by URL value."""
GENERATOR_MEANS = np.linspace(-10.0, 14.0, 49)
"""Where the page evaluates JS, KL and the JS gradient as the generator slides."""
_QUAD_HALF_WIDTH = 12.0


def optimal_discriminator(p, q, x) -> np.ndarray:
    """D*(x) = p(x) / (p(x) + q(x)) = sigmoid(ln p(x) - ln q(x)), computed from log-densities.

    Where neither P nor Q has density every D is optimal; D* = 1/2 there.

    >>> float(optimal_discriminator(Normal(0, 1), Normal(0, 1), 0.3))
    0.5
    """
    log_p, log_q = p.logpdf(x), q.logpdf(x)
    neither = np.isneginf(log_p) & np.isneginf(log_q)
    with np.errstate(invalid="ignore"):
        d = special.expit(np.where(neither, 0.0, log_p - log_q))
    return d


def value_at_optimum(p, q, *, base: float = math.e) -> float:
    """V(G, D*) = 2 JS(P, Q) - log 4 in `base` units (nats: -ln 4 to 0; bits: -2 to 0), from kl_core's JS."""
    return game_value(js_divergence(p, q, base=base), base=base)


def game_value(js: float, *, base: float = math.e) -> float:
    """V(G, D*) = 2 JS - log 4 for JS(P, Q) = `js`, both in `base` units."""
    return 2 * js - math.log(4) / base_log(base)


def optimum_readings(p, q, unit: str) -> list[Reading]:
    """JS(P, Q) and the game's value V(G, D*) against the best discriminator, as the page shows them in `unit`."""
    js = js_divergence(p, q, base=base_of(unit))
    return [Reading("JS(P, Q)", format_value(js, unit), help="Jensen-Shannon divergence from kl_core."),
            Reading("V(G, D*) = 2·JS − log 4", f"{fixed(game_value(js, base=base_of(unit)), 4)} {unit}",
                    help="The game's value when the discriminator is the best one: −log 4 when Q = P.")]


def js_mean_gradient(p, q: Normal, *, base: float = math.e) -> float:
    """d JS(P, Q) / d mu for Q = N(mu, sigma^2), in `base` units per unit of x.

    Uses 1/2 E_Q[(x - mu) / sigma^2 ln(1 - D*(x))] (the ln 2 of the JS integrand drops out
    because the score (x - mu) / sigma^2 has mean 0 under Q), integrated over mu +- 12 sigma.
    ln(1 - D*) <= 0, so the integrand has one sign on each side of mu: each side is integrated
    to a relative tolerance (tanh-sinh quadrature, cut at mu and at P's centres), which keeps
    the far-off gradients accurate down to the smallest floats.
    """
    if not isinstance(q, Normal):
        raise ValueError(f"q must be a kl_core Normal (the generator's N(mu, sigma^2)), got {type(q).__name__}.")
    log_base = base_log(base)

    def integrand(x):
        score = (x - q.mu) / q.sigma**2
        return q.pdf(x) * score * special.log_expit(q.logpdf(x) - p.logpdf(x))

    low, high = q.mu - _QUAD_HALF_WIDTH * q.sigma, q.mu + _QUAD_HALF_WIDTH * q.sigma
    cuts = np.unique([low, q.mu, high, *(c for c, _ in p.centres if low < c < high)])
    pieces = integrate.tanhsinh(integrand, cuts[:-1], cuts[1:], rtol=1e-10, atol=0.0)
    total = float(np.sum(pieces.integral))
    return 0.5 * total / log_base


@dataclass(frozen=True)
class SaturationPoint:
    """At one generator mean: JS(P, Q) and KL(P || Q), and d JS / d mu per unit of x, in `base` units."""

    mu: float
    js: float
    kl: float
    gradient: float


def saturation_point(p, q: Normal, *, base: float = math.e) -> SaturationPoint:
    """JS(P, Q), KL(P || Q) and d JS / d mu at the generator Q = N(mu, sigma^2)."""
    return SaturationPoint(mu=q.mu, js=js_divergence(p, q, base=base), kl=kl_divergence(p, q, base=base),
                           gradient=js_mean_gradient(p, q, base=base))


def gradient_view(p, q: Normal, unit: str) -> View:
    """The second section's numbers at the generator Q: d JS / d mu and KL(P || Q) in `unit` (no chart: the
    section's curve is computed a budget at a time, and updates when the slider is let go)."""
    point = saturation_point(p, q, base=base_of(unit))
    return View([Reading("Generator's gradient d JS / d μ", format_value(point.gradient, f"{unit} per unit of x"),
                         help="The derivative of JS(P, Q) with respect to Q's mean, at your Q."),
                 divergence_reading("KL(P‖Q)", point.kl, unit)], None, "")


def saturation_work(p, sigma: float, mus) -> Progressive:
    """JS(P, Q) and d JS / d mu in nats at each generator Q = N(mu, sigma^2), mu over `mus`, to be computed
    a time budget at a time (kl_app.progressive): quadrature at every mu takes seconds in all."""
    def point(mu: float) -> dict[str, float]:
        q = Normal(mu, sigma)
        return {"js": js_divergence(p, q), "gradient": js_mean_gradient(p, q)}
    return progressive.empty(mus, ("js", "gradient"), point)


def saturation_curve_of(work: Progressive, p, sigma: float, *, base: float = math.e) -> tuple[SaturationPoint, ...]:
    """The points of `saturation_work` in `base` units (JS and gradient NaN where not computed yet), and
    KL(P || Q) at every mu.

    KL(P || N(mu, sigma^2)) = -H(P) + ln(sigma sqrt(2 pi)) + (Var P + (E P - mu)^2) / (2 sigma^2) exactly, for
    any P with a finite variance, so P's entropy is computed once (kl_core) and KL costs nothing per mu.
    """
    log_base = base_log(base)
    minus_entropy = -entropy(p) + 0.5 * math.log(2 * math.pi * sigma**2)
    return tuple(SaturationPoint(mu=float(mu), js=float(js) / log_base, gradient=float(gradient) / log_base,
                                 kl=max(0.0, minus_entropy + (p.variance + (p.mean - mu) ** 2) / (2 * sigma**2))
                                 / log_base)
                 for mu, js, gradient in zip(work.at, work["js"], work["gradient"]))


def saturation_curve(p, sigma: float, mus, *, base: float = math.e) -> tuple[SaturationPoint, ...]:
    """saturation_point as Q = N(mu, sigma^2) slides over `mus`, all computed at once."""
    work = saturation_work(p, sigma, np.atleast_1d(np.asarray(mus, dtype=float)))
    return saturation_curve_of(progressive.extend(work, float(work.at[0])), p, sigma, base=base)


GeneratorLoss = Literal["non-saturating", "minimax"]


@dataclass(frozen=True)
class GanConfig:
    """A 1-D GAN's data and training settings.

    real: the data distribution P (any kl_core distribution with a mean, variance and sample).
    start: the generator's initial N(mu, sigma^2).
    generator_loss: "minimax" descends E_Q[ln(1 - D)] as in the game V(G, D); "non-saturating"
    descends -E_Q[ln D] instead, which has the same fixed point but a strong gradient while D
    rejects the fakes.
    """

    real: Distribution
    start: Normal
    generator_loss: GeneratorLoss = "non-saturating"
    batch_size: int = 64
    discriminator_rate: float = 0.3
    generator_rate: float = 0.05
    seed: int = 0

    def __post_init__(self):
        if not isinstance(self.real, Distribution) or self.real.discrete:
            raise ValueError("real must be a continuous kl_core distribution, "
                             "e.g. Normal(2, 0.7) or a GaussianMixture.")
        if not isinstance(self.start, Normal):
            raise ValueError("start must be a kl_core Normal(mu, sigma): the generator's initial distribution.")
        if self.generator_loss not in ("non-saturating", "minimax"):
            raise ValueError(f"generator_loss must be 'non-saturating' or 'minimax', got {self.generator_loss!r}.")
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"batch_size must be a positive integer, got {self.batch_size!r}; try 64.")
        positive(self.discriminator_rate, "discriminator_rate")
        positive(self.generator_rate, "generator_rate")

    @cached_property
    def feature_centre(self) -> float:
        return float(self.real.mean)

    @cached_property
    def feature_scale(self) -> float:
        return math.sqrt(self.real.variance)


@dataclass(frozen=True)
class GanState:
    """The players after `step` updates: the generator N(mu, sigma^2) and the discriminator's weights.

    `losses` are the minibatch losses (nats) measured in the update that produced this state:
    the discriminator's -mean ln D(real) - mean ln(1 - D(fake)) and the generator's own loss.
    They are 0 before the first update.
    """

    step: int
    mu: float
    sigma: float
    weights: tuple[float, float, float]
    discriminator_loss: float = 0.0
    generator_loss: float = 0.0

    @property
    def generator(self) -> Normal:
        return Normal(self.mu, self.sigma)


def initial_state(config: GanConfig) -> GanState:
    """The generator at config.start and a discriminator that says 1/2 everywhere."""
    return GanState(step=0, mu=config.start.mu, sigma=config.start.sigma, weights=(0.0, 0.0, 0.0))


def discriminator(state: GanState, config: GanConfig, x) -> np.ndarray:
    """D(x) = sigmoid(w0 + w1 t + w2 t^2), t = (x - centre) / scale: the probability that x is real."""
    return special.expit(_logit(state, config, np.asarray(x, dtype=float)))


def _logit(state: GanState, config: GanConfig, x: np.ndarray) -> np.ndarray:
    t = (x - config.feature_centre) / config.feature_scale
    w0, w1, w2 = state.weights
    return w0 + t * (w1 + w2 * t)


def _clipped(*gradient: float) -> tuple[float, ...]:
    """Scale the gradient down to norm GRADIENT_CLIP if longer: no single update moves more than its rate."""
    norm = math.sqrt(sum(g * g for g in gradient))
    return gradient if norm <= GRADIENT_CLIP else tuple(g * (GRADIENT_CLIP / norm) for g in gradient)


_BLOCK = 100  # steps whose minibatches are drawn at once


@lru_cache(maxsize=64)
def _minibatches(config: GanConfig, block: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each step block * _BLOCK ... (block + 1) * _BLOCK - 1: the discriminator's batch, the real
    samples in features t = (x - centre) / scale and then the fake draws' standard Normal noise; and
    the generator's noise. From seeds derived from (config.seed, block)."""
    real_seed, noise_seed = np.random.SeedSequence([config.seed, block]).generate_state(2)
    n = config.batch_size
    real = np.asarray(config.real.sample(_BLOCK * n, int(real_seed)), dtype=float).reshape(_BLOCK, n)
    fake_z, generator_z = np.random.default_rng(noise_seed).standard_normal((2, _BLOCK, n))
    return np.concatenate(((real - config.feature_centre) / config.feature_scale, fake_z), axis=1), generator_z


def gan_step(state: GanState, config: GanConfig) -> GanState:
    """One round of the min-max loop: a discriminator step, then a generator step.

    The discriminator descends its cross-entropy -mean ln D(real) - mean ln(1 - D(fake)) by one
    clipped gradient step; then the generator, with fresh noise z, descends its loss with respect
    to (mu, ln sigma) through x = mu + sigma z. The minibatches come from seeds derived from
    (config.seed, state.step // _BLOCK), so the step is a pure function of its arguments.
    In the features t = (x - centre) / scale the generator's x is t = a + b z, a = (mu - centre) / scale,
    b = sigma / scale, and the discriminator's logit is w0 + w1 t + w2 t^2.
    """
    batches, generator_zs = _minibatches(config, state.step // _BLOCK)
    batch, z = batches[state.step % _BLOCK], generator_zs[state.step % _BLOCK]
    n, scale = config.batch_size, config.feature_scale
    a, b = (state.mu - config.feature_centre) / scale, state.sigma / scale
    real_t, fake_z = batch[:n], batch[n:]

    # Discriminator: real samples labelled 1, fakes 0, in one batch of 2n.
    t = np.concatenate((real_t, a + b * fake_z))
    t2 = t * t
    w0, w1, w2 = state.weights
    labels, signs = _labels(n)
    logit = w0 + w1 * t + w2 * t2
    d_loss = -float(special.log_expit(logit * signs).sum()) / n
    weight = special.expit(logit) - labels
    w0, w1, w2 = ((w - config.discriminator_rate * g) for w, g in zip(
        (w0, w1, w2), _clipped(*(float(v) / n for v in (weight.sum(), weight @ t, weight @ t2)))))

    # Generator: fresh fakes x = mu + sigma z, through the updated discriminator.
    t = a + b * z
    logit = w0 + t * (w1 + w2 * t)
    dlogit_dx = (w1 + 2 * w2 * t) / scale
    if config.generator_loss == "minimax":
        g_loss = float(special.log_expit(-logit).sum()) / n
        dloss_dx = -special.expit(logit) * dlogit_dx
    else:
        g_loss = -float(special.log_expit(logit).sum()) / n
        dloss_dx = -special.expit(-logit) * dlogit_dx
    d_mu, d_log_sigma = (config.generator_rate * g for g in _clipped(
        float(dloss_dx.sum()) / n, float(dloss_dx @ z) * state.sigma / n))
    return GanState(
        step=state.step + 1,
        mu=state.mu - d_mu,
        sigma=state.sigma * math.exp(-d_log_sigma),
        weights=(w0, w1, w2),
        discriminator_loss=d_loss,
        generator_loss=g_loss,
    )


@lru_cache(maxsize=8)
def _labels(n: int) -> tuple[np.ndarray, np.ndarray]:
    """A discriminator batch of n real samples then n fakes: their labels 1 and 0, and the signs +1 and -1
    that turn a logit into ln D (real) or ln(1 - D) (fake) through log_expit."""
    return np.repeat([1.0, 0.0], n), np.repeat([1.0, -1.0], n)


def train(state: GanState, config: GanConfig, steps: int) -> tuple[GanState, ...]:
    """`state` followed by the states after each of `steps` further updates."""
    if not isinstance(steps, int) or steps < 0:
        raise ValueError(f"steps must be a non-negative integer, got {steps!r}.")
    history = [state]
    for _ in range(steps):
        history.append(gan_step(history[-1], config))
    return tuple(history)


def value_when_matched(p, unit: str) -> tuple[str, str]:
    """The answer to the page's question: V(G, D*) for Q = P in `unit`, from kl_core's JS(P, P), in
    the question's words, and why."""
    base = base_of(unit)
    value = value_at_optimum(p, p, base=base)
    log4 = math.log(4) / base_log(base)
    answer = min((("0", 0.0), ("−log 4", -log4), ("log 4", log4)), key=lambda a: abs(a[1] - value))[0]
    return answer, (f"JS(P, P) = 0, so V = 2 × 0 − log 4 = {fixed(value, 4)} {unit}: with Q = P, "
                    "D* = ½ everywhere and the discriminator can only guess. A generator trained against a perfect discriminator "
                    "lowers JS(P, Q), and V towards this floor.")
