"""Figures of /limitations: traces, colours, and data equal to kl_core's."""

import math

import numpy as np
import pytest

from pages.limitations.figures import (
    asymmetry_figure,
    estimation_figure,
    fits_figure,
    smoothing_figure,
    support_figure,
)
from kl_app.theme import P_COLOR, Q_COLOR
from kl_core import GaussianMixture, Normal, kl_divergence
from pages.limitations.estimation import plugin_study
from pages.limitations.fitting import fit_forward, fit_reverse
from pages.limitations.asymmetry import asymmetry_grid
from pages.limitations.zero_support import bell, cut, smoothing_curve


def test_asymmetry_figure_is_the_grid_with_p_and_q_marked():
    grid = asymmetry_grid(Normal(0, 1), np.linspace(-2, 2, 5), np.linspace(0.5, 2, 4))
    fig = asymmetry_figure(grid, 1.0, 2.0, "nats")
    heat, p_mark, q_mark = fig.data
    np.testing.assert_array_equal(heat.z, grid.difference)
    assert heat.zmid == 0
    assert heat.colorscale[0][1] == Q_COLOR and heat.colorscale[-1][1] == P_COLOR
    assert (p_mark.x[0], p_mark.y[0]) == (0, 1) and (q_mark.x[0], q_mark.y[0]) == (1.0, 2.0)
    assert heat.customdata[3, 4, 0] == pytest.approx(kl_divergence(Normal(0, 1), Normal(2, 2)))


def test_support_figure_marks_the_outcomes_that_make_kl_infinite():
    p, q = bell(8, 3.5, 1.5), cut(bell(8, 4.0, 2.0), 2, 7)
    fig = support_figure(p, q, "nats")
    bars_p, bars_q, marks = fig.data
    assert bars_p.marker.color == P_COLOR and bars_q.marker.color == Q_COLOR
    assert list(marks.x) == [1, 2] and list(marks.text) == ["∞", "∞"]
    _, _, marks = support_figure(p, bell(8, 4.0, 2.0), "nats").data  # one trace for the marks, empty here
    assert list(marks.x) == [] and not marks.showlegend


def test_smoothing_figure_plots_the_curve_and_the_chosen_eps():
    p, q = bell(8, 3.5, 1.5), cut(bell(8, 4.0, 2.0), 2, 7)
    eps = np.logspace(-8, -1, 8)
    curve = smoothing_curve(p, q, eps)
    fig = smoothing_figure(eps, curve, 1e-3, kl_divergence(p, q, smoothing=1e-3), "nats")
    assert fig.layout.xaxis.type == "log"
    np.testing.assert_array_equal(np.asarray(fig.data[0].y, dtype=float), curve)
    assert fig.data[1].y[0] == kl_divergence(p, q, smoothing=1e-3)
    assert len(smoothing_figure(eps, curve, 0.0, math.inf, "nats").data) == 1


def test_fits_figure_animates_both_paths_and_ends_at_the_fits():
    p = GaussianMixture([0.5, 0.5], [-3, 3], [1, 1])
    forward, reverse = fit_forward(p), fit_reverse(p)
    fig = fits_figure(p, forward, reverse)
    assert fig.data[0].line.color == P_COLOR
    assert fig.data[1].line.color == fig.data[2].line.color == Q_COLOR
    assert len(fig.frames) == max(len(forward.path), len(reverse.path))
    np.testing.assert_allclose(fig.data[1].y, forward.normal.pdf(np.asarray(fig.data[1].x)))
    np.testing.assert_allclose(fig.data[2].y, reverse.normal.pdf(np.asarray(fig.data[2].x)))
    first = fig.frames[0].data[0]
    np.testing.assert_allclose(first.y, Normal(*forward.path[0][:2]).pdf(np.asarray(first.x)))
    assert f"forward N({round(forward.mu, 2) + 0.0:.2f}, {forward.sigma:.2f}²)" in fig.layout.title.text


def test_estimation_figure_shows_estimates_exact_and_limit():
    study = plugin_study(Normal(0, 2), Normal(0, 1), smoothing=0.0, sizes=(10, 100, 1000), repetitions=5)
    fig = estimation_figure(study, "nats")
    names = [t.name for t in fig.data]
    assert names[1:] == ["middle 80 % of estimates", "one estimate", "median estimate"]
    assert fig.layout.xaxis.type == "log"
    lines = sorted(shape.y0 for shape in fig.layout.shapes)
    assert lines == sorted([study.exact, study.limit])
    dots = np.asarray(fig.data[2].y, dtype=float)
    assert len(dots) == 15 and np.isnan(dots).any()  # infinite estimates leave gaps
    assert any("∞" in a.text for a in fig.layout.annotations)
