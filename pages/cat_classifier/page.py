"""The cat classifier, step by step: KL(truth‖prediction) as a loss, and its tie to cross-entropy."""

import streamlit as st

import kl_core
from kl_app import ui
from pages.cat_classifier import figures
from pages.cat_classifier import model as clf

STEPS = {
    1: "Truth and prediction",
    2: "Term by term",
    3: "The zero term",
    4: "Nats and bits",
    5: "Cross-entropy",
    6: "The other direction",
    7: "Soft labels",
    8: "Training",
    9: "More classes",
}
LAST = max(STEPS)
LABELS = {"cat": "cat", "not_cat": "not cat"}
ANIMALS = ("cat", "dog", "fox", "rabbit", "owl")
ANIMAL_SCORES = {"cat": 0.6, "dog": 0.2, "fox": 0.1, "rabbit": 0.1, "owl": 0.1}
MAX_TRAIN_STEPS = 200
PLAY_STRIDE = 4
PLAY_TICK = 0.4
PLAYING = "cat_training_playing"
DATA = clf.make_cat_data()


@st.cache_data(max_entries=1024, show_spinner=False)
def train_model(n_steps: int, learning_rate: float, q_start: float) -> clf.TrainState:
    return clf.train(DATA, n_steps, learning_rate=learning_rate, q_cat=q_start)


ui.page_setup(
    "The cat classifier: KL as a loss",
    "A classifier sees a cat and says p(cat) = 0.8. How wrong is it? Step through with **Back** and "
    "**Next** (keys B and N) or jump to a step.",
)


def move(delta: int) -> None:
    st.session_state["step"] = min(max(st.session_state.get("step", 1) + delta, 1), LAST)


stepper = st.container(horizontal=True, vertical_alignment="bottom", gap="medium")
back = stepper.empty()
with stepper:
    step = ui.select("Step", list(STEPS), key="step", value=1, horizontal=True)
    st.button("Next →", key="next", on_click=move, args=(1,), disabled=step == LAST, shortcut="N",
              type="primary", help="Next step (key N)")
back.button("← Back", key="back", on_click=move, args=(-1,), disabled=step == 1, shortcut="B",
            help="Previous step (key B)")

with st.sidebar:
    if step < LAST:
        st.markdown("### Your example")
        q_cat = ui.slider("Classifier's p(cat)", key="q_cat", min_value=0.0, max_value=1.0, value=0.8,
                          step=0.01, help="The prediction Q = {p(cat), 1 − p(cat)}. Its ends 0 and 1 are allowed.")
        truth = ui.select("The picture really is", list(LABELS), key="truth", value="cat", horizontal=True)
    unit = ui.unit_choice()
base = ui.base_of(unit)


def ask(n: int, label: str, options: list[str], correct: str, why: str) -> bool:
    """A 'predict, then reveal' question; True once the student has picked (the answer is shown)."""
    guess = ui.question(label, options, key=f"guess{n}")
    if guess is None:
        st.caption("Pick an answer to reveal it.")
        return False
    if guess == correct:
        st.success(f"**Right.** {why}")
    else:
        st.warning(f"**Not quite: {correct}.** {why}")
    return True


def braces(vector) -> str:
    return "{" + ", ".join(f"{v:.4g}" for v in vector) + "}"


def shown(value: float) -> str:
    return ui.format_value(value, unit)


def infinite_reason(first_vec, second_vec, names, first: str = "P", second: str = "Q") -> str | None:
    """Why KL(first‖second) is ∞, naming the class: None when it is finite."""
    for name, term in zip(names, clf.kl_breakdown(first_vec, second_vec)):
        if term.infinite:
            return f"{first} gives {name} probability {term.p:.4g} where {second} gives it 0"
    return None


def kl_metric(value: float, first_vec, second_vec, names, label: str = "KL(P‖Q)",
              first: str = "P", second: str = "Q") -> None:
    ui.divergence_metric(label, value, unit, reason=infinite_reason(first_vec, second_vec, names, first, second),
                         help="The extra cost per picture of coding the truth with a code built for the prediction.")


def split_metrics(split: clf.CrossEntropySplit, p_vec, q_vec) -> None:
    m1, m2, m3 = st.columns(3)
    with m1:
        ui.divergence_metric("H(P)", split.entropy, unit, help="The truth's own entropy.")
    with m2:
        kl_metric(split.kl, p_vec, q_vec, labels)
    with m3:
        ui.divergence_metric("H(P, Q)", split.cross_entropy, unit, reason=infinite_reason(p_vec, q_vec, labels),
                             help="Cross-entropy: the cost of coding the truth with the prediction's code.")


st.subheader(f"{step} · {STEPS[step]}")

if step < LAST:
    true_index = clf.CLASSES.index(truth)
    wrong = LABELS[clf.CLASSES[1 - true_index]]
    p = clf.soft_label(true_index, 2)
    q = clf.binary_prediction(q_cat)
    labels = list(LABELS.values())
    kl_pq = kl_core.kl_divergence(p, q, base=base)
    terms = clf.kl_breakdown(p, q, base=base)
    values = f"P = {braces(p)}, Q = {braces(q)} over (cat, not cat); KL(P‖Q) = {shown(kl_pq)}"


def step_1() -> None:
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        ui.chart(figures.distributions_figure(p, q, labels),
                 alt=f"Bars of the truth P (blue) and the prediction Q (orange) for cat and not cat. {values}.")
    with words:
        st.markdown(f"**Truth P**: the picture is a {LABELS[truth]}, so P puts all its mass there.  \n"
                    f"**Prediction Q**: the classifier says p(cat) = {q[0]:.4g}, p(not cat) = {q[1]:.4g}.")
        st.markdown(f"#### P = {braces(p)}, Q = {braces(q)}")
        st.markdown("A loss should be 0 for a perfect prediction and grow as Q strays from P.")
        ask(1, "Which prediction Q would cost nothing?",
            ["Q = P: all mass on the true class", "Q = {0.5, 0.5}: undecided",
             "any Q with more than 0.5 on the true class"],
            "Q = P: all mass on the true class",
            "KL(P‖Q) is 0 only when Q = P; any doubt about the true class costs something.")


def step_2() -> None:
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        ui.chart(figures.terms_figure(terms, labels, unit),
                 alt="Each class's term p·log(p/q) of KL(P‖Q): "
                     + ", ".join(f"{lab} {shown(t.value)}" for lab, t in zip(labels, terms)) + f". {values}.")
    with words:
        st.latex(figures.kl_terms_latex(terms, kl_pq, unit))
        kl_metric(kl_pq, p, q, labels)
        nudged = clf.binary_prediction(round(q_cat + (0.1 if q_cat <= 0.9 else -0.1), 2))
        kl_nudged = kl_core.kl_divergence(p, nudged, base=base)
        change = "goes down" if kl_nudged < kl_pq else ("goes up" if kl_nudged > kl_pq else "stays the same")
        ask(2, f"Move p(cat) from {q[0]:.4g} to {nudged[0]:.4g}. KL(P‖Q)…", ["goes down", "goes up", "stays the same"],
            change, f"At p(cat) = {nudged[0]:.4g} it is {shown(kl_nudged)}: only the true class's term counts.")


def step_3() -> None:
    zero = next(t for t in terms if t.vanishes_by_convention)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        ui.chart(figures.terms_figure(terms, labels, unit),
                 alt=f"The {wrong} term is 0 by convention. {values}.")
    with words:
        st.latex(rf"\begin{{aligned}}0 \cdot \log\frac{{0}}{{{zero.q:.4g}}} &= 0 \\ "
                 r"\text{since}\ \lim_{p \to 0^+} p \log p &= 0\end{aligned}")
        kl_metric(kl_pq, p, q, labels)
        st.markdown(f"The picture is never a {wrong}, so that outcome is never paid for: its weight p = 0 switches "
                    "the term off, whatever Q says.")
        ask(3, "Q's probability for the wrong class drops to 0.01. Its term becomes…",
            ["larger", "smaller", "still exactly 0"], "still exactly 0",
            "0·log(0/q) = 0 for every q, even q = 0: KL only looks where the truth has mass.")


def step_4() -> None:
    kl_nats = kl_core.kl_divergence(p, q)
    kl_bits = kl_core.kl_divergence(p, q, base=2)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        ui.chart(figures.distributions_figure(p, q, labels), alt=f"Bars of P and Q. {values}.")
    with words:
        kl_metric(kl_pq, p, q, labels)
        st.markdown("**A bit** is one yes/no answer. Code the true class with a code built for Q: it costs "
                    "log₂(1/q) bits instead of log₂(1/p) = 0. KL in bits is that **extra cost per picture**.")
        same = kl_nats == 0 or kl_nats == float("inf")
        if ask(4, "Switch the unit to bits. The number will be…", ["larger in bits", "smaller in bits", "the same"],
               "the same" if same else "larger in bits",
               f"1 nat = 1/ln 2 = 1.4427 bits, so the prediction costs **{ui.format_value(kl_bits, 'bits')} extra "
               "per picture**; 0 and ∞ are the same in every unit."):
            st.latex(figures.bits_latex(kl_nats, kl_bits))


def step_5() -> None:
    split = clf.cross_entropy_split(p, q, base=base)
    split_metrics(split, p, q)
    picture, words = st.columns(2, gap="large")
    with picture:
        ui.chart(figures.cross_entropy_figure(split, unit),
                 alt=f"Stacked bar H(P) = {shown(split.entropy)} plus KL(P‖Q) = {shown(split.kl)}, next to the "
                     f"cross-entropy H(P, Q) = {shown(split.cross_entropy)}. {values}.")
    with words:
        st.latex(figures.cross_entropy_latex(split, unit))
        st.markdown("A one-hot truth is certain, so H(P) = 0: **the usual cross-entropy loss is KL(P‖Q)**.")
        soft = clf.soft_label(true_index, 2, 0.1)
        ask(5, "With a soft truth P = {0.9, 0.1}, are cross-entropy and KL still equal?",
            ["yes, still equal", "no, cross-entropy is larger", "no, KL is larger"], "no, cross-entropy is larger",
            f"Then H(P) = {shown(kl_core.entropy(soft, base=base))} > 0 and H(P, Q) = H(P) + KL(P‖Q). Step 7 shows it.")


def step_6() -> None:
    kl_qp = kl_core.kl_divergence(q, p, base=base)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        ui.chart(figures.distributions_figure(p, q, labels), alt=f"Bars of P and Q. {values}.")
    with words:
        kl_metric(kl_pq, p, q, labels)
        st.markdown(f"Swap the roles: code Q's outcomes with P's code. P says a {wrong} never happens.")
        answer = "larger" if kl_qp > kl_pq else ("smaller" if kl_qp < kl_pq else "the same")
        revealed = ask(6, "Will KL(Q‖P) be larger or smaller than KL(P‖Q)?", ["larger", "smaller", "the same"], answer,
                       "Q puts mass where the truth has none, and q·log(q/0) = ∞." if kl_qp == float("inf")
                       else "Here Q puts no mass where the truth has none.")
    if not revealed:
        return
    reverse = clf.kl_breakdown(q, p, base=base)
    chart, reason = st.columns(2, gap="large")
    with chart:
        ui.chart(figures.terms_figure(reverse, labels, unit, first="Q", second="P"),
                 alt="Each class's term q·log(q/p) of KL(Q‖P): "
                     + ", ".join(f"{lab} {shown(t.value)}" for lab, t in zip(labels, reverse))
                     + f"; KL(Q‖P) = {shown(kl_qp)}.")
    with reason:
        st.latex(figures.kl_terms_latex(reverse, kl_qp, unit, first="Q", second="P"))
        kl_metric(kl_qp, q, p, labels, label="KL(Q‖P)", first="Q", second="P")
        st.markdown("A loss that is ∞ for almost every prediction teaches nothing. **Losses use "
                    "KL(truth‖prediction)**: finite unless the model rules out what actually happened.")


def step_7() -> None:
    slider, pair = st.columns(2, gap="large", vertical_alignment="bottom")
    with slider:
        smoothing = ui.slider("Label smoothing: probability moved off the true class", key="smooth", min_value=0.0,
                              max_value=0.5, value=0.1, step=0.01,
                              help="0 is a hard label; 0.1 gives P = {0.9, 0.1}; 0.5 is a coin flip.")
    soft = clf.soft_label(true_index, 2, smoothing)
    split = clf.cross_entropy_split(soft, q, base=base)
    soft_values = (f"P = {braces(soft)}, Q = {braces(q)}; H(P) = {shown(split.entropy)}, KL(P‖Q) = "
                   f"{shown(split.kl)}, H(P, Q) = {shown(split.cross_entropy)}")
    with pair:
        st.markdown(f"#### P = {braces(soft)}, Q = {braces(q)}")
    split_metrics(split, soft, q)
    picture, words = st.columns(2, gap="large")
    with picture:
        ui.chart(figures.cross_entropy_figure(split, unit),
                 alt=f"Stacked bar H(P) plus KL(P‖Q) next to the cross-entropy H(P, Q). {soft_values}.")
    with words:
        st.latex(figures.cross_entropy_latex(split, unit))
        st.markdown("H(P) does not depend on the prediction, so both losses have **the same gradient** "
                    "with respect to the cat logit z:")
        try:
            gradient = clf.loss_gradient(soft, clf.logits_of(q))
            st.latex(r"\begin{aligned}\partial_z \mathrm{KL}(P\,\|\,Q) &= \partial_z H(P,Q) = q(\text{cat}) - p(\text{cat}) \\ "
                     rf"&= {q[0]:.4g} - {soft[0]:.4g} = {gradient[0]:.4g}\ \text{{nats}}\end{{aligned}}")
        except ValueError as err:
            st.caption(str(err))
        revealed = ask(7, f"Which p(cat) minimises the cross-entropy for P = {braces(soft)}?",
                       ["p(cat) = 1: be certain", "p(cat) = the truth's p(cat)", "p(cat) = 0.5"],
                       "p(cat) = the truth's p(cat)",
                       "Both curves bottom out where Q = P: they are one curve, lifted by H(P).")
    if revealed:
        ui.chart(figures.loss_curves_figure(soft, q_cat, unit),
                 alt=f"KL(P‖Q) and H(P, Q) as p(cat) goes from 0 to 1: parallel curves H(P) apart, both lowest at "
                     f"p(cat) = {soft[0]:.4g}. {soft_values}.")


def step_8() -> None:
    st.markdown("Logistic regression on 40 pictures with 2 measurements each, trained by gradient descent on the "
                "mean KL(truth‖prediction). Before training it says your p(cat) for every picture. "
                "Background: the model's p(cat), darker = more cat; dashed line: p(cat) = 0.5.")
    start = q_cat if 0.0 < q_cat < 1.0 else clf.ARTICLE_Q_CAT
    if start != q_cat:
        st.info(f"p(cat) = {q_cat:g} is a logit of ±∞, which gradient descent can never move; "
                f"training starts at {start:g} instead.")
    ringed = DATA.first_example(cat=truth == "cat")
    playing = st.session_state.get(PLAYING, False)

    def advance(by: int) -> None:
        st.session_state["trained"] = min(max(st.session_state.get("trained", 0) + by, 0), MAX_TRAIN_STEPS)

    def set_playing(on: bool) -> None:
        st.session_state[PLAYING] = on

    @st.fragment(run_every=PLAY_TICK if playing else None)
    def trainer() -> None:
        if st.session_state.get(PLAYING, False) != playing:
            st.rerun()
        if playing:
            if st.session_state.get("trained", 0) >= MAX_TRAIN_STEPS:
                set_playing(False)
                st.rerun()
            advance(PLAY_STRIDE)
        c_lr, c_n, c_buttons = st.columns([2, 3, 3], vertical_alignment="bottom")
        with c_lr:
            lr = ui.slider("Learning rate", key="lr", min_value=0.05, max_value=3.0, value=0.5, step=0.05,
                           help=f"Up to {clf.safe_learning_rate(DATA):.2f}, every step lowers the loss.")
        with c_n:
            n_steps = ui.slider("Gradient steps taken", key="trained", min_value=0, max_value=MAX_TRAIN_STEPS,
                                value=0, step=1)
        with c_buttons:
            buttons = st.container(horizontal=True)
            buttons.button("Step", key="step_once", on_click=advance, args=(1,), help="One gradient step.")
            buttons.button("+10", key="step_ten", on_click=advance, args=(10,), help="Ten gradient steps.")
            if playing:
                buttons.button("⏸ Pause", key="pause", on_click=set_playing, args=(False,))
            else:
                buttons.button("▶ Play", key="play", on_click=set_playing, args=(True,),
                               help=f"{PLAY_STRIDE} steps every {PLAY_TICK:g} s.")
            buttons.button("Reset", key="reset", on_click=advance, args=(-MAX_TRAIN_STEPS,), help="Back to step 0.")
        state = train_model(n_steps, lr, start)
        p_i = DATA.truth[ringed]
        q_i = state.predict(DATA.features[ringed])
        kl_i = kl_core.kl_divergence(p_i, q_i, base=base)
        loss = state.loss(base=base)
        now = (f"after {state.step} steps at learning rate {lr:g}: mean KL(P‖Q) = {shown(loss)}; ringed "
               f"{LABELS[truth]}: P = {braces(p_i)}, Q = {braces(q_i)}, KL(P‖Q) = {shown(kl_i)}")
        scatter, curve = st.columns(2, gap="large")
        with scatter:
            ui.chart(figures.data_figure(DATA.features, DATA.is_cat, state, ringed),
                     alt=f"40 pictures by ear pointiness and whisker length (cats as dots, others as crosses), "
                         f"shaded by the model's p(cat), with its p(cat) = 0.5 boundary; {now}.")
        with curve:
            ui.chart(figures.loss_history_figure(state, unit, MAX_TRAIN_STEPS),
                     alt=f"The training loss after each step, falling toward 0; {now}.")
        bars, numbers = st.columns(2, gap="large")
        with bars:
            ui.chart(figures.distributions_figure(p_i, q_i, labels),
                     alt=f"Truth and prediction for the ringed picture; {now}.")
        with numbers:
            ui.divergence_metric("Mean KL(P‖Q), all pictures", loss, unit, help="The training loss.")
            kl_metric(kl_i, p_i, q_i, labels, label=f"KL(P‖Q), ringed {LABELS[truth]}")
            ask(8, "Will the loss ever reach exactly 0?",
                ["yes, after enough steps", "no, it only gets closer and closer", "no, it stops at a fixed floor"],
                "no, it only gets closer and closer",
                "0 needs p(cat) = 1 for every cat, a logit of +∞. Each step moves Q toward the truth, and the "
                "steps shrink with the gradient q − p.")

    trainer()


def step_9() -> None:
    k = ui.select("Number of classes", [3, 4, 5], key="classes", value=4, horizontal=True)
    names = list(ANIMALS[:k])
    c_truth, c_scores = st.columns([1, 3], gap="large")
    with c_truth:
        true_name = ui.select("The picture really is", names, key="true_class", value="cat")
    with c_scores:
        scores = []
        for column, name in zip(st.columns(k), names):
            with column:
                scores.append(ui.slider(f"Score for {name}", key=f"w_{name}", min_value=0.0, max_value=1.0,
                                        value=ANIMAL_SCORES[name], step=0.01))
    if sum(scores) == 0:
        st.warning("Give at least one class a score above 0: the prediction is the scores divided by their sum.")
        return
    p_k = clf.soft_label(names.index(true_name), k)
    q_k = kl_core.normalize(scores)
    kl_k = kl_core.kl_divergence(p_k, q_k, base=base)
    terms_k = clf.kl_breakdown(p_k, q_k, base=base)
    picture, words = st.columns([3, 2], gap="large")
    with picture:
        ui.chart(figures.distributions_figure(p_k, q_k, names),
                 alt=f"Bars of the truth P and the prediction Q (the scores divided by their sum). P = {braces(p_k)}, "
                     f"Q = {braces(q_k)} over ({', '.join(names)}); KL(P‖Q) = {shown(kl_k)}.")
    with words:
        st.markdown(f"**Q** = scores / their sum = {braces(q_k)}")
        kl_metric(kl_k, p_k, q_k, names)
        ask(9, "Move probability from one wrong class to another. KL(P‖Q)…",
            ["goes up", "goes down", "stays the same"], "stays the same",
            f"With a one-hot truth KL(P‖Q) = log(1/q({true_name})): every other term is 0 by convention.")
    st.latex(figures.kl_terms_latex(terms_k, kl_k, unit))


{1: step_1, 2: step_2, 3: step_3, 4: step_4, 5: step_5, 6: step_6, 7: step_7, 8: step_8, 9: step_9}[step]()
