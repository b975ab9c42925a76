"""The GAN's optimal discriminator, its value 2 JS - ln 4, the vanishing JS gradient, and the 1-D GAN."""

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import integrate

from kl_core import GaussianMixture, Normal, Uniform, js_divergence, kl_divergence
from pages.gan.model import (
    GanConfig,
    discriminator,
    gan_step,
    initial_state,
    js_mean_gradient,
    optimal_discriminator,
    saturation_curve,
    train,
    value_at_optimum,
)

REAL = Normal(2.0, 0.7)
BIMODAL = GaussianMixture((0.5, 0.5), (1.0, 3.0), (0.5, 0.5))
PAIRS = [
    (REAL, Normal(-3.0, 1.5)),
    (REAL, Normal(2.0, 0.7)),
    (REAL, Normal(2.5, 0.3)),
    (Normal(0.0, 1.0), Normal(9.0, 1.0)),
    (BIMODAL, Normal(0.0, 2.0)),
    (BIMODAL, Normal(2.0, 1.0)),
]


def value_by_quadrature(p, q) -> float:
    """E_P[ln D*] + E_Q[ln(1 - D*)], integrated directly from the two log-densities."""
    def integrand(x):
        log_p, log_q = p.logpdf(x), q.logpdf(x)
        log_sum = np.logaddexp(log_p, log_q)
        return math.exp(log_p) * (log_p - log_sum) + math.exp(log_q) * (log_q - log_sum)

    centres = [c for d in (p, q) for c, _ in d.centres]
    low, high = min(centres) - 40, max(centres) + 40
    return integrate.quad(integrand, low, high, points=sorted(set(centres)), limit=500,
                          epsabs=1e-13, epsrel=1e-13)[0]


# The optimal discriminator and the value of the game.

@given(st.floats(-30, 30))
def test_optimal_discriminator_is_p_over_p_plus_q(x):
    for p, q in PAIRS:
        d = float(optimal_discriminator(p, q, x))
        assert 0.0 <= d <= 1.0
        p_x, q_x = float(p.pdf(x)), float(q.pdf(x))
        if min(p_x, q_x) > 1e-300:
            assert d == pytest.approx(p_x / (p_x + q_x), rel=1e-9)
        else:  # the direct ratio underflows: compare with ln D* = ln p - ln(p + q)
            log_p, log_q = float(p.logpdf(x)), float(q.logpdf(x))
            assert d == pytest.approx(math.exp(log_p - np.logaddexp(log_p, log_q)), rel=1e-9)


def test_optimal_discriminator_far_out_and_off_both_supports():
    d = optimal_discriminator(Normal(0, 1), Normal(1, 1), np.array([-1e4, 1e4]))
    assert d.tolist() == [1.0, 0.0]
    assert optimal_discriminator(Uniform(0, 1), Uniform(2, 3), np.array([0.5, 1.5, 2.5])).tolist() == [1.0, 0.5, 0.0]


@pytest.mark.parametrize(("p", "q"), PAIRS)
def test_value_at_optimum_is_two_js_minus_ln4_by_direct_quadrature(p, q):
    v = value_at_optimum(p, q)
    assert v == pytest.approx(2 * js_divergence(p, q) - math.log(4), abs=0)
    assert abs(v - value_by_quadrature(p, q)) <= 1e-9
    assert -math.log(4) <= v <= 0.0


def test_value_is_minus_ln4_when_the_generator_matches():
    assert value_at_optimum(REAL, Normal(2.0, 0.7)) == -math.log(4)


# The generator's gradient of JS, and how it vanishes.

@pytest.mark.parametrize(("p", "q"), [(REAL, Normal(-1.0, 1.5)), (REAL, Normal(2.4, 0.7)), (BIMODAL, Normal(0.5, 1.0))])
def test_js_gradient_equals_central_difference_of_kl_core_js(p, q):
    h = 1e-4
    central = (js_divergence(p, Normal(q.mu + h, q.sigma)) - js_divergence(p, Normal(q.mu - h, q.sigma))) / (2 * h)
    assert js_mean_gradient(p, q) == pytest.approx(central, rel=1e-6)
    assert js_mean_gradient(p, q, base=2) == pytest.approx(js_mean_gradient(p, q) / math.log(2), rel=1e-12)


def test_js_gradient_is_zero_at_the_optimum_and_needs_a_normal_generator():
    assert js_mean_gradient(REAL, Normal(2.0, 0.7)) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="Normal"):
        js_mean_gradient(REAL, Uniform(0, 1))


def test_far_from_p_js_saturates_and_its_gradient_vanishes_while_kl_grows():
    curve = saturation_curve(REAL, 0.7, REAL.mu - np.arange(1.0, 13.0))
    gradients = np.array([pt.gradient for pt in curve])
    kls = np.array([pt.kl for pt in curve])
    js = np.array([pt.js for pt in curve])
    assert (gradients < 0).all() and (np.diff(np.abs(gradients)) < 0).all()
    assert abs(gradients[-1]) < 1e-12 * abs(gradients[0])
    assert (np.diff(kls) > 0).all() and kls[-1] > 100
    assert (np.diff(js) >= 0).all() and js[-1] == pytest.approx(math.log(2), abs=1e-12)
    for pt in curve:
        assert pt.kl == pytest.approx(kl_divergence(REAL, Normal(pt.mu, 0.7)), rel=1e-13)  # closed form, rounding apart


# The 1-D GAN.

def config(**changes):
    return replace(GanConfig(real=REAL, start=Normal(-3.0, 1.5)), **changes)


def test_gan_step_is_pure_and_seeded():
    cfg = config()
    state = initial_state(cfg)
    assert gan_step(state, cfg) == gan_step(state, cfg)
    assert gan_step(state, cfg) != gan_step(state, config(seed=1))
    assert train(state, cfg, 5)[-1] == train(train(state, cfg, 2)[-1], cfg, 3)[-1]


def test_each_update_moves_the_generator_at_most_its_rate():
    cfg = config()
    history = train(initial_state(cfg), cfg, 50)
    for before, after in zip(history, history[1:]):
        moved = math.hypot(after.mu - before.mu, math.log(after.sigma / before.sigma))
        assert moved <= cfg.generator_rate * (1 + 1e-12)


@pytest.mark.parametrize("real", [REAL, BIMODAL])
def test_trained_generator_ends_closer_to_p_by_kl_and_by_mean(real):
    cfg = config(real=real)
    start, *_, end = train(initial_state(cfg), cfg, 400)
    assert kl_divergence(real, end.generator) < 0.1 * kl_divergence(real, start.generator)
    assert abs(end.mu - real.mean) < 0.1 * abs(start.mu - real.mean)
    assert end.discriminator_loss == pytest.approx(math.log(4), abs=0.1)


def test_minimax_generator_loss_starts_slowly_where_the_discriminator_rejects_fakes():
    steps = 150
    non_saturating = train(initial_state(config()), config(), steps)[-1]
    minimax = train(initial_state(config(generator_loss="minimax")), config(generator_loss="minimax"), steps)[-1]
    assert abs(minimax.mu - REAL.mu) > 3 * abs(non_saturating.mu - REAL.mu)


def test_trained_discriminator_approaches_half_everywhere():
    cfg = config()
    end = train(initial_state(cfg), cfg, 400)[-1]
    x = np.linspace(0.5, 3.5, 7)
    assert np.abs(discriminator(end, cfg, x) - 0.5).max() < 0.1


@pytest.mark.parametrize(("changes", "says"), [
    ({"generator_loss": "wasserstein"}, "generator_loss"),
    ({"batch_size": 0}, "batch_size"),
    ({"generator_rate": -1.0}, "generator_rate"),
    ({"start": Uniform(0, 1)}, "start"),
    ({"real": [0.5, 0.5]}, "real"),
])
def test_bad_config_says_what_is_wrong(changes, says):
    with pytest.raises(ValueError, match=says):
        config(**changes)


def test_steps_must_be_a_count():
    cfg = config()
    with pytest.raises(ValueError, match="steps"):
        train(initial_state(cfg), cfg, -1)
