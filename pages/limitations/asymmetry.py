"""Asymmetry: KL(P||Q) != KL(Q||P) in general, mapped over a grid of Normals Q.

For P = N(m, s^2) and Q = N(mu, sigma^2) both directions have the closed form ``normal_kl``,
so the difference KL(P||Q) - KL(Q||P) is evaluated over a whole grid of (mu, sigma) at once.
It is 0 on the line sigma = s (equal widths: only the shift counts, symmetrically), positive
for sigma < s (a narrow Q is punished hardest by KL(P||Q)) and negative for sigma > s.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kl_core import Normal
from kl_core._checks import base_log
from kl_core.kl import normal_kl
from kl_app.measures import larger_direction


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


def narrower_q(unit: str) -> tuple[str, str]:
    """The answer to the page's question (P = N(0, 1), Q = N(0, 0.5²)): which direction is larger, and why."""
    larger, pq, qp = larger_direction(Normal(0.0, 1.0), Normal(0.0, 0.5), unit)
    return larger, (f"KL(P‖Q) = {pq}, KL(Q‖P) = {qp}. KL(P‖Q) averages log(p/q) over P, and P's tails reach "
                    "where the narrow Q is nearly zero; the map above is blue below σ = 1 for that reason.")
