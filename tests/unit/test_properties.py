"""Properties every divergence must satisfy on random probability vectors with zeros.

Vectors have 2..30 bins, are built from non-negative floats (exact zeros included, no subnormal
entries) and normalised with numpy here, never by kl_core. Divergences are in nats.
Inequalities allow a slack of 1e-12 absolute + 1e-9 relative; the ones with a square root
(Pinsker, TV <= sqrt 2 H) are checked squared so that rounding in a tiny KL is not amplified.
"""

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from kl_core import cross_entropy, entropy, hellinger_distance, js_divergence, kl_divergence, total_variation

PROPERTIES = settings(max_examples=200, deadline=None)

LN2 = math.log(2.0)
WEIGHT = st.one_of(st.just(0.0), st.floats(min_value=1e-12, max_value=1e3))


def slack(*values):
    return 1e-12 + 1e-9 * max(abs(v) for v in values if math.isfinite(v))


def at_most(small, large):
    """small <= large up to the test slack (an infinite `large` bounds everything)."""
    return large == math.inf or small <= large + slack(small, large)


def close(a, b):
    return (a == b == math.inf) or abs(a - b) <= slack(a, b)


def normalised(weights):
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


@st.composite
def vector_pairs(draw, min_size=2):
    """Two probability vectors of one length in [min_size, 30]; each has at least one positive bin."""
    n = draw(st.integers(min_value=min_size, max_value=30))
    vectors = []
    for _ in range(2):
        weights = draw(st.lists(WEIGHT, min_size=n, max_size=n))
        weights[draw(st.integers(0, n - 1))] = draw(st.floats(min_value=1e-3, max_value=1e3))
        vectors.append(normalised(weights))
    return vectors


def merge_bins(v, i, j):
    """The vector with bins i and j (i < j) added together into bin i."""
    merged = np.delete(v, j)
    merged[i] = v[i] + v[j]
    return merged


@PROPERTIES
@given(vector_pairs())
def test_kl_is_non_negative_and_zero_on_itself(pq):
    p, q = pq
    assert kl_divergence(p, q) >= 0.0
    assert kl_divergence(p, p) == 0.0
    assert js_divergence(p, p) == 0.0


@PROPERTIES
@given(vector_pairs())
def test_kl_bounds_tv_and_hellinger(pq):
    """Pinsker 2 TV^2 <= KL, and KL >= -2 ln(1 - H^2) >= 2 H^2."""
    p, q = pq
    kl, tv, h = kl_divergence(p, q), total_variation(p, q), hellinger_distance(p, q)
    assert at_most(2 * tv**2, kl)
    assert at_most(2 * h**2, kl)


@PROPERTIES
@given(vector_pairs())
def test_hellinger_sandwiches_tv(pq):
    """H^2 <= TV <= sqrt(2) H, all in [0, 1]."""
    p, q = pq
    tv, h = total_variation(p, q), hellinger_distance(p, q)
    assert 0.0 <= h <= 1.0
    assert 0.0 <= tv <= 1.0
    assert at_most(h**2, tv)
    assert at_most(tv**2, 2 * h**2)


@PROPERTIES
@given(vector_pairs())
def test_js_is_bounded(pq):
    """TV^2 / 2 <= JS <= ln 2 nats = 1 bit."""
    p, q = pq
    js = js_divergence(p, q)
    assert 0.0 <= js
    assert at_most(js, LN2)
    assert at_most(js_divergence(p, q, base=2), 1.0)
    assert at_most(total_variation(p, q) ** 2 / 2, js)


@PROPERTIES
@given(vector_pairs())
def test_js_is_the_mean_kl_to_the_midpoint(pq):
    p, q = pq
    m = (p + q) / 2
    assert close(js_divergence(p, q), 0.5 * kl_divergence(p, m) + 0.5 * kl_divergence(q, m))


@PROPERTIES
@given(vector_pairs())
def test_symmetric_divergences_are_symmetric(pq):
    p, q = pq
    assert close(js_divergence(p, q), js_divergence(q, p))
    assert close(hellinger_distance(p, q), hellinger_distance(q, p))
    assert close(total_variation(p, q), total_variation(q, p))


@PROPERTIES
@given(vector_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    kl = kl_divergence(p, q)
    if math.isfinite(kl):
        assert close(cross_entropy(p, q), entropy(p) + kl)
    else:
        assert cross_entropy(p, q) == math.inf


@PROPERTIES
@given(vector_pairs(), st.randoms(use_true_random=False))
def test_divergences_ignore_the_order_of_bins(pq, rnd):
    p, q = pq
    order = list(range(len(p)))
    rnd.shuffle(order)
    for divergence in (kl_divergence, js_divergence, hellinger_distance, total_variation):
        assert close(divergence(p[order], q[order]), divergence(p, q))
    assert close(entropy(p[order]), entropy(p))


@PROPERTIES
@given(vector_pairs(min_size=3), st.data())
def test_merging_two_bins_never_increases_a_divergence(pq, data):
    """Data processing: coarsening both vectors the same way cannot make them more different."""
    p, q = pq
    i = data.draw(st.integers(0, len(p) - 2))
    j = data.draw(st.integers(i + 1, len(p) - 1))
    pm, qm = merge_bins(p, i, j), merge_bins(q, i, j)
    for divergence in (kl_divergence, js_divergence, hellinger_distance, total_variation):
        assert at_most(divergence(pm, qm), divergence(p, q))
