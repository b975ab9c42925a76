"""Figures of the drift page: traces, colours, and data equal to kl_core.drift's results."""

import math

import numpy as np
import pytest

from pages.drift.figures import SCORE_AXIS_CAP, bins_figure, metric_title, scores_figure
from kl_app.theme import P_COLOR, Q_COLOR, TEXT_COLOR
from pages.drift.model import feature_drift


@pytest.fixture(scope="module")
def features():
    rng = np.random.default_rng(0)
    return [
        feature_drift("steady", rng.normal(size=3000), rng.normal(size=3000)),
        feature_drift("moved", rng.normal(size=3000), rng.normal(1.0, 1.0, size=3000)),
        feature_drift("plan", np.array(["a", "b"] * 500), np.array(["a"] * 300 + ["b"] * 600 + ["new"] * 100)),
    ]


def test_metric_titles_carry_units():
    assert metric_title("psi", "nats") == "PSI (nats)"
    assert metric_title("js", "bits") == "JS (bits)"
    assert metric_title("hellinger", "bits") == "Hellinger"


@pytest.mark.parametrize("metric", ["psi", "js", "hellinger"])
def test_scores_figure_bars_equal_the_scores(features, metric):
    fig = scores_figure(features, metric, "nats")
    band, bars, *arrows = fig.data
    ordered = sorted(features, key=lambda f: f.scores[metric])
    assert list(bars.y) == [f.name for f in ordered], "largest score drawn on top"
    top = fig.layout.xaxis.range[1]
    cut = [f.name for f in ordered if f.scores[metric] > top]
    assert [list(a.y) for a in arrows] == ([cut] if cut else []), "an arrowhead on each bar cut at the axis's end"
    assert list(bars.x) == pytest.approx([min(f.scores[metric], top) for f in ordered])
    assert list(band.x) == pytest.approx([min(f.noise_bound(metric), top) for f in ordered])
    for f, color, label in zip(ordered, bars.marker.color, fig.layout.yaxis.ticktext):
        verdict = f.verdict(metric)
        assert label.startswith(f"<b>{f.name}</b>") and label.endswith(verdict.status)
        assert (color == TEXT_COLOR) == verdict.drifted
    lines = sorted(shape.x0 for shape in fig.layout.shapes)
    assert lines == pytest.approx({"psi": [0.1, 0.25], "js": [0.1 * math.log(2)], "hellinger": [0.15, 0.4]}[metric])
    assert fig.layout.xaxis.title.text == metric_title(metric, "nats")


def test_scores_figure_in_bits_converts_scores_and_thresholds_of_information_only(features):
    in_bits = scores_figure(features, "js", "bits")
    ordered = sorted(features, key=lambda f: f.scores["js"])
    top = in_bits.layout.xaxis.range[1]
    assert list(in_bits.data[1].x) == pytest.approx([min(f.scores["js"] / math.log(2), top) for f in ordered])
    assert [shape.x0 for shape in in_bits.layout.shapes] == pytest.approx([0.1])
    hellinger = scores_figure(features, "hellinger", "bits")
    assert list(hellinger.data[1].x) == list(scores_figure(features, "hellinger", "nats").data[1].x)


def test_scores_figure_cuts_infinite_scores_and_says_so():
    ref = np.array(["a"] * 100, dtype=object)
    cur = np.array(["a"] * 50 + ["b"] * 50, dtype=object)
    f = feature_drift("c", ref, cur, smoothing=0.0)
    assert f.scores["psi"] == math.inf
    fig = scores_figure([f], "psi", "nats")
    bars = fig.data[1]
    assert fig.layout.xaxis.range[1] == SCORE_AXIS_CAP * 0.25
    assert bars.x[0] == SCORE_AXIS_CAP * 0.25 and fig.layout.yaxis.ticktext[0] == "<b>c</b><br>∞ · drifted"
    arrow = fig.data[2]
    assert list(arrow.y) == ["c"] and arrow.x[0] == SCORE_AXIS_CAP * 0.25 and arrow.marker.symbol == "triangle-right"


def test_bins_figure_shows_shares_and_per_bin_terms(features):
    f = features[2]
    fig = bins_figure(f, "nats")
    ref, cur, kl_rc, kl_cr, psi = fig.data
    assert list(ref.x) == list(f.binning.labels) == ["a", "b", "(unseen)"]
    assert (ref.marker.color, cur.marker.color) == (P_COLOR, Q_COLOR)
    assert list(ref.y) == pytest.approx(f.reference.proportions.tolist())
    assert list(cur.y) == pytest.approx([0.3, 0.6, 0.1])
    parts = f.contributions()
    assert list(kl_rc.y) == pytest.approx(parts.kl_pq.tolist())
    assert list(kl_cr.y) == pytest.approx(parts.kl_qp.tolist())
    assert (kl_rc.marker.color, kl_cr.marker.color) == (P_COLOR, Q_COLOR)
    assert sum(psi.y) == pytest.approx(f.scores["psi"])
    assert fig.layout.xaxis2.title.text == "category"


def test_bins_figure_of_a_numeric_feature_labels_its_edges(features):
    fig = bins_figure(features[1], "nats")
    assert len(fig.data[0].x) == features[1].binning.n_bins == 10
    assert fig.data[0].x[0].startswith("(-∞") and fig.data[0].x[-1].endswith("+∞)")
    assert fig.layout.xaxis2.title.text == "bin (edges from the reference)"
