"""Figures of the Compare page: KL next to JS, Hellinger and TV.

Pure functions: kl_core objects and results in, plotly figures out.
"""

from __future__ import annotations

import math

import plotly.graph_objects as go

from kl_app.plotting import drawn, gaps, in_progress, layout_once, plot_grid
from kl_app.measures import MEASURES
from kl_app.sweeps import Sweep
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, style, translucent
from kl_app.units import base_of

# The sweep chart's height in divergence units: JS, Hellinger and TV stay below it; KL leaves it.
SWEEP_Y_MAX = 2.5


def sweep_figure(sweep: Sweep, current: float) -> dict:
    """Every measure as one parameter of Q moves, with the ceilings of the bounded ones and the `current`
    value (plotly JSON).

    The y axis stops at SWEEP_Y_MAX: the KL curves leave the chart (they grow without bound)
    while JS levels off at ln 2 nats = 1 bit and Hellinger and TV at 1.
    """
    fig = _sweep_layout(sweep.label, sweep.unit)
    for trace, m in zip(fig["data"], MEASURES):
        trace.update(x=sweep.values, y=gaps(sweep[m.key]))
    fig["layout"]["shapes"].append(dict(type="line", x0=current, x1=current, xref="x", y0=0, y1=1, yref="y domain",
                                        line=dict(color="#444", width=1.5, dash="dot")))
    fig["layout"]["annotations"].append(dict(text="now", x=current, xref="x", y=1, yref="y domain", xanchor="right",
                                             yanchor="top", showarrow=False))
    return in_progress(fig, sweep.progress_text)


@layout_once
def _sweep_layout(label: str, unit: str) -> go.Figure:
    fig = go.Figure()
    for m in MEASURES:
        fig.add_scatter(name=m.label(), line=dict(color=m.color, width=4, dash=m.dash))
    base = base_of(unit)
    ceilings = {}
    for m in MEASURES:
        upper = m.divergence.upper(base)
        if math.isfinite(upper):
            ceilings.setdefault((round(upper, 12), m.divergence.in_units), []).append(m)
    highest = max(upper for upper, _ in ceilings)
    for (upper, _), ms in ceilings.items():
        names = " and ".join(m.divergence.symbol for m in ms)
        color = ms[0].color if len(ms) == 1 else M_COLOR
        # Labelled in the right margin (inside, the curves that level off at their ceiling ran over
        # them): the highest above its line, the others below, so that close ceilings stay apart.
        fig.add_hline(y=upper, line=dict(color=color, width=1.5, dash="dot"), annotation_position="right",
                      annotation=dict(text=f"{names}<br>ceiling {ms[0].upper_text(unit)}", xanchor="left",
                                      align="left", yanchor="bottom" if upper == highest else "top",
                                      font=dict(size=13)))
    fig.update_xaxes(title_text=label)
    fig.update_yaxes(title_text=f"divergence ({unit})", range=[0, SWEEP_Y_MAX])
    style(fig, height=480)
    fig.update_layout(margin=dict(r=170))
    return fig


def pair_figure(p, q) -> dict:
    """The densities p and q, shaded (plotly JSON): the two distributions the numbers compare (traces p, q)."""
    x = plot_grid([p, q])
    fig = _pair_layout()
    for trace, dist in zip(fig["data"], (p, q)):
        trace.update(x=drawn(x), y=drawn(dist.pdf(x)))
    return fig


@layout_once
def _pair_layout() -> go.Figure:
    fig = go.Figure()
    for name, color in (("p(x)", P_COLOR), ("q(x)", Q_COLOR)):
        fig.add_scatter(name=name, line=dict(color=color, width=3), fill="tozeroy", fillcolor=translucent(color, 0.2))
    fig.update_xaxes(title_text="x")
    fig.update_yaxes(title_text="density")
    return style(fig, height=300)
