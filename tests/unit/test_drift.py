"""Drift scores against independent computations, the no-drift floor, verdicts and bad input."""

import dataclasses
import math

import numpy as np
import pytest
from scipy import stats
from scipy.spatial import distance

from pages.drift.model import METRICS, VERDICT_METRICS, dataset_verdict, feature_drift

EPS = 1e-4


def smooth(v, eps):
    v = np.asarray(v, dtype=float)
    return (v + eps) / (1 + v.size * eps)


def by_hand(r, c, eps):
    """Every score of proportions r, c from the textbook formulas, with plain numpy (nats)."""
    r, c = np.asarray(r, float), np.asarray(c, float)
    rs, cs = smooth(r, eps), smooth(c, eps)
    m = (r + c) / 2
    half = lambda a: sum(a_i * math.log(a_i / m_i) for a_i, m_i in zip(a, m) if a_i > 0)  # noqa: E731
    return {
        "kl_pq": float(np.sum(rs * np.log(rs / cs))),
        "kl_qp": float(np.sum(cs * np.log(cs / rs))),
        "psi": float(np.sum((cs - rs) * np.log(cs / rs))),
        "js": float(0.5 * half(r) + 0.5 * half(c)),
        "hellinger": float(np.sqrt(0.5 * np.sum((np.sqrt(r) - np.sqrt(c)) ** 2))),
        "tv": float(0.5 * np.abs(r - c).sum()),
    }


def test_tiny_numeric_example_by_hand():
    ref = np.array([1.0, 2.0, 3.0, 4.0])
    cur = np.array([0.0, 2.5, 3.5, 5.0, 6.0, np.nan])
    f = feature_drift("x", ref, cur, n_bins=2)
    # bins (-inf, 2], (2, +inf): ref 2 | 2, current 1 | 4, one missing
    assert f.binning.edges.tolist() == [-math.inf, 2.0, math.inf]
    assert f.reference.counts.tolist() == [2, 2] and f.current.counts.tolist() == [1, 4]
    assert f.current.missing == 1 and f.kind == "numeric"
    expected = by_hand([0.5, 0.5], [0.2, 0.8], EPS)
    for key, value in expected.items():
        assert f.scores[key] == pytest.approx(value, rel=1e-12, abs=1e-15), key
    # and with the smoothing spelled out on this 2-bin example
    r0 = (0.5 + EPS) / (1 + 2 * EPS)
    c0, c1 = (0.2 + EPS) / (1 + 2 * EPS), (0.8 + EPS) / (1 + 2 * EPS)
    assert f.scores["psi"] == pytest.approx((c0 - r0) * math.log(c0 / r0) + (c1 - r0) * math.log(c1 / r0), rel=1e-12)


def test_psi_is_the_sum_of_both_kl_directions():
    rng = np.random.default_rng(3)
    f = feature_drift("x", rng.normal(size=3000), rng.normal(0.3, 1.2, size=2000))
    assert f.scores["psi"] == pytest.approx(f.scores["kl_pq"] + f.scores["kl_qp"], rel=1e-14)


@pytest.mark.parametrize("method", ["quantile", "equal width"])
def test_scores_match_scipy_on_a_realistic_feature(method):
    rng = np.random.default_rng(7)
    ref, cur = rng.lognormal(size=5000), rng.lognormal(0.2, 1.1, size=4000)
    f = feature_drift("income", ref, cur, method=method, n_bins=8)
    # independent count with the right-closed bins (lo, hi] spelled out
    bins = list(zip(f.binning.edges[:-1], f.binning.edges[1:]))
    r = np.array([np.sum((ref > lo) & (ref <= hi)) for lo, hi in bins]) / ref.size
    c = np.array([np.sum((cur > lo) & (cur <= hi)) for lo, hi in bins]) / cur.size
    rs, cs = smooth(r, EPS), smooth(c, EPS)
    assert f.scores["kl_pq"] == pytest.approx(stats.entropy(rs, cs), rel=1e-10)
    assert f.scores["kl_qp"] == pytest.approx(stats.entropy(cs, rs), rel=1e-10)
    assert f.scores["js"] == pytest.approx(distance.jensenshannon(r, c) ** 2, rel=1e-8)  # nats
    for key, value in by_hand(r, c, EPS).items():
        assert f.scores[key] == pytest.approx(value, rel=1e-10), key


def test_categorical_feature_with_an_unseen_category():
    ref = np.array(["a"] * 50 + ["b"] * 50, dtype=object)
    cur = np.array(["a"] * 40 + ["b"] * 40 + ["c"] * 20, dtype=object)
    f = feature_drift("colour", ref, cur)
    assert f.kind == "categorical" and f.binning.labels[-1] == "(unseen)"
    assert f.current.counts.tolist() == [40, 40, 20]
    for key, value in by_hand([0.5, 0.5, 0.0], [0.4, 0.4, 0.2], EPS).items():
        assert f.scores[key] == pytest.approx(value, rel=1e-12), key


def test_without_smoothing_kl_and_psi_are_infinite_while_js_hellinger_tv_stay_finite():
    ref = np.array(["a"] * 10, dtype=object)
    cur = np.array(["a"] * 5 + ["new"] * 5, dtype=object)
    raw = feature_drift("c", ref, cur, smoothing=0.0)
    assert raw.scores["kl_qp"] == math.inf and raw.scores["psi"] == math.inf
    assert raw.scores["kl_pq"] == pytest.approx(math.log(2))
    # m = (0.75, 0.25): JS = 1/2 ln(1/0.75) + 1/2 (1/2 ln(0.5/0.75) + 1/2 ln(0.5/0.25)) nats
    js = 0.5 * math.log(1 / 0.75) + 0.25 * (math.log(0.5 / 0.75) + math.log(0.5 / 0.25))
    assert raw.scores["js"] == pytest.approx(js, rel=1e-12)
    assert raw.scores["tv"] == pytest.approx(0.5) and math.isfinite(raw.scores["hellinger"])
    smoothed = feature_drift("c", ref, cur, smoothing=1e-4)
    assert math.isfinite(smoothed.scores["psi"]) and smoothed.scores["psi"] > 1


def test_contributions_are_the_per_bin_terms_of_the_scores():
    rng = np.random.default_rng(11)
    f = feature_drift("x", rng.normal(size=2000), rng.normal(0.5, 1, size=2000))
    parts = f.contributions()
    assert parts.kl_pq.sum() == pytest.approx(f.scores["kl_pq"], rel=1e-12)
    assert parts.kl_qp.sum() == pytest.approx(f.scores["kl_qp"], rel=1e-12)
    assert parts.psi.sum() == pytest.approx(f.scores["psi"], rel=1e-12)
    assert np.all(parts.psi >= 0), "each PSI term (c - r) ln(c/r) is non-negative"


def test_identical_samples_score_zero():
    x = np.random.default_rng(0).normal(size=500)
    f = feature_drift("x", x, x.copy())
    assert all(f.scores[key] == pytest.approx(0, abs=1e-15) for key in METRICS)
    assert f.verdict("psi").status == "stable"


def test_noise_floor_formulas():
    rng = np.random.default_rng(5)
    f = feature_drift("x", rng.normal(size=400), rng.normal(size=100), n_bins=10)
    s = 1 / 400 + 1 / 100
    assert f.occupied_bins == 10
    assert f.noise_floor["psi"] == pytest.approx(9 * s)
    assert f.noise_floor["kl_pq"] == f.noise_floor["kl_qp"] == pytest.approx(9 * s / 2)
    assert f.noise_floor["js"] == pytest.approx(9 * s / 8)  # nats
    mean_chi9 = stats.chi(9).mean()
    assert f.noise_floor["hellinger"] == pytest.approx(math.sqrt(s / 8) * mean_chi9)
    assert f.noise_bound("psi") == pytest.approx(s * stats.chi2(9).ppf(0.95))
    with pytest.raises(ValueError, match="No no-drift bound for 'tv'"):
        f.noise_bound("tv")


def test_noise_floor_matches_simulation_when_nothing_drifted():
    """Seeded Monte Carlo: same distribution twice; the mean score is the floor, 5% exceed the bound."""
    rng = np.random.default_rng(2024)
    runs = [feature_drift("x", rng.gamma(2.0, size=1000), rng.gamma(2.0, size=500)) for _ in range(400)]
    floor = runs[0].noise_floor
    for key in METRICS:
        mean = np.mean([f.scores[key] for f in runs])
        assert mean == pytest.approx(floor[key], rel=0.1), key
    for key in VERDICT_METRICS:
        exceed = np.mean([f.scores[key] > f.noise_bound(key) for f in runs])
        assert 0.02 <= exceed <= 0.09, (key, exceed)


def test_small_samples_look_drifted_but_are_within_noise():
    """N = M = 60, 10 bins, nothing changed: the PSI floor 9 (2/60) = 0.3 alone exceeds 0.25."""
    rng = np.random.default_rng(1)
    runs = [feature_drift("x", rng.normal(size=60), rng.normal(size=60)) for _ in range(200)]
    verdicts = [f.verdict("psi") for f in runs]
    assert verdicts[0].floor == pytest.approx(0.3)
    assert np.mean([v.level != "stable" for v in verdicts]) > 0.7, "thresholds alone cry drift"
    assert np.mean([v.drifted for v in verdicts]) < 0.2, "the noise bound keeps most of them quiet"
    assert {v.status for v in verdicts if v.level != "stable" and not v.beyond_noise} == {"within noise"}
    assert not runs[0].noise_floor_reliable, "6 values expected per bin is too few for the floor"


def test_noise_floor_is_reliable_with_ten_values_per_bin():
    ref = np.array(["a", "b"] * 500)
    even = feature_drift("c", ref, np.array(["a", "b"] * 10))  # pooled share 1/2 of 20: 10 per bin
    assert even.occupied_bins == 2 and even.noise_floor_reliable
    assert not feature_drift("c", ref, np.array(["a"] * 9 + ["b"] * 11)).noise_floor_reliable


def test_a_real_shift_is_drifted_by_every_verdict_metric():
    rng = np.random.default_rng(2)
    f = feature_drift("x", rng.normal(size=5000), rng.normal(2.0, 1.0, size=5000))
    for key in VERDICT_METRICS:
        v = f.verdict(key)
        assert v.level == "drifted" and v.beyond_noise and v.drifted, key


def test_thresholds_are_the_stated_ones():
    assert (METRICS["psi"].moderate, METRICS["psi"].drifted) == (0.1, 0.25)
    js = METRICS["js"]
    assert (js.moderate, js.shown(js.drifted, base=2), js.unit("bits")) == (None, pytest.approx(0.1), "bits")
    assert js.thresholds_text(base=2) == "< 0.1 stable, ≥ 0.1 drifted"
    assert js.thresholds_text() == "< 0.0693 stable, ≥ 0.0693 drifted"
    assert (METRICS["hellinger"].moderate, METRICS["hellinger"].drifted) == (0.15, 0.4)
    assert METRICS["hellinger"].unit("bits") == "" and METRICS["psi"].shown(0.25, base=2) == 0.25 / math.log(2)
    f = feature_drift("x", np.arange(100.0), np.arange(100.0) + 5)
    assert set(f.scores) == set(f.noise_floor) == set(METRICS)
    assert set(VERDICT_METRICS) == {"psi", "js", "hellinger"}


@pytest.mark.parametrize("score, level", [(0.05, "stable"), (0.1, "moderate"), (0.2, "moderate"),
                                          (0.25, "drifted"), (3.0, "drifted")])
def test_psi_levels_at_the_threshold_boundaries(score, level):
    rng = np.random.default_rng(0)
    f = feature_drift("x", rng.normal(size=100_000), rng.normal(size=100_000))
    judged = dataclasses.replace(f, scores={**f.scores, "psi": score}).verdict("psi")
    assert judged.level == level and judged.status == level


def test_dataset_verdict_by_share_of_drifted_features():
    rng = np.random.default_rng(4)
    base = rng.normal(size=4000)
    same = feature_drift("same", base, rng.normal(size=4000))
    moved = feature_drift("moved", base, rng.normal(2.0, 1.0, size=4000))
    half = dataset_verdict([same, moved])
    assert (half.n_drifted, half.n_features, half.share_drifted, half.drifted) == (1, 2, 0.5, True)
    assert not dataset_verdict([same, same, moved]).drifted
    assert dataset_verdict([same, same, moved], share=0.3).drifted
    assert dataset_verdict([same, moved], metric="hellinger").n_drifted == 1


def test_bad_input_messages():
    x = np.arange(10.0)
    with pytest.raises(ValueError, match="numeric in the reference but text in the current"):
        feature_drift("age", x, np.array(["a", "b"], dtype=object))
    with pytest.raises(ValueError, match="text in the reference but numeric in the current"):
        feature_drift("age", np.array(["a"]), x)
    with pytest.raises(ValueError, match="no non-missing values in the current"):
        feature_drift("age", x, np.array([np.nan, np.nan]))
    with pytest.raises(ValueError, match="no finite values"):
        feature_drift("age", np.array([np.nan]), x)
    with pytest.raises(ValueError, match="method must be one of"):
        feature_drift("age", x, x, method="kmeans")
    with pytest.raises(ValueError, match="smoothing must be >= 0"):
        feature_drift("age", x, x, smoothing=-1e-3)
    f = feature_drift("age", x, x)
    with pytest.raises(ValueError, match="no stated drift threshold"):
        f.verdict("tv")
    with pytest.raises(ValueError, match="Unknown drift metric"):
        f.verdict("chi2")
    with pytest.raises(ValueError, match="share must be a fraction"):
        dataset_verdict([f], share=0)
    with pytest.raises(ValueError, match="No features"):
        dataset_verdict([])
