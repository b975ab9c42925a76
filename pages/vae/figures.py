"""Figures of the VAE page: the encoder's Gaussians against the prior, and what beta does to them.

Pure functions: kl_core.vae results in, plotly figures (and what a live panel shows) out. The prior p = N(0, I) is drawn in P's
colour and the encoder's q(z|x) in Q's, as in KL(q‖p).
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from kl_app.formatting import format_value
from kl_app.frames import GRID_POINTS, Reading, View, divergence_reading
from kl_app.plotting import subplots
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, style, translucent
from kl_app.units import base_of
from kl_core import Normal
from pages.vae.model import BetaFit, LatentKL, latent_kl

_PRIOR = Normal(0.0, 1.0)
_CIRCLE = np.linspace(0, 2 * np.pi, 121)


def code_of(means, sds) -> dict[str, float]:
    """An encoder output as the values of its sliders: {"mu1": ..., "sigma1": ..., "mu2": ...}."""
    return {f"{name}{j + 1}": float(v) for j, pair in enumerate(zip(means, sds)) for name, v in zip(("mu", "sigma"), pair)}


def _means_and_sds(*codes: dict) -> tuple[list[float], list[float]]:
    dims = [range(1, len(code) // 2 + 1) for code in codes]
    return ([code[f"mu{j}"] for code, js in zip(codes, dims) for j in js],
            [code[f"sigma{j}"] for code, js in zip(codes, dims) for j in js])


def kl_term_view(unit: str, z=None, **code: float) -> View:
    """The first section's panel for the encoder output `code` (code_of): the total KL(q‖p),
    kl_term_figure drawn at `z`, and its alt text."""
    means, sds = _means_and_sds(code)
    kl = latent_kl(means, sds, base=base_of(unit))
    shown = [Reading("KL(q‖p)", format_value(kl.total, unit),
                     help="KL(N(μ, diag σ²) ‖ N(0, I)) from kl_core's multivariate Normal closed form: "
                          "the sum of the per-dimension terms.")]
    terms = ", ".join(f"z{j + 1}: {format_value(v, unit)}" for j, v in enumerate(kl.per_dimension))
    return View(shown, kl_term_figure(means, sds, kl, unit, z),
                f"For each of {len(means)} latent dimensions, the encoder's Gaussian (orange) over the prior N(0, 1) "
                f"(blue). μ = {means}, σ = {sds}. KL per dimension: {terms}; total KL(q‖p) = "
                f"{format_value(kl.total, unit)}.",
                curves=2 * len(means), layout=tuple(f"annotations[{j}].text" for j in range(len(means))))


def beta_view(fit: BetaFit) -> View:
    """The third section's numbers at one β: the reconstruction error, the mean KL(q‖p) and the code's σs
    (the charts update when the slider is let go)."""
    return View([Reading("Reconstruction error", f"{fit.reconstruction_error:.4f}",
                         help="Mean over the 200 points of E_q ‖x − decoder(z)‖², in squared data units."),
                 divergence_reading("Mean KL(q‖p)", fit.kl.total, "nats"),
                 Reading("Code's standard deviations σ₁, σ₂", ", ".join(f"{v:.3f}" for v in fit.sds),
                         help="The encoder's σ per dimension (in latent units); σ = 1 means the prior's own spread.")],
                None, "")


def code_grid(*codes: dict) -> np.ndarray:
    """The z grid of kl_term_view's frames: it covers every code of `codes` (code_of)."""
    return latent_grid(*_means_and_sds(*codes), points=GRID_POINTS)


def latent_grid(means, sds, points: int = 401) -> np.ndarray:
    """The z values kl_term_figure draws: the prior's ±4 and every code's mean ± 4 sd."""
    means, sds = np.asarray(means, dtype=float), np.asarray(sds, dtype=float)
    return np.linspace(min(-4.0, float(np.min(means - 4 * sds))), max(4.0, float(np.max(means + 4 * sds))), points)


def kl_term_figure(means, sds, kl: LatentKL, unit: str, z=None) -> go.Figure:
    """One panel per latent dimension: q = N(mu_j, sigma_j^2) over the prior N(0, 1), titled with its KL;
    drawn at `z` (by default latent_grid)."""
    means, sds = np.asarray(means, dtype=float), np.asarray(sds, dtype=float)
    z = latent_grid(means, sds) if z is None else z
    # three short lines: four panels side by side leave too little width for one long one
    titles = [f"z{_sub(j + 1)}<br>KL = {v:.4f}<br>{unit}" for j, v in enumerate(kl.per_dimension)]
    fig = subplots(rows=1, cols=len(means), shared_yaxes=True, subplot_titles=titles, horizontal_spacing=0.04)
    for j, (m, s) in enumerate(zip(means, sds)):
        first = j == 0
        fig.add_scatter(x=z, y=_PRIOR.pdf(z), name="prior p(z) = N(0, 1)", legendgroup="p", showlegend=first,
                        line=dict(color=P_COLOR, width=3), fill="tozeroy", fillcolor=translucent(P_COLOR, 0.12),
                        row=1, col=j + 1)
        fig.add_scatter(x=z, y=Normal(m, s).pdf(z), name="encoder q(z|x) = N(μ, σ²)", legendgroup="q",
                        showlegend=first, line=dict(color=Q_COLOR, width=3), fill="tozeroy",
                        fillcolor=translucent(Q_COLOR, 0.2), row=1, col=j + 1)
        fig.update_xaxes(title_text=f"z{_sub(j + 1)}", nticks=4, tickangle=0, row=1, col=j + 1)
    fig.update_yaxes(title_text="density", row=1, col=1)
    style(fig, height=460)
    fig.update_layout(margin=dict(t=160), legend=dict(y=1.36))
    return fig


def latent_space_figure(fit: BetaFit, sweep: tuple[BetaFit, ...]) -> go.Figure:
    """The 2-D latent space at one beta: the prior's 1- and 2-sd circles, each example's q(z|x)
    as a 1-sd ellipse around its mean, and (faint) the path of each mean across the sweep's betas."""
    fig = go.Figure()
    for radius, dash in ((1, "solid"), (2, "dot")):
        fig.add_scatter(x=radius * np.cos(_CIRCLE), y=radius * np.sin(_CIRCLE), mode="lines",
                        line=dict(color=P_COLOR, width=3, dash=dash), name=f"prior N(0, I): {radius} sd",
                        hoverinfo="skip")
    paths = np.array([f.example_means for f in sweep])
    for i in range(paths.shape[1]):
        fig.add_scatter(x=paths[:, i, 0], y=paths[:, i, 1], mode="lines", line=dict(color=M_COLOR, width=1.5),
                        name="path of a code as β grows", legendgroup="path", showlegend=i == 0,
                        hoverinfo="skip")
    s1, s2 = fit.sds
    for i, (m1, m2) in enumerate(fit.example_means):
        fig.add_scatter(x=m1 + s1 * np.cos(_CIRCLE), y=m2 + s2 * np.sin(_CIRCLE), mode="lines",
                        line=dict(color=Q_COLOR, width=2), fill="toself", fillcolor=translucent(Q_COLOR, 0.15),
                        name="q(z|x): 1 sd", legendgroup="q", showlegend=i == 0, hoverinfo="skip")
    fig.add_scatter(x=fit.example_means[:, 0], y=fit.example_means[:, 1], mode="markers",
                    marker=dict(color=Q_COLOR, size=12, line=dict(color="white", width=2)),
                    name="code mean μ(x)", hovertemplate="μ = (%{x:.2f}, %{y:.2f})<extra></extra>")
    fig.update_xaxes(title_text="z₁", range=[-2.6, 2.6], zeroline=False)
    fig.update_yaxes(title_text="z₂", range=[-2.6, 2.6], zeroline=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(title_text=f"Latent space at β = {fit.beta:g}")
    style(fig, height=640)
    fig.update_layout(margin=dict(t=60, b=170), legend=dict(y=-0.16, yanchor="top"))
    return fig


def tradeoff_figure(sweep: tuple[BetaFit, ...], fit: BetaFit) -> go.Figure:
    """Reconstruction error against KL across the sweep's betas (the rate-distortion curve), with
    a few betas labelled and the current one marked."""
    kl = np.array([f.kl.total for f in sweep])
    error = np.array([f.reconstruction_error for f in sweep])
    betas = np.array([f.beta for f in sweep])
    fig = go.Figure()
    fig.add_scatter(x=kl, y=error, mode="lines", line=dict(color=M_COLOR, width=3), name="optimum for each β",
                    customdata=betas, hovertemplate="β = %{customdata:.3g}<br>KL = %{x:.3f} nats"
                                                    "<br>error = %{y:.3f}<extra></extra>")
    decades = np.log10(betas)
    labelled = np.flatnonzero(np.abs(decades - np.round(decades)) < 1e-9)
    fig.add_scatter(x=kl[labelled], y=error[labelled], mode="markers+text", text=[f"β={betas[i]:g}" for i in labelled],
                    # labels lean inward, so the ones at the ends of the curve stay inside the plot
                    textposition=["top right" if kl[i] < kl.max() / 2 else "top left" for i in labelled],
                    marker=dict(color=M_COLOR, size=9), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=[fit.kl.total], y=[fit.reconstruction_error], mode="markers", name=f"β = {fit.beta:g}",
                    marker=dict(color=Q_COLOR, size=16, line=dict(color="white", width=2)))
    fig.update_xaxes(title_text="mean KL(q‖p) (nats)", range=[-0.05 * kl.max(), 1.15 * kl.max()])
    fig.update_yaxes(title_text="reconstruction error", range=[0, 1.15 * error.max()])
    fig.update_layout(title_text="Less KL costs reconstruction")
    style(fig, height=640)
    fig.update_layout(margin=dict(t=60, b=170), legend=dict(y=-0.16, yanchor="top"))
    return fig


def _sub(n: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(d)] for d in str(n))
