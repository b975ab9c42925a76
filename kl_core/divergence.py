"""What a divergence is to kl_core: one `Divergence` declaration, evaluated the same way for all.

A declaration gives the divergence's names, its declared properties (symmetric, metric, in units
of information or unitless, its range and its value on disjoint supports), its form on two
probability vectors, its non-negative integrand for numerical integration and its per-point
terms for plots. Closed forms are registered per pair of families with `@D.register(P, Q)`.

Evaluation, d(p, q, base=...): two probability vectors go to the vector form; two distributions
go to the most specific registered closed form (both MROs are walked; two equally specific
forms are an error), else, unless the declaration's `infinite` hook says the value is infinite,
to numerical integration (`quadrature`). Values are in nats, divided by ln(base) when the
divergence is `in_units` (base=2 gives bits); unitless divergences ignore base.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from kl_core._checks import base_log, beyond_range, vector_pair
from kl_core.distributions import Categorical, Distribution
from kl_core.quadrature import integrate_divergence


def union_of_supports(p: Distribution, q: Distribution) -> tuple[float, float]:
    """The smallest interval holding both supports: where an integrand of p and q can be non-zero."""
    (pl, ph), (ql, qh) = p.support, q.support
    return min(pl, ql), max(ph, qh)


def _identity(value: float) -> float:
    return value


@dataclass(frozen=True, eq=False)
class Divergence:
    """One divergence, declared once. Every function of (lp, lq) takes log-densities (or log-pmfs).

    key, symbol, name: registry key, short on-screen name, full name. symmetric: d(p, q) = d(q, p);
    metric: it also satisfies the triangle inequality. in_units: values are information (nats,
    divided by ln base); otherwise unitless. sup_value, disjoint_value: the supremum of its range
    and its value on disjoint supports, in nats when in_units.
    vector(p, q): the value in nats for two validated probability vectors of one length.
    integrand(lp, lq): pointwise >= 0; its integral, through from_integral, is the value.
    pointwise(lp, lq): the signed per-bin terms or integrand for plots, in nats.
    first_order: the integrand is first order in p - q (|p - q|-like), so quadrature cuts at the
        density crossings and its rounding-noise floor is first order too.
    domain(p, q): where the integrand can be non-zero; leftover(mass), when set, is what the
        integrand leaves out given Q's mass off that domain (added to the integral).
    infinite(p, q): when set, a reason the value is infinite, or None (decided before integrating).
    """

    key: str
    symbol: str
    name: str
    symmetric: bool
    metric: bool
    in_units: bool
    sup_value: float
    disjoint_value: float
    vector: Callable[[np.ndarray, np.ndarray], float]
    integrand: Callable[[np.ndarray, np.ndarray], np.ndarray]
    pointwise: Callable[[np.ndarray, np.ndarray], np.ndarray]
    from_integral: Callable[[float], float] = _identity
    first_order: bool = False
    domain: Callable[[Distribution, Distribution], tuple[float, float]] = union_of_supports
    leftover: Callable[[float], float] | None = None
    infinite: Callable[[Distribution, Distribution], str | None] | None = None
    _closed_forms: dict = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self):
        # A Categorical is a probability vector on 0..k-1, so the vector form is its closed form.
        self.register(Categorical, Categorical)(lambda p, q: self.vector(*_aligned(p, q)))

    def register(self, p_type: type, q_type: type):
        """Decorator: fn(p, q) -> float is the exact value (in nats) for P of p_type and Q of q_type."""

        def wrap(fn):
            self._closed_forms[p_type, q_type] = fn
            return fn

        return wrap

    def closed_form(self, p: Distribution, q: Distribution):
        """The most specific registered closed form for (type(p), type(q)), or None.

        A registered pair matches when each type is in the MRO of its argument's type; pair A is
        more specific than pair B when both of A's types come no later in their MROs than B's.
        When no match is more specific than all the others, the choice is ambiguous: TypeError.
        """
        p_mro, q_mro = type(p).__mro__, type(q).__mro__
        matches = [(p_mro.index(pt), q_mro.index(qt), fn)
                   for (pt, qt), fn in self._closed_forms.items() if pt in p_mro and qt in q_mro]
        if not matches:
            return None
        best = min(matches, key=lambda m: (m[0], m[1]))
        if any(m[1] < best[1] for m in matches):
            names = sorted(f"({p_mro[i].__name__}, {q_mro[j].__name__})" for i, j, _ in matches)
            raise TypeError(f"Ambiguous closed forms of {self.symbol} for {type(p).__name__} vs "
                            f"{type(q).__name__}: {', '.join(names)} are equally specific; "
                            f"register one for ({type(p).__name__}, {type(q).__name__}).")
        return best[2]

    def has_closed_form(self, p, q) -> bool:
        """True when the value is exact: a finite sum for two vectors, or a registered closed form."""
        if not distribution_pair(p, q):
            return True
        return self.closed_form(p, q) is not None

    def upper(self, base: float = math.e) -> float:
        """The supremum of the divergence's range, in units of `base` when it is in_units."""
        return self.sup_value / self._unit(base)

    def disjoint(self, base: float = math.e) -> float:
        """The value for two distributions with disjoint supports, in units of `base` when in_units."""
        return self.disjoint_value / self._unit(base)

    def __call__(self, p, q, *, base: float = math.e) -> float:
        unit = self._unit(base)
        if distribution_pair(p, q):
            return self._between(p, q) / unit
        return self.vector(*vector_pair(p, q)) / unit

    def terms(self, p, q, x=None, *, base: float = math.e) -> np.ndarray:
        """Per-bin terms of two vectors, or the integrand of two distributions on the grid x."""
        unit = self._unit(base)
        if isinstance(p, Distribution) and isinstance(q, Distribution):
            if x is None:
                raise ValueError("Pass the grid x at which to evaluate the integrand of two distributions.")
            x = np.asarray(x, dtype=float)
            lp, lq = p.logpdf(x), q.logpdf(x)
        else:
            if x is not None:
                raise ValueError("x is only for distributions; probability vectors have one term per bin.")
            p, q = vector_pair(p, q)
            with np.errstate(divide="ignore"):
                lp, lq = np.log(p), np.log(q)
        return self.pointwise(lp, lq) / unit

    def _unit(self, base) -> float:
        unit = base_log(base)
        return unit if self.in_units else 1.0

    def _between(self, p: Distribution, q: Distribution) -> float:
        if p == q:
            return 0.0
        fn = self.closed_form(p, q)
        if fn is not None:
            return self._checked(fn(p, q), p, q)
        p, q = p.univariate(), q.univariate()
        if self.infinite is not None and self.infinite(p, q) is not None:
            return math.inf
        return self._checked(integrate_divergence(self, p, q), p, q)

    def _checked(self, value: float, p: Distribution, q: Distribution) -> float:
        """value clipped to the range; an infinite value of a pair with no reason to be infinite overflowed."""
        if math.isnan(value):
            raise beyond_range(f"{p!r} vs {q!r}", "its parameters are so far apart that intermediate results overflow")
        if math.isinf(value) and not (self.infinite is not None and self.infinite(p, q) is not None):
            raise beyond_range(f"{p!r} vs {q!r}",
                               f"its {self.symbol} is finite but larger than the largest float, 1.8e308")
        return min(self.sup_value, max(0.0, value))


def distribution_pair(p, q) -> bool:
    """True for two kl_core distributions of one kind and dimension, False for two vectors; else ValueError."""
    p_dist, q_dist = isinstance(p, Distribution), isinstance(q, Distribution)
    if p_dist != q_dist:
        raise ValueError("p and q must both be probability vectors or both be kl_core distributions, "
                         f"got {type(p).__name__} and {type(q).__name__}.")
    if p_dist and p.discrete != q.discrete:
        raise ValueError(f"Cannot compare a discrete and a continuous distribution "
                         f"({type(p).__name__} vs {type(q).__name__}): one has a pmf, the other a density.")
    if p_dist and p.dim != q.dim:
        raise ValueError(f"Both distributions need the same dimension, got {p.dim} and {q.dim} "
                         f"({type(p).__name__} vs {type(q).__name__}).")
    return p_dist


def _aligned(p: Categorical, q: Categorical) -> tuple[np.ndarray, np.ndarray]:
    """Both probs on the outcomes 0..k-1 of the longer one (the shorter padded with zeros)."""
    k = max(len(p.probs), len(q.probs))
    return np.pad(p.probs, (0, k - len(p.probs))), np.pad(q.probs, (0, k - len(q.probs)))
