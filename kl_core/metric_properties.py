"""Why KL divergence is not a distance: the triangle inequality and the standard bounds.

* Triangle inequality. A metric d satisfies d(P, R) <= d(P, Q) + d(Q, R). KL does not:
  for three Normals with a common sigma and means 0, s, 2s,
      KL(P||Q) = KL(Q||R) = s^2 / (2 sigma^2),   KL(P||R) = 4 s^2 / (2 sigma^2) = 2 s^2 / sigma^2,
  so KL(P||R) is twice KL(P||Q) + KL(Q||R) for every shift s != 0 (KL grows like the
  squared distance). Hellinger and TV are metrics and pass; JS fails too (its square root
  is a metric).
* Inequalities between the divergences (all in nats; H is the Hellinger distance,
  H^2 = 1/2 sum (sqrt p - sqrt q)^2, TV = 1/2 ||p - q||_1):
      Pinsker            TV <= sqrt(KL(P||Q) / 2)
      Hellinger vs TV    H^2 <= TV <= sqrt(2) H
      JS bound           JS(P, Q) <= ln 2
* Asymmetry. KL(P||Q) != KL(Q||P) in general; for P = N(m, s^2) and Q = N(mu, sigma^2)
  both directions have the closed form ``normal_kl``, so the difference
  KL(P||Q) - KL(Q||P) is evaluated over a whole grid of (mu, sigma) at once. It is 0 on
  the line sigma = s (equal widths: only the shift counts, symmetrically), positive for
  sigma < s (a narrow Q is punished hardest by KL(P||Q)) and negative for sigma > s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np

from kl_core import (
    Normal,
    hellinger_distance,
    js_divergence,
    kl_divergence,
    total_variation,
)
from kl_core._checks import base_log
from kl_core.closed_forms import normal_kl

# Tolerance for the checks below: quadrature values carry errors around 1e-10, and the
# bounds are attained exactly (P = Q, or disjoint supports).
CHECK_TOLERANCE = 1e-9


@dataclass(frozen=True)
class TriangleCheck:
    """d(P, R) against d(P, Q) + d(Q, R) for one divergence d."""

    d_pq: float
    d_qr: float
    d_pr: float

    @property
    def detour(self) -> float:
        """d(P, Q) + d(Q, R): the 'length' of the path through Q."""
        return self.d_pq + self.d_qr

    @property
    def holds(self) -> bool:
        """True when d(P, R) <= d(P, Q) + d(Q, R) (within CHECK_TOLERANCE)."""
        return self.d_pr <= self.detour + CHECK_TOLERANCE


def triangle_check(divergence: Callable[..., float], p, q, r) -> TriangleCheck:
    """Evaluate the triangle inequality d(P, R) <= d(P, Q) + d(Q, R) for ``divergence``."""
    return TriangleCheck(d_pq=divergence(p, q), d_qr=divergence(q, r), d_pr=divergence(p, r))


def triangle_counterexample(shift: float = 1.0, sigma: float = 1.0) -> tuple[Normal, Normal, Normal]:
    """P, Q, R = N(0, sigma), N(shift, sigma), N(2 shift, sigma): Q halfway between P and R.

    KL(P||R) = 2 shift^2 / sigma^2 = 2 (KL(P||Q) + KL(Q||R)), so KL breaks the triangle
    inequality for every shift != 0.
    """
    if not math.isfinite(shift) or shift == 0:
        raise ValueError(f"shift must be a finite non-zero number (got {shift!r}); try 1.0.")
    return Normal(0.0, sigma), Normal(shift, sigma), Normal(2 * shift, sigma)


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


@dataclass(frozen=True, eq=False)
class AsymmetryGrid:
    """KL(P||Q) and KL(Q||P) for Q = N(mu, sigma^2) over a grid, in the unit of ``base``.

    Arrays have shape (len(sigmas), len(mus)): row i is sigma = sigmas[i], column j is
    mu = mus[j] (the layout of a heat map with mu across and sigma up).
    """

    p: Normal
    mus: np.ndarray
    sigmas: np.ndarray
    forward: np.ndarray
    reverse: np.ndarray
    base: float

    @property
    def difference(self) -> np.ndarray:
        """KL(P||Q) - KL(Q||P) at each grid point."""
        return self.forward - self.reverse


def asymmetry_grid(p: Normal, mus, sigmas, *, base: float = math.e) -> AsymmetryGrid:
    """KL(P||N(mu, sigma^2)) and KL(N(mu, sigma^2)||P) for every mu in ``mus``, sigma in ``sigmas``."""
    if not isinstance(p, Normal):
        raise ValueError(f"The asymmetry grid compares Normals; P must be a Normal, got {type(p).__name__}.")
    unit = base_log(base)
    mus, sigmas = np.asarray(mus, dtype=float), np.asarray(sigmas, dtype=float)
    if mus.ndim != 1 or sigmas.ndim != 1 or mus.size == 0 or sigmas.size == 0:
        raise ValueError("mus and sigmas must be non-empty 1-D sequences of grid values.")
    if not (np.isfinite(mus).all() and np.isfinite(sigmas).all() and (sigmas > 0).all()):
        raise ValueError("Grid values must be finite and every sigma > 0; try np.linspace(0.2, 3, 60).")
    mu, sigma = mus[None, :], sigmas[:, None]
    return AsymmetryGrid(
        p=p,
        mus=mus,
        sigmas=sigmas,
        forward=normal_kl(p.mu, p.sigma, mu, sigma) / unit,
        reverse=normal_kl(mu, sigma, p.mu, p.sigma) / unit,
        base=base,
    )
