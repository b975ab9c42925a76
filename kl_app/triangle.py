"""The triangle-inequality demo that Compare and Limitations share: KL is not a distance.

A metric d satisfies d(P, R) <= d(P, Q) + d(Q, R). KL does not: for three Normals with a
common sigma and means 0, s, 2s,
    KL(P||Q) = KL(Q||R) = s^2 / (2 sigma^2),   KL(P||R) = 4 s^2 / (2 sigma^2) = 2 s^2 / sigma^2,
so KL(P||R) is twice KL(P||Q) + KL(Q||R) for every shift s != 0 (KL grows like the squared
distance). Hellinger and TV are metrics and pass; JS fails too (its square root is a metric).
`render` draws the whole demo (slider, picture, numbers for every divergence of the registry); the
picture and KL's two numbers follow the slider while it moves.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import plotly.graph_objects as go
import streamlit as st

from kl_app import live, runs, ui, url
from kl_app.formatting import fixed, format_value
from kl_app.frames import GRID_POINTS, View, along, divergence_reading
from kl_app.measures import BY_KEY, MEASURES
from kl_app.plotting import plot_grid, subplots
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR, style, translucent
from kl_app.units import base_of
from kl_core import Normal

# R, the third distribution, is neither P nor Q: it gets the neutral colour.
R_COLOR = M_COLOR
# Quadrature values carry errors around 1e-10; the inequality can hold with equality.
CHECK_TOLERANCE = 1e-9

SHIFT = url.Number("tri_d", "Distance d between neighbours: P = N(0,1), Q = N(d,1), R = N(2d,1)", 1.0, 0.2, 3.0, 0.1)
SHIFTS = url.Schema([SHIFT])  # the demo's one slider, for its live panel


@dataclass(frozen=True)
class TriangleCheck:
    """d(P, R) against d(P, Q) + d(Q, R) for one divergence d."""

    d_pq: float
    d_qr: float
    d_pr: float

    @property
    def detour(self) -> float:
        """d(P, Q) + d(Q, R): the 'length' of the path through Q."""
        return self.d_pq + self.d_qr

    @property
    def holds(self) -> bool:
        """True when d(P, R) <= d(P, Q) + d(Q, R) (within CHECK_TOLERANCE)."""
        return self.d_pr <= self.detour + CHECK_TOLERANCE


def triangle_check(divergence: Callable[..., float], p, q, r) -> TriangleCheck:
    """Evaluate the triangle inequality d(P, R) <= d(P, Q) + d(Q, R) for ``divergence``."""
    return TriangleCheck(d_pq=divergence(p, q), d_qr=divergence(q, r), d_pr=divergence(p, r))


def triangle_counterexample(shift: float = 1.0, sigma: float = 1.0) -> tuple[Normal, Normal, Normal]:
    """P, Q, R = N(0, sigma), N(shift, sigma), N(2 shift, sigma): Q halfway between P and R.

    KL(P||R) = 2 shift^2 / sigma^2 = 2 (KL(P||Q) + KL(Q||R)), so KL breaks the triangle
    inequality for every shift != 0.
    """
    if not math.isfinite(shift) or shift == 0:
        raise ValueError(f"shift must be a finite non-zero number (got {shift!r}); try 1.0.")
    return Normal(0.0, sigma), Normal(shift, sigma), Normal(2 * shift, sigma)




def triangle_figure(p, q, r, check: TriangleCheck, unit: str, x=None) -> go.Figure:
    """Left: the densities of P, Q and R, drawn at `x` (by default a grid covering all three). Right: KL(P‖R)
    against the detour KL(P‖Q) + KL(Q‖R)."""
    x = plot_grid([p, q, r]) if x is None else x
    fig = subplots(rows=1, cols=2, column_widths=[0.6, 0.4], horizontal_spacing=0.12,
                   subplot_titles=("", f"Direct against detour ({unit})"))
    for name, dist, color in (("p(x)", p, P_COLOR), ("q(x)", q, Q_COLOR), ("r(x)", r, R_COLOR)):
        fig.add_scatter(x=x, y=dist.pdf(x), name=name, line=dict(color=color, width=3),
                        fill="tozeroy", fillcolor=translucent(color, 0.12), row=1, col=1)
    labels = ["direct", "through Q"]
    for name, values, color in (("KL(P‖R)", [check.d_pr, 0], R_COLOR), ("KL(P‖Q)", [0, check.d_pq], P_COLOR),
                                ("KL(Q‖R)", [0, check.d_qr], Q_COLOR)):
        fig.add_bar(x=labels, y=values, name=name, marker_color=color, showlegend=False,
                    text=[f"{name}<br>{fixed(v, 3)}" if v else "" for v in values], textposition="inside",
                    insidetextanchor="middle", textangle=0, textfont=dict(size=15), row=1, col=2)
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(title_text="x", row=1, col=1)
    fig.update_yaxes(title_text="density", row=1, col=1)
    fig.update_yaxes(title_text=unit, row=1, col=2)
    style(fig, height=440)
    fig.update_layout(margin=dict(t=90))
    return fig


def triangle_view(unit: str, x=None, *, tri_d: float) -> View:
    """The demo's live panel at shift `tri_d`: KL direct and through Q, and triangle_figure drawn at `x`."""
    kl = _checks(tri_d, unit)["kl_pq"]
    shown = [divergence_reading("KL(P‖R), direct", kl.d_pr, unit),
             divergence_reading("KL(P‖Q) + KL(Q‖R), through Q", kl.detour, unit)]
    figure = _figure(tri_d, unit) if x is None else triangle_figure(*triangle_counterexample(tri_d), kl, unit, x)
    return View(shown, figure, f"Three Normals d = {tri_d:g} apart; KL(P‖R) = {format_value(kl.d_pr, unit)} is "
                               f"larger than KL(P‖Q) + KL(Q‖R) = {format_value(kl.detour, unit)}.",
                curves=3, data={i: ("y", "text") for i in (3, 4, 5)})


@runs.fragment(owns=(SHIFT,))
def render(unit: str) -> None:
    """The demo on a page: the shift slider, the picture for KL (which follows the slider while it moves),
    and the check for every divergence.

    A fragment: moving its slider reruns the demo only, not the page around it."""
    shift = ui.slider(SHIFT)
    checks = {BY_KEY[key]: check for key, check in _checks(shift, unit).items()}
    kl = checks[BY_KEY["kl_pq"]]
    view = triangle_view(unit, tri_d=shift)
    live.panel("triangle", view.readings, view.figure, alt=view.alt,
               sliders=along(SHIFTS, lambda x, **d: triangle_view(unit, x, **d), {SHIFT.key: shift},
                             grid=lambda *ends: shift_grid(*(end[SHIFT.key] for end in ends)), unit=unit))
    st.latex(rf"\mathrm{{KL}}(P\|R) = {fixed(kl.d_pr, 3)} \;>\; {fixed(kl.detour, 3)} = "
             rf"\mathrm{{KL}}(P\|Q) + \mathrm{{KL}}(Q\|R)\ \text{{{unit}}}")
    st.caption("Exactly twice, for every d: in nats KL(P‖R) = (2d)²/2 = 2d², while each step through Q "
               "costs only d²/2. A distance never makes the direct route longer than the detour.")
    st.markdown("| divergence | d(P,R) | d(P,Q) + d(Q,R) | triangle holds? |\n|---|---|---|---|\n" + "\n".join(
        f"| {m.divergence.symbol} | {format_value(c.d_pr, m.unit(unit))} | {format_value(c.detour, m.unit(unit))} | "
        f"{'✓ yes' if c.holds else '✗ no'} |" for m, c in checks.items()))


def shift_grid(*shifts: float) -> np.ndarray:
    """An x grid for the densities of the demo's Normals at every shift of `shifts`."""
    return plot_grid([d for shift in shifts for d in triangle_counterexample(shift)], GRID_POINTS)


@st.cache_data(max_entries=256)
def _checks(shift: float, unit: str) -> dict[str, TriangleCheck]:
    """The triangle check of every forward measure for the demo's three Normals, by measure key."""
    base = base_of(unit)
    tp, tq, tr = triangle_counterexample(shift)
    return {m.key: triangle_check(lambda a, b, m=m: m(a, b, base=base), tp, tq, tr) for m in MEASURES if not m.reverse}


@st.cache_resource(max_entries=256)
def _figure(shift: float, unit: str) -> go.Figure:
    """The demo's figure, the same for every session at one shift and unit (the live panel only reads it)."""
    return triangle_figure(*triangle_counterexample(shift), _checks(shift, unit)["kl_pq"], unit)
