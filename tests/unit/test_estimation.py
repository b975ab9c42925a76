"""Plug-in histogram estimates of KL from samples against the exact value."""

import math

import numpy as np
import pytest

from kl_core import Normal, kl_divergence
from pages.limitations.estimation import (
    SAMPLE_SIZES,
    binned_probabilities,
    plugin_estimate,
    plugin_study,
    study_binning,
)

P, Q = Normal(0.0, 1.0), Normal(1.0, 1.5)


@pytest.fixture(scope="module")
def smoothed_study():
    return plugin_study(P, Q, smoothing=1e-3, repetitions=12, seed=7)


def test_sample_sizes_run_from_10_to_100000():
    assert SAMPLE_SIZES[0] == 10 and SAMPLE_SIZES[-1] == 100_000


def test_study_is_seeded(smoothed_study):
    again = plugin_study(P, Q, smoothing=1e-3, repetitions=12, seed=7)
    other = plugin_study(P, Q, smoothing=1e-3, repetitions=12, seed=8)
    for a, b, c in zip(smoothed_study.by_n, again.by_n, other.by_n):
        np.testing.assert_array_equal(a.estimates, b.estimates)
        assert not np.array_equal(a.estimates, c.estimates)


def test_exact_and_limit_values(smoothed_study):
    assert smoothed_study.exact == kl_divergence(P, Q)
    binning = smoothed_study.binning
    p_cells, q_cells = binned_probabilities(P, binning), binned_probabilities(Q, binning)
    assert smoothed_study.limit == kl_divergence(p_cells, q_cells, smoothing=1e-3)
    # Binning loses information (data processing), but 30 bins lose little; smoothing more.
    binned = kl_divergence(p_cells, q_cells)
    assert smoothed_study.limit < binned <= smoothed_study.exact
    assert binned == pytest.approx(smoothed_study.exact, abs=0.01)


def test_spread_shrinks_and_large_n_is_close_to_the_binned_value(smoothed_study):
    first, last = smoothed_study.by_n[0], smoothed_study.by_n[-1]
    assert last.n == 100_000 and first.n == 10
    assert last.std < first.std / 10
    assert last.mean == pytest.approx(smoothed_study.limit, abs=0.005)
    assert abs(last.bias) < abs(first.bias)
    assert all(s.fraction_infinite == 0 for s in smoothed_study.by_n)
    np.testing.assert_array_equal(smoothed_study.sizes, SAMPLE_SIZES)


def test_without_smoothing_small_samples_give_infinity_without_nan():
    # Q narrower than P: P's samples in the tails often land in bins where Q has none.
    study = plugin_study(Normal(0.0, 2.0), Normal(0.0, 1.0), smoothing=0.0, repetitions=10, seed=1)
    small = study.by_n[0]
    assert small.fraction_infinite > 0
    assert small.mean == math.inf and small.std == math.inf and small.bias == math.inf
    for summary in study.by_n:
        for q in (0.1, 0.5, 0.9):
            assert not math.isnan(summary.quantile(q))


def test_plugin_estimate_is_kl_of_the_two_histograms():
    binning = study_binning(P, Q, 12)
    p_samples, q_samples = P.sample(500, 3), Q.sample(500, 4)
    p_hist = binning.count(p_samples).proportions
    q_hist = binning.count(q_samples).proportions
    assert plugin_estimate(p_samples, q_samples, binning, smoothing=0.01, base=2) == kl_divergence(
        p_hist, q_hist, smoothing=0.01, base=2
    )


def test_binning_covers_the_line_and_binned_probabilities_sum_to_one():
    binning = study_binning(P, Q, 30)
    assert binning.n_bins == 30
    assert binning.edges[0] == -math.inf and binning.edges[-1] == math.inf
    probs = binned_probabilities(Q, binning)
    assert probs.min() >= 0 and probs.sum() == pytest.approx(1.0, abs=1e-12)


def test_bits_are_nats_over_ln2():
    nats = plugin_study(P, Q, smoothing=1e-3, sizes=(100,), repetitions=3)
    bits = plugin_study(P, Q, smoothing=1e-3, sizes=(100,), repetitions=3, base=2)
    assert bits.exact == pytest.approx(nats.exact / math.log(2))
    np.testing.assert_allclose(bits.by_n[0].estimates, nats.by_n[0].estimates / math.log(2))


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"bins": 2}, "bins"),
        ({"sizes": ()}, "sizes"),
        ({"sizes": (0, 10)}, "sizes"),
        ({"repetitions": 0}, "repetitions"),
        ({"smoothing": -1.0}, "smoothing"),
    ],
)
def test_bad_arguments_say_what_is_wrong(kwargs, message):
    with pytest.raises(ValueError, match=message):
        plugin_study(P, Q, **{"smoothing": 0.0, **kwargs})
