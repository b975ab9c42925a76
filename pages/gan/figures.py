"""Figures of the GAN page: the best discriminator, the flat JS far from P, and a GAN training.

Pure functions: kl_core.gan results in, plotly figures (and their frames along a slider) out. P (real
data) is blue, the generator's Q vermilion, discriminators dark.
"""

from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from kl_app.formatting import fixed
from kl_app.frames import GRID_POINTS, View, described
from kl_app.plotting import drawn, gaps, layout_once, plot_grid, subplots
from kl_app.measures import BY_KEY
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, TEXT_COLOR, style, translucent
from kl_core import Normal
from pages.gan.model import GanConfig, GanState, SaturationPoint, discriminator, optimal_discriminator, optimum_readings

JS_COLOR = BY_KEY["js"].color
KL_COLOR = BY_KEY["kl_pq"].color
ANIMATION_FRAMES = 60
REPLAY_LOSS_POINTS = 250  # the replay's loss curves show every k-th step, so that 60 frames stay small


def discriminator_figure(p, q, x=None) -> dict:
    """p and q, and on the right axis D*(x) = p / (p + q): 1 where only real data lives, 0 where only fakes do,
    drawn at `x` (by default a grid covering both). Plotly JSON."""
    x = plot_grid([p, q]) if x is None else x
    fig = _discriminator_layout()
    for trace, y in zip(fig["data"], (p.pdf(x), q.pdf(x), optimal_discriminator(p, q, x))):
        trace.update(x=x, y=y)
    return fig


@layout_once
def _discriminator_layout() -> go.Figure:
    fig = subplots(specs=[[{"secondary_y": True}]])
    for name, color in (("real data p(x)", P_COLOR), ("generator q(x)", Q_COLOR)):
        fig.add_scatter(name=name, line=dict(color=color, width=3), fill="tozeroy",
                        fillcolor=translucent(color, 0.15), row=1, col=1, secondary_y=False)
    fig.add_scatter(name="D*(x) = p / (p + q)", line=dict(color=TEXT_COLOR, width=3, dash="dash"), row=1, col=1,
                    secondary_y=True)
    fig.add_hline(y=0.5, line=dict(color=M_COLOR, width=1, dash="dot"), secondary_y=True)
    fig.update_xaxes(title_text="x")
    fig.update_yaxes(title_text="density", rangemode="tozero", secondary_y=False)
    fig.update_yaxes(title_text="D*(x): probability x is real", range=[-0.02, 1.02], tickvals=[0, 0.5, 1],
                     showgrid=False, secondary_y=True)
    style(fig, height=460)
    return fig.update_layout(margin=dict(t=100))


def discriminator_view(p, shown_p: str, q: Normal, unit: str, x=None) -> View:
    """The first section's panel: JS(P, Q) and the game's value, discriminator_figure at `x`, its alt text.
    `shown_p`: P in words."""
    shown = optimum_readings(p, q, unit)
    return View(shown, discriminator_figure(p, q, x),
                f"Real data P = {shown_p} (blue) and the generator Q = N({q.mu:g}, {q.sigma:g}²) (orange), with the "
                f"best discriminator D*(x) = p/(p+q) (dashed, right axis): near 1 where only P has mass, near 0 "
                f"where only Q does, 1/2 where they are equal. {described(shown)}.", curves=3)


def discriminator_grid(p, *generators: dict) -> np.ndarray:
    """An x grid for discriminator_figure that covers P and each generator N(**g) of `generators`."""
    return plot_grid([p, *(Normal(**g) for g in generators)], GRID_POINTS)


def saturation_figure(curve: tuple[SaturationPoint, ...], now: SaturationPoint, unit: str) -> dict:
    """Top: JS(P, Q) levelling off at log 2 while KL(P‖Q) (right axis) keeps growing, as Q's mean moves.
    Bottom: the generator's gradient d JS / d mu, shrinking to 0 far from P. The current Q is marked.
    Plotly JSON."""
    mus = np.array([c.mu for c in curve])
    fig = _saturation_layout(unit)
    js, kl, gradient, js_now, gradient_now = fig["data"]
    js.update(x=mus, y=gaps([c.js for c in curve]))
    kl.update(x=mus, y=gaps([c.kl for c in curve]))
    gradient.update(x=mus, y=gaps([c.gradient for c in curve]))
    js_now.update(x=[now.mu], y=[now.js], name=f"your Q: μ = {now.mu:g}")
    gradient_now.update(x=[now.mu], y=[now.gradient])
    return fig


@layout_once
def _saturation_layout(unit: str) -> go.Figure:
    fig = subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.14,
                   specs=[[{"secondary_y": True}], [{}]],
                   subplot_titles=("", f"The generator's gradient d JS / d μ ({unit} per unit of x)"))
    ceiling = math.log(2) / (1.0 if unit == "nats" else math.log(2))
    fig.add_scatter(name="JS(P, Q)", line=dict(color=JS_COLOR, width=3), row=1, col=1, secondary_y=False)
    fig.add_scatter(name="KL(P‖Q) (right axis)", line=dict(color=KL_COLOR, width=3, dash="dash"), row=1, col=1,
                    secondary_y=True)
    fig.add_hline(y=ceiling, line=dict(color=JS_COLOR, width=1, dash="dot"), row=1, col=1, secondary_y=False,
                  annotation_text=f"JS ceiling: log 2 = {ceiling:.4f} {unit}", annotation_position="top")
    # Centred, where JS dips and KL is low: at the ends both curves run through the ceiling's band.
    fig.add_scatter(name="d JS / d μ", line=dict(color=JS_COLOR, width=3), showlegend=False, row=2, col=1)
    fig.add_hline(y=0, line=dict(color=M_COLOR, width=1), row=2, col=1)
    marker = dict(size=14, line=dict(color="white", width=2))
    fig.add_scatter(mode="markers", marker=dict(color=Q_COLOR, **marker), row=1, col=1, secondary_y=False)
    fig.add_scatter(mode="markers", marker=dict(color=Q_COLOR, **marker), showlegend=False, row=2, col=1)
    fig.update_xaxes(title_text="generator mean μ", row=2, col=1)
    fig.update_yaxes(title_text=f"JS ({unit})", range=[0, 1.25 * ceiling], row=1, col=1, secondary_y=False)
    # Ticks of its own (round numbers), not the left axis's five positions carried over.
    fig.update_yaxes(title_text=f"KL ({unit})", showgrid=False, rangemode="tozero", tickmode="auto", nticks=6,
                     row=1, col=1, secondary_y=True)
    fig.update_yaxes(title_text="slope", row=2, col=1)
    style(fig, height=640)
    return fig.update_layout(margin=dict(t=70))


def training_figure(history: tuple[GanState, ...], config: GanConfig) -> dict:
    """Top: P, the generator's Q and the trained discriminator D(x) after the last step. Bottom: both
    minibatch losses per step, with their values at the game's equilibrium (D = 1/2 everywhere).
    Plotly JSON.

    The ▶ button replays the training from step 0 in the browser (up to ANIMATION_FRAMES frames, their
    loss curves thinned to about REPLAY_LOSS_POINTS steps).
    """
    p, last = config.real, history[-1]
    x = plot_grid([p, *(s.generator for s in history[:: max(1, len(history) // 20)]), last.generator])
    steps = np.array([s.step for s in history[1:]])
    d_loss = np.array([s.discriminator_loss for s in history[1:]])
    g_loss = np.array([s.generator_loss for s in history[1:]])
    minimax = config.generator_loss == "minimax"
    fig = _training_layout(minimax)
    for trace, (tx, ty) in zip(fig["data"], ((x, p.pdf(x)), (x, last.generator.pdf(x)),
                                             (x, discriminator(last, config, x)), (steps, d_loss), (steps, g_loss))):
        trace.update(x=tx, y=ty)
    shown = sorted({*range(0, len(history), max(1, -(-len(history) // ANIMATION_FRAMES))), len(history) - 1})
    every = max(1, len(steps) // REPLAY_LOSS_POINTS)
    fig["frames"] = [dict(name=str(i), traces=[1, 2, 3, 4], data=[
        dict(y=drawn(history[i].generator.pdf(x))),
        dict(y=drawn(discriminator(history[i], config, x))),
        dict(x=drawn(steps[:i:every]), y=drawn(d_loss[:i:every])),
        dict(x=drawn(steps[:i:every]), y=drawn(g_loss[:i:every])),
    ], layout=dict(title=dict(text=_title(history[i])))) for i in shown]
    layout = fig["layout"]
    layout["title"]["text"] = _title(last)
    layout["xaxis2"]["range"] = [0, max(1, len(history) - 1)]
    # Early steps can spike far above the equilibrium levels; keep the levels readable.
    top = max(2.0, 1.2 * float(np.percentile(np.concatenate([d_loss, g_loss]), 95))) if len(steps) else 2.0
    layout["yaxis3"]["range"] = [(-math.log(2) if minimax else 0.0) - 0.2, top]
    return fig


@layout_once
def _training_layout(minimax: bool) -> go.Figure:
    fig = subplots(rows=2, cols=1, vertical_spacing=0.16, row_heights=[0.55, 0.45],
                   specs=[[{"secondary_y": True}], [{}]],
                   subplot_titles=("", "Losses per step (nats)"))
    for name, color in (("real data p(x)", P_COLOR), ("generator q(x)", Q_COLOR)):
        fig.add_scatter(name=name, line=dict(color=color, width=3), fill="tozeroy",
                        fillcolor=translucent(color, 0.15), row=1, col=1, secondary_y=False)
    fig.add_scatter(name="D(x), trained", line=dict(color=TEXT_COLOR, width=3, dash="dash"), row=1, col=1,
                    secondary_y=True)
    fig.add_scatter(name="D's loss", line=dict(color=TEXT_COLOR, width=2), row=2, col=1)
    fig.add_scatter(name="G's loss", line=dict(color=Q_COLOR, width=2), row=2, col=1)
    # The equilibrium levels are labelled in the right margin: the losses settle onto them, so a
    # label inside the plot would sit on a loss curve.
    for level, text in ((math.log(4), "D: ln 4"), (-math.log(2) if minimax else math.log(2),
                                                   f"G: {'−' if minimax else ''}ln 2")):
        fig.add_hline(y=level, line=dict(color=M_COLOR, width=1, dash="dot"), row=2, col=1,
                      annotation=dict(text=text, xanchor="left", font=dict(size=14)), annotation_position="right")
    fig.update_layout(
        title=dict(text=" ", y=0.985, yanchor="top"),
        updatemenus=[dict(type="buttons", x=0, y=-0.1, xanchor="left", yanchor="top", showactive=False, buttons=[
            dict(label="▶ Replay training", method="animate",
                 args=[None, dict(frame=dict(duration=80, redraw=True), transition=dict(duration=0),
                                  fromcurrent=False, mode="immediate")]),
        ])],
    )
    fig.update_xaxes(title_text="x", row=1, col=1)
    fig.update_xaxes(title_text="step", range=[0, 1], row=2, col=1)
    fig.update_yaxes(title_text="density", rangemode="tozero", row=1, col=1, secondary_y=False)
    fig.update_yaxes(title_text="D(x)", range=[-0.02, 1.02], tickvals=[0, 0.5, 1], showgrid=False,
                     row=1, col=1, secondary_y=True)
    fig.update_yaxes(title_text="loss", range=[0, 2], row=2, col=1)
    style(fig, height=780)
    # Two entries a row, clear of the title and of each other, however narrow the column.
    fig.update_layout(margin=dict(t=150, b=110, r=80), legend=dict(y=1.03, entrywidth=0.5, entrywidthmode="fraction"))
    return fig


def _title(state: GanState) -> str:
    return f"Step {state.step}: generator N({fixed(state.mu, 3)}, {state.sigma:.3f}²)"
