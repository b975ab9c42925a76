"""KL next to the other divergences: the five numbers /compare shows for one pair P, Q.

    KL(P||Q)        in [0, inf]     asymmetric, infinite when P has mass where Q has none
    KL(Q||P)        in [0, inf]
    JS(P, Q)        in [0, ln 2]    nats (1 bit): KL of each to the midpoint M = (P + Q)/2, averaged
    Hellinger(P, Q) in [0, 1]       sqrt(1/2 sum (sqrt p - sqrt q)^2), unitless
    TV(P, Q)        in [0, 1]       1/2 ||p - q||_1, unitless

KL and JS are in nats by default (``base=2`` gives bits); Hellinger and TV have no unit.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kl_core import hellinger_distance, js_divergence, kl_divergence, total_variation

# Quadrature values carry errors around 1e-10, and the bounds are attained exactly (P = Q, or
# disjoint supports).
CHECK_TOLERANCE = 1e-9


@dataclass(frozen=True)
class DivergenceProfile:
    """KL both ways, JS, Hellinger and TV of one pair (KL and JS in the unit of ``base``)."""

    kl_pq: float
    kl_qp: float
    js: float
    hellinger: float
    tv: float
    base: float = math.e


def divergence_profile(p, q, *, base: float = math.e) -> DivergenceProfile:
    """The five divergences of P and Q (probability vectors or distribution objects)."""
    return DivergenceProfile(
        kl_pq=kl_divergence(p, q, base=base),
        kl_qp=kl_divergence(q, p, base=base),
        js=js_divergence(p, q, base=base),
        hellinger=hellinger_distance(p, q),
        tv=total_variation(p, q),
        base=base,
    )


@dataclass(frozen=True, eq=False)
class ProfileSweep:
    """The five divergences along a sweep: entry i compares P with Q built from ``values[i]``."""

    values: np.ndarray
    kl_pq: np.ndarray
    kl_qp: np.ndarray
    js: np.ndarray
    hellinger: np.ndarray
    tv: np.ndarray
    base: float


def profile_sweep(p, make_q, values, *, base: float = math.e) -> ProfileSweep:
    """``divergence_profile(p, make_q(v))`` for each swept value v.

    Values for which ``make_q`` raises ValueError (no valid Q, e.g. a Uniform whose low
    passes its high) are left out of the sweep.
    """
    kept, profiles = [], []
    for v in np.asarray(values, dtype=float):
        try:
            q = make_q(float(v))
        except ValueError:
            continue
        kept.append(v)
        profiles.append(divergence_profile(p, q, base=base))
    if not profiles:
        raise ValueError("No swept value gives a valid Q; sweep a range where Q's parameters are valid.")
    column = {
        name: np.array([getattr(pr, name) for pr in profiles])
        for name in ("kl_pq", "kl_qp", "js", "hellinger", "tv")
    }
    return ProfileSweep(values=np.array(kept), base=base, **column)


@dataclass(frozen=True)
class InequalityCheck:
    """One bound ``lhs <= rhs`` between divergences of P and Q, with the numbers (nats)."""

    name: str
    statement: str
    lhs: float
    rhs: float

    @property
    def holds(self) -> bool:
        return self.lhs <= self.rhs + CHECK_TOLERANCE


def inequality_checks(p, q) -> tuple[InequalityCheck, ...]:
    """Pinsker, the two Hellinger-TV bounds and the JS bound for P and Q, in nats.

    Each check carries its two sides; they hold for every pair, so a failing check
    signals a numerical error.
    """
    kl = kl_divergence(p, q)
    tv = total_variation(p, q)
    h = hellinger_distance(p, q)
    js = js_divergence(p, q)
    return (
        InequalityCheck("Pinsker", "TV ≤ √(KL(P‖Q)/2)", tv, math.sqrt(kl / 2)),
        InequalityCheck("Hellinger below TV", "H² ≤ TV", h * h, tv),
        InequalityCheck("TV below Hellinger", "TV ≤ √2·H", tv, math.sqrt(2) * h),
        InequalityCheck("JS bound", "JS(P, Q) ≤ ln 2", js, math.log(2)),
    )
