"""The cat classifier page, run through Streamlit's AppTest: every step's numbers equal kl_core's."""

import math

import pytest

import kl_core
from kl_app.formatting import format_value
from pages.cat_classifier import model as clf
from pages.cat_classifier.links import SCHEMA
from pages.cat_classifier.steps import STEPS
from tests.app.conftest import figures, labelled_choice, labelled_choices, metrics, notes, open_page, url_notes

PAGE = "pages/cat_classifier/page.py"
CAT = [1.0, 0.0]
NOT_CAT = [0.0, 1.0]


def kl_shown(p, q, unit="nats"):
    return format_value(kl_core.kl_divergence(p, q, base=math.e if unit == "nats" else 2), unit)


def texts(at) -> str:
    return " ".join(m.value for m in at.markdown) + " ".join(c.value for c in at.caption)


def answers(at) -> str:
    return " ".join(a.value for a in [*at.success, *at.warning])


def test_defaults_are_the_article_example_at_step_one():
    at = open_page(PAGE)
    assert at.button_group(key="step").value == 1
    assert at.slider(key="q_cat").value == 0.8
    assert metrics(at) == {"Truth P (cat, not cat)": "{1, 0}", "Prediction Q (cat, not cat)": "{0.8, 0.2}"}
    assert at.button(key="back").disabled and not at.button(key="next").disabled


def test_next_and_back_walk_through_every_step():
    at = open_page(PAGE)
    for expected in range(2, 10):
        at.button(key="next").click().run()
        assert at.button_group(key="step").value == expected
        assert not at.exception
    assert at.button(key="next").disabled
    at.button(key="back").click().run()
    assert at.button_group(key="step").value == 8


def test_buttons_leave_no_url_notes():
    at = open_page(PAGE, dict(step="8", trained="3"))
    at.button(key="step_once").click().run()
    at.button(key="next").click().run()
    assert at.button_group(key="step").value == 9
    assert not at.info


def test_step_2_terms_and_total():
    at = open_page(PAGE, dict(step="2"))
    assert metrics(at) == {"KL(P‖Q)": kl_shown(CAT, [0.8, 0.2])}
    assert metrics(at)["KL(P‖Q)"] == "0.2231 nats"
    assert r"1\,\ln\frac{1}{0.8} + 0\,\ln\frac{0}{0.2}" in at.latex[0].value


def test_step_2_question_reveals_only_after_a_pick():
    at = open_page(PAGE, dict(step="2"))
    assert not answers(at) and "Pick an answer" in texts(at)
    at.radio(key="guess2").set_value("goes up").run()
    assert "Not quite: goes down" in answers(at)
    assert kl_shown(CAT, clf.binary_prediction(0.9)) in answers(at)
    at.radio(key="guess2").set_value("goes down").run()
    assert answers(at).startswith("**Right.**")


def test_step_3_zero_term_and_the_other_truth():
    at = open_page(PAGE, dict(step="3", truth="not_cat", q_cat="0.3"))
    assert metrics(at) == {"KL(P‖Q)": kl_shown(NOT_CAT, [0.3, 0.7])}
    assert r"0 \cdot \log\frac{0}{0.3} &= 0" in at.latex[0].value


@pytest.mark.parametrize("unit", ["nats", "bits"])
def test_step_4_nats_and_bits(unit):
    at = open_page(PAGE, dict(step="4", unit=unit))
    assert metrics(at) == {"KL(P‖Q)": kl_shown(CAT, [0.8, 0.2], unit)}
    assert "0.3219 bits" not in answers(at)
    at.radio(key="guess4").set_value("larger in bits").run()
    assert "0.3219 bits extra per picture" in answers(at)
    assert r"0.2231\ \text{nats}" in at.latex[0].value and r"0.3219\ \text{bits}" in at.latex[0].value


def test_step_5_cross_entropy_equals_kl_for_a_hard_label():
    at = open_page(PAGE, dict(step="5", q_cat="0.35"))
    q = [0.35, 0.65]
    assert metrics(at) == {"H(P)": format_value(0.0, "nats"), "KL(P‖Q)": kl_shown(CAT, q),
                           "H(P, Q)": format_value(kl_core.cross_entropy(CAT, q), "nats")}


def test_step_6_the_reverse_direction_is_infinite_once_revealed():
    at = open_page(PAGE, dict(step="6"))
    assert metrics(at) == {"KL(P‖Q)": "0.2231 nats"}
    at.radio(key="guess6").set_value("larger").run()
    assert metrics(at) == {"KL(P‖Q)": "0.2231 nats", "KL(Q‖P)": "∞"}
    assert answers(at).startswith("**Right.**")
    assert "∞ because Q gives not cat probability 0.2 where P gives it 0" in notes(at)


def test_step_6_a_certain_right_prediction_is_zero_both_ways():
    at = open_page(PAGE, dict(step="6", q_cat="1", guess6="the same"))
    assert metrics(at) == {"KL(P‖Q)": "0.0000 nats", "KL(Q‖P)": "0.0000 nats"}
    assert answers(at).startswith("**Right.**")


def test_step_7_soft_labels():
    at = open_page(PAGE, dict(step="7", smooth="0.2", unit="bits"))
    p, q = clf.soft_label(0, 2, 0.2), clf.binary_prediction(0.8)
    assert metrics(at) == {"H(P)": format_value(kl_core.entropy(p, base=2), "bits"), "KL(P‖Q)": kl_shown(p, q, "bits"),
                           "H(P, Q)": format_value(kl_core.cross_entropy(p, q, base=2), "bits")}
    at.slider(key="smooth").set_value(0.1).run()
    split = clf.cross_entropy_split([0.9, 0.1], [0.8, 0.2], base=2)
    assert metrics(at)["H(P)"] == format_value(split.entropy, "bits")
    assert metrics(at)["H(P, Q)"] == format_value(split.cross_entropy, "bits")
    assert any("0.8 - 0.9 = -0.1" in latex.value for latex in at.latex)
    assert len(figures(at)) == 1
    at.radio(key="guess7").set_value("p(cat) = the truth's p(cat)").run()
    assert len(figures(at)) == 2


def test_step_8_training_numbers_are_the_trainers():
    at = open_page(PAGE, dict(step="8", trained="150"))
    state = clf.train(clf.make_cat_data(), 150, learning_rate=0.5, q_cat=0.8)
    assert state.loss() < 0.01
    shown = metrics(at)
    assert shown["Mean KL(P‖Q), all pictures"] == format_value(state.loss(), "nats")
    q0 = state.predict(clf.make_cat_data().features[0])
    assert shown["KL(P‖Q), ringed cat"] == kl_shown(CAT, q0)


def test_step_8_step_buttons_and_reset():
    at = open_page(PAGE, dict(step="8"))
    assert metrics(at)["Mean KL(P‖Q), all pictures"] == format_value(
        clf.initial_state(clf.make_cat_data()).loss(), "nats")
    at.button(key="step_once").click().run()
    assert at.slider(key="trained").value == 1
    at.button(key="step_ten").click().run()
    assert at.slider(key="trained").value == 11
    state = clf.train(clf.make_cat_data(), 11, learning_rate=0.5)
    assert metrics(at)["Mean KL(P‖Q), all pictures"] == format_value(state.loss(), "nats")
    at.button(key="reset").click().run()
    assert at.slider(key="trained").value == 0


def test_step_8_play_takes_four_steps_a_tick_and_pause_stops():
    at = open_page(PAGE, dict(step="8", trained="10"))
    at.button(key="play").click().run()
    assert "trained" not in {s.key for s in at.slider}  # while it plays, a progress bar shows the steps
    assert "Gradient steps taken: 14 of 200" in [p.proto.text for p in at.get("progress")]
    state = clf.train(clf.make_cat_data(), 14, learning_rate=0.5)
    assert metrics(at)["Mean KL(P‖Q), all pictures"] == format_value(state.loss(), "nats")
    assert "pause" in {b.key for b in at.button} and "play" not in {b.key for b in at.button}
    at.button(key="pause").click().run()
    assert at.slider(key="trained").value == 14
    assert at.query_params["trained"] == "14"
    assert "play" in {b.key for b in at.button} and not at.exception


def test_step_8_play_stops_by_itself_at_the_last_step():
    at = open_page(PAGE, dict(step="8", trained="200"))
    at.button(key="play").click().run()
    assert at.slider(key="trained").value == 200
    assert "play" in {b.key for b in at.button} and "pause" not in {b.key for b in at.button}


def test_step_8_loss_never_rises_along_the_slider():
    at = open_page(PAGE, dict(step="8", lr="0.3", truth="not_cat", q_cat="0.4"))
    seen = []
    for n in (0, 5, 20, 80, 200):
        at.slider(key="trained").set_value(n).run()
        seen.append(clf.train(clf.make_cat_data(), n, learning_rate=0.3, q_cat=0.4).loss())
        assert metrics(at)["Mean KL(P‖Q), all pictures"] == format_value(seen[-1], "nats")
        assert "KL(P‖Q), ringed not cat" in metrics(at)
    assert seen == sorted(seen, reverse=True)


def test_step_8_a_certain_start_cannot_be_trained():
    at = open_page(PAGE, dict(step="8", q_cat="1"))
    assert "logit of ±∞" in at.info[0].value
    assert metrics(at)["Mean KL(P‖Q), all pictures"] == format_value(
        clf.initial_state(clf.make_cat_data(), q_cat=0.8).loss(), "nats")


def test_step_9_more_classes():
    at = open_page(PAGE, dict(step="9"))
    q = kl_core.normalize([0.6, 0.2, 0.1, 0.1])
    assert metrics(at) == {"KL(P‖Q)": kl_shown([1, 0, 0, 0], q)}
    at.button_group(key="classes").set_value(5).run()
    assert at.selectbox(key="true_class").label == "The picture really is"
    at.selectbox(key="true_class").select("owl").run()
    at.slider(key="w_owl").set_value(0.5).run()
    q = kl_core.normalize([0.6, 0.2, 0.1, 0.1, 0.5])
    assert metrics(at) == {"KL(P‖Q)": kl_shown([0, 0, 0, 0, 1], q)}
    at.radio(key="guess9").set_value("stays the same").run()
    assert answers(at).startswith("**Right.**")


def test_step_9_all_zero_scores_are_explained():
    at = open_page(PAGE, dict(step="9", classes="3", w_cat="0", w_dog="0", w_fox="0"))
    assert "at least one class a score above 0" in at.warning[0].value
    assert not at.metric


@pytest.mark.parametrize("q_cat, truth, expected", [
    ("0", "cat", "∞"),
    ("1", "cat", "0.0000 nats"),
    ("0", "not_cat", "0.0000 nats"),
    ("1", "not_cat", "∞"),
])
def test_the_ends_of_the_slider_are_honest(q_cat, truth, expected):
    at = open_page(PAGE, dict(step="4", q_cat=q_cat, truth=truth))
    assert metrics(at) == {"KL(P‖Q)": expected}
    if expected == "∞":
        true_class = truth.replace("_", " ")
        assert f"∞ because P gives {true_class} probability 1 where Q gives it 0" in notes(at)


def test_an_empty_number_of_classes_falls_back_to_four():
    at = open_page(PAGE, dict(step="9", classes=""))
    assert "The link's `classes=` is not a valid Number of classes (one of 3, 4, 5); using 4." in url_notes(at)
    assert at.button_group(key="step").value == 9
    assert at.button_group(key="classes").value == 4
    assert metrics(at) == {"KL(P‖Q)": kl_shown([1, 0, 0, 0], kl_core.normalize([0.6, 0.2, 0.1, 0.1]))}


@pytest.mark.parametrize("query, note", [
    (dict(step="12"), "The link's `step=12` is not a valid Step (one of 1, 2, 3, 4, 5, 6, 7, 8, 9); using 1."),
    (dict(step="8", trained="500"), "The link's `trained=500` is not a valid Gradient steps taken "
                                    "(a number from 0 to 200); using 0."),
    (dict(step="2", guess2="sideways"), "The link's `guess2=sideways` is not a valid"),
    (dict(step="9", true_class="wolf"), "The link's `true_class=wolf` is not a valid The picture really is (more classes)"),
])
def test_bad_link_values_of_later_steps_fall_back_with_a_note(query, note):
    at = open_page(PAGE, query)
    assert note in url_notes(at)
    assert not at.exception


def test_a_good_link_keeps_every_value_and_leaves_no_note():
    at = open_page(PAGE, dict(step="5", unit="bits", q_cat="0.35", truth="not_cat", guess5="yes, still equal"))
    assert not at.info
    assert at.button_group(key="step").value == 5 and at.button_group(key="unit").value == "bits"
    assert at.slider(key="q_cat").value == 0.35 and labelled_choice(at, "truth")["value"] == "not_cat"
    assert labelled_choice(at, "truth")["labels"] == ["a cat", "not a cat"]
    assert at.radio(key="guess5").value == "yes, still equal"


def test_every_step_is_in_the_link_and_every_control_in_the_schema():
    assert tuple(STEPS) == SCHEMA["step"].options
    seen = set()
    for step in STEPS:
        at = open_page(PAGE, dict(step=str(step), classes="5"))  # five classes: every score slider
        assert at.header[0].value == f"{step} · {STEPS[step].title}"
        for kind in ("slider", "button_group", "radio", "selectbox"):
            seen |= {w.key for w in at.get(kind)}
        seen |= {c["key"] for c in labelled_choices(at)}
    assert seen == set(SCHEMA.keys)
