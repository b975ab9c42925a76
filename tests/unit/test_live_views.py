"""The live panels of the cat classifier, GAN, VAE, Limitations pages and the triangle demo (kl_app.frames.along): at every
slider position a drag shows kl_core's numbers, and the chart's moving parts as the page's figure has them.

Expected values are computed here from kl_core and closed forms, not by the views under test.
"""

import math

import numpy as np
import pytest

import kl_core
from kl_app import triangle
from kl_app.formatting import fixed, format_value
from kl_app.frames import Progress, along, encode, extend
from pages.cat_classifier import model as clf, views as cat
from pages.cat_classifier.links import SCHEMA as CAT
from pages.gan import figures as gan_figures
from pages.gan.links import SCHEMA as GAN
from pages.gan import model as gan_model
from pages.gan.model import REAL_DATA
from pages.limitations import figures as limits
from pages.limitations.estimation import estimate_view
from pages.limitations.links import SCHEMA as LIMITS
from pages.limitations.zero_support import bell
from pages.vae import figures as vae, model as vae_model
from pages.vae.links import SCHEMA as VAE
from tests.unit.test_frames import decoded


def frames_of(slider, current):
    """Every frame of `slider`, computed at once, as static/live.js receives them."""
    progress = extend(slider, None, current=current, budget=600)
    assert progress.complete
    return progress, encode(slider, progress)


def at(frames, slider, value):
    return int(np.flatnonzero(np.isclose(slider.positions, value))[0])


def test_the_cat_steps_show_kl_of_the_truth_and_each_position_of_p_cat():
    example = lambda q_cat: clf.binary_example(q_cat, "cat", 2.0)  # noqa: E731
    slider, = along(CAT, lambda q_cat: cat.terms(example(q_cat), "bits"), {"q_cat": 0.8}, truth="cat", unit="bits")
    _, frames = frames_of(slider, 0.8)
    assert len(frames["values"]) == 101 and frames["x"] == ""  # bars: the figure's own x
    for q_cat in (0.0, 0.37, 0.5, 1.0):
        i = at(frames, slider, q_cat)
        bits = math.inf if q_cat == 0 else -math.log2(q_cat)  # KL({1, 0} ‖ {q, 1 − q}) = log₂(1/q)
        value, note = frames["readings"][i][0]
        assert value == format_value(bits, "bits")
        assert note == ("∞ because P gives cat probability 1 where Q gives it 0" if q_cat == 0 else "")
        bar = frames["patches"][i]["data"][0]
        assert bar["text"] == ["∞" if q_cat == 0 else fixed(bits, 4), "0 (by convention)"]
        assert bar["marker.pattern.shape"] == ["/" if q_cat == 0 else "", ""]
        assert frames["patches"][i]["layout"]["yaxis.range"][1] > (0 if q_cat == 0 else bits)  # the bar fits


def test_the_cat_bars_carry_each_positions_prediction_and_its_labels():
    slider, = along(CAT, lambda q_cat: cat.truth_and_prediction(clf.binary_example(q_cat, "not_cat")),
                    {"q_cat": 0.8}, truth="not_cat", unit="nats")
    _, frames = frames_of(slider, 0.8)
    i = at(frames, slider, 0.25)
    assert frames["readings"][i] == [["{0, 1}", ""], ["{0.25, 0.75}", ""]]
    truth, prediction = frames["patches"][i]["data"][0], frames["patches"][i]["data"][1]
    assert truth["y"] == [0.0, 1.0] and prediction["y"] == [0.25, 0.75]
    assert prediction["text"] == ["0.25", "0.75"]


def test_soft_labels_follow_both_sliders_each_with_the_other_in_its_context():
    def view(q_cat, smooth):
        return cat.split(clf.soft_label(0, 2, smooth), clf.binary_example(q_cat, "cat"), "nats")
    q_slider, smooth_slider = along(CAT, view, {"q_cat": 0.8, "smooth": 0.1}, truth="cat", unit="nats")
    assert '"smooth": 0.1' in q_slider.context and "q_cat" not in q_slider.context
    _, frames = frames_of(smooth_slider, 0.1)
    i = at(frames, smooth_slider, 0.3)
    p, q = [0.7, 0.3], [0.8, 0.2]
    entropy = -sum(v * math.log(v) for v in p)
    kl = sum(a * math.log(a / b) for a, b in zip(p, q))
    assert [v for v, _ in frames["readings"][i]] == [format_value(entropy, "nats"), format_value(kl, "nats"),
                                                      format_value(entropy + kl, "nats")]


def test_more_classes_shows_no_number_where_every_score_is_zero():
    names = ("cat", "dog", "fox")
    view = lambda **w: cat.more_classes([1.0, 0.0, 0.0], [w[f"w_{n}"] for n in names], names, "nats")  # noqa: E731
    sliders = along(CAT, view, {"w_cat": 0.5, "w_dog": 0.0, "w_fox": 0.0}, truth="cat", classes=3, unit="nats")
    _, frames = frames_of(sliders[0], 0.5)
    assert frames["readings"][0] == [["—", "every score is 0: there is no prediction"]]
    assert frames["readings"][at(frames, sliders[0], 0.25)] == [[format_value(0.0, "nats"), ""]]


@pytest.mark.parametrize("real", ["normal", "bimodal"])
def test_the_gan_panel_shows_js_and_the_games_value_along_the_generators_mean(real):
    p = REAL_DATA[real]
    sliders = along(GAN, lambda x=None, **q: gan_figures.discriminator_view(p, real, kl_core.Normal(**q), "nats", x),
                    {"mu": -1.0, "sigma": 1.0}, grid=lambda *ends: gan_figures.discriminator_grid(p, *ends), real=real,
                    unit="nats")
    mu = next(s for s in sliders if s.param.key == "mu")
    progress = Progress(mu.grid(), [None] * len(mu.positions))
    assert progress.x.min() < -8 - 3 and progress.x.max() > 8 + 3  # both ends' generators fit on the grid
    for value in (-8.0, 0.5, 8.0):
        frame = mu.frame(value, progress.x)
        q = kl_core.Normal(value, 1.0)
        js = kl_core.js_divergence(p, q)
        assert [r.value for r in frame.readings] == [format_value(js, "nats"), f"{fixed(2 * js - math.log(4), 4)} nats"]
        density, generator, discriminator = frame.curves
        np.testing.assert_allclose(generator, q.pdf(progress.x), rtol=1e-6)
        np.testing.assert_allclose(discriminator, p.pdf(progress.x) / (p.pdf(progress.x) + q.pdf(progress.x)),
                                   rtol=1e-6, atol=1e-300)


def test_the_vae_panel_retitles_the_moving_dimension_with_its_closed_form_kl():
    code = vae.code_of([1.0, -0.5], [0.5, 1.2])
    sliders = {s.param.key: s for s in along(VAE, lambda z=None, **c: vae.kl_term_view("nats", z, **c), code,
                                             grid=vae.code_grid, unit="nats")}
    assert set(sliders) == {"mu1", "sigma1", "mu2", "sigma2"}
    progress, frames = frames_of(sliders["sigma2"], 1.2)
    term = lambda m, s: 0.5 * (s**2 + m**2 - 1 - math.log(s**2))  # noqa: E731
    for sigma in (0.1, 1.0, 3.0):
        i = at(frames, sliders["sigma2"], sigma)
        assert frames["readings"][i][0][0] == format_value(term(1.0, 0.5) + term(-0.5, sigma), "nats")
        assert frames["patches"][i]["layout"]["annotations[1].text"] == f"z₂<br>KL = {term(-0.5, sigma):.4f}<br>nats"
        encoder = decoded(frames)[i][3]
        span = frames["high"][3] - frames["low"][3]
        np.testing.assert_allclose(encoder, kl_core.Normal(-0.5, sigma).pdf(progress.x), atol=span / 65534 + 1e-6)


def test_the_zero_support_panel_steps_through_whole_outcomes():
    p, q = bell(12, 5.5, 2.0), bell(12, 6.5, 2.5)
    low, high = along(LIMITS, lambda **w: limits.support_view(p, q, unit="nats", eps_text="0", **w),
                      {"cut_low": 1, "cut_high": 12}, unit="nats", eps="0")
    _, frames = frames_of(low, 1)
    assert frames["values"] == [1, 2, 3, 4, 5, 6]
    kl, js, outside = frames["readings"][2]  # Q allows outcomes 3 to 12 only
    assert kl == ["∞", f"∞ because P gives outcome 1 probability {p[0]:.4g} where Q gives it 0."]
    assert outside == [f"{p[0] + p[1]:.4f}", ""]
    marks = frames["patches"][2]["data"][2]
    assert marks["x"] == [1, 2] and marks["text"] == ["∞", "∞"] and marks["showlegend"] is True
    assert frames["patches"][0]["data"][2]["x"] == [] and frames["patches"][0]["data"][2]["showlegend"] is False


def test_the_estimates_panel_follows_the_bins_with_the_binned_limit():
    p, q = kl_core.Normal(0, 1), kl_core.Normal(1, 1.5)
    slider, = along(LIMITS, lambda bins: estimate_view(p, q, smoothing=0.0, bins=bins, unit="nats"), {"bins": 30},
                    unit="nats", eps="0")
    _, frames = frames_of(slider, 30)
    exact = math.log(1.5) + (1 + 1) / (2 * 1.5**2) - 0.5  # KL(N(0, 1) ‖ N(1, 1.5²)) in closed form
    for bins in (5, 60):
        (shown_exact, _), (limit, _) = frames["readings"][at(frames, slider, bins)]
        assert shown_exact == format_value(exact, "nats")
        assert float(limit.split()[0]) < exact  # binning loses information (data processing inequality)
    assert frames["patches"] == [None] * len(frames["values"])  # numbers only: the chart waits for the release


def test_the_gan_gradient_panel_follows_the_generator_with_kl_and_d_js_d_mu():
    p = REAL_DATA["normal"]  # N(2, 0.7²)
    slider = next(s for s in along(GAN, lambda **q: gan_model.gradient_view(p, kl_core.Normal(**q), "bits"),
                                   {"mu": -1.0, "sigma": 1.0}, real="normal", unit="bits") if s.param.key == "mu")
    for mu in (-8.0, 2.0, 5.5):
        gradient, kl = slider.frame(mu, np.empty(0)).readings
        # KL(N(2, 0.7²) ‖ N(μ, 1)) = ln(1/0.7) + (0.7² + (2 − μ)²)/2 − 1/2 nats
        assert kl.value == format_value((math.log(1 / 0.7) + (0.49 + (2 - mu) ** 2) / 2 - 0.5) / math.log(2), "bits")
        assert gradient.value == format_value(gan_model.js_mean_gradient(p, kl_core.Normal(mu, 1.0), base=2),
                                              "bits per unit of x")


def test_the_vae_beta_panel_shows_each_betas_fit():
    data = vae_model.make_dataset()
    slider, = along(VAE, lambda beta: vae.beta_view(vae_model.fit_summary(data, beta)), {"beta": 1.0})
    assert len(slider.positions) == 600
    for beta in (0.1, 5.0, 60.0):
        fit = vae_model.fit_summary(data, beta)
        error, kl, sds = slider.frame(beta, np.empty(0)).readings
        assert (error.value, kl.value) == (f"{fit.reconstruction_error:.4f}", format_value(fit.kl.total, "nats"))
        assert sds.value == ", ".join(f"{v:.3f}" for v in fit.sds)
    assert slider.frame(60.0, np.empty(0)).readings[1].value == format_value(0.0, "nats")  # both codes collapsed


def test_the_triangle_panel_shows_kl_direct_and_through_q_at_every_shift():
    slider, = along(triangle.SHIFTS, lambda x, **d: triangle.triangle_view("nats", x, **d), {"tri_d": 1.0},
                    grid=lambda *ends: triangle.shift_grid(*(end["tri_d"] for end in ends)), unit="nats")
    progress, frames = frames_of(slider, 1.0)
    for d in (0.2, 1.3, 3.0):
        i = at(frames, slider, d)
        assert frames["readings"][i] == [[format_value(2 * d**2, "nats"), ""], [format_value(d**2, "nats"), ""]]
        bars = frames["patches"][i]["data"]
        assert bars[3]["y"] == pytest.approx([2 * d**2, 0]) and bars[4]["y"] == pytest.approx([0, d**2 / 2])
        r_density = decoded(frames)[i][2]
        span = frames["high"][2] - frames["low"][2]
        np.testing.assert_allclose(r_density, kl_core.Normal(2 * d, 1).pdf(progress.x), atol=span / 65534 + 1e-6)


def test_the_training_panel_follows_the_steps_slider_along_one_training():
    data, ex = clf.make_cat_data(), clf.binary_example(0.8, "cat")
    path = clf.training_path(data, clf.MAX_TRAIN_STEPS, learning_rate=0.5, q_cat=0.8)
    slider, = along(CAT, lambda x, trained: cat.training(ex, data, path[trained], 0.5, "nats", x), {"trained": 0},
                    grid=lambda *ends: np.arange(clf.MAX_TRAIN_STEPS + 1), truth="cat", unit="nats")
    progress, frames = frames_of(slider, 0)
    assert frames["values"] == list(range(201))
    ringed = data.first_example(cat=True)
    for n in (0, 37, 200):
        state = clf.train(data, n, learning_rate=0.5, q_cat=0.8)  # trained anew: the path's state n is the same
        q_i = state.predict(data.features[ringed])
        assert [v for v, _ in frames["readings"][n]] == [format_value(state.loss(), "nats"),
                                                         format_value(-math.log(q_i[0]), "nats")]  # one-hot cat
        curve = decoded(frames)[n][0]
        assert np.isnan(curve[n + 1:]).all() and not np.isnan(curve[:n + 1]).any()  # the curve so far
        assert frames["patches"][n]["data"][1] == {"x": [n], "y": [pytest.approx(state.loss())]}
