"""Bins from the reference: edges, ties, values outside the reference, categories, missing values."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kl_core.binning import (UNSEEN, BinCounts, NumericBinning, category_bins, equal_width_bins,
                             is_numeric, quantile_bins)

finite_floats = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
samples = st.lists(finite_floats, min_size=1, max_size=60)
tied_samples = st.lists(st.integers(-3, 3).map(float), min_size=1, max_size=60)


def count_by_hand(edges, values):
    """Independent count: for each value, the first bin (lo, hi] holding it, by plain comparisons."""
    counts = [0] * (len(edges) - 1)
    for v in values:
        for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:])):
            if lo < v <= hi or (hi == math.inf and v > lo):
                counts[i] += 1
                break
    return counts


def test_quantile_edges_are_reference_values_at_k_over_b():
    ref = np.arange(1.0, 11.0)  # 1..10
    bins = quantile_bins(ref, 5)
    # smallest x with F(x) >= 0.2, 0.4, 0.6, 0.8
    assert bins.edges.tolist() == [-math.inf, 2, 4, 6, 8, math.inf]
    assert bins.count(ref).counts.tolist() == [2, 2, 2, 2, 2]


def test_quantile_bins_of_a_continuous_sample_hold_equal_shares():
    ref = np.random.default_rng(1).normal(size=10_000)
    counts = quantile_bins(ref, 10).count(ref).counts
    assert counts.tolist() == [1000] * 10


def test_tied_values_deduplicate_edges():
    ref = np.array([0.0] * 60 + [1.0, 2.0, 3.0, 4.0] * 10)
    bins = quantile_bins(ref, 10)
    # the 0.1 .. 0.6 quantiles are all 0; 0.7, 0.8, 0.9 are 1, 2, 3
    assert bins.edges.tolist() == [-math.inf, 0, 1, 2, 3, math.inf]
    assert bins.count(ref).counts.tolist() == [60, 10, 10, 10, 10]


def test_value_equal_to_an_edge_goes_to_the_bin_it_closes():
    bins = NumericBinning([-math.inf, 1.0, 2.0, math.inf])
    assert bins.count([1.0, 2.0, 1.5, 2.5]).counts.tolist() == [1, 2, 1]
    assert bins.labels == ("(-∞, 1]", "(1, 2]", "(2, +∞)")


def test_values_outside_the_reference_fall_in_the_open_outer_bins():
    bins = quantile_bins(np.linspace(0, 1, 101), 4)
    counts = bins.count([-1e300, -5.0, 0.5, 7.0, 1e300])
    assert counts.counts[0] == 2 and counts.counts[-1] == 2 and counts.n == 5


def test_equal_width_edges_split_min_to_max():
    bins = equal_width_bins(np.array([0.0, 10.0, 3.0]), 5)
    assert bins.edges.tolist() == [-math.inf, 2, 4, 6, 8, math.inf]


def test_constant_reference_gives_two_bins_around_the_value():
    for make in (quantile_bins, equal_width_bins):
        bins = make(np.full(50, 3.0), 10)
        assert bins.edges.tolist() == [-math.inf, 3.0, math.inf]
        assert bins.count([2.0, 3.0, 4.0]).counts.tolist() == [2, 1]


def test_nan_and_infinities_are_counted_as_missing_not_binned():
    ref = np.array([1.0, 2.0, np.nan, 3.0, 4.0, np.inf, -np.inf])
    bins = quantile_bins(ref, 2)
    assert bins.edges.tolist() == [-math.inf, 2.0, math.inf]
    counts = bins.count(ref)
    assert counts.counts.tolist() == [2, 2] and counts.missing == 3 and counts.n == 4


def test_integer_columns_are_numeric():
    bins = quantile_bins(np.array([1, 2, 3, 4]), 2)
    assert bins.count(np.array([0, 5, 2], dtype=np.int64)).counts.tolist() == [2, 1]
    assert is_numeric(np.array([1, 2])) and is_numeric(np.array([1.5]))
    assert not is_numeric(np.array(["a"])) and not is_numeric(np.array([True]))


def test_all_missing_reference_is_rejected():
    with pytest.raises(ValueError, match="no finite values"):
        quantile_bins(np.array([np.nan, np.nan]))
    with pytest.raises(ValueError, match="only missing values"):
        category_bins(np.array([None, np.nan], dtype=object))


def test_proportions_of_an_all_missing_sample_are_refused():
    counts = quantile_bins(np.arange(5.0), 2).count([np.nan])
    assert counts.n == 0 and counts.missing == 1
    with pytest.raises(ValueError, match="no non-missing values"):
        counts.proportions


@pytest.mark.parametrize("n_bins", [1, 0, -3, 2.5, True, "10"])
def test_bad_bin_count(n_bins):
    with pytest.raises(ValueError, match="n_bins must be an integer >= 2"):
        quantile_bins(np.arange(10.0), n_bins)


def test_bad_columns():
    with pytest.raises(ValueError, match="1-D"):
        quantile_bins(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="must be numeric"):
        quantile_bins(np.array(["a", "b"]))
    with pytest.raises(ValueError, match="cast integer codes to str"):
        category_bins(np.array([1, 2]))
    with pytest.raises(ValueError, match="numbers or text"):
        is_numeric(np.array(["2020-01-01"], dtype="datetime64[D]"))
    with pytest.raises(ValueError, match="strictly increasing"):
        NumericBinning([-math.inf, 1.0, 1.0, math.inf])
    with pytest.raises(ValueError, match="-inf and ending at \\+inf"):
        NumericBinning([0.0, 1.0])


def test_categories_sorted_with_unseen_bin_and_missing_counted():
    ref = np.array(["b", "a", None, "b", np.nan], dtype=object)
    bins = category_bins(ref)
    assert bins.labels == ("a", "b", UNSEEN)
    ref_counts = bins.count(ref)
    assert ref_counts.counts.tolist() == [1, 2, 0] and ref_counts.missing == 2
    cur = bins.count(np.array(["c", "a", "zz", None, "b"], dtype=object))
    assert cur.counts.tolist() == [1, 1, 2] and cur.missing == 1


def test_categories_compare_by_text_and_bool_columns_are_categorical():
    bins = category_bins(np.array([1, 2, "2"], dtype=object))
    assert bins.labels == ("1", "2", UNSEEN)
    flags = category_bins(np.array([True, False, True]))
    assert flags.count(np.array([True, True])).counts.tolist() == [0, 2, 0]


def test_bin_counts_are_read_only():
    counts = BinCounts(("a",), [3], 0)
    with pytest.raises(ValueError):
        counts.counts[0] = 4


@settings(max_examples=200, deadline=None)
@given(ref=samples, cur=samples, n_bins=st.integers(2, 12))
def test_counts_match_an_independent_count(ref, cur, n_bins):
    for make in (quantile_bins, equal_width_bins):
        bins = make(np.array(ref), n_bins)
        assert bins.count(np.array(cur)).counts.tolist() == count_by_hand(bins.edges.tolist(), cur)


@settings(max_examples=200, deadline=None)
@given(ref=st.one_of(samples, tied_samples), cur=samples, n_bins=st.integers(2, 12))
def test_quantile_bins_properties(ref, cur, n_bins):
    ref = np.array(ref)
    bins = quantile_bins(ref, n_bins)
    assert bins.edges[0] == -math.inf and bins.edges[-1] == math.inf
    assert np.all(np.diff(bins.edges) > 0) and bins.n_bins <= n_bins
    assert set(bins.edges[1:-1]) <= set(ref)
    ref_counts = bins.count(ref).counts
    assert np.all(ref_counts[:-1] > 0), "every bin but the last holds its upper edge"
    assert bins.count(np.array(cur)).n == len(cur), "no current value falls outside"


def test_labels_use_the_fewest_digits_that_keep_edges_apart():
    assert NumericBinning([-math.inf, 27.0114, 31.5466, math.inf]).labels == ("(-∞, 27]", "(27, 31.5]", "(31.5, +∞)")
    assert NumericBinning([-math.inf, 1000.1, 1000.2, math.inf]).labels == (
        "(-∞, 1000.1]", "(1000.1, 1000.2]", "(1000.2, +∞)")
