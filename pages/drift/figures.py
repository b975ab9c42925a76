"""Figures of the Drift page: one score per feature, and where one feature's score comes from.

Pure functions: pages.drift.model results in, plotly figures out. The reference sample takes P's
colour and the current sample Q's, as everywhere in KL Lab; so does each direction of KL
(a direction takes the colour of its first argument).
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from kl_app.plotting import subplots

from kl_app.formatting import fixed
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, TEXT_COLOR, style, translucent
from kl_app.units import base_of
from pages.drift.model import METRICS, FeatureDrift

# Longer feature names are cut in the chart's labels (the table below has them whole).
TICK_NAME_LENGTH = 32
# Bars beyond this many times the drift threshold are cut at the chart's edge (PSI can be ∞).
SCORE_AXIS_CAP = 4.0


def metric_title(metric: str, unit: str) -> str:
    """'PSI (nats)', 'Hellinger': a score's label with its unit."""
    m = METRICS[metric]
    return f"{m.label} ({m.unit(unit)})" if m.unit(unit) else m.label


def scores_figure(features: Sequence[FeatureDrift], metric: str, unit: str) -> go.Figure:
    """Each feature's score as a bar (dark when drifted) over its no-drift noise range, verdict beside its name.

    The wide pale band behind each bar reaches the 95% no-drift bound for that feature's sample
    sizes: a score inside it is what two samples of one distribution already show. Dashed lines
    mark the stated thresholds. The axis stops at SCORE_AXIS_CAP times the drift threshold;
    longer bars (and ∞) are cut there, with an arrowhead; the label under each name gives the value.
    Values in `unit`.
    """
    m = METRICS[metric]
    scale = m.scale(base_of(unit))
    ordered = sorted(features, key=lambda f: f.scores[metric])
    names = [html.escape(f.name) for f in ordered]  # plotly renders tags such as <a> in labels
    verdicts = [f.verdict(metric) for f in ordered]
    scores = np.array([v.score for v in verdicts]) * scale
    bounds = np.array([v.bound for v in verdicts]) * scale
    floors = [v.floor * scale for v in verdicts]
    drifted = m.drifted * scale
    highest = float(np.max(np.concatenate((scores, bounds))))
    top = max(min(highest * 1.15, SCORE_AXIS_CAP * drifted), drifted * 1.3)
    fig = go.Figure()
    fig.add_bar(y=names, x=np.minimum(bounds, top), orientation="h", width=0.8, name="no-drift noise (95% range)",
                marker=dict(color=translucent(M_COLOR, 0.18)), hoverinfo="skip")
    verdict_text = [f"{fixed(score, 3)} · {v.status}" for score, v in zip(scores, verdicts)]
    fig.add_bar(y=names, x=np.minimum(scores, top), orientation="h", width=0.45, name=metric_title(metric, unit),
                marker=dict(color=[TEXT_COLOR if v.drifted else translucent(M_COLOR, 0.55) for v in verdicts]),
                customdata=np.array([[t, floor] for t, floor in zip(verdict_text, floors)], dtype=object),
                hovertemplate="%{y}: %{customdata[0]}<br>no-drift floor %{customdata[1]:.4f}<extra></extra>")
    beyond = [name for name, score in zip(names, scores) if score > top]
    if beyond:  # a bar cut at the axis's end carries an arrowhead there
        fig.add_scatter(x=[top] * len(beyond), y=beyond, mode="markers", cliponaxis=False, hoverinfo="skip",
                        marker=dict(symbol="triangle-right", size=18, color=TEXT_COLOR),
                        name="beyond the axis (value under the name)")
    for value, label, side, shift in ((m.moderate, "moderate", "top left", -6), (m.drifted, "drift", "top right", 6)):
        if value is not None:
            fig.add_vline(x=value * scale, line=dict(color=TEXT_COLOR, width=2, dash="dash"),
                          annotation=dict(text=f"{label} {value * scale:.3g}", xshift=shift),
                          annotation_position=side)
    fig.update_xaxes(title_text=metric_title(metric, unit), range=[0, top])
    # half a row of headroom keeps the top two-line label clear of the threshold labels above the plot
    fig.update_yaxes(tickvals=names, ticktext=[f"<b>{html.escape(_cut(f.name))}</b><br>{t}"
                                               for f, t in zip(ordered, verdict_text)],
                     range=[-0.5, len(names) - 0.5 + 0.5])
    style(fig, height=max(320, 150 + 75 * len(ordered)))
    fig.update_layout(barmode="overlay", margin=dict(t=85), legend=dict(y=1.0, yanchor="top", yref="container"))
    return fig


def bins_figure(feature: FeatureDrift, unit: str) -> go.Figure:
    """Top: reference and current share of each bin. Bottom: each bin's terms of both KL directions.

    The bottom bars are r ln(r/c) (blue, KL(ref‖cur)) and c ln(c/r) (orange, KL(cur‖ref)) on the
    smoothed bins; their sum, the bin's PSI term (c - r) ln(c/r) >= 0, is the diamond. Terms in `unit`.
    """
    labels = [html.escape(label) for label in feature.binning.labels]
    parts = feature.contributions()
    scale = 1 / math.log(base_of(unit))
    fig = subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.1,
                   subplot_titles=("Share of each bin", f"Each bin's terms ({unit}); they add up to the scores"))
    for name, counts, color in (("reference", feature.reference, P_COLOR), ("current", feature.current, Q_COLOR)):
        fig.add_bar(x=labels, y=counts.proportions, name=f"{name} share", marker_color=color, row=1, col=1,
                    customdata=counts.counts, hovertemplate="%{x}: %{y:.3f} (%{customdata:,} values)<extra></extra>")
    fig.add_bar(x=labels, y=parts.kl_pq * scale, name="r·ln(r/c): KL(ref‖cur)", marker_color=P_COLOR,
                opacity=0.8, row=2, col=1)
    fig.add_bar(x=labels, y=parts.kl_qp * scale, name="c·ln(c/r): KL(cur‖ref)", marker_color=Q_COLOR,
                marker_pattern_shape="/", opacity=0.8, row=2, col=1)
    fig.add_scatter(x=labels, y=parts.psi * scale, mode="markers", name="sum: PSI term",
                    marker=dict(symbol="diamond", size=14, color=TEXT_COLOR), row=2, col=1)
    fig.add_hline(y=0, line=dict(color="#444", width=1), row=2, col=1)
    fig.update_xaxes(title_text="bin (edges from the reference)" if feature.kind == "numeric" else "category",
                     row=2, col=1)
    fig.update_yaxes(title_text="share", row=1, col=1)
    fig.update_yaxes(title_text=unit, row=2, col=1)
    style(fig, height=640)
    fig.update_layout(barmode="group", margin=dict(t=120), legend=dict(y=1.0, yanchor="top", yref="container"))
    return fig


def _cut(name: str, limit: int = TICK_NAME_LENGTH) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"
