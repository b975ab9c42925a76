"""The GAN page's figures: the right traces, P's and Q's colours, and kl_core's numbers in them."""

import math

import numpy as np

from pages.gan.figures import ANIMATION_FRAMES, discriminator_figure, saturation_figure, training_figure
from kl_app.theme import P_COLOR, Q_COLOR
from kl_core import Normal
from pages.gan.model import (
    GENERATOR_MEANS, REAL_DATA, GanConfig, discriminator, initial_state, optimal_discriminator, saturation_curve,
    saturation_point, train,
)

P, Q = REAL_DATA["bimodal"], Normal(-1.0, 1.0)


def by_name(fig, name):
    return next(t for t in fig["data"] if t.get("name") == name)


def test_discriminator_figure_draws_p_q_and_d_star():
    fig = discriminator_figure(P, Q)
    p, q, d = by_name(fig, "real data p(x)"), by_name(fig, "generator q(x)"), by_name(fig, "D*(x) = p / (p + q)")
    assert (p["line"]["color"], q["line"]["color"]) == (P_COLOR, Q_COLOR)
    x = np.asarray(d["x"])
    assert np.allclose(p["y"], P.pdf(x)) and np.allclose(q["y"], Q.pdf(x))
    assert np.array_equal(d["y"], optimal_discriminator(P, Q, x)) and d["yaxis"] == "y2"


def test_saturation_figure_plots_kl_cores_curve_and_marks_the_current_generator():
    curve = saturation_curve(P, 0.8, GENERATOR_MEANS[::12], base=2)
    now = saturation_point(P, Normal(-3.0, 0.8), base=2)
    fig = saturation_figure(curve, now, "bits")
    assert np.allclose(by_name(fig, "JS(P, Q)")["y"], [c.js for c in curve])
    assert np.allclose(by_name(fig, "KL(P‖Q) (right axis)")["y"], [c.kl for c in curve])
    assert np.allclose(by_name(fig, "d JS / d μ")["y"], [c.gradient for c in curve])
    marker = by_name(fig, "your Q: μ = -3")
    assert (marker["x"][0], marker["y"][0]) == (-3.0, now.js) and marker["marker"]["color"] == Q_COLOR
    assert fig["layout"]["shapes"][0]["y0"] == 1.0  # the JS ceiling: log2(2) = 1 bit


def test_training_figure_shows_the_last_state_the_losses_and_a_replay():
    config = GanConfig(real=P, start=Q, generator_loss="minimax")
    history = train(initial_state(config), config, 150)
    fig = training_figure(history, config)
    traces = {t.get("name"): t for t in fig["data"]}
    q, d = traces["generator q(x)"], traces["D(x), trained"]
    x = np.asarray(q["x"])
    assert np.allclose(q["y"], history[-1].generator.pdf(x))
    assert np.allclose(d["y"], discriminator(history[-1], config, x))
    assert np.array_equal(traces["D's loss"]["y"], [s.discriminator_loss for s in history[1:]])
    assert np.array_equal(traces["G's loss"]["y"], [s.generator_loss for s in history[1:]])
    frames = fig["frames"]
    assert len(frames) <= ANIMATION_FRAMES + 1
    assert frames[0]["name"] == "0" and frames[-1]["name"] == str(len(history) - 1)
    assert np.allclose(frames[0]["data"][0]["y"], Q.pdf(x), rtol=1e-6)
    assert np.allclose(frames[-1]["data"][2]["y"], traces["D's loss"]["y"], rtol=1e-6)  # 150 steps: all

    assert frames[-1]["layout"]["title"]["text"] == fig["layout"]["title"]["text"]
    assert [s["y0"] for s in fig["layout"]["shapes"]] == [math.log(4), -math.log(2)]
    assert fig["layout"]["updatemenus"][0]["buttons"][0]["label"] == "▶ Replay training"

def test_the_replay_of_a_long_training_thins_its_loss_curves():
    config = GanConfig(real=P, start=Q)
    history = train(initial_state(config), config, 2000)
    last = training_figure(history, config)["frames"][-1]["data"]
    assert len(last[2]["x"]) == 250 and last[2]["x"][1] - last[2]["x"][0] == 8
    assert np.allclose(last[3]["y"], [s.generator_loss for s in history[1::8]], rtol=1e-6)
