"""kl_core: Kullback-Leibler divergence and its relatives, exact where the math allows.

Every divergence takes two probability vectors or two distribution objects and returns a float
in nats (base=math.e) or bits (base=2). Bad input raises ValueError saying how to fix it.
"""

from kl_core.distributions import (
    Beta, Distribution, Exponential, Gamma, GaussianMixture, Laplace, MultivariateNormal, Normal,
    Poisson, StudentT, Uniform,
)
from kl_core.divergences import (
    cross_entropy, entropy, hellinger_distance, js_divergence, kl_divergence, normalize, total_variation,
    why_kl_is_infinite,
)
from kl_core.pointwise import hellinger_terms, js_terms, kl_terms, tv_terms

__all__ = [
    "Beta", "Distribution", "Exponential", "Gamma", "GaussianMixture", "Laplace", "MultivariateNormal",
    "Normal", "Poisson", "StudentT", "Uniform",
    "cross_entropy", "entropy", "hellinger_distance", "js_divergence", "kl_divergence", "normalize",
    "total_variation", "why_kl_is_infinite", "kl_terms", "js_terms", "hellinger_terms", "tv_terms",
]
