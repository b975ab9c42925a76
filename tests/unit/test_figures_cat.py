"""Figures and formulas of /cat-classifier: traces, colours, and data equal to kl_core's."""

import math

import numpy as np
import pytest

from pages.cat_classifier.figures import (
    bits_latex,
    cross_entropy_figure,
    cross_entropy_latex,
    data_figure,
    distributions_figure,
    kl_terms_latex,
    loss_curves_figure,
    loss_history_figure,
    terms_figure,
)
from kl_app.theme import M_COLOR, P_COLOR, Q_COLOR
from kl_core import cross_entropy, kl_divergence
from pages.cat_classifier.model import (
    binary_prediction,
    cross_entropy_split,
    initial_state,
    kl_breakdown,
    make_cat_data,
    soft_label,
    train,
)

LABELS = ["cat", "not cat"]
P = [1.0, 0.0]
Q = [0.8, 0.2]


def test_distributions_are_p_blue_and_q_vermilion_with_their_values():
    fig = distributions_figure(P, Q, LABELS)
    truth, prediction = fig.data
    assert (truth.name, truth.marker.color) == ("P (truth)", P_COLOR)
    assert (prediction.name, prediction.marker.color) == ("Q (prediction)", Q_COLOR)
    assert list(truth.y) == P and list(prediction.y) == Q
    assert list(prediction.text) == ["0.8", "0.2"]
    assert list(truth.x) == LABELS


def test_terms_add_up_to_kl_and_mark_the_zero_term():
    terms = kl_breakdown(P, Q, base=2)
    bar = terms_figure(terms, LABELS, "bits").data[0]
    assert sum(bar.y) == pytest.approx(kl_divergence(P, Q, base=2), rel=1e-12)
    assert bar.text == ("0.3219", "0 (by convention)")
    assert bar.marker.color == (P_COLOR, P_COLOR)


def test_an_infinite_term_reaches_the_top_and_says_infinity():
    terms = kl_breakdown(Q, P)
    fig = terms_figure(terms, LABELS, "nats", first="Q", second="P")
    bar = fig.data[0]
    assert bar.text[1] == "∞" and bar.marker.pattern.shape[1] == "/"
    assert bar.y[1] == pytest.approx(fig.layout.yaxis.range[1] / 1.2)
    assert bar.y[0] == pytest.approx(terms[0].value)
    assert "KL(Q‖P)" in fig.layout.title.text


def test_cross_entropy_columns_are_equal():
    p = soft_label(0, 2, 0.1)
    split = cross_entropy_split(p, Q)
    entropy_bar, kl_bar, ce_bar = cross_entropy_figure(split, "nats").data
    assert (entropy_bar.marker.color, kl_bar.marker.color, ce_bar.marker.color) == (M_COLOR, P_COLOR, Q_COLOR)
    assert entropy_bar.y[0] + kl_bar.y[0] == pytest.approx(ce_bar.y[0], rel=1e-12)
    assert ce_bar.y[0] == cross_entropy(p, Q)


def test_cross_entropy_figure_with_infinite_kl():
    split = cross_entropy_split(P, binary_prediction(0.0))
    _, kl_bar, ce_bar = cross_entropy_figure(split, "nats").data
    assert kl_bar.text == ("∞",) and ce_bar.text == ("∞",)
    assert all(math.isfinite(v) for v in (kl_bar.y[0], ce_bar.y[0]))


def test_loss_curves_are_kl_and_cross_entropy_from_kl_core():
    p = soft_label(0, 2, 0.1)
    fig = loss_curves_figure(p, 0.8, "bits")
    ce, kl, now = fig.data
    assert (kl.line.color, ce.line.color) == (P_COLOR, Q_COLOR)
    i = 150
    q = binary_prediction(kl.x[i])
    assert kl.y[i] == kl_divergence(p, q, base=2)
    assert ce.y[i] == cross_entropy(p, q, base=2)
    assert np.isnan(kl.y[0]) and np.isnan(ce.y[-1])  # q = 0 and q = 1 give KL = ∞: gaps (NaN), not numbers
    now_q = binary_prediction(0.8)
    assert list(now.y) == [cross_entropy(p, now_q, base=2), kl_divergence(p, now_q, base=2)]
    assert fig.layout.shapes[0].x0 == 0.9


def test_data_figure_shows_the_pictures_the_boundary_and_the_ringed_one():
    data = make_cat_data()
    state = train(data, 20, learning_rate=0.5)
    fig = data_figure(data.features, data.is_cat, state, 3)
    shading, boundary, cats, others, ringed = fig.data
    assert len(cats.x) == len(others.x) == 20 and cats.marker.color == P_COLOR
    assert boundary.line.color == Q_COLOR and boundary.contours.start == 0.5
    assert (ringed.x[0], ringed.y[0]) == tuple(data.features[3])
    grid = np.column_stack([np.full(1, shading.x[10]), np.full(1, shading.y[7])])
    assert shading.z[7][10] == pytest.approx(state.predict(grid)[0, 0], rel=1e-12)


def test_loss_history_is_the_trainers():
    data = make_cat_data()
    state = train(data, 12, learning_rate=0.5)
    line, now = loss_history_figure(state, "bits", 200).data
    np.testing.assert_array_equal(line.y, state.loss_history(base=2))
    assert (now.x[0], now.y[0]) == (12, state.loss(base=2))
    assert loss_history_figure(initial_state(data), "nats", 200).layout.xaxis.range == (0, 200)


def test_kl_formula_writes_every_term():
    text = kl_terms_latex(kl_breakdown(P, Q), math.log(1.25), "nats")
    assert r"1\,\ln\frac{1}{0.8} + 0\,\ln\frac{0}{0.2}" in text
    assert r"0.2231 + \underbrace{0}_{\text{by convention}}" in text
    assert text.endswith(r"0.2231\ \text{nats}\end{aligned}")
    reverse = kl_terms_latex(kl_breakdown(Q, P, base=2), math.inf, "bits", first="Q", second="P")
    assert r"\mathrm{KL}(Q\,\|\,P)" in reverse and r"\log_2" in reverse and reverse.endswith(r"\infty\end{aligned}")


def test_cross_entropy_and_bits_formulas():
    text = cross_entropy_latex(cross_entropy_split(P, Q), "nats")
    assert r"0.0000\ \text{nats} + 0.2231\ \text{nats}" in text
    assert bits_latex(0.2231435513, 0.3219280949).endswith(r"0.3219\ \text{bits}\end{aligned}")
