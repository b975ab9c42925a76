"""Explore's figures are pure: their data is kl_core's numbers, in P's and Q's colours."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest

import kl_core
from kl_app import sweeps
from pages.explore import figures as figures_explore
from kl_app.theme import P_COLOR, Q_COLOR


def test_densities_and_integrands_integrate_to_both_kl_directions():
    p, q = kl_core.Normal(0, 1), kl_core.Laplace(1, 2)
    fig = go.Figure(figures_explore.densities_figure(p, q, "nats"))  # plotly JSON that plotly validates
    by_name = {t.name: t for t in fig.data}
    assert by_name["p(x)"].line.color == P_COLOR and by_name["q(x)"].line.color == Q_COLOR
    x = np.asarray(by_name["p·log(p/q)"].x, dtype=float)
    # Drawn curves (and their x) are float32: seven significant digits, far finer than a pixel.
    np.testing.assert_allclose(by_name["p(x)"].y, p.pdf(x), rtol=1e-5, atol=1e-9)
    # The grid is for drawing only, but it is fine enough that its trapezoid sum is close to KL.
    for name, a, b in (("p·log(p/q)", p, q), ("q·log(q/p)", q, p)):
        area = np.trapezoid(np.asarray(by_name[name].y, dtype=float), x)
        assert area == pytest.approx(kl_core.kl_divergence(a, b), rel=2e-2)


def test_infinite_integrand_is_a_gap_with_markers_not_a_number():
    fig = go.Figure(figures_explore.densities_figure(kl_core.Normal(0, 1), kl_core.Uniform(-1, 1), "bits"))
    kl_trace = next(t for t in fig.data if t.name == "p·log(p/q)")
    terms = np.asarray(kl_trace.y, dtype=float)
    assert np.isnan(terms).any()
    markers = {t.name: t for t in fig.data if "= ∞" in t.name}
    infinite_x = np.asarray(kl_trace.x)[np.isnan(terms)]
    assert markers["p·log(p/q) = ∞"].showlegend and len(markers["p·log(p/q) = ∞"].x) == len(infinite_x)
    assert not markers["q·log(q/p) = ∞"].showlegend and len(markers["q·log(q/p) = ∞"].x) == 0  # KL(Q‖P) is finite


def test_bars_show_each_outcomes_terms_and_infinity_as_text():
    p, q = np.array([1.0, 0.0]), np.array([0.8, 0.2])
    fig = figures_explore.bars_figure(kl_core.Categorical(p), kl_core.Categorical(q), "bits")
    terms = next(t for t in fig.data if t.name == "p·log(p/q)")
    np.testing.assert_allclose(terms.y, kl_core.kl_terms(p, q, base=2))
    reverse = next(t for t in fig.data if t.name == "q·log(q/p)")
    assert list(reverse.text)[1] == "∞"


def test_sweep_marks_the_current_value_on_both_directions():
    s = sweeps.sweep("normal", {"sigma": 1.0}, "normal", {"mu": 1.0, "sigma": 2.0}, "p", "mu", "nats")
    assert s.values[0] == -5 and s.values[-1] == 5 and len(s.values) == 41
    assert s["kl_pq"][20] == pytest.approx(math.log(2) + 2 / 8 - 0.5)  # P's mean 0
    now = {"kl_pq": 0.5, "kl_qp": 1.5}
    fig = go.Figure(figures_explore.sweep_figure(s, 0.3, now))
    assert [t.name for t in fig.data[:2]] == ["KL(P‖Q)", "KL(Q‖P)"]
    np.testing.assert_array_equal(fig.data[0].y, s["kl_pq"])
    markers = fig.data[2]
    assert list(markers.x) == [0.3, 0.3] and list(markers.y) == [0.5, 1.5]
    assert fig.layout.shapes[0].x0 == 0.3
    assert "P's mean μ = 0.3<br>KL(P‖Q) = 0.5000,  KL(Q‖P) = 1.5000 nats" == fig.layout.title.text


def test_sweep_marks_invalid_values_as_gaps():
    s = sweeps.sweep("uniform", {"low": -1.0, "high": 1.0}, "normal", {"mu": 0.0, "sigma": 1.0}, "p", "low", "nats")
    assert np.isnan(s["kl_pq"][s.values >= 1.0]).all()
    assert np.isinf(s["kl_qp"][s.values < 1.0]).all()
    go.Figure(figures_explore.sweep_figure(s, -1.0, {"kl_pq": 0.1, "kl_qp": math.inf}))


def test_poisson_bars_cover_both_pmfs_and_their_terms_sum_to_kl():
    p, q = kl_core.Poisson(3.0), kl_core.Poisson(5.0)
    fig = figures_explore.bars_figure(p, q, "nats")
    bars = {t.name: t for t in fig.data}
    assert sum(bars["P"].y) == pytest.approx(1.0, abs=1e-9) and sum(bars["Q"].y) == pytest.approx(1.0, abs=1e-9)
    assert sum(bars["p·log(p/q)"].y) == pytest.approx(kl_core.kl_divergence(p, q), rel=1e-9)
