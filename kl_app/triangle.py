"""The triangle-inequality demo that Compare and Limitations share: KL is not a distance.

A metric d satisfies d(P, R) <= d(P, Q) + d(Q, R). KL does not: for three Normals with a
common sigma and means 0, s, 2s,
    KL(P||Q) = KL(Q||R) = s^2 / (2 sigma^2),   KL(P||R) = 4 s^2 / (2 sigma^2) = 2 s^2 / sigma^2,
so KL(P||R) is twice KL(P||Q) + KL(Q||R) for every shift s != 0 (KL grows like the squared
distance). Hellinger and TV are metrics and pass; JS fails too (its square root is a metric).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from kl_app import url
from kl_core import Normal

# Quadrature values carry errors around 1e-10; the inequality can hold with equality.
CHECK_TOLERANCE = 1e-9

SHIFT = url.Number("tri_d", "Distance d between neighbours: P = N(0,1), Q = N(d,1), R = N(2d,1)", 1.0, 0.2, 3.0, 0.1)


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


