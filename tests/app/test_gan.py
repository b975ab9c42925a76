"""The GAN page, run through Streamlit's AppTest: every number equals kl_core's."""

import math

import numpy as np

from kl_app.formatting import fixed, format_value
from kl_core import Normal, js_divergence, kl_divergence
from pages.gan.model import (GENERATOR_MEANS, REAL_DATA, GanConfig, initial_state, js_mean_gradient,
                             saturation_curve, train, value_at_optimum)
from tests.app.conftest import decoded, live_panel, metrics, open_page, settled

PAGE = "pages/gan/page.py"


def shown(real="normal", mu=-1.0, sigma=1.0, unit="nats"):
    p, q = REAL_DATA[real], Normal(mu, sigma)
    base = math.e if unit == "nats" else 2.0
    return {
        "JS(P, Q)": format_value(js_divergence(p, q, base=base), unit),
        "V(G, D*) = 2·JS − log 4": f"{fixed(value_at_optimum(p, q, base=base), 4)} {unit}",  # not a divergence
        "Generator's gradient d JS / d μ": format_value(js_mean_gradient(p, q, base=base), f"{unit} per unit of x"),
        "KL(P‖Q)": format_value(kl_divergence(p, q, base=base), unit),
        "KL(P‖Q) at the start": format_value(kl_divergence(p, q, base=base), unit),
    }


def trained(real="normal", mu=-1.0, sigma=1.0, loss="non-saturating", steps=300):
    config = GanConfig(real=REAL_DATA[real], start=Normal(mu, sigma), generator_loss=loss)
    return train(initial_state(config), config, steps)[-1]


def kl_now(at):
    return metrics(at).pop("KL(P‖Q) now")


def test_defaults_show_kl_cores_numbers():
    at = open_page(PAGE)
    now = metrics(at)
    assert now.pop("KL(P‖Q) now") == format_value(kl_divergence(REAL_DATA["normal"], trained().generator), "nats")
    assert now == shown()
    assert now["V(G, D*) = 2·JS − log 4"] == f"{2 * js_divergence(REAL_DATA['normal'], Normal(-1, 1)) - math.log(4):.4f} nats"
    assert not at.info


def test_setting_each_widget_updates_the_numbers():
    at = open_page(PAGE)
    at.button_group(key="real").set_value("bimodal").run()
    at.slider(key="mu").set_value(5.0).run()
    at.slider(key="sigma").set_value(0.5).run()
    at.button_group(key="unit").set_value("bits").run()
    at.button_group(key="loss").set_value("minimax").run()
    at.number_input(key="steps").set_value(100).run()
    assert not at.exception
    now = metrics(at)
    end = trained("bimodal", 5.0, 0.5, "minimax", 100)
    assert now.pop("KL(P‖Q) now") == format_value(kl_divergence(REAL_DATA["bimodal"], end.generator, base=2), "bits")
    assert now == shown("bimodal", 5.0, 0.5, "bits")
    assert any(f"N({end.mu:.3f}, {end.sigma:.3f}²)" in m.value for m in at.markdown)


def test_stepping_trains_the_generator_toward_p():
    at = open_page(PAGE, dict(steps="0"))
    assert kl_now(at) == metrics(at)["KL(P‖Q) at the start"]
    at.number_input(key="steps").increment().run()
    at.number_input(key="steps").increment().run()
    assert at.number_input(key="steps").value == 50
    end = trained(steps=50)
    assert kl_now(at) == format_value(kl_divergence(REAL_DATA["normal"], end.generator), "nats")
    assert kl_divergence(REAL_DATA["normal"], end.generator) < kl_divergence(REAL_DATA["normal"], Normal(-1, 1))


def test_far_generator_shows_saturated_js_and_a_tiny_gradient():
    at = open_page(PAGE, dict(mu="-8", sigma="0.5"))
    now = metrics(at)
    assert now["JS(P, Q)"] == format_value(math.log(2), "nats")
    assert now["V(G, D*) = 2·JS − log 4"] == "0.0000 nats"
    gradient = js_mean_gradient(REAL_DATA["normal"], Normal(-8, 0.5))
    assert 0 > gradient > -1e-12
    assert now["Generator's gradient d JS / d μ"] == format_value(gradient, "nats per unit of x")
    assert float(now["KL(P‖Q)"].split()[0]) > 100


def test_url_seeds_the_widgets():
    at = open_page(PAGE, dict(real="bimodal", mu="3", sigma="2", unit="bits", loss="minimax", steps="75"))
    assert at.slider(key="mu").value == 3.0 and at.number_input(key="steps").value == 75
    now = metrics(at)
    now.pop("KL(P‖Q) now")
    assert now == shown("bimodal", 3.0, 2.0, "bits")
    assert not at.info


def test_a_value_that_rounds_to_zero_shows_no_minus_sign():
    at = open_page(PAGE, dict(mu="-8", sigma="0.5"))
    formula = next(x.value for x in at.latex if r"2 \times" in x.value)
    assert "= 0.0000" in formula and "-0.0000" not in formula


def test_the_saturation_curve_fills_in_over_runs_and_ends_as_kl_cores_curve():
    at = open_page(PAGE, dict(real="bimodal", sigma="0.2", mu="-4"))
    first = live_panel(at, "chart_saturation")
    assert first["pending"] and "Still computing" in first["alt"]
    assert metrics(at)["JS(P, Q)"] == format_value(js_divergence(REAL_DATA["bimodal"], Normal(-4, 0.2)), "nats")

    done = settled(at, "chart_saturation")
    assert not any(a["text"].startswith("Computing…") for a in done["figure"]["layout"]["annotations"])
    whole = saturation_curve(REAL_DATA["bimodal"], 0.2, GENERATOR_MEANS)
    js, kl, gradient = done["figure"]["data"][:3]
    np.testing.assert_allclose(decoded(js["y"]), [pt.js for pt in whole], rtol=1e-13)
    np.testing.assert_allclose(decoded(kl["y"]), [pt.kl for pt in whole], rtol=1e-13)
    np.testing.assert_allclose(decoded(gradient["y"]), [pt.gradient for pt in whole], rtol=1e-13)
