"""kl_core: Kullback-Leibler divergence and its relatives, exact where the math allows.

Every divergence takes two probability vectors or two distribution objects and returns a float:
in nats (base=math.e) or bits (base=2) for KL and JS, unitless for Hellinger and TV. Bad input
raises ValueError saying how to fix it. `DIVERGENCES` holds each divergence's declaration
(names, properties, range) by key, in display order.
"""

from kl_core._checks import normalize
from kl_core.constraints import Param
from kl_core.distributions import (
    Beta, Categorical, ContinuousDistribution, DiscreteDistribution, Distribution, Exponential, Gamma,
    GaussianMixture, Laplace, MultivariateDistribution, MultivariateNormal, Normal, Poisson, StudentT, Uniform,
)
from kl_core.divergence import Divergence
from kl_core.hellinger import hellinger_distance, hellinger_terms
from kl_core.js import js_divergence, js_terms
from kl_core.kl import cross_entropy, entropy, kl_divergence, kl_terms, why_kl_is_infinite
from kl_core.registry import DIVERGENCES
from kl_core.tv import total_variation, tv_terms

__all__ = [
    "Beta", "Categorical", "ContinuousDistribution", "DiscreteDistribution", "Distribution", "Exponential",
    "Gamma", "GaussianMixture", "Laplace", "MultivariateDistribution", "MultivariateNormal", "Normal",
    "Poisson", "StudentT", "Uniform", "Param",
    "DIVERGENCES", "Divergence",
    "cross_entropy", "entropy", "hellinger_distance", "js_divergence", "kl_divergence", "normalize",
    "total_variation", "why_kl_is_infinite", "kl_terms", "js_terms", "hellinger_terms", "tv_terms",
]
