"""Figures of the Explore page: where each direction of KL comes from, and how the two part.

Pure functions: kl_core objects and results in, plotly figures out.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

import kl_core
from kl_app.formatting import format_value
from kl_app.measures import BY_KEY
from kl_app.plotting import drawn, gaps, in_progress, layout_once, plot_grid, subplots
from kl_app.sweeps import Sweep
from kl_app.theme import P_COLOR, Q_COLOR, style, translucent
from kl_app.units import base_of

KL_BOTH_WAYS = (BY_KEY["kl_pq"], BY_KEY["kl_qp"])


def density_curves(p, q, x, unit: str) -> list[np.ndarray]:
    """p(x), q(x), p·log(p/q) and q·log(q/p) at `x` (the integrands in `unit`): densities_figure's first traces."""
    base = base_of(unit)
    return [p.pdf(x), q.pdf(x), kl_core.kl_terms(p, q, x, base=base), kl_core.kl_terms(q, p, x, base=base)]


def densities_figure(p, q, unit: str) -> dict:
    """Top: the densities p and q. Bottom: the integrands p log(p/q) and q log(q/p), shaded (plotly JSON).

    The area under each integrand is that direction's KL; the parts below zero are where the
    first distribution is smaller than the second. Where q = 0 < p the integrand is infinite: a
    gap in the curve, and a marker on the axis (traces 4 and 5).
    """
    x = plot_grid([p, q])
    curves = density_curves(p, q, x, unit)
    fig = _densities_layout(unit)
    for trace, y in zip(fig["data"], curves):
        trace.update(x=drawn(x), y=drawn(y))
    for trace, terms in zip(fig["data"][4:], curves[2:]):
        infinite = np.isinf(terms)
        trace.update(x=drawn(x[infinite]), y=np.zeros(infinite.sum(), np.float32), showlegend=bool(infinite.any()))
    return fig


@layout_once
def _densities_layout(unit: str) -> go.Figure:
    fig = subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                   subplot_titles=("", f"Integrands (area = KL, in {unit})"))
    for name, color in (("p(x)", P_COLOR), ("q(x)", Q_COLOR)):
        fig.add_scatter(name=name, line=dict(color=color, width=3), fill="tozeroy",
                        fillcolor=translucent(color, 0.12), row=1, col=1)
    integrands = (("p·log(p/q)", P_COLOR, "solid"), ("q·log(q/p)", Q_COLOR, "dash"))
    for name, color, dash in integrands:
        fig.add_scatter(name=name, line=dict(color=color, width=3, dash=dash), fill="tozeroy",
                        fillcolor=translucent(color, 0.25), connectgaps=False, row=2, col=1)
    for name, color, _ in integrands:
        fig.add_scatter(name=f"{name} = ∞", mode="markers", marker=dict(symbol="triangle-up", size=12, color=color),
                        row=2, col=1)
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


def sweep_figure(s: Sweep, current: float, now: dict[str, float]) -> dict:
    """Both directions of KL along one parameter, with the `current` value and its KL values `now`
    ({'kl_pq': …, 'kl_qp': …}) marked (plotly JSON)."""
    fig = _sweep_layout(s.label, s.unit)
    for trace, m in zip(fig["data"], KL_BOTH_WAYS):
        trace.update(x=s.values, y=gaps(s[m.key]))
    fig["data"][2].update(x=[current] * 2, y=gaps([now[m.key] for m in KL_BOTH_WAYS]))
    shown = ",  ".join(f"{m.label()} = {format_value(now[m.key], digits=4)}" for m in KL_BOTH_WAYS)
    fig["layout"]["title"]["text"] = f"{s.label} = {current:g}<br>{shown} {s.unit}"  # two lines: fits a phone
    fig["layout"]["shapes"] = [dict(type="line", x0=current, x1=current, xref="x", y0=0, y1=1, yref="y domain",
                                    line=dict(color="#444", width=1, dash="dot"))]
    return in_progress(fig, s.progress_text)


@layout_once
def _sweep_layout(label: str, unit: str) -> go.Figure:
    fig = go.Figure()
    for m in KL_BOTH_WAYS:
        fig.add_scatter(name=m.label(), line=dict(color=m.color, width=3, dash=m.dash))
    fig.add_scatter(mode="markers", showlegend=False, name="now",
                    marker=dict(size=14, color=[m.color for m in KL_BOTH_WAYS], line=dict(color="white", width=2)))
    fig.update_layout(title=dict(text=" ", y=1, yref="container", yanchor="top", pad=dict(t=30)))  # lines go down
    fig.update_xaxes(title_text=label)
    fig.update_yaxes(title_text=unit)
    style(fig, height=480)
    return fig.update_layout(margin=dict(t=130))
