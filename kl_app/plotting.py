"""Plotting helpers every lesson's figures share: the x grid of a density plot and gaps for ∞."""

from __future__ import annotations

import math

import numpy as np

GRID_POINTS = 300


def plot_grid(dists, points: int = GRID_POINTS) -> np.ndarray:
    """An x grid covering every distribution's bulk, with their support ends and kinks on it."""
    lows, highs = zip(*(d.plot_range(0.999) for d in dists))
    ends = [v for d in dists for v in (*d.support, *d.kinks) if math.isfinite(v)]
    low, high = min(*lows, *ends), max(*highs, *ends)
    pad = 0.08 * (high - low)
    x = np.linspace(low - pad, high + pad, points)
    # Just inside and outside each support end, so a jump to zero density is drawn as a wall.
    eps = 1e-9 * max(1.0, high - low)
    walls = [v + s for v in ends for s in (-eps, 0.0, eps)]
    return np.unique(np.concatenate([x, walls]))


def gaps(values) -> np.ndarray:
    """inf and NaN become gaps in a line (plotly draws None as a gap)."""
    arr = np.asarray(values, dtype=float)
    out = arr.astype(object)
    out[~np.isfinite(arr)] = None
    return out
