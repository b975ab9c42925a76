"""The Limitations page, run through Streamlit's AppTest: every number equals kl_core's."""

import math
import re

import pytest

import kl_core
from kl_app.formatting import format_value
from pages.limitations import zero_support
from pages.limitations.estimation import plugin_study
from pages.limitations.fitting import fit_forward, fit_reverse
from tests.app.conftest import live_panel, metrics, notes, open_page

PAGE = "pages/limitations/page.py"
P_NORMAL = kl_core.Normal(0, 1)
P_BELL, Q_BELL = zero_support.bell(12, 5.5, 2.0), zero_support.bell(12, 6.5, 2.5)
EST_P, EST_Q = kl_core.Normal(0, 1), kl_core.Normal(1, 1.5)


def mixture(weight, distance):
    return kl_core.GaussianMixture([weight, 1 - weight], [-distance / 2, distance / 2], [1.0, 1.0])


def expected(unit="nats", q_mu=1.0, q_sigma=0.5, cut=(1, 12), weight=0.5, distance=5.0, eps=1e-4, bins=30, tri=1.0):
    base = math.e if unit == "nats" else 2
    q = kl_core.Normal(q_mu, q_sigma)
    cut_q = zero_support.cut(Q_BELL, cut[0] - 1, cut[1] - 1)
    mix = mixture(weight, distance)
    study = plugin_study(EST_P, EST_Q, smoothing=eps, bins=bins, repetitions=20, seed=0, base=base)
    return {
        "KL(P‖Q)": format_value(kl_core.kl_divergence(P_NORMAL, q, base=base), unit),
        "KL(Q‖P)": format_value(kl_core.kl_divergence(q, P_NORMAL, base=base), unit),
        "KL(P‖Q) · cut Q": format_value(kl_core.kl_divergence(P_BELL, cut_q, base=base), unit),
        "JS(P, Q) · cut Q": format_value(kl_core.js_divergence(P_BELL, cut_q, base=base), unit),
        "P's mass outside Q's window": f"{zero_support.uncovered_mass(P_BELL, cut_q):.4f}",
        "forward: min KL(P‖Q)": format_value(kl_core.kl_divergence(mix, fit_forward(mix).normal, base=base), unit),
        "reverse: min KL(Q‖P)": format_value(kl_core.kl_divergence(fit_reverse(mix).normal, mix, base=base), unit),
        "exact KL(P‖Q)": format_value(study.exact, unit),
        "large-n limit of the estimate": format_value(study.limit, unit),
        # N(0, 1), N(d, 1), N(2d, 1): KL(P‖R) = (2d)²/2 = 2d² nats, twice the detour's d²/2 + d²/2
        "KL(P‖R), direct": format_value(2 * tri**2 / math.log(base), unit),
        "KL(P‖Q) + KL(Q‖R), through Q": format_value(tri**2 / math.log(base), unit),
    }


def test_defaults_show_kl_cores_numbers():
    at = open_page(PAGE)
    assert metrics(at) == expected()


def test_setting_each_widget_updates_the_numbers():
    at = open_page(PAGE)
    at.button_group(key="unit").set_value("bits").run()
    at.slider(key="q_mu").set_value(-2.0).run()
    at.slider(key="q_sigma").set_value(3.0).run()
    at.slider(key="cut_low").set_value(3).run()
    at.slider(key="cut_high").set_value(10).run()
    at.button_group(key="eps").set_value("1e-2").run()
    at.slider(key="tri_d").set_value(1.5).run()
    at.slider(key="modes").set_value(8.0).run()
    at.slider(key="w1").set_value(0.3).run()
    at.button_group(key="est_eps").set_value("0").run()
    at.slider(key="bins").set_value(12).run()
    assert not at.exception
    shown = metrics(at)
    smoothed = shown.pop("KL(P‖Q) · cut Q, smoothed with ε = 1e-2")
    assert shown == expected("bits", -2.0, 3.0, (3, 10), 0.3, 8.0, 0.0, 12, tri=1.5)
    cut_q = zero_support.cut(Q_BELL, 2, 9)
    assert smoothed == format_value(kl_core.kl_divergence(P_BELL, cut_q, base=2, smoothing=1e-2), "bits")


def test_cutting_q_makes_kl_infinite_with_a_reason_while_js_stays_finite():
    at = open_page(PAGE, dict(cut_low="2"))
    shown = metrics(at)
    assert shown["KL(P‖Q) · cut Q"] == "∞"
    assert shown["JS(P, Q) · cut Q"] != "∞"
    assert any("∞ because P gives outcome 1 probability" in note for note in notes(at))
    assert shown["P's mass outside Q's window"] == f"{P_BELL[0]:.4f}"


def test_triangle_counterexample_numbers():
    at = open_page(PAGE, dict(tri_d="2"))
    triangle = next(x.value for x in at.latex if r"\mathrm{KL}(P\|R)" in x.value)
    assert "8.000" in triangle and "4.000" in triangle and ">" in triangle


def test_forward_fit_is_moment_matching_and_reverse_fit_lands_on_a_mode():
    at = open_page(PAGE, dict(modes="8"))
    mix = mixture(0.5, 8.0)
    forward, reverse = (r["note"] for r in live_panel(at, "limits_fits")["readings"])
    assert forward == f"at Q = N(0.000, {math.sqrt(mix.variance):.3f}²)"
    mu, sigma = map(float, re.fullmatch(r"at Q = N\((\S+), (\S+)²\)", reverse).groups())
    assert mu == pytest.approx(-4.0, abs=2e-3) and sigma == pytest.approx(1.0, abs=2e-3)  # on the left mode
    assert metrics(at)["reverse: min KL(Q‖P)"] == format_value(math.log(2), "nats")


def test_estimation_table_shows_bias_spread_and_infinite_estimates():
    at = open_page(PAGE, dict(est_eps="0"))
    study = plugin_study(EST_P, EST_Q, smoothing=0.0, repetitions=20, seed=0)
    table = at.table[0].value
    assert list(table["n"]) == [f"{s.n:,}" for s in study.by_n]
    assert list(table["median (nats)"]) == [format_value(s.quantile(0.5)) for s in study.by_n]
    assert list(table["spread, std (nats)"]) == [format_value(s.std) for s in study.by_n]
    assert table["estimates = ∞"].iloc[0] != "0%" and table["estimates = ∞"].iloc[-1] == "0%"


def test_url_seeds_the_widgets():
    at = open_page(PAGE, dict(q_mu="2", q_sigma="1", modes="3", w1="0.7", bins="20", unit="bits"))
    assert at.slider(key="modes").value == 3.0 and at.slider(key="bins").value == 20
    assert metrics(at) == expected("bits", 2.0, 1.0, weight=0.7, distance=3.0, bins=20)
    assert not at.info


def test_the_open_tab_is_in_the_url():
    at = open_page(PAGE, {"tab": "4 · Forward vs reverse"})
    assert at.session_state["tab"] == "4 · Forward vs reverse"
    assert at.query_params["tab"] == "4 · Forward vs reverse"


@pytest.mark.parametrize("modes", ["0", "5", "8"])
def test_a_mean_that_rounds_to_zero_shows_no_minus_sign(modes):
    at = open_page(PAGE, dict(modes=modes))  # two equal modes: both fits and P's mean are 0 up to rounding
    text = " ".join(m.value for m in at.markdown) + " ".join(x.value for x in at.latex) + " ".join(notes(at))
    assert "at Q = N(0.000, " in text and "P's mean is 0.000" in text
    assert r"\mu = \mathbb{E}_P[X] = 0.000" in text
    assert "-0.000" not in text and "−0.000" not in text


def test_a_slider_moved_while_an_older_runs_ask_was_on_its_way_keeps_its_value():
    """A live panel's ask made with an earlier full run's data, merged by Streamlit into one run with a slider's
    new value: the controls that changed since that run go back to what the last run left (the unit); the
    slider, the same then and now until the student moved it, keeps its new value."""
    at = open_page(PAGE)
    asked_in = live_panel(at, "limits_support")["run"]
    at.button_group(key="unit").set_value("bits").run()  # a full run after the panel's data, which changes the unit
    assert live_panel(at, "limits_support")["run"] > asked_in
    at.session_state["_kl_asked_in"] = asked_in  # what the panel's change callback records (kl_app.runs.asked)
    at.button_group(key="unit").set_value("nats")  # the ask carries the unit the browser had then
    at.slider(key="cut_low").set_value(2).run()
    assert at.button_group(key="unit").value == "bits"  # changed since that run: back to what the last run left
    assert at.slider(key="cut_low").value == 2
    assert metrics(at)["KL(P‖Q) · cut Q"] == "∞"
