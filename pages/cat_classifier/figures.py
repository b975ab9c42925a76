"""Figures and formulas of the cat classifier page: KL(truth‖prediction) as a loss.

Pure functions: kl_core results in, plotly figures (or LaTeX strings) out. The truth P is
always drawn in P's blue and the prediction Q in Q's vermilion; a direction of KL takes the
colour of its first argument.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

import kl_core
from pages.cat_classifier.model import CrossEntropySplit, KLTerm, TrainState, binary_prediction
from kl_app.formatting import fixed, short, tex_number, tex_short, tex_value
from kl_app.plotting import gaps
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, TEXT_COLOR, style, translucent
from kl_app.units import LOG_TEX, base_of

_Q_GRID = np.linspace(0.0, 1.0, 201)


def distributions_figure(p, q, labels: Sequence[str]) -> go.Figure:
    """Truth P and prediction Q side by side, one pair of bars per class, each bar labelled."""
    fig = go.Figure()
    for name, values, color in (("P (truth)", p, P_COLOR), ("Q (prediction)", q, Q_COLOR)):
        fig.add_bar(x=list(labels), y=list(values), name=name, marker_color=color,
                    text=[short(v) for v in values], textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group", bargap=0.3)
    fig.update_yaxes(title_text="probability", range=[0, 1.15])
    fig.update_xaxes(title_text="class")
    return style(fig, height=400)


def terms_figure(terms: Sequence[KLTerm], labels: Sequence[str], unit: str, *,
                 first: str = "P", second: str = "Q") -> go.Figure:
    """Each class's term p·log(p/q) of KL(first‖second), in `unit`; the bars add up to the divergence.

    A term that is 0 by the convention 0·log(0/q) = 0 is marked so; an infinite term (p > 0 = q)
    is drawn up to the top of the axis and labelled ∞.
    """
    finite = [t.value for t in terms if not t.infinite]
    top = max([abs(v) for v in finite] + [0.25]) * 1.4
    heights = [top if t.infinite else t.value for t in terms]
    text = ["∞" if t.infinite else ("0 (by convention)" if t.vanishes_by_convention else fixed(t.value, 4))
            for t in terms]
    color = P_COLOR if first == "P" else Q_COLOR
    a, b = first.lower(), second.lower()
    fig = go.Figure()
    fig.add_bar(x=list(labels), y=heights, name=f"{a}·log({a}/{b})", text=text, textposition="outside",
                cliponaxis=False, marker_color=[translucent(color, 0.45) if t.infinite else color for t in terms],
                marker_pattern_shape=["/" if t.infinite else "" for t in terms])
    fig.add_hline(y=0, line=dict(color=TEXT_COLOR, width=1))
    low = min(heights + [0.0])
    fig.update_yaxes(title_text=unit, range=[low * 1.4 if low < 0 else 0, top * 1.2])
    fig.update_xaxes(title_text="class")
    fig.update_layout(title_text=f"Terms {a}·log({a}/{b}); sum = KL({first}‖{second})", showlegend=False)
    return style(fig, height=400)


def cross_entropy_figure(split: CrossEntropySplit, unit: str) -> go.Figure:
    """Left: H(P) stacked with KL(P‖Q). Right: the cross-entropy H(P, Q). The two columns are equal."""
    left, right = "H(P) + KL(P‖Q)", "H(P, Q)"
    infinite = math.isinf(split.kl)
    top = max(split.entropy * 2, 0.5) if infinite else max(split.cross_entropy, 0.05)
    kl_height = top - split.entropy if infinite else split.kl
    ce_height = top if infinite else split.cross_entropy
    fig = go.Figure()
    fig.add_bar(x=[left], y=[split.entropy], name="H(P): the truth's own entropy", marker_color=M_COLOR,
                text=[fixed(split.entropy, 4)], textposition="inside")
    fig.add_bar(x=[left], y=[kl_height], name="KL(P‖Q)", marker_color=P_COLOR,
                text=[fixed(split.kl, 4)], textposition="inside",
                marker_pattern_shape="/" if infinite else "")
    fig.add_bar(x=[right], y=[ce_height], name="H(P, Q): cross-entropy", marker_color=Q_COLOR,
                text=[fixed(split.cross_entropy, 4)], textposition="inside",
                marker_pattern_shape="/" if infinite else "")
    fig.update_layout(barmode="stack", bargap=0.35)
    fig.update_traces(insidetextfont=dict(color="white"))
    fig.update_yaxes(title_text=unit, range=[0, top * 1.1])
    return style(fig, height=400)


def loss_curves_figure(p, q_cat: float, unit: str) -> go.Figure:
    """KL(P‖Q) and H(P, Q) as the prediction Q = (q, 1 - q) sweeps q from 0 to 1, truth P fixed.

    The two curves are the same curve shifted by H(P): same slope everywhere, same minimum at
    q = p(cat). The current q is marked on both.
    """
    base = base_of(unit)
    preds = [binary_prediction(q) for q in _Q_GRID]
    kl = np.array([kl_core.kl_divergence(p, q, base=base) for q in preds])
    ce = np.array([kl_core.cross_entropy(p, q, base=base) for q in preds])
    now = binary_prediction(q_cat)
    kl_now = kl_core.kl_divergence(p, now, base=base)
    ce_now = kl_core.cross_entropy(p, now, base=base)
    fig = go.Figure()
    fig.add_scatter(x=_Q_GRID, y=gaps(ce), name="H(P, Q): cross-entropy",
                    line=dict(color=Q_COLOR, width=3, dash="dash"))
    fig.add_scatter(x=_Q_GRID, y=gaps(kl), name="KL(P‖Q)", line=dict(color=P_COLOR, width=3))
    fig.add_scatter(x=[q_cat, q_cat], y=gaps([ce_now, kl_now]), mode="markers", name="your prediction",
                    marker=dict(size=14, color=[Q_COLOR, P_COLOR], line=dict(color="white", width=2)))
    fig.add_vline(x=float(p[0]), line=dict(color=M_COLOR, width=2, dash="dot"),
                  annotation_text=f"minimum: q = {short(float(p[0]))}", annotation_position="top left")
    fig.update_xaxes(title_text="predicted p(cat)", range=[0, 1])
    fig.update_yaxes(title_text=unit, range=[0, max(float(np.nanmax(_finite_or_nan(ce))) * 0.6, 1.0)])
    return style(fig, height=420)


def _finite_or_nan(values: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(values), values, np.nan)


def data_figure(features: np.ndarray, is_cat: np.ndarray, state: TrainState, highlight: int) -> go.Figure:
    """The pictures in feature space (P's colour: the truth), shaded by the model's p(cat) (Q's colour,
    darker = more cat) with its decision boundary p(cat) = 0.5; the picture `highlight` is ringed."""
    pad = 0.5
    x = np.linspace(features[:, 0].min() - pad, features[:, 0].max() + pad, 80)
    y = np.linspace(features[:, 1].min() - pad, features[:, 1].max() + pad, 80)
    grid = np.column_stack([np.repeat(x, y.size), np.tile(y, x.size)])
    p_cat = state.predict(grid)[:, 0].reshape(x.size, y.size).T
    fig = go.Figure()
    fig.add_contour(x=x, y=y, z=p_cat, zmin=0, zmax=1, name="model's p(cat)",
                    colorscale=[[0, "rgba(255,255,255,0)"], [1, translucent(Q_COLOR, 0.45)]],
                    contours=dict(coloring="heatmap", showlines=False), line_width=0, showscale=False,
                    hoverinfo="skip")
    fig.add_contour(x=x, y=y, z=p_cat, showscale=False, name="p(cat) = 0.5", showlegend=True,
                    contours=dict(start=0.5, end=0.5, size=1, coloring="none"),
                    line=dict(color=Q_COLOR, width=3, dash="dash"), hoverinfo="skip")
    for name, mask, symbol in (("cat", is_cat, "circle"), ("not cat", ~is_cat, "x")):
        fig.add_scatter(x=features[mask, 0], y=features[mask, 1], mode="markers", name=name,
                        marker=dict(symbol=symbol, size=12, color=P_COLOR, line=dict(color="white", width=1)))
    fig.add_scatter(x=[features[highlight, 0]], y=[features[highlight, 1]], mode="markers",
                    name="ringed picture",
                    marker=dict(symbol="circle-open", size=26, color=TEXT_COLOR, line=dict(width=3)))
    fig.update_xaxes(title_text="ear pointiness", range=[x[0], x[-1]])
    fig.update_yaxes(title_text="whisker length", range=[y[0], y[-1]])
    style(fig, height=480)
    fig.update_layout(margin=dict(t=100))
    return fig


def loss_history_figure(state: TrainState, unit: str, max_steps: int, steps=None) -> go.Figure:
    """The mean KL(P‖Q) over the pictures after each gradient step so far, on a fixed step axis; drawn at
    `steps` (0, 1, …, up to max_steps; by default the steps taken), blank after the current one."""
    history = state.loss_history(base=base_of(unit))
    steps = np.arange(history.size) if steps is None else np.asarray(steps)
    fig = go.Figure()
    fig.add_scatter(x=steps, y=np.concatenate([history, np.full(max(steps.size - history.size, 0), np.nan)]),
                    mode="lines", name="mean KL(P‖Q)", line=dict(color=P_COLOR, width=3))
    fig.add_scatter(x=[state.step], y=[history[-1]], mode="markers", showlegend=False, name="now",
                    marker=dict(size=14, color=P_COLOR, line=dict(color="white", width=2)))
    fig.add_hline(y=0, line=dict(color=TEXT_COLOR, width=1))
    fig.update_xaxes(title_text="gradient steps", range=[0, max_steps])
    fig.update_yaxes(title_text=f"loss ({unit})", range=[0, history[0] * 1.1])
    fig.update_layout(title_text="Training loss", showlegend=False)
    return style(fig, height=480)


def kl_terms_latex(terms: Sequence[KLTerm], total: float, unit: str, *,
                   first: str = "P", second: str = "Q") -> str:
    """KL(first‖second) = Σ a_i log(a_i/b_i), one line per stage, every term written out (zeros included)."""
    log = LOG_TEX[unit]
    a, b = first.lower(), second.lower()
    written = " + ".join(rf"{tex_short(t.p)}\,{log}\frac{{{tex_short(t.p)}}}{{{tex_short(t.q)}}}" for t in terms)
    values = " + ".join(
        r"\underbrace{0}_{\text{by convention}}" if t.vanishes_by_convention else _term_tex(t.value)
        for t in terms)
    return (rf"\begin{{aligned}}\mathrm{{KL}}({first}\,\|\,{second}) &= \sum_i {a}_i\,{log}\frac{{{a}_i}}{{{b}_i}}"
            rf"\\ &= {written} \\ &= {values} \\ &= {tex_value(total, unit)}\end{{aligned}}")


def _term_tex(v: float) -> str:
    """A signed term in a sum: negative terms in parentheses."""
    return f"({tex_number(v)})" if v < 0 else tex_number(v)


def cross_entropy_latex(split: CrossEntropySplit, unit: str) -> str:
    """H(P, Q) = H(P) + KL(P‖Q) with the current numbers."""
    return (r"\begin{aligned}H(P, Q) &= H(P) + \mathrm{KL}(P\,\|\,Q) \\ "
            rf"&= {tex_value(split.entropy, unit)} + {tex_value(split.kl, unit)} \\ "
            rf"&= {tex_value(split.cross_entropy, unit)}\end{{aligned}}")


def bits_latex(nats: float, bits: float) -> str:
    """The same divergence in both units: bits = nats / ln 2."""
    return (rf"\begin{{aligned}}\mathrm{{KL}} &= {tex_value(nats, 'nats')} \\ "
            rf"&= \frac{{{tex_short(nats)}}}{{\ln 2}}\ \text{{bits}} = {tex_value(bits, 'bits')}\end{{aligned}}")
