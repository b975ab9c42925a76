"""The divergence numbers the app shows (kl_app.measures, from the registry), for one pair and along a sweep."""

import math

import numpy as np
import pytest

from kl_app import sweeps
from kl_app.measures import BY_KEY, MEASURES, values
from kl_app.theme import DIVERGENCE_LINES, P_COLOR, Q_COLOR
from kl_core import DIVERGENCES, Normal, Uniform, hellinger_distance, js_divergence, kl_divergence, total_variation
from pages.compare.model import property_rows


def test_one_measure_per_symmetric_divergence_and_two_per_asymmetric_one():
    assert [m.key for m in MEASURES] == ["kl_pq", "kl_qp", "js", "hellinger", "tv"]
    assert [m.label() for m in MEASURES] == ["KL(P‖Q)", "KL(Q‖P)", "JS(P, Q)", "Hellinger(P, Q)", "TV(P, Q)"]
    assert BY_KEY["kl_qp"].label("ref", "cur") == "KL(cur‖ref)"
    assert {m.divergence.key for m in MEASURES} == set(DIVERGENCES)


def test_every_measure_has_a_line_style_and_kl_takes_the_colour_of_its_first_argument():
    assert set(DIVERGENCE_LINES) == set(BY_KEY)
    assert (BY_KEY["kl_pq"].color, BY_KEY["kl_qp"].color) == (P_COLOR, Q_COLOR)
    assert len({m.color for m in MEASURES}) == len(MEASURES)


@pytest.mark.parametrize("base", [math.e, 2])
def test_values_are_the_kl_core_functions(base):
    p, q = Normal(0, 1), Normal(1, 2)
    assert values(p, q, base=base) == {
        "kl_pq": kl_divergence(p, q, base=base), "kl_qp": kl_divergence(q, p, base=base),
        "js": js_divergence(p, q, base=base), "hellinger": hellinger_distance(p, q), "tv": total_variation(p, q)}


def test_disjoint_supports():
    shown = values(Uniform(0, 1), Uniform(2, 3), base=2)
    assert shown["kl_pq"] == math.inf and shown["kl_qp"] == math.inf
    assert shown["js"] == pytest.approx(1.0)  # ln 2 nats = 1 bit
    assert shown["tv"] == pytest.approx(1.0)
    assert shown["hellinger"] == pytest.approx(1.0)


def test_values_of_vectors_and_the_reason_for_infinity_names_the_right_side():
    p, q = [0.5, 0.5, 0.0], [0.0, 0.5, 0.5]
    shown = values(p, q)
    assert shown["kl_pq"] == math.inf and shown["tv"] == pytest.approx(0.5)
    assert BY_KEY["kl_pq"].why_infinite(p, q).startswith("P gives outcome 1")
    assert BY_KEY["kl_qp"].why_infinite(p, q).startswith("Q gives outcome 3")
    assert BY_KEY["js"].why_infinite(p, q) is None


def test_ranges_and_units_come_from_the_declarations():
    assert BY_KEY["kl_pq"].range_text("bits") == "0 … ∞ bits"
    assert BY_KEY["js"].range_text("nats") == "0 … ln 2 = 0.693 nats"
    assert BY_KEY["js"].range_text("bits") == "0 … ln 2 = 1.000 bits"
    assert BY_KEY["tv"].range_text("bits") == "0 … 1, no unit" and BY_KEY["tv"].unit("bits") == ""


def test_property_table_answers_are_the_declared_properties():
    rows = dict(property_rows("bits"))
    assert rows["Symmetric?"] == ["no", "yes", "yes", "yes"]
    assert rows["A metric (triangle inequality)?"] == ["no", "no", "yes", "yes"]
    assert rows["Finite on disjoint supports?"] == ["no: ∞", "yes: 1.000 bits", "yes: 1.000", "yes: 1.000"]
    assert rows["Bounded?"][0].startswith("no") and all(a.startswith("yes") for a in rows["Bounded?"][1:])
    assert rows["Closed form for two Normals?"] == ["yes", "no (numerical)", "yes", "yes"]


def test_sweep_kl_grows_without_bound_while_the_others_level_off():
    s = sweeps.sweep("normal", {"mu": 0.0, "sigma": 1.0}, "normal", {"mu": 0.0, "sigma": 1.0}, "q", "mu", "nats",
                     tuple(BY_KEY), n=11)
    np.testing.assert_array_equal(s.values, np.linspace(-5, 5, 11))
    np.testing.assert_allclose(s["kl_pq"], s.values**2 / 2, rtol=1e-9, atol=1e-12)
    right = s.values >= 0
    assert np.all(np.diff(s["js"][right]) > 0) and math.log(2) - 0.02 < s["js"][-1] < math.log(2)
    assert s["js"][-1] == js_divergence(Normal(0, 1), Normal(5, 1))
    assert s["tv"][-1] == pytest.approx(total_variation(Normal(0, 1), Normal(5, 1)))
    assert s["hellinger"][-1] == pytest.approx(hellinger_distance(Normal(0, 1), Normal(5, 1)))


def test_sweep_marks_values_without_a_valid_q_as_missing():
    s = sweeps.sweep("uniform", {"low": 0.0, "high": 1.0}, "uniform", {"low": -1.0, "high": 1.5}, "q", "low",
                     "nats", tuple(BY_KEY))
    invalid = s.values >= 1.5
    assert invalid.any() and np.isnan(s["kl_pq"][invalid]).all() and np.isnan(s["tv"][invalid]).all()
    assert np.isinf(s["kl_pq"][(s.values > 0) & ~invalid]).all()
    assert np.isfinite(s["kl_pq"][s.values <= 0]).all()


def test_a_sweep_is_computed_a_budget_at_a_time_nearest_the_current_value_first():
    args = ("normal", {"mu": 0.0, "sigma": 1.0}, "normal", {"sigma": 1.0}, "q", "mu", "nats", tuple(BY_KEY))
    s = sweeps.start(*args, n=11)
    assert not s.work.done.any() and np.isnan(s["kl_pq"]).all() and s.progress_text == "0 of 11 values computed"
    first = sweeps.extend(s, around=2.2, budget_s=0)
    assert list(np.flatnonzero(first.work.done)) == [7]  # mu = 2, the grid value nearest 2.2
    assert first["kl_pq"][7] == kl_divergence(Normal(0, 1), Normal(2, 1)) and np.isnan(first["kl_pq"][6])
    assert not s.work.done.any(), "extend returns a new sweep"
    second = sweeps.extend(first, around=2.2, budget_s=0)
    assert list(np.flatnonzero(second.work.done)) == [7, 8]  # then mu = 3, 0.8 away (mu = 1 is 1.2 away)
    whole = sweeps.extend(second, around=2.2)
    assert whole.complete and whole.progress_text == ""
    full = sweeps.sweep(*args, n=11)
    for key in BY_KEY:
        np.testing.assert_array_equal(whole[key], full[key])
