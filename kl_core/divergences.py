"""The public verbs: one function per divergence, for two vectors or two distribution objects.

Dispatch: two probability vectors go to `vectors`; two distributions go to a registered closed
form when one exists (`closed_forms`), else to adaptive quadrature (`quadrature`). Units: nats by
default; `base=2` gives bits (every result is divided by ln base).
"""

from __future__ import annotations

import math

import numpy as np

from kl_core import closed_forms, quadrature, vectors
from kl_core._checks import base_log, probability_vector, smoothed, vector_pair
from kl_core.distributions import Distribution, MultivariateNormal, Normal

LN2 = math.log(2)


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
    unit = base_log(base)
    if _are_distributions(p, q):
        _no_smoothing(smoothing)
        return _distribution_divergence("kl", p, q) / unit
    p, q = vector_pair(p, q)
    return vectors.kl(smoothed(p, smoothing), smoothed(q, smoothing)) / unit


def js_divergence(p, q, *, base: float = math.e) -> float:
    """Jensen-Shannon divergence 1/2 KL(P||M) + 1/2 KL(Q||M), M = (P + Q)/2, in units of `base`.

    The divergence, not scipy's `jensenshannon` distance (its square root). Symmetric, finite,
    between 0 and ln 2 nats = 1 bit, which it reaches exactly when the supports are disjoint.

    >>> js_divergence([1, 0], [0, 1], base=2)
    1.0
    """
    unit = base_log(base)
    if _are_distributions(p, q):
        return min(LN2, _distribution_divergence("js", p, q)) / unit
    return vectors.js(*vector_pair(p, q)) / unit


def hellinger_distance(p, q) -> float:
    """Hellinger distance H = sqrt(1/2 integral (sqrt p - sqrt q)^2), in [0, 1]; unitless.

    >>> hellinger_distance([1, 0], [0, 1])
    1.0
    """
    if _are_distributions(p, q):
        fn = closed_forms.lookup("hellinger", p, q)
        if fn is not None:
            return min(1.0, fn(p, q))
        return min(1.0, math.sqrt(_distribution_divergence("hellinger2", p, q)))
    return vectors.hellinger(*vector_pair(p, q))


def total_variation(p, q) -> float:
    """Total variation distance 1/2 ||p - q||_1 = sup_A |P(A) - Q(A)|, in [0, 1]; unitless.

    >>> total_variation([0.5, 0.5], [0.9, 0.1])
    0.4
    """
    if _are_distributions(p, q):
        return min(1.0, _distribution_divergence("tv", p, q))
    return vectors.tv(*vector_pair(p, q))


def entropy(p, *, base: float = math.e) -> float:
    """Shannon entropy H(P) = -sum p ln p of a vector or discrete family; differential entropy of a density.

    >>> entropy([0.5, 0.5], base=2)
    1.0
    """
    unit = base_log(base)
    if isinstance(p, Distribution):
        return p.entropy() / unit
    return vectors.entropy(probability_vector(p, "p")) / unit


def cross_entropy(p, q, *, base: float = math.e) -> float:
    """Cross-entropy H(P, Q) = -sum p ln q = H(P) + KL(P||Q), in units of `base`; inf when KL is.

    >>> round(cross_entropy([1, 0], [0.8, 0.2]), 6)
    0.223144
    """
    unit = base_log(base)
    if _are_distributions(p, q):
        return (p.entropy() + _distribution_divergence("kl", p, q)) / unit
    return vectors.cross_entropy(*vector_pair(p, q)) / unit


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
    if not _are_distributions(p, q):
        p, q = vector_pair(p, q)
        missing = np.flatnonzero((p > 0) & (q == 0))
        if missing.size == 0:
            return None
        i = int(missing[0])
        return f"{first} gives outcome {i + 1} probability {p[i]:.4g} where {second} gives it 0."
    (pl, ph), (ql, qh) = p.support, q.support
    if pl < ql or ph > qh:
        return (f"{first} puts mass on {_interval(pl, ph)} outside {second}'s support {_interval(ql, qh)}, "
                f"where {second} has density 0.")
    if not quadrature.finite_by_tails(p, q):
        return (f"{first}'s tails are too heavy for {second}'s: the expected log-density ratio diverges "
                f"({type(p).__name__} has no finite moment of order {q.tail_order}).")
    return None


def _interval(low: float, high: float) -> str:
    end = lambda v: "∞" if v == math.inf else "−∞" if v == -math.inf else f"{v:g}"  # noqa: E731
    return f"[{end(low)}, {end(high)}]"


def normalize(weights) -> np.ndarray:
    """weights / sum(weights): turn counts or unnormalised weights into a probability vector.

    >>> normalize([2, 1, 1]).tolist()
    [0.5, 0.25, 0.25]
    """
    arr = np.asarray(weights, dtype=float) if _numeric(weights) else None
    if arr is None or arr.ndim != 1 or arr.size == 0:
        raise ValueError("normalize needs a non-empty one-dimensional sequence of numbers.")
    total = arr.sum()
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError("normalize needs finite, non-negative weights.")
    if total == 0:
        raise ValueError("normalize needs at least one positive weight; all are zero.")
    return arr / total


def _numeric(values) -> bool:
    try:
        np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return False
    return True


def _are_distributions(p, q) -> bool:
    p_dist, q_dist = isinstance(p, Distribution), isinstance(q, Distribution)
    if p_dist != q_dist:
        raise ValueError("p and q must both be probability vectors or both be kl_core distributions, "
                         f"got {type(p).__name__} and {type(q).__name__}.")
    if p_dist and p.discrete != q.discrete:
        raise ValueError(f"Cannot compare a discrete and a continuous distribution "
                         f"({type(p).__name__} vs {type(q).__name__}): one has a pmf, the other a density.")
    return p_dist


def _no_smoothing(smoothing):
    if smoothing:
        raise ValueError("smoothing applies to probability vectors (histograms), not to distribution objects.")


def _distribution_divergence(kind: str, p: Distribution, q: Distribution) -> float:
    """kind in {'kl', 'js', 'hellinger2', 'tv'}, in nats; closed form when registered."""
    if p == q:
        return 0.0
    fn = closed_forms.lookup(kind, p, q)
    if fn is not None:
        return max(0.0, fn(p, q))
    p, q = _as_univariate(p), _as_univariate(q)
    if kind == "kl" and why_kl_is_infinite(p, q) is not None:
        return math.inf
    return quadrature.divergence(kind, p, q)


def _as_univariate(d: Distribution) -> Distribution:
    if not isinstance(d, MultivariateNormal):
        return d
    if d.dim != 1:
        raise ValueError("Only KL and Hellinger have closed forms for multivariate Normals in 2 or more "
                         "dimensions; JS and TV there would need Monte Carlo, which kl_core does not guess at. "
                         "Compare one-dimensional marginals instead.")
    return Normal(d.mean[0], math.sqrt(d.cov[0][0]))
