"""The Explore page, run through Streamlit's AppTest: every number equals kl_core's."""

import math

import numpy as np
import pytest

import kl_core
from kl_app.families import FAMILIES
from kl_app.formatting import format_value
from tests.app.conftest import decoded, labelled_choice, live_panel, live_panels, metrics, notes, open_page, \
    url_notes

PAGE = "pages/explore/page.py"


def shown(p, q, unit="nats"):
    base = math.e if unit == "nats" else 2
    return {"KL(P‖Q)": format_value(kl_core.kl_divergence(p, q, base=base), unit),
            "KL(Q‖P)": format_value(kl_core.kl_divergence(q, p, base=base), unit)}


def test_defaults_show_both_directions():
    at = open_page(PAGE)
    assert metrics(at) == shown(kl_core.Normal(0, 1), kl_core.Normal(1, 2))
    assert metrics(at) == {"KL(P‖Q)": "0.4431 nats", "KL(Q‖P)": "1.3069 nats"}


def test_setting_each_widget_updates_the_numbers():
    at = open_page(PAGE)
    at.selectbox(key="p").select("laplace").run()
    at.slider(key="p_mu").set_value(-1.5).run()
    at.slider(key="p_b").set_value(0.7).run()
    at.selectbox(key="q").select("student_t").run()
    at.slider(key="q_df").set_value(4.0).run()
    at.slider(key="q_mu").set_value(0.5).run()
    at.slider(key="q_sigma").set_value(1.5).run()
    at.button_group(key="unit").set_value("bits").run()
    assert not at.exception
    assert metrics(at) == shown(kl_core.Laplace(-1.5, 0.7), kl_core.StudentT(4.0, 0.5, 1.5), "bits")


def test_url_seeds_the_widgets():
    query = dict(p="normal", p_mu="0", p_sigma="1", q="normal", q_mu="1", q_sigma="2", unit="bits")
    at = open_page(PAGE, query)
    assert at.slider(key="q_sigma").value == 2.0
    assert metrics(at) == {"KL(P‖Q)": "0.6393 bits", "KL(Q‖P)": "1.8854 bits"}
    assert not at.info


def test_swap_exchanges_p_and_q():
    at = open_page(PAGE, dict(q="gamma", q_shape="3", q_rate="2", p="exponential", p_rate="0.5"))
    before = metrics(at)
    at.button[0].click().run()
    assert at.selectbox(key="p").value == "gamma" and at.selectbox(key="q").value == "exponential"
    assert at.slider(key="p_shape").value == 3.0 and at.slider(key="q_rate").value == 0.5
    assert metrics(at) == {"KL(P‖Q)": before["KL(Q‖P)"], "KL(Q‖P)": before["KL(P‖Q)"]}


def test_infinite_kl_is_shown_as_infinity_with_a_reason():
    at = open_page(PAGE, dict(q="uniform", q_low="-2", q_high="2"))
    assert metrics(at)["KL(P‖Q)"] == "∞"
    assert metrics(at)["KL(Q‖P)"] == format_value(kl_core.kl_divergence(kl_core.Uniform(-2, 2), kl_core.Normal(0, 1)), "nats")
    assert any("∞ because P puts mass on (−∞, −2) ∪ (2, ∞), outside Q's support [−2, 2]" in note for note in notes(at))


def test_categorical_mode_normalises_and_handles_zeros():
    at = open_page(PAGE, dict(p="categorical", q="categorical", p_probs="1, 0", q_probs="8, 2"))
    assert metrics(at) == {"KL(P‖Q)": "0.2231 nats", "KL(Q‖P)": "∞"}
    assert any("∞ because Q gives outcome 2 probability 0.2 where P gives it 0." in note for note in notes(at))
    at.text_input(key="q_probs").input("0.5, 0.5").run()
    assert metrics(at)["KL(P‖Q)"] == format_value(math.log(2), "nats")


def test_huge_and_tiny_probabilities_are_normalised_without_overflow_or_a_false_infinity():
    at = open_page(PAGE, dict(p="categorical", q="categorical", p_probs="1e308,1e308,1e308", q_probs="1,1,2"))
    assert not at.exception and not at.error
    assert metrics(at) == shown([1 / 3] * 3, [0.25, 0.25, 0.5])
    at = open_page(PAGE, dict(p="categorical", q="categorical", p_probs="1,1e-300", q_probs="1,1e-16"))
    # KL(Q‖P) = 1e-16 ln(1e284) to first order: finite, no zero in P
    assert metrics(at)["KL(Q‖P)"] == "6.53e-14 nats"
    assert not any("∞ because" in note for note in notes(at))


def test_bad_widget_input_gets_a_message_and_no_numbers():
    at = open_page(PAGE, dict(p="categorical", q="categorical"))
    at.text_input(key="p_probs").input("1, oops").run()
    assert "P is not a valid distribution" in at.error[0].value
    assert not at.metric
    at = open_page(PAGE, dict(p="categorical", q="categorical", p_probs="1, oops"))
    assert "`p_probs=1, oops`" in url_notes(at) and metrics(at)["KL(P‖Q)"] != "∞"
    at = open_page(PAGE, dict(p="uniform", p_low="2", p_high="1"))
    assert "low < high" in at.error[0].value


def test_mixed_discrete_and_continuous_is_explained():
    at = open_page(PAGE, dict(p="categorical"))
    assert "categorical family for both" in at.warning[0].value
    assert not at.metric


@pytest.mark.parametrize("family", [f for f in FAMILIES if f != "categorical"])
def test_every_family_renders_on_both_sides(family):
    at = open_page(PAGE, dict(p=family, q=family))
    assert set(metrics(at)) == {"KL(P‖Q)", "KL(Q‖P)"}
    assert all(v != "nan" and not v.startswith("-") for v in metrics(at).values())


def test_sweep_parameter_choice():
    at = open_page(PAGE, dict(sweep="p_sigma"))
    shown = labelled_choice(at, "sweep")
    assert shown["value"] == "p_sigma"
    assert dict(zip(shown["options"], shown["labels"])) == {
        "q_mu": "Q's mean μ", "q_sigma": "Q's std. dev. σ", "p_mu": "P's mean μ", "p_sigma": "P's std. dev. σ"}
    assert live_panel(at, "explore_sweep")["figure"]["layout"]["xaxis"]["title"]["text"] == "P's std. dev. σ"
    assert not at.exception


def test_the_sweep_choice_follows_the_families():
    at = open_page(PAGE, dict(q="gamma", sweep="q_rate"))
    shown = labelled_choice(at, "sweep")
    assert shown["value"] == "q_rate" and shown["labels"][shown["options"].index("q_rate")] == "Q's rate β"
    at.selectbox(key="q").set_value("normal").run()  # a Normal has no rate: back to its first parameter
    assert labelled_choice(at, "sweep")["value"] == "q_mu"
    assert live_panel(at, "explore_sweep")["figure"]["layout"]["xaxis"]["title"]["text"] == "Q's mean μ"


def test_poisson_and_categorical_are_real_families():
    at = open_page(PAGE, dict(p="poisson", p_rate="3", q="poisson", q_rate="5"))
    p, q = kl_core.Poisson(3.0), kl_core.Poisson(5.0)
    assert metrics(at) == {"KL(P‖Q)": format_value(kl_core.kl_divergence(p, q), "nats"),
                           "KL(Q‖P)": format_value(kl_core.kl_divergence(q, p), "nats")}
    at = open_page(PAGE, dict(p="categorical", q="poisson", p_probs="1, 1, 1", q_rate="1"))
    cat = kl_core.Categorical((1 / 3, 1 / 3, 1 / 3))
    assert metrics(at)["KL(P‖Q)"] == format_value(kl_core.kl_divergence(cat, kl_core.Poisson(1.0)), "nats")
    assert metrics(at)["KL(Q‖P)"] == "∞"


def test_the_live_panel_sends_its_curves_as_typed_arrays_that_decode_to_the_densities():
    at = open_page(PAGE, dict(p_mu="0.5"))
    densities = live_panels(at)[0]["figure"]["data"]
    x, p = decoded(densities[0]["x"]), decoded(densities[0]["y"])
    assert densities[0]["y"]["dtype"] == "f4"
    np.testing.assert_allclose(p, kl_core.Normal(0.5, 1).pdf(x.astype(float)), rtol=1e-5, atol=1e-9)
