"""Figures of the Compare page: KL next to JS, Hellinger and TV.

Pure functions: kl_core objects and results in, plotly figures out.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from kl_app.plotting import plot_grid
from kl_app.plotting import gaps
from kl_app.theme import DIVERGENCE_COLORS, M_COLOR, P_COLOR, Q_COLOR, style, translucent
from pages.compare.model import ProfileSweep

# The sweep chart's height in divergence units: JS, Hellinger and TV stay below it; KL leaves it.
SWEEP_Y_MAX = 2.5

SWEEP_LINES = (
    ("KL(P‖Q)", "kl_pq", "solid"),
    ("KL(Q‖P)", "kl_qp", "dash"),
    ("JS(P, Q)", "js", "solid"),
    ("Hellinger(P, Q)", "hellinger", "dot"),
    ("TV(P, Q)", "tv", "dashdot"),
)



def sweep_figure(sweep: ProfileSweep, unit: str, label: str, current: float) -> go.Figure:
    """The five divergences as one parameter of Q moves, with the ceilings of the bounded ones.

    The y axis stops at SWEEP_Y_MAX: the KL curves leave the chart (they grow without bound)
    while JS levels off at ln 2 nats = 1 bit and Hellinger and TV at 1.
    """
    fig = go.Figure()
    for name, field, dash in SWEEP_LINES:
        fig.add_scatter(x=sweep.values, y=gaps(getattr(sweep, field)), name=name,
                        line=dict(color=DIVERGENCE_COLORS[name], width=4, dash=dash))
    js_ceiling = math.log(2) / math.log(sweep.base)
    fig.add_hline(y=js_ceiling, line=dict(color=DIVERGENCE_COLORS["JS(P, Q)"], width=1.5, dash="dot"),
                  annotation_text=f"JS ceiling ln 2 = {js_ceiling:.3f} {unit}", annotation_position="bottom right")
    fig.add_hline(y=1.0, line=dict(color=M_COLOR, width=1.5, dash="dot"),
                  annotation_text="Hellinger and TV ceiling 1", annotation_position="top right")
    fig.add_vline(x=current, line=dict(color="#444", width=1.5, dash="dot"),
                  annotation_text="now", annotation_position="top left")
    fig.update_xaxes(title_text=label)
    fig.update_yaxes(title_text=f"divergence ({unit})", range=[0, SWEEP_Y_MAX])
    return style(fig, height=480)


def disjoint_figure(p, q) -> go.Figure:
    """Two densities that never overlap: no x has both p(x) > 0 and q(x) > 0."""
    x = plot_grid([p, q])
    fig = go.Figure()
    for name, dist, color in (("p(x)", p, P_COLOR), ("q(x)", q, Q_COLOR)):
        fig.add_scatter(x=x, y=dist.pdf(x), name=name, line=dict(color=color, width=3),
                        fill="tozeroy", fillcolor=translucent(color, 0.2))
    fig.update_xaxes(title_text="x")
    fig.update_yaxes(title_text="density")
    return style(fig, height=300)
