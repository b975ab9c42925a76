"""Figures of the Limitations page: asymmetry, infinite KL (the triangle demo is kl_app.triangle's),
forward against reverse fits, and estimates from samples.

Pure functions: kl_core objects and results in, plotly figures (and what a live panel shows) out.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from kl_app.formatting import fixed, format_value
from kl_app.frames import GRID_POINTS, Reading, View, described, divergence_reading
from kl_app.plotting import gaps, plot_grid
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, TEXT_COLOR, style, translucent
from kl_app.units import base_of
from kl_core import Normal, js_divergence, kl_divergence, kl_terms, why_kl_is_infinite
from pages.limitations.estimation import PluginStudy
from pages.limitations.fitting import NormalFit
from pages.limitations.asymmetry import AsymmetryGrid
from pages.limitations.zero_support import cut, uncovered_mass

# Colour limit of the asymmetry map, in the page's unit: larger differences saturate.
ASYMMETRY_COLOR_LIMIT = 3.0


def asymmetry_view(grid: AsymmetryGrid, q_mu: float, q_sigma: float, unit: str) -> View:
    """The asymmetry tab's panel for Q = N(q_mu, q_sigma²): KL(P‖Q) and KL(Q‖P) (P = grid.p), the map with Q on it."""
    q, base = Normal(q_mu, q_sigma), base_of(unit)
    shown = [divergence_reading("KL(P‖Q)", kl_divergence(grid.p, q, base=base), unit),
             divergence_reading("KL(Q‖P)", kl_divergence(q, grid.p, base=base), unit)]
    return View(shown, asymmetry_figure(grid, q_mu, q_sigma, unit),
                f"Heat map of KL(P‖Q) − KL(Q‖P) over Q's mean and standard deviation, P = N(0, 1). "
                f"Current Q = N({q_mu:g}, {q_sigma:g}²): {described(shown)}.", data={2: ("x", "y")})


def asymmetry_figure(grid: AsymmetryGrid, q_mu: float, q_sigma: float, unit: str) -> go.Figure:
    """Heat map of KL(P‖Q) − KL(Q‖P) over Q's mean (across) and standard deviation (up).

    Blue (P's colour) where KL(P‖Q) is the larger, vermilion (Q's) where KL(Q‖P) is; white on
    the zero line. The current Q is a star, P itself a circle.
    """
    limit = ASYMMETRY_COLOR_LIMIT
    fig = go.Figure()
    fig.add_heatmap(
        x=grid.mus, y=grid.sigmas, z=grid.difference, zmid=0, zmin=-limit, zmax=limit,
        colorscale=[[0, Q_COLOR], [0.5, "#FFFFFF"], [1, P_COLOR]],
        colorbar=dict(title=dict(text=f"KL(P‖Q) − KL(Q‖P)<br>({unit})", side="right")),
        customdata=np.stack([grid.forward, grid.reverse], axis=-1),
        hovertemplate=("Q = N(%{x:.2f}, %{y:.2f}²)<br>KL(P‖Q) = %{customdata[0]:.3f}<br>"
                       "KL(Q‖P) = %{customdata[1]:.3f}<br>difference = %{z:.3f}<extra></extra>"),
        name="difference",
    )
    fig.add_scatter(x=[grid.p.mu], y=[grid.p.sigma], mode="markers+text", name="P",
                    marker=dict(symbol="circle", size=16, color=P_COLOR, line=dict(color="white", width=2)),
                    text=["P"], textposition="bottom center", textfont=dict(color=P_COLOR))
    fig.add_scatter(x=[q_mu], y=[q_sigma], mode="markers+text", name="current Q",
                    marker=dict(symbol="star", size=22, color=Q_COLOR, line=dict(color="white", width=2)),
                    text=["Q"], textposition="top center", textfont=dict(color=Q_COLOR))
    fig.update_xaxes(title_text="Q's mean μ")
    fig.update_yaxes(title_text="Q's standard deviation σ")
    fig.update_layout(showlegend=False)
    return style(fig, height=480)


def support_view(p: np.ndarray, q_full: np.ndarray, cut_low: int, cut_high: int, unit: str, eps_text: str) -> View:
    """The zero-support tab's panel: KL(P‖Q) and JS(P, Q) for Q = `q_full` cut to the outcomes cut_low..cut_high
    (and KL after smoothing with ε = `eps_text` when it is not 0) and P's mass that Q rules out, over the bars of
    P and Q."""
    q, base, eps = cut(q_full, cut_low - 1, cut_high - 1), base_of(unit), float(eps_text)
    kl = kl_divergence(p, q, base=base)
    shown = [divergence_reading("KL(P‖Q) · cut Q", kl, unit, reason=why_kl_is_infinite(p, q)),
             divergence_reading("JS(P, Q) · cut Q", js_divergence(p, q, base=base), unit)]
    if eps > 0:
        shown.append(divergence_reading(f"KL(P‖Q) · cut Q, smoothed with ε = {eps_text}",
                                        kl_divergence(p, q, base=base, smoothing=eps), unit))
    shown.append(Reading("P's mass outside Q's window", f"{uncovered_mass(p, q):.4f}",
                         help="The probability of the outcomes P allows and Q rules out."))
    return View(shown, support_figure(p, q, unit),
                f"Bars of P and of Q restricted to outcomes {cut_low:g} to {cut_high:g}; {described(shown)}.",
                data={1: ("y",), 2: ("x", "y", "text", "showlegend")})


def support_figure(p: np.ndarray, q: np.ndarray, unit: str) -> go.Figure:
    """P and Q as bars over the outcomes 1..k; ∞ marks where p > 0 = q, the outcomes that make KL(P‖Q) infinite
    (trace 2, empty when there are none)."""
    base = base_of(unit)
    outcomes = np.arange(1, len(p) + 1)
    fig = go.Figure()
    fig.add_bar(x=outcomes, y=p, name="P", marker_color=P_COLOR)
    fig.add_bar(x=outcomes, y=q, name="Q", marker_color=Q_COLOR)
    uncovered = np.isinf(kl_terms(p, q, base=base))
    fig.add_scatter(x=outcomes[uncovered], y=p[uncovered] + 0.02, mode="text", text=["∞"] * int(uncovered.sum()),
                    textfont=dict(size=26, color=P_COLOR), name="p > 0 but q = 0: term = ∞",
                    showlegend=bool(uncovered.any()))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="outcome", dtick=1)
    fig.update_yaxes(title_text="probability")
    return style(fig, height=380)


def smoothing_figure(smoothings: np.ndarray, kl_values: np.ndarray, chosen: float, chosen_kl: float,
                     unit: str) -> go.Figure:
    """KL(P‖Q) after smoothing with ε, on a log ε axis: the number depends on the arbitrary ε."""
    fig = go.Figure()
    fig.add_scatter(x=smoothings, y=gaps(kl_values), name="KL(P‖Q) with smoothing ε",
                    line=dict(color=P_COLOR, width=4))
    if chosen > 0:
        fig.add_scatter(x=[chosen], y=[chosen_kl], mode="markers", name="your ε",
                        marker=dict(size=16, color=P_COLOR, symbol="diamond", line=dict(color="white", width=2)))
    # Half a decade of room on the left keeps the first ε tick clear of the y axis's 0.
    decades = np.log10([smoothings.min(), smoothings.max()])
    fig.update_xaxes(title_text="smoothing ε", type="log", exponentformat="power",
                     range=[decades[0] - 0.5, decades[1] + 0.1])
    fig.update_yaxes(title_text=f"KL(P‖Q) ({unit})", rangemode="tozero")
    return style(fig, height=380)


def fits_view(p, forward: NormalFit, reverse: NormalFit, unit: str, x=None) -> View:
    """The fitting tab's panel: the smallest KL(P‖Q) and KL(Q‖P) over Normals Q (each fit's N(μ, σ²) under
    it) and fits_figure drawn at `x`."""
    base = base_of(unit)
    shown = [Reading("forward: min KL(P‖Q)", format_value(kl_divergence(p, forward.normal, base=base), unit),
                     f"at Q = N({fixed(forward.mu, 3)}, {forward.sigma:.3f}²)"),
             Reading("reverse: min KL(Q‖P)", format_value(kl_divergence(reverse.normal, p, base=base), unit),
                     f"at Q = N({fixed(reverse.mu, 3)}, {reverse.sigma:.3f}²)")]
    return View(shown, fits_figure(p, forward, reverse, x),
                f"P, a mixture with modes {p.mus[1] - p.mus[0]:g} apart, with the forward fit "
                f"N({fixed(forward.mu, 2)}, {forward.sigma:.2f}²) spanning both modes and the reverse fit "
                f"N({fixed(reverse.mu, 2)}, {reverse.sigma:.2f}²); the play button replays both optimisers' paths. "
                f"{described(shown)}.", curves=3, layout=("title.text",))


def fits_grid(*fitted) -> np.ndarray:
    """The x grid of fits_view's frames: it covers each (P, forward fit, reverse fit) of `fitted`."""
    return plot_grid([d for p, forward, reverse in fitted for d in (p, forward.normal, reverse.normal)], GRID_POINTS)


def fits_figure(p, forward: NormalFit, reverse: NormalFit, x=None) -> go.Figure:
    """P with the forward and reverse Normal fits, animated along the optimisers' paths, drawn at `x` (by
    default a grid covering all three).

    Frame k shows step k of each path (a path that has already converged stays at its fit);
    the last frame, shown first, is the pair of fits.
    """
    x = plot_grid([p, forward.normal, reverse.normal]) if x is None else x
    steps = max(len(forward.path), len(reverse.path))

    def at(fit: NormalFit, k: int) -> tuple[float, float, float]:
        return tuple(fit.path[min(k, len(fit.path) - 1)])

    def curves(k: int) -> list[go.Scatter]:
        out = []
        for fit, name, dash in ((forward, "forward fit: min KL(P‖Q)", "solid"),
                                (reverse, "reverse fit: min KL(Q‖P)", "dash")):
            mu, sigma, _ = at(fit, k)
            out.append(go.Scatter(x=x, y=Normal(mu, sigma).pdf(x), name=name, line=dict(color=Q_COLOR, width=4, dash=dash)))
        return out

    def title(k: int) -> str:
        (fm, fs, _), (rm, rs, _) = at(forward, k), at(reverse, k)
        # Adding 0.0 turns a rounded -0.00 into 0.00.
        return (f"optimiser step {min(k, steps - 1)}<br>forward N({round(fm, 2) + 0.0:.2f}, {fs:.2f}²), "
                f"reverse N({round(rm, 2) + 0.0:.2f}, {rs:.2f}²)")

    last = steps - 1
    fig = go.Figure()
    fig.add_scatter(x=x, y=p.pdf(x), name="P (mixture)", line=dict(color=P_COLOR, width=4),
                    fill="tozeroy", fillcolor=translucent(P_COLOR, 0.15))
    for trace in curves(last):
        fig.add_trace(trace)
    fig.frames = [go.Frame(name=str(k), traces=[1, 2], data=curves(k), layout=dict(title_text=title(k)))
                  for k in range(steps)]
    play = dict(label="▶ Replay the optimisers", method="animate",
                args=[None, dict(frame=dict(duration=450, redraw=True), transition=dict(duration=0),
                                 fromcurrent=False, mode="immediate")])
    fig.update_layout(
        title_text=title(last),
        updatemenus=[dict(type="buttons", buttons=[play], x=0, y=-0.3, xanchor="left", yanchor="top",
                          showactive=False)],
        sliders=[dict(active=last, currentvalue=dict(prefix="step "), pad=dict(t=60), x=0.5, len=0.5,
                      steps=[dict(label=str(k), method="animate",
                                  args=[[str(k)], dict(mode="immediate", frame=dict(duration=0, redraw=True),
                                                       transition=dict(duration=0))])
                             for k in range(steps)])],
    )
    fig.update_xaxes(title_text="x")
    fig.update_yaxes(title_text="density")
    style(fig, height=560)
    fig.update_layout(margin=dict(t=90, b=150), title_font_size=16,
                      legend=dict(orientation="v", x=1, xanchor="right", y=1, yanchor="top",
                                  bgcolor="rgba(255, 255, 255, 0.8)"))
    return fig


def estimation_figure(study: PluginStudy, unit: str) -> go.Figure:
    """Plug-in estimates against n (log axis): every estimate as a dot, their median and
    10–90 % band, the exact KL(P‖Q) and the large-n limit of the estimator."""
    sizes = study.sizes
    fig = go.Figure()
    low = gaps([s.quantile(0.1) for s in study.by_n])
    high = gaps([s.quantile(0.9) for s in study.by_n])
    fig.add_scatter(x=sizes, y=high, mode="lines", line=dict(width=0), showlegend=False, hoverinfo="skip")
    fig.add_scatter(x=sizes, y=low, mode="lines", line=dict(width=0), fill="tonexty",
                    fillcolor=translucent(P_COLOR, 0.2), name="middle 80 % of estimates")
    dots_x = np.repeat(sizes, [len(s.estimates) for s in study.by_n])
    dots_y = np.concatenate([s.estimates for s in study.by_n])
    fig.add_scatter(x=dots_x, y=gaps(dots_y), mode="markers", name="one estimate",
                    marker=dict(size=7, color=translucent(P_COLOR, 0.45)))
    fig.add_scatter(x=sizes, y=gaps([s.quantile(0.5) for s in study.by_n]), mode="lines+markers",
                    name="median estimate", line=dict(color=P_COLOR, width=4), marker=dict(size=10))
    # On a log axis annotations are placed in log10 units, so the lines' labels are added by hand.
    for value, text, color, dash, anchor in (
            (study.exact, f"exact KL(P‖Q) = {study.exact:.3f} {unit}", TEXT_COLOR, "dash", "bottom"),
            (study.limit, f"large-n limit (bins, ε) = {study.limit:.3f} {unit}", M_COLOR, "dot", "top")):
        if value <= 0:  # a log axis has no place for 0
            continue
        fig.add_hline(y=value, line=dict(color=color, width=2.5, dash=dash))
        fig.add_annotation(x=1, xref="paper", xanchor="right", y=np.log10(value), yanchor=anchor, text=text,
                           showarrow=False, font=dict(color=color), bgcolor="rgba(255, 255, 255, 0.7)")
    infinite = [(s.n, s.fraction_infinite) for s in study.by_n if s.fraction_infinite > 0]
    for n, share in infinite:
        fig.add_annotation(x=np.log10(n), y=1, yref="paper", text=f"{share:.0%} ∞", showarrow=False,
                           font=dict(color=P_COLOR), yanchor="bottom")
    fig.update_xaxes(title_text="samples n from each of P and Q", type="log", dtick=1, exponentformat="power")
    fig.update_yaxes(title_text=f"estimate of KL(P‖Q) ({unit}, log scale)", type="log",
                     tickvals=[0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50])
    return style(fig, height=460)
