"""Plotting helpers every lesson's figures share: subplot grids, the x grid of a density plot, gaps for ∞."""

from __future__ import annotations

import copy
import functools
import json
import math
from collections.abc import Callable

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

GRID_POINTS = 300


def subplots(**arrangement) -> go.Figure:
    """A new figure from plotly's make_subplots(**arrangement).

    make_subplots takes about 40 ms (it builds classes for the grid); the arrangement is built
    once and copied (a few ms), since a page draws the same few arrangements on every run.
    """
    return go.Figure(_subplots(json.dumps(arrangement, sort_keys=True)))


@functools.lru_cache(maxsize=128)
def _subplots(arrangement: str) -> go.Figure:
    return make_subplots(**json.loads(arrangement))


def layout_once(build: Callable[..., go.Figure]) -> Callable[..., dict]:
    """Decorate a builder of a figure without data (axes, titles, trace styles): its plotly JSON,
    built once per arguments and copied for each use, for the caller to put the data in.

    Validating a plotly figure costs tens of milliseconds; a chart that changes with every slider
    step pays it once per arrangement, and then a copy of a small dict.
    """
    built = functools.lru_cache(maxsize=64)(lambda *args: build(*args).to_plotly_json())

    @functools.wraps(build)
    def copied(*args) -> dict:
        return copy.deepcopy(built(*args))
    return copied


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
    """Values for a line or markers whose numbers a reader takes off the chart: float64, with inf and
    NaN as NaN, which plotly draws as a gap."""
    arr = np.asarray(values, dtype=float)
    return np.where(np.isfinite(arr), arr, np.nan)


def drawn(values) -> np.ndarray:
    """A curve only looked at (a density, an integrand, their x grid): float32, gaps as in `gaps`.

    Seven significant digits are far beyond a screen's resolution, and plotly sends float32 arrays
    as 4 bytes a number, half of float64 and a quarter of a JSON list.
    """
    return gaps(values).astype(np.float32)


def in_progress(fig: go.Figure | dict, text: str) -> go.Figure | dict:
    """`fig` with `text` ('17 of 41 values computed') in a box at the bottom right of its plot while its
    data is still coming in (kl_app.progressive); unchanged when `text` is empty."""
    if text:
        note = dict(text=f"Computing… {text}", x=1, xref="paper", y=0.02, yref="paper", xanchor="right",
                    yanchor="bottom", showarrow=False, font=dict(size=15), bgcolor="rgba(255, 255, 255, 0.85)",
                    bordercolor="#767676", borderwidth=1, borderpad=4)
        if isinstance(fig, go.Figure):
            fig.add_annotation(note)
        else:
            fig["layout"].setdefault("annotations", []).append(note)
    return fig
