"""The Compare page, run through Streamlit's AppTest: every number equals kl_core's."""

import math

import numpy as np

import kl_core
from kl_app import sweeps
from kl_app.families import FAMILIES
from kl_app.formatting import format_value
from kl_app.measures import MEASURES
from kl_app.plotting import gaps
from tests.app.conftest import decoded, live_panel, metrics, notes, open_page, settled

PAGE = "pages/compare/page.py"


def five(p, q, unit="nats"):
    base = math.e if unit == "nats" else 2
    return {
        "KL(P‖Q)": format_value(kl_core.kl_divergence(p, q, base=base), unit),
        "KL(Q‖P)": format_value(kl_core.kl_divergence(q, p, base=base), unit),
        "JS(P, Q)": format_value(kl_core.js_divergence(p, q, base=base), unit),
        "Hellinger(P, Q)": format_value(kl_core.hellinger_distance(p, q)),
        "TV(P, Q)": format_value(kl_core.total_variation(p, q)),
    }


def top(at):
    """The five numbers for P and Q (not the disjoint pair's, nor the triangle demo's)."""
    return {r["label"]: r["value"] for r in live_panel(at, "compare_live")["readings"]}


def test_defaults_show_five_divergences_with_ranges_and_the_disjoint_pair():
    at = open_page(PAGE)
    assert top(at) == five(kl_core.Normal(0, 1), kl_core.Normal(1, 2))
    captions = " ".join(notes(at))
    assert "range 0 … ∞ nats" in captions and "range 0 … ln 2 = 0.693 nats" in captions
    assert "range 0 … 1, no unit" in captions
    disjoint = {k: v for k, v in metrics(at).items() if "disjoint" in k}
    assert disjoint == {"KL(P‖Q), disjoint": "∞", "JS(P, Q), disjoint": "0.6931 nats",
                        "Hellinger(P, Q), disjoint": "1.0000", "TV(P, Q), disjoint": "1.0000"}


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
    at.button_group(key="sweep").set_value("sigma").run()
    at.slider(key="tri_d").set_value(2.0).run()
    assert not at.exception
    assert top(at) == five(kl_core.Laplace(-1.5, 0.7), kl_core.StudentT(4.0, 0.5, 1.5), "bits")
    assert metrics(at)["JS(P, Q), disjoint"] == "1.0000 bits"
    # P, Q, R = N(0,1), N(2,1), N(4,1): KL(P‖R) = 8 nats, twice KL(P‖Q) + KL(Q‖R), shown in bits.
    triangle = next(x.value for x in at.latex if r"\mathrm{KL}(P\|R)" in x.value)
    assert f"{8 / math.log(2):.3f}" in triangle and f"{4 / math.log(2):.3f}" in triangle
    assert live_panel(at, "triangle")["readings"][0]["value"] == format_value(8 / math.log(2), "bits")
    assert live_panel(at, "triangle")["readings"][1]["value"] == format_value(4 / math.log(2), "bits")


def test_inequalities_are_shown_with_their_numbers_and_hold():
    at = open_page(PAGE, dict(q_mu="2.5", q_sigma="0.5"))
    p, q = kl_core.Normal(0, 1), kl_core.Normal(2.5, 0.5)
    shown = " ".join(x.value for x in at.latex)
    assert shown.count(r"\checkmark") == 4 and r"\times" not in shown
    assert rf"\mathrm{{TV}} = {kl_core.total_variation(p, q):.4f}" in shown
    assert f"= {math.sqrt(kl_core.kl_divergence(p, q) / 2):.4f}" in shown
    assert rf"\mathrm{{JS}}(P, Q) = {kl_core.js_divergence(p, q):.4f}" in shown


def test_triangle_table_marks_kl_and_js_as_failing():
    at = open_page(PAGE)
    table = next(m.value for m in at.markdown if "triangle holds?" in m.value)
    rows = {line.split("|")[1].strip(): line for line in table.splitlines()[2:]}
    assert "✗ no" in rows["KL"] and "✗ no" in rows["JS"]
    assert "✓ yes" in rows["Hellinger"] and "✓ yes" in rows["TV"]


def test_url_seeds_the_widgets():
    at = open_page(PAGE, dict(p="normal", q="normal", q_mu="3", q_sigma="1", unit="bits", sweep="sigma", tri_d="0.5"))
    assert at.slider(key="q_mu").value == 3.0 and at.button_group(key="sweep").value == "sigma"
    assert at.slider(key="tri_d").value == 0.5
    assert top(at) == five(kl_core.Normal(0, 1), kl_core.Normal(3, 1), "bits")
    assert not at.info


def test_categorical_pairs_with_a_zero_show_infinity_and_no_sweep():
    at = open_page(PAGE, dict(p="categorical", q="categorical", p_probs="1, 1", q_probs="1, 0"))
    p, q = [0.5, 0.5], [1.0, 0.0]
    assert top(at) == five(p, q)
    assert top(at)["KL(P‖Q)"] == "∞"
    assert any("∞ because P gives outcome 2" in note for note in notes(at))
    assert not any(s.value.startswith("Sweep") for s in at.header)


def test_mixed_discrete_and_continuous_is_explained():
    at = open_page(PAGE, dict(q="categorical"))
    assert "categorical family for both" in at.warning[0].value
    assert not at.metric


def test_poisson_against_poisson_shows_the_five_numbers():
    at = open_page(PAGE, dict(p="poisson", q="poisson", q_rate="8"))
    p, q = kl_core.Poisson(3.0), kl_core.Poisson(8.0)
    shown = metrics(at)
    assert shown["KL(P‖Q)"] == format_value(kl_core.kl_divergence(p, q), "nats")
    assert shown["TV(P, Q)"] == format_value(kl_core.total_variation(p, q))


def test_a_sweep_that_needs_quadrature_fills_in_over_runs_and_ends_as_the_whole_sweep():
    at = open_page(PAGE, dict(p="mixture", q="mixture", q_w1="0.05", q_sigma1="0.1", q_sigma2="5", sweep="mu2"))
    p_values = {prm.name: prm.default for prm in FAMILIES["mixture"].params}
    q_values = {**p_values, "w1": 0.05, "sigma1": 0.1, "sigma2": 5.0}
    assert top(at) == five(FAMILIES["mixture"].build(**p_values), FAMILIES["mixture"].build(**q_values))
    first = live_panel(at, "compare_sweep")
    assert first["pending"], "41 values of five quadratures each do not fit in one run's budget"
    assert any(a["text"].startswith("Computing…") for a in first["figure"]["layout"]["annotations"])
    assert "Still computing" in first["alt"]

    done = settled(at, "compare_sweep")
    assert not any(a["text"].startswith("Computing…") for a in done["figure"]["layout"]["annotations"])
    whole = sweeps.sweep("mixture", p_values, "mixture", sweeps.without(q_values, "mu2"), "q", "mu2", "nats",
                         tuple(m.key for m in MEASURES))
    for trace, m in zip(done["figure"]["data"], MEASURES):
        np.testing.assert_array_equal(decoded(trace["y"]), gaps(whole[m.key]))
