"""The cat classifier's math: KL as a loss, its tie to cross-entropy, and the tiny trainer."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kl_core import cross_entropy, entropy, kl_divergence, normalize
from pages.cat_classifier.model import (
    ARTICLE_Q_CAT,
    CLASSES,
    MAX_TRAIN_STEPS,
    PLAY_STRIDE,
    binary_example,
    binary_prediction,
    clamped,
    comparison,
    cross_entropy_split,
    infinite_reason,
    initial_state,
    kl_breakdown,
    logits_of,
    loss_gradient,
    make_cat_data,
    mean_kl_loss,
    nudged,
    play_tick,
    safe_learning_rate,
    soft_label,
    softmax,
    train,
    train_step,
    training_start,
)

ARTICLE_P = [1.0, 0.0]
ARTICLE_Q = [0.8, 0.2]


def distributions(k, zeros=True):
    """Probability vectors of length k, some entries exactly 0 when ``zeros``."""
    entry = st.one_of(st.just(0.0), st.floats(0.01, 1.0)) if zeros else st.floats(0.01, 1.0)
    return st.lists(entry, min_size=k, max_size=k).filter(lambda w: sum(w) > 0).map(normalize)


pairs = st.integers(2, 5).flatmap(lambda k: st.tuples(distributions(k), distributions(k)))


# The article's worked example.

def test_article_example_in_nats_and_bits():
    terms = kl_breakdown(ARTICLE_P, ARTICLE_Q)
    assert terms[0].value == pytest.approx(math.log(1 / 0.8), rel=1e-12)
    assert round(terms[0].value, 4) == 0.2231
    bits = sum(t.value for t in kl_breakdown(ARTICLE_P, ARTICLE_Q, base=2))
    assert round(bits, 4) == 0.3219
    assert bits == pytest.approx(kl_divergence(ARTICLE_P, ARTICLE_Q, base=2), rel=1e-12)


def test_zero_truth_term_vanishes_by_convention():
    cat, not_cat = kl_breakdown(ARTICLE_P, ARTICLE_Q)
    assert not cat.vanishes_by_convention and not cat.infinite
    assert not_cat.vanishes_by_convention
    assert not_cat.value == 0.0 and (not_cat.p, not_cat.q) == (0.0, 0.2)


def test_prediction_zero_on_the_true_class_is_infinite():
    cat, not_cat = kl_breakdown(ARTICLE_P, binary_prediction(0.0))
    assert cat.infinite and cat.value == math.inf
    assert not_cat.value == 0.0


def test_certain_and_right_costs_nothing():
    assert [t.value for t in kl_breakdown(ARTICLE_P, binary_prediction(1.0))] == [0.0, 0.0]


def test_reverse_direction_is_infinite():
    terms = kl_breakdown(ARTICLE_Q, ARTICLE_P)
    assert [t.infinite for t in terms] == [False, True]
    assert kl_divergence(ARTICLE_Q, ARTICLE_P) == math.inf


@settings(max_examples=200, deadline=None)
@given(pairs, st.sampled_from([math.e, 2.0]))
def test_terms_add_up_to_kl(pair, base):
    p, q = pair
    terms = kl_breakdown(p, q, base=base)
    assert len(terms) == len(p)
    total = sum(t.value for t in terms)
    expected = kl_divergence(p, q, base=base)
    if math.isinf(expected):
        assert total == math.inf and any(t.infinite for t in terms)
    else:
        assert total == pytest.approx(expected, rel=1e-9, abs=1e-12)
    for t, pi in zip(terms, p):
        assert t.vanishes_by_convention == (pi == 0.0)
        if t.vanishes_by_convention:
            assert t.value == 0.0


# Cross-entropy = entropy + KL.

def test_one_hot_truth_makes_cross_entropy_equal_kl():
    split = cross_entropy_split(ARTICLE_P, ARTICLE_Q)
    assert split.entropy == 0.0
    assert split.cross_entropy == pytest.approx(split.kl, rel=1e-12)
    assert split.kl == kl_divergence(ARTICLE_P, ARTICLE_Q)


@settings(max_examples=200, deadline=None)
@given(pairs, st.sampled_from([math.e, 2.0]))
def test_cross_entropy_is_entropy_plus_kl(pair, base):
    p, q = pair
    split = cross_entropy_split(p, q, base=base)
    assert split.entropy == entropy(p, base=base)
    assert split.kl == kl_divergence(p, q, base=base)
    assert split.cross_entropy == cross_entropy(p, q, base=base)
    assert split.entropy + split.kl == pytest.approx(split.cross_entropy, rel=1e-9, abs=1e-12)


def test_smoothed_truth_has_entropy_and_a_constant_gap():
    p = soft_label(0, 2, 0.1)
    gaps = [cross_entropy_split(p, binary_prediction(q)) for q in (0.3, 0.6, 0.95)]
    assert all(g.entropy > 0 for g in gaps)
    assert [g.cross_entropy - g.kl for g in gaps] == pytest.approx([entropy(p)] * 3, rel=1e-12)


# Labels and predictions.

def test_soft_label_values():
    assert soft_label(0, 2, 0.1).tolist() == pytest.approx([0.9, 0.1])
    assert soft_label(1, 2).tolist() == [0.0, 1.0]
    assert soft_label(2, 4, 0.3).tolist() == pytest.approx([0.1, 0.1, 0.7, 0.1])
    assert soft_label(0, 3, 2 / 3).tolist() == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize("args, fragment", [
    ((0, 2, -0.1), "label_smoothing must lie in [0, 0.5]"),
    ((0, 2, 0.6), "label_smoothing must lie in [0, 0.5]"),
    ((2, 2, 0.0), "true_class must be an integer index in [0, 1]"),
    ((0, 1, 0.0), "n_classes must be an integer >= 2"),
    ((0, 2, float("nan")), "label_smoothing must be finite"),
])
def test_soft_label_rejects_bad_input(args, fragment):
    with pytest.raises(ValueError, match=fragment.replace("[", r"\[").replace("]", r"\]")):
        soft_label(*args)


def test_binary_prediction_includes_its_ends_and_rejects_the_rest():
    assert binary_prediction(0.8).tolist() == pytest.approx(ARTICLE_Q)
    assert binary_prediction(0).tolist() == [0.0, 1.0]
    assert binary_prediction(1).tolist() == [1.0, 0.0]
    with pytest.raises(ValueError, match=r"must lie in \[0, 1\]"):
        binary_prediction(1.2)
    assert CLASSES == ("cat", "not_cat")


# Gradients: KL and cross-entropy have the same one, softmax(z) - P.

def _numeric_gradient(f, z, h=1e-6):
    grad = np.empty_like(z)
    for i in range(z.size):
        step = np.zeros_like(z)
        step[i] = h
        grad[i] = (f(z + step) - f(z - step)) / (2 * h)
    return grad


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 5).flatmap(lambda k: st.tuples(
    distributions(k), st.lists(st.floats(-4, 4), min_size=k, max_size=k))))
def test_gradient_of_kl_and_of_cross_entropy_equal_finite_differences(case):
    p, z = case
    z = np.array(z)
    analytic = loss_gradient(p, z)
    kl_numeric = _numeric_gradient(lambda v: kl_divergence(p, softmax(v)), z)
    ce_numeric = _numeric_gradient(lambda v: cross_entropy(p, softmax(v)), z)
    np.testing.assert_allclose(kl_numeric, analytic, atol=1e-6)
    np.testing.assert_allclose(ce_numeric, analytic, atol=1e-6)


def test_gradient_vanishes_at_the_truth():
    p = soft_label(0, 2, 0.1)
    z = np.log(p)
    np.testing.assert_allclose(loss_gradient(p, z), 0.0, atol=1e-15)


@settings(max_examples=100, deadline=None)
@given(st.integers(2, 5).flatmap(lambda k: distributions(k, zeros=False)))
def test_logits_of_inverts_softmax(q):
    z = logits_of(q)
    np.testing.assert_allclose(softmax(z), q, rtol=1e-12)
    assert abs(z.sum()) < 1e-9


def test_a_certain_prediction_has_no_finite_logits():
    with pytest.raises(ValueError, match="probability 0, a logit of -inf"):
        logits_of([1.0, 0.0])


def test_gradient_rejects_mismatched_shapes_and_bad_truth():
    with pytest.raises(ValueError, match="same shape"):
        loss_gradient([0.5, 0.5], [0.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="sums to"):
        loss_gradient([0.5, 0.6], [0.0, 0.0])
    with pytest.raises(ValueError, match="at least two classes"):
        softmax([1.0])


# The data set.

def test_data_is_seeded_balanced_and_separable():
    data = make_cat_data(20, seed=3)
    again = make_cat_data(20, seed=3)
    np.testing.assert_array_equal(data.features, again.features)
    assert data.features.shape == (40, 2) and data.truth.shape == (40, 2)
    assert data.is_cat.tolist() == [True] * 20 + [False] * 20
    assert (data.first_example(cat=True), data.first_example(cat=False)) == (0, 20)
    assert not np.array_equal(data.features, make_cat_data(20, seed=4).features)
    state = train(data, 300, learning_rate=0.5)
    predicted_cat = state.predict(data.features)[:, 0] > 0.5
    assert predicted_cat.tolist() == data.is_cat.tolist()


def test_soft_labelled_data():
    data = make_cat_data(5, label_smoothing=0.1)
    assert data.truth[0].tolist() == pytest.approx([0.9, 0.1])
    assert data.truth[-1].tolist() == pytest.approx([0.1, 0.9])


# The trainer.

def test_untrained_model_predicts_the_article_number_for_every_picture():
    data = make_cat_data()
    state = initial_state(data)
    np.testing.assert_allclose(state.predict(data.features), np.tile(ARTICLE_Q, (data.n, 1)), rtol=1e-12)
    cats_loss = math.log(1 / 0.8)
    not_cats_loss = math.log(1 / 0.2)
    assert state.loss() == pytest.approx((cats_loss + not_cats_loss) / 2, rel=1e-12)
    assert state.step == 0 and len(state.losses) == 1


def test_loss_falls_below_a_hundredth_of_a_nat():
    data = make_cat_data()
    state = train(data, 150, learning_rate=0.5)
    assert state.loss() < 0.01
    assert state.loss(base=2) == pytest.approx(state.loss() / math.log(2), rel=1e-12)
    cat = state.predict(data.features[0])
    assert cat[0] > 0.99 and cat.sum() == pytest.approx(1.0)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.05, 1.0), st.sampled_from([0.0, 0.05, 0.2]))
def test_loss_never_rises_for_a_small_learning_rate(seed, fraction, smoothing):
    data = make_cat_data(15, seed=seed, label_smoothing=smoothing)
    state = train(data, 120, learning_rate=fraction * safe_learning_rate(data))
    assert np.all(np.diff(state.loss_history()) <= 0)
    assert state.loss() >= 0


def test_recorded_losses_are_kl_core_numbers():
    data = make_cat_data(10, seed=1, label_smoothing=0.1)
    state = train(data, 7, learning_rate=0.4)
    assert state.step == 7 and len(state.losses) == 8
    q = state.predict(data.features)
    expected = np.mean([kl_divergence(p, qi) for p, qi in zip(data.truth, q)])
    assert state.loss() == pytest.approx(expected, rel=1e-12)
    assert mean_kl_loss(data, state.weights, state.bias, base=2) == pytest.approx(
        state.loss(base=2), rel=1e-12)


def test_a_step_moves_along_the_gradient_of_the_mean_kl():
    data = make_cat_data(10, seed=2, label_smoothing=0.1)
    state = train(data, 3, learning_rate=0.3)
    theta = np.array([*state.weights, state.bias])
    lr = 0.25
    after = train_step(state, data, learning_rate=lr)
    step = (theta - np.array([*after.weights, after.bias])) / lr
    numeric = _numeric_gradient(lambda t: mean_kl_loss(data, t[:2], t[2]), theta)
    np.testing.assert_allclose(step, numeric, atol=1e-7)


def test_training_is_deterministic_and_pure():
    data = make_cat_data()
    start = initial_state(data)
    one = train_step(start, data, learning_rate=0.5)
    assert start == initial_state(data) and start.step == 0
    assert one == train_step(start, data, learning_rate=0.5)
    assert train(data, 5, learning_rate=0.5) == train(data, 5, learning_rate=0.5)
    assert train(data, 0, learning_rate=0.5) == start


def test_starting_prediction_follows_q_cat():
    data = make_cat_data()
    state = initial_state(data, q_cat=0.3)
    assert state.predict(data.features[0])[0] == pytest.approx(0.3, rel=1e-12)


@pytest.mark.parametrize("call, fragment", [
    (lambda d: initial_state(d, q_cat=1.0), "strictly between 0 and 1"),
    (lambda d: initial_state(d, q_cat=0.0), "strictly between 0 and 1"),
    (lambda d: train(d, -1, learning_rate=0.5), "n_steps must be a non-negative integer"),
    (lambda d: train(d, 2, learning_rate=0.0), "learning_rate must be > 0"),
    (lambda d: make_cat_data(0), "n_per_class must be a positive integer"),
])
def test_trainer_rejects_bad_input(call, fragment):
    with pytest.raises(ValueError, match=fragment):
        call(make_cat_data(3))


# The example every step shows, the reason beside ∞, and the trainer's Play.

def test_binary_example_is_the_article_example():
    ex = binary_example(0.8, "cat")
    assert ex.p.tolist() == ARTICLE_P and ex.q == pytest.approx(ARTICLE_Q)
    assert ex.kl_pq == kl_divergence(ARTICLE_P, ARTICLE_Q)
    assert [t.value for t in ex.terms] == [t.value for t in kl_breakdown(ARTICLE_P, ARTICLE_Q)]
    assert (ex.truth_label, ex.wrong_label, ex.true_index, ex.reason) == ("cat", "not cat", 0, None)
    bits = binary_example(0.3, "not_cat", base=2)
    assert bits.p.tolist() == [0.0, 1.0] and bits.kl_pq == kl_divergence([0, 1], [0.3, 0.7], base=2)
    assert (bits.truth_label, bits.wrong_label) == ("not cat", "cat")


def test_binary_example_rejects_an_unknown_truth():
    with pytest.raises(ValueError, match="truth must be one of cat, not_cat"):
        binary_example(0.8, "dog")


def test_infinite_reason_names_the_class():
    assert binary_example(0.0, "cat").reason == "P gives cat probability 1 where Q gives it 0"
    assert binary_example(1.0, "not_cat").reason == "P gives not cat probability 1 where Q gives it 0"
    assert infinite_reason(ARTICLE_Q, ARTICLE_P, ("cat", "not cat"), first="Q", second="P") == \
        "Q gives not cat probability 0.2 where P gives it 0"
    assert infinite_reason(ARTICLE_P, ARTICLE_Q, ("cat", "not cat")) is None


def test_nudge_and_comparison():
    assert [nudged(q) for q in (0.0, 0.8, 0.9, 0.95, 1.0)] == [0.1, 0.9, 1.0, 0.85, 0.9]
    words = ("up", "down", "same")
    assert [comparison(1.0, v, words) for v in (2.0, 0.5, 1.0)] == ["up", "down", "same"]
    assert comparison(math.inf, math.inf, words) == "same"


def test_training_starts_inside_the_open_interval():
    assert [training_start(q) for q in (0.0, 0.3, 1.0)] == [ARTICLE_Q_CAT, 0.3, ARTICLE_Q_CAT]


def test_play_ticks_by_the_stride_and_stops_after_the_last_step():
    assert play_tick(0, True) == (PLAY_STRIDE, True)
    assert play_tick(MAX_TRAIN_STEPS - 1, True) == (MAX_TRAIN_STEPS, True)
    assert play_tick(MAX_TRAIN_STEPS, True) == (MAX_TRAIN_STEPS, False)
    assert play_tick(7, False) == (7, False)
    assert play_tick(5, True, stride=10, most=12) == (12, True)
    assert [clamped(v, 1, 9) for v in (0, 1, 5, 9, 10)] == [1, 1, 5, 9, 9]
