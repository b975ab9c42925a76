"""Zero support gives infinity: KL(P||Q) = inf as soon as Q has no mass where P has some.

On k outcomes, KL(P||Q) = sum_i p_i ln(p_i / q_i), and a single outcome with p_i > 0 and
q_i = 0 makes its term, and the sum, infinite, however small p_i is. JS stays finite (at
most ln 2): it compares both with the midpoint M = (P + Q)/2, which is positive wherever
either is. Additive smoothing, (v + eps) / (1 + k eps) applied to both vectors, makes KL
finite again, but the number then depends on the arbitrary eps: the uncovered outcomes
contribute about p_i ln(p_i / eps), which grows like ln(1/eps) as eps -> 0.

The demonstration uses discretised bells: P and Q are Gaussian-shaped weights over the
outcomes 0..k-1, and Q is cut to a window [low, high] of outcomes (zero outside).
"""

from __future__ import annotations

import math

import numpy as np

from kl_core import kl_divergence, normalize


def bell(k: int, centre: float, width: float) -> np.ndarray:
    """Weights proportional to exp(-(i - centre)^2 / (2 width^2)) on outcomes i = 0..k-1, normalised."""
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 2:
        raise ValueError(f"k must be an integer >= 2 (the number of outcomes), got {k!r}.")
    if not (np.isfinite(centre) and np.isfinite(width) and width > 0):
        raise ValueError(f"The bell needs a finite centre and a width > 0, got {centre!r} and {width!r}.")
    i = np.arange(k)
    return normalize(np.exp(-0.5 * ((i - centre) / width) ** 2))


def cut(q, low: int, high: int) -> np.ndarray:
    """Q restricted to the outcomes low..high (inclusive) and renormalised; zero elsewhere."""
    q = np.asarray(q, dtype=float)
    if not (0 <= low <= high < q.size):
        raise ValueError(
            f"The window must satisfy 0 <= low <= high <= {q.size - 1}, got low={low}, high={high}."
        )
    kept = np.zeros_like(q)
    kept[low : high + 1] = q[low : high + 1]
    if kept.sum() == 0:
        raise ValueError("Q has no mass inside the window; widen it.")
    return normalize(kept)


def uncovered_mass(p, q) -> float:
    """P's total probability on outcomes where Q is 0: KL(P||Q) is infinite when this is > 0."""
    p, q = np.asarray(p, dtype=float), np.asarray(q, dtype=float)
    return float(p[q == 0].sum())


def smoothing_curve(p, q, smoothings, *, base: float = math.e) -> np.ndarray:
    """KL(P||Q) after additive smoothing with each eps in ``smoothings`` (vectors only)."""
    return np.array([kl_divergence(p, q, base=base, smoothing=eps) for eps in smoothings])
