"""Figures of /compare: traces, colours, and data equal to kl_core's."""

import math

import numpy as np

from pages.compare.figures import SWEEP_Y_MAX, disjoint_figure, sweep_figure
from kl_app.theme import DIVERGENCE_COLORS, P_COLOR, Q_COLOR
from kl_core import Normal, Uniform, js_divergence, kl_divergence, total_variation
from pages.compare.model import profile_sweep


def test_sweep_figure_draws_the_five_divergences_in_their_colours():
    p = Normal(0, 1)
    sweep = profile_sweep(p, lambda mu: Normal(mu, 1), np.linspace(0, 5, 6), base=2)
    fig = sweep_figure(sweep, "bits", "Q's mean μ", current=1.0)
    lines = {t.name: t for t in fig.data}
    assert list(lines) == ["KL(P‖Q)", "KL(Q‖P)", "JS(P, Q)", "Hellinger(P, Q)", "TV(P, Q)"]
    for name, trace in lines.items():
        assert trace.line.color == DIVERGENCE_COLORS[name]
    assert lines["KL(P‖Q)"].y[3] == kl_divergence(p, Normal(3, 1), base=2)
    assert lines["JS(P, Q)"].y[5] == js_divergence(p, Normal(5, 1), base=2)
    assert lines["TV(P, Q)"].y[2] == total_variation(p, Normal(2, 1))
    assert fig.layout.yaxis.range == (0, SWEEP_Y_MAX)
    ceilings = sorted(shape.y0 for shape in fig.layout.shapes if shape.y0 == shape.y1)
    assert ceilings == [1.0, 1.0]  # ln 2 nats = 1 bit, and Hellinger/TV's 1


def test_sweep_figure_leaves_gaps_for_infinite_kl():
    sweep = profile_sweep(Uniform(0, 1), lambda low: Uniform(low, 2), [-1.0, 0.5])
    fig = sweep_figure(sweep, "nats", "Q's low", current=-1.0)
    assert fig.data[0].y[1] is None and math.isfinite(fig.data[0].y[0])


def test_disjoint_figure_shows_p_and_q():
    fig = disjoint_figure(Uniform(0, 1), Uniform(2, 3))
    assert [t.line.color for t in fig.data] == [P_COLOR, Q_COLOR]
    p_on_q = np.asarray(fig.data[0].y)[np.asarray(fig.data[1].y) > 0]
    assert np.all(p_on_q == 0)
