"""Figures of the Explore page: where each direction of KL comes from, and how the two part.

Pure functions: kl_core objects and results in, plotly figures out.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import kl_core
from kl_app.formatting import format_value
from kl_app.measures import BY_KEY
from kl_app.plotting import drawn, gaps, plot_grid, subplots
from kl_app.sweeps import Sweep
from kl_app.theme import P_COLOR, Q_COLOR, style, translucent
from kl_app.units import base_of

KL_BOTH_WAYS = (BY_KEY["kl_pq"], BY_KEY["kl_qp"])


def density_curves(p, q, x, unit: str) -> list[np.ndarray]:
    """p(x), q(x), p·log(p/q) and q·log(q/p) at `x` (the integrands in `unit`): densities_figure's first traces."""
    base = base_of(unit)
    return [p.pdf(x), q.pdf(x), kl_core.kl_terms(p, q, x, base=base), kl_core.kl_terms(q, p, x, base=base)]


def densities_figure(p, q, unit: str) -> go.Figure:
    """Top: the densities p and q. Bottom: the integrands p log(p/q) and q log(q/p), shaded.

    The area under each integrand is that direction's KL; the parts below zero are where the
    first distribution is smaller than the second. Where q = 0 < p the integrand is infinite.
    """
    x = plot_grid([p, q])
    curves = density_curves(p, q, x, unit)
    fig = subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                   subplot_titles=("", f"Integrands (area = KL, in {unit})"))
    for name, y, color in (("p(x)", curves[0], P_COLOR), ("q(x)", curves[1], Q_COLOR)):
        fig.add_scatter(x=drawn(x), y=drawn(y), name=name, line=dict(color=color, width=3),
                        fill="tozeroy", fillcolor=translucent(color, 0.12), row=1, col=1)
    integrands = (("p·log(p/q)", curves[2], P_COLOR, "solid"), ("q·log(q/p)", curves[3], Q_COLOR, "dash"))
    for name, terms, color, dash in integrands:
        fig.add_scatter(x=drawn(x), y=drawn(terms), name=name, line=dict(color=color, width=3, dash=dash),
                        fill="tozeroy", fillcolor=translucent(color, 0.25), connectgaps=False, row=2, col=1)
    for name, terms, color, _ in integrands:
        infinite = np.isinf(terms)
        if infinite.any():
            fig.add_scatter(x=drawn(x[infinite]), y=np.zeros(infinite.sum(), np.float32), mode="markers",
                            marker=dict(symbol="triangle-up", size=12, color=color),
                            name=f"{name} = ∞", row=2, col=1)
    fig.add_hline(y=0, line=dict(color="#444", width=1), row=2, col=1)
    fig.update_xaxes(title_text="x", row=2, col=1)
    fig.update_yaxes(title_text="density", row=1, col=1)
    fig.update_yaxes(title_text=unit, row=2, col=1)
    return style(fig, height=620)


def bars_figure(p_dist, q_dist, unit: str) -> go.Figure:
    """Discrete P and Q (pmfs on the integers) as bars, and each outcome's contribution to both directions of KL.

    Outcomes are the integers where either has mass; a categorical's outcome k is labelled k + 1.
    """
    base = base_of(unit)
    k = np.union1d(p_dist.mass_points(), q_dist.mass_points()).astype(float)
    p, q = p_dist.pmf(k), q_dist.pmf(k)
    first = 1 if isinstance(p_dist, kl_core.Categorical) else 0
    labels = [str(int(i) + first) for i in k]
    fig = subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                   subplot_titles=("", f"Contribution of each outcome (sum = KL, in {unit})"))
    fig.add_bar(x=labels, y=p, name="P", marker_color=P_COLOR, row=1, col=1)
    fig.add_bar(x=labels, y=q, name="Q", marker_color=Q_COLOR, row=1, col=1)
    for name, a, b, color in (("p·log(p/q)", p_dist, q_dist, P_COLOR), ("q·log(q/p)", q_dist, p_dist, Q_COLOR)):
        terms = kl_core.kl_terms(a, b, k, base=base)
        shown = np.where(np.isinf(terms), 0.0, terms)
        text = ["∞" if np.isinf(t) else f"{t:.3f}" for t in terms]
        fig.add_bar(x=labels, y=shown, name=name, marker_color=color, text=text, textposition="outside",
                    marker_pattern_shape="/" if color == Q_COLOR else "", row=2, col=1)
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="outcome", row=2, col=1)
    fig.update_yaxes(title_text="probability", row=1, col=1)
    fig.update_yaxes(title_text=unit, row=2, col=1)
    return style(fig, height=620)


def sweep_figure(s: Sweep) -> go.Figure:
    """Both directions of KL along one parameter, with the current value marked on both curves."""
    fig = go.Figure()
    for m in KL_BOTH_WAYS:
        fig.add_scatter(x=s.values, y=gaps(s[m.key]), name=m.label(), line=dict(color=m.color, width=3, dash=m.dash))
    fig.add_scatter(**_markers(s, s.current_index))
    fig.add_vline(x=s.current, line=dict(color="#444", width=1, dash="dot"))
    fig.update_layout(title_text=_title(s, s.current_index))
    fig.update_xaxes(title_text=s.label)
    fig.update_yaxes(title_text=s.unit)
    style(fig, height=460)
    return fig.update_layout(margin=dict(t=110))


def _markers(s: Sweep, i: int) -> dict:
    return dict(x=[s.values[i]] * 2, y=gaps(np.array([s[m.key][i] for m in KL_BOTH_WAYS])), mode="markers",
                showlegend=False, marker=dict(size=14, color=[m.color for m in KL_BOTH_WAYS],
                                              line=dict(color="white", width=2)),
                name="at the slider")


def _title(s: Sweep, i: int) -> str:
    shown = ",  ".join(f"{m.label()} = {format_value(s[m.key][i], digits=4)}" for m in KL_BOTH_WAYS)
    return f"{s.label} = {s.values[i]:g}:  {shown} {s.unit}"
