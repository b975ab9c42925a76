"""Figures of /compare: traces, colours, and data equal to kl_core's."""


import numpy as np
import plotly.graph_objects as go

from kl_app import sweeps
from kl_app.measures import BY_KEY
from kl_app.theme import DIVERGENCE_LINES, P_COLOR, Q_COLOR
from kl_core import Normal, Uniform, js_divergence, kl_divergence, total_variation
from pages.compare.figures import SWEEP_Y_MAX, pair_figure, sweep_figure

ALL = tuple(BY_KEY)


def test_sweep_figure_draws_the_five_divergences_in_their_colours():
    p = Normal(0, 1)
    sweep = sweeps.sweep("normal", {"mu": 0.0, "sigma": 1.0}, "normal", {"mu": 1.0, "sigma": 1.0}, "q", "mu", "bits",
                         ALL, n=11)
    assert list(sweep.values[5:]) == [0, 1, 2, 3, 4, 5]  # Q's mean, P's is 0
    fig = go.Figure(sweep_figure(sweep, 1.0))
    lines = {t.name: t for t in fig.data}
    assert list(lines) == ["KL(P‖Q)", "KL(Q‖P)", "JS(P, Q)", "Hellinger(P, Q)", "TV(P, Q)"]
    for key, trace in zip(ALL, lines.values()):
        assert (trace.line.color, trace.line.dash) == DIVERGENCE_LINES[key]
    assert lines["KL(P‖Q)"].y[8] == kl_divergence(p, Normal(3, 1), base=2)
    assert lines["JS(P, Q)"].y[10] == js_divergence(p, Normal(5, 1), base=2)
    assert lines["TV(P, Q)"].y[7] == total_variation(p, Normal(2, 1))
    assert fig.layout.xaxis.title.text == "Q's mean μ"
    assert fig.layout.yaxis.range == (0, SWEEP_Y_MAX)
    ceilings = sorted(shape.y0 for shape in fig.layout.shapes if shape.y0 == shape.y1)
    assert ceilings == [1.0, 1.0]  # ln 2 nats = 1 bit, and Hellinger/TV's 1


def test_sweep_figure_leaves_gaps_for_infinite_kl():
    sweep = sweeps.sweep("uniform", {"low": 0.0, "high": 1.0}, "uniform", {"low": -1.0, "high": 2.0}, "q", "low",
                         "nats", ALL)
    fig = go.Figure(sweep_figure(sweep, -1.0))
    kl = np.asarray(fig.data[0].y, dtype=float)
    assert np.isnan(kl[sweep.values > 0]).all() and np.isfinite(kl[sweep.values <= 0]).all()


def test_pair_figure_shows_p_and_q():
    fig = go.Figure(pair_figure(Uniform(0, 1), Uniform(2, 3)))
    assert [t.line.color for t in fig.data] == [P_COLOR, Q_COLOR]
    p_on_q = np.asarray(fig.data[0].y)[np.asarray(fig.data[1].y) > 0]
    assert np.all(p_on_q == 0)
