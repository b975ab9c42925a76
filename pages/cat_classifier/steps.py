"""The cat classifier's nine steps: one view function each, given the example the model computed.

Each step function takes the student's `example` (None on step 9, which has its own) and the
unit, and renders; `STEPS` maps the step number to its title and function.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np
import streamlit as st

import kl_core
from kl_app.formatting import format_value
from kl_app import live, presenter, runs, ui
from kl_app.frames import View, along, described
from pages.cat_classifier import figures, views
from pages.cat_classifier import model as clf
from pages.cat_classifier.links import SCHEMA
from pages.cat_classifier.views import braces

PLAY_TICK = 0.4
PLAYING = "cat_training_playing"
PLAYED = "cat_training_played"
DATA = clf.make_cat_data()


@st.cache_data(max_entries=64, show_spinner=False)
def training_path(learning_rate: float, q_start: float) -> tuple[clf.TrainState, ...]:
    """Every state of the longest training, for every session: the step shown, Play's ticks and the steps
    slider's frames index it."""
    return clf.training_path(DATA, clf.MAX_TRAIN_STEPS, learning_rate=learning_rate, q_cat=q_start)


def ask(n: int, correct: str, why: str, label: str | None = None) -> bool:
    """Question `n` (ui.predict): True once the student has picked (the answer is shown)."""
    param = SCHEMA[f"guess{n}"]
    return ui.predict(replace(param, label=label) if label else param, correct, why)


def follow(key: str, ex: clf.BinaryExample, unit: str, view: Callable[[clf.BinaryExample], View]) -> None:
    """A live panel with `view` of the example, which follows the p(cat) slider while it moves."""
    live.following(key, lambda q_cat: view(clf.binary_example(q_cat, ex.truth, ex.base)), {"q_cat": ex.q_cat},
                   SCHEMA, projected_height=presenter.SHORT_CHART_HEIGHT_PX, truth=ex.truth, unit=unit)


def truth_and_prediction(ex: clf.BinaryExample, unit: str) -> None:
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        follow("cat_prediction", ex, unit, views.truth_and_prediction)
    with words:
        st.markdown(f"**Truth P**: the picture is a {ex.truth_label}, so P puts all its mass there.  \n"
                    "**Prediction Q**: the classifier's p(cat) and p(not cat), from the slider in the sidebar.")
        st.markdown("A loss should be 0 for a perfect prediction and grow as Q strays from P.")
        ask(1, "Q = P: all mass on the true class",
            "KL(P‖Q) is 0 only when Q = P; any doubt about the true class costs something.")


def term_by_term(ex: clf.BinaryExample, unit: str) -> None:
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        follow("cat_terms", ex, unit, lambda at: views.terms(at, unit))
    with words:
        st.latex(figures.kl_terms_latex(ex.terms, ex.kl_pq, unit))
        moved = clf.binary_example(clf.nudged(ex.q_cat), ex.truth, ex.base)
        ask(2, clf.comparison(ex.kl_pq, moved.kl_pq, ("goes up", "goes down", "stays the same")),
            f"At p(cat) = {moved.q[0]:.4g} it is {format_value(moved.kl_pq, unit)}: only the true class's "
            "term counts.",
            label=f"Move p(cat) from {ex.q[0]:.4g} to {moved.q[0]:.4g}. KL(P‖Q)…")


def the_zero_term(ex: clf.BinaryExample, unit: str) -> None:
    zero = next(t for t in ex.terms if t.vanishes_by_convention)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        follow("cat_terms", ex, unit, lambda at: views.terms(at, unit))
    with words:
        st.latex(rf"\begin{{aligned}}0 \cdot \log\frac{{0}}{{{zero.q:.4g}}} &= 0 \\ "
                 r"\text{since}\ \lim_{p \to 0^+} p \log p &= 0\end{aligned}")
        st.markdown(f"The picture is never a {ex.wrong_label}, so that outcome is never paid for: its weight "
                    "p = 0 switches the term off, whatever Q says.")
        ask(3, "still exactly 0", "0·log(0/q) = 0 for every q, even q = 0: KL only looks where the truth has mass.")


def nats_and_bits(ex: clf.BinaryExample, unit: str) -> None:
    kl_nats = kl_core.kl_divergence(ex.p, ex.q)
    kl_bits = kl_core.kl_divergence(ex.p, ex.q, base=2)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        follow("cat_bars", ex, unit, lambda at: views.bars(at, unit))
    with words:
        st.markdown("**A bit** is one yes/no answer. Code the true class with a code built for Q: it costs "
                    "log₂(1/q) bits instead of log₂(1/p) = 0. KL in bits is that **extra cost per picture**.")
        same = kl_nats == 0 or kl_nats == float("inf")
        if ask(4, "the same" if same else "larger in bits",
               f"1 nat = 1/ln 2 = 1.4427 bits, so the prediction costs **{format_value(kl_bits, 'bits')} extra "
               "per picture**; 0 and ∞ are the same in every unit."):
            st.latex(figures.bits_latex(kl_nats, kl_bits))


def cross_entropy(ex: clf.BinaryExample, unit: str) -> None:
    split = clf.cross_entropy_split(ex.p, ex.q, base=ex.base)
    follow("cat_split", ex, unit, lambda at: views.split(at.p, at, unit))  # three numbers: the page's width
    formula, words = st.columns(2, gap="large")
    with formula:
        st.latex(figures.cross_entropy_latex(split, unit))
    with words:
        st.markdown("A one-hot truth is certain, so H(P) = 0: **the usual cross-entropy loss is KL(P‖Q)**.")
        soft = clf.soft_label(ex.true_index, 2, 0.1)
        ask(5, "no, cross-entropy is larger",
            f"Then H(P) = {format_value(kl_core.entropy(soft, base=ex.base), unit)} > 0 and "
            "H(P, Q) = H(P) + KL(P‖Q). Step 7 shows it.")


def the_other_direction(ex: clf.BinaryExample, unit: str) -> None:
    kl_qp = kl_core.kl_divergence(ex.q, ex.p, base=ex.base)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        follow("cat_bars", ex, unit, lambda at: views.bars(at, unit))
    with words:
        st.markdown(f"Swap the roles: code Q's outcomes with P's code. P says a {ex.wrong_label} never happens.")
        revealed = ask(6, clf.comparison(ex.kl_pq, kl_qp, ("larger", "smaller", "the same")),
                       "Q puts mass where the truth has none, and q·log(q/0) = ∞." if kl_qp == float("inf")
                       else "Here Q puts no mass where the truth has none.")
    if not revealed:
        return
    reverse = clf.kl_breakdown(ex.q, ex.p, base=ex.base)
    chart, reason = st.columns(2, gap="large")
    with chart:
        follow("cat_reverse_terms", ex, unit, lambda at: views.reverse_terms(at, unit))
    with reason:
        st.latex(figures.kl_terms_latex(reverse, kl_qp, unit, first="Q", second="P"))
        st.markdown("A loss that is ∞ for almost every prediction teaches nothing. **Losses use "
                    "KL(truth‖prediction)**: finite unless the model rules out what actually happened.")


def soft_labels(ex: clf.BinaryExample, unit: str) -> None:
    slider, pair = st.columns(2, gap="large", vertical_alignment="bottom")
    with slider:
        smoothing = ui.slider(SCHEMA["smooth"])
    soft = clf.soft_label(ex.true_index, 2, smoothing)
    split = clf.cross_entropy_split(soft, ex.q, base=ex.base)
    soft_values = (f"P = {braces(soft)}, Q = {braces(ex.q)}; H(P) = {format_value(split.entropy, unit)}, "
                   f"KL(P‖Q) = {format_value(split.kl, unit)}, "
                   f"H(P, Q) = {format_value(split.cross_entropy, unit)}")
    with pair:
        st.markdown("The truth P keeps 1 − s on the true class and gives the smoothing s to the other one.")

    def view(q_cat: float, smooth: float) -> View:
        return views.split(clf.soft_label(ex.true_index, 2, smooth), clf.binary_example(q_cat, ex.truth, ex.base), unit)
    live.following("cat_soft_split", view, {"q_cat": ex.q_cat, "smooth": smoothing}, SCHEMA,
                   projected_height=presenter.SHORT_CHART_HEIGHT_PX, truth=ex.truth, unit=unit)
    formula, words = st.columns(2, gap="large")
    with formula:
        st.latex(figures.cross_entropy_latex(split, unit))
    with words:
        st.markdown("H(P) does not depend on the prediction, so both losses have **the same gradient** "
                    "with respect to the cat logit z:")
        try:
            gradient = clf.loss_gradient(soft, clf.logits_of(ex.q))
            st.latex(r"\begin{aligned}\partial_z \mathrm{KL}(P\,\|\,Q) &= \partial_z H(P,Q) = q(\text{cat}) - p(\text{cat}) \\ "
                     rf"&= {ex.q[0]:.4g} - {soft[0]:.4g} = {gradient[0]:.4g}\ \text{{nats}}\end{{aligned}}")
        except ValueError as err:
            st.caption(str(err))
        revealed = ask(7, "p(cat) = the truth's p(cat)",
                       "Both curves bottom out where Q = P: they are one curve, lifted by H(P).",
                       label=f"Which p(cat) minimises the cross-entropy for P = {braces(soft)}?")
    if revealed:
        ui.chart("loss_curves", figures.loss_curves_figure(soft, ex.q_cat, unit),
                 alt=f"KL(P‖Q) and H(P, Q) as p(cat) goes from 0 to 1: parallel curves H(P) apart, both lowest at "
                     f"p(cat) = {soft[0]:.4g}. {soft_values}.")


def advance(by: int) -> None:
    """Button callback: take `by` more gradient steps (negative: go back), within 0 to the most."""
    count = PLAYED if st.session_state.get(PLAYING) else "trained"  # where the count lives just now
    st.session_state[count] = clf.clamped(st.session_state.get(count, 0) + by, 0, clf.MAX_TRAIN_STEPS)


def set_playing(on: bool) -> None:
    """Play or Pause callback.

    While playing, the count of steps taken lives only in the server's PLAYED and the step
    slider is replaced by a progress bar, so that a tick the browser asked for before a pause
    cannot bring back an older count. Pausing puts the count back on the slider and in the URL.
    """
    if on:
        st.session_state[PLAYED] = st.session_state.get("trained", 0)
    elif PLAYED in st.session_state:
        st.session_state["trained"] = st.session_state[PLAYED]
    st.session_state[PLAYING] = on


def training(ex: clf.BinaryExample, unit: str) -> None:
    st.markdown("Logistic regression on 40 pictures with 2 measurements each, trained by gradient descent on the "
                "mean KL(truth‖prediction). Before training it says your p(cat) for every picture. "
                "Background: the model's p(cat), darker = more cat; dashed line: p(cat) = 0.5.")
    start = clf.training_start(ex.q_cat)
    if start != ex.q_cat:
        st.info(f"p(cat) = {ex.q_cat:g} is a logit of ±∞, which gradient descent can never move; "
                f"training starts at {start:g} instead.")
    playing = st.session_state.get(PLAYING, False)

    # Outside the fragment, Play and Pause rerun the whole page: that run sets the new tick, and it
    # cuts short and drops any tick still running or queued.
    if playing:
        st.button("⏸ Pause", key="pause", on_click=set_playing, args=(False,))
    else:
        st.button("▶ Play", key="play", on_click=set_playing, args=(True,),
                  help=f"{clf.PLAY_STRIDE} steps every {PLAY_TICK:g} s.")

    @runs.fragment(owns=(SCHEMA["lr"], SCHEMA["trained"]), run_every=PLAY_TICK if playing else None)
    def trainer() -> None:
        if playing:
            trained, still = clf.play_tick(st.session_state[PLAYED], playing)
            st.session_state[PLAYED] = trained
            if not still:
                set_playing(False)
                st.rerun()
        lr, n_steps = training_controls(st.session_state[PLAYED] if playing else None)
        training_view(ex, unit, training_path(lr, start)[n_steps], lr, start, following=not playing)

    trainer()


def training_controls(played: int | None) -> tuple[float, int]:
    """The learning rate slider, the steps taken and the step buttons; returns (learning rate, steps taken).

    The steps taken are a slider, or, while Play runs (`played` steps so far), a progress bar.
    """
    c_lr, c_n, c_buttons = st.columns([2, 3, 3], vertical_alignment="bottom")
    with c_lr:
        lr = ui.slider(SCHEMA["lr"])
    with c_n:
        if played is None:
            n_steps = ui.slider(SCHEMA["trained"])
        else:
            n_steps = played
            st.progress(played / clf.MAX_TRAIN_STEPS, text=f"{SCHEMA['trained'].label}: {played} of "
                                                            f"{clf.MAX_TRAIN_STEPS}")
    with c_buttons:
        buttons = st.container(horizontal=True)
        buttons.button("Step", key="step_once", on_click=advance, args=(1,), help="One gradient step.")
        buttons.button("+10", key="step_ten", on_click=advance, args=(10,), help="Ten gradient steps.")
        buttons.button("Reset", key="reset", on_click=advance, args=(-clf.MAX_TRAIN_STEPS,), help="Back to step 0.")
    return lr, n_steps


def training_view(ex: clf.BinaryExample, unit: str, state: clf.TrainState, lr: float, start: float, *,
                  following: bool) -> None:
    """The trained model: its numbers and loss curve (which, when `following`, follow the steps slider while it
    moves), the pictures and the ringed one's bars."""
    ringed = DATA.first_example(cat=ex.truth == "cat")
    p_i = DATA.truth[ringed]
    q_i = state.predict(DATA.features[ringed])
    view = views.training(ex, DATA, state, lr, unit)
    now = f"after {state.step} steps at learning rate {lr:g}: {described(view.readings)}"
    curve, scatter = st.columns(2, gap="large")
    with curve:
        def at(x, trained: int) -> View:
            return views.training(ex, DATA, training_path(lr, start)[trained], lr, unit, x)
        sliders = along(SCHEMA, at, {"trained": state.step}, grid=lambda *ends: np.arange(clf.MAX_TRAIN_STEPS + 1),
                        truth=ex.truth, unit=unit, lr=lr, start=start) if following else ()
        live.panel("cat_training", view.readings, view.figure, alt=view.alt, sliders=sliders,
                   projected_height=presenter.SHORT_CHART_HEIGHT_PX)
    with scatter:
        ui.chart("training_data", figures.data_figure(DATA.features, DATA.is_cat, state, ringed),
                 alt=f"40 pictures by ear pointiness and whisker length (cats as dots, others as crosses), "
                     f"shaded by the model's p(cat), with its p(cat) = 0.5 boundary; {now}.")
    bars, numbers = st.columns(2, gap="large")
    with bars:
        ui.chart("ringed_bars", figures.distributions_figure(p_i, q_i, ex.labels),
                 alt=f"Truth and prediction for the ringed picture; {now}.")
    with numbers:
        ask(8, "no, it only gets closer and closer",
            "0 needs p(cat) = 1 for every cat, a logit of +∞. Each step moves Q toward the truth, and the "
            "steps shrink with the gradient q − p.")


def more_classes(ex: None, unit: str) -> None:
    k = ui.select(SCHEMA["classes"], horizontal=True)
    names = list(clf.ANIMALS[:k])
    c_truth, c_scores = st.columns([1, 3], gap="large")
    with c_truth:
        true_name = ui.select(replace(SCHEMA["true_class"], options=tuple(names)), label=SCHEMA["truth"].label)
    with c_scores:
        scores = []
        for column, name in zip(st.columns(k), names):
            with column:
                scores.append(ui.slider(SCHEMA[f"w_{name}"]))
    if sum(scores) == 0:
        st.warning("Give at least one class a score above 0: the prediction is the scores divided by their sum.")
        return
    base = ui.base_of(unit)
    p_k = clf.soft_label(names.index(true_name), k)
    q_k = kl_core.normalize(scores)
    kl_k = kl_core.kl_divergence(p_k, q_k, base=base)
    terms_k = clf.kl_breakdown(p_k, q_k, base=base)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        keys = [f"w_{name}" for name in names]
        live.following("cat_more_classes", lambda **w: views.more_classes(p_k, [w[key] for key in keys], names, unit),
                       dict(zip(keys, scores)), SCHEMA, projected_height=presenter.SHORT_CHART_HEIGHT_PX,
                       truth=true_name, classes=k, unit=unit)
    with words:
        st.markdown("**Q** = the scores divided by their sum: the orange bars.")
        ask(9, "stays the same",
            f"With a one-hot truth KL(P‖Q) = log(1/q({true_name})): every other term is 0 by convention.")
    st.latex(figures.kl_terms_latex(terms_k, kl_k, unit))


@dataclass(frozen=True)
class Step:
    title: str
    render: Callable[[clf.BinaryExample | None, str], None]


STEPS = {
    1: Step("Truth and prediction", truth_and_prediction),
    2: Step("Term by term", term_by_term),
    3: Step("The zero term", the_zero_term),
    4: Step("Nats and bits", nats_and_bits),
    5: Step("Cross-entropy", cross_entropy),
    6: Step("The other direction", the_other_direction),
    7: Step("Soft labels", soft_labels),
    8: Step("Training", training),
    9: Step("More classes", more_classes),
}
