"""What the cat classifier's live panels show: each step's headline numbers, chart and alt text for
one example, which kl_app.live redraws at every position of the sliders it follows.

Pure: the lesson's model and figures in, kl_app.frames.View out; no Streamlit.
"""

from __future__ import annotations

import kl_core
from kl_app.formatting import format_value
from kl_app.frames import Reading, View, described, divergence_reading
from kl_app.units import base_of
from pages.cat_classifier import figures
from pages.cat_classifier import model as clf

KL_HELP = "The extra cost per picture of coding the truth with a code built for the prediction."
# The parts of each figure that change with the example (kl_app.frames.figure_frame).
_BARS = {"data": {0: ("y", "text"), 1: ("y", "text")}}
_TERMS = {"data": {0: ("y", "text", "marker.color", "marker.pattern.shape")}, "layout": ("yaxis.range",)}
_SPLIT = {"data": {i: ("y", "text", "marker.pattern.shape") for i in range(3)}, "layout": ("yaxis.range",)}


def braces(vector) -> str:
    """{1, 0.8}: a probability vector as the page writes it."""
    return "{" + ", ".join(f"{v:.4g}" for v in vector) + "}"


def values_text(ex: clf.BinaryExample, unit: str) -> str:
    """The example's numbers, for alt texts."""
    return (f"P = {braces(ex.p)}, Q = {braces(ex.q)} over (cat, not cat); "
            f"KL(P‖Q) = {format_value(ex.kl_pq, unit)}")


def kl_reading(value: float, unit: str, first_vec, second_vec, names, label: str = "KL(P‖Q)",
               first: str = "P", second: str = "Q") -> Reading:
    """A KL between two class distributions as a headline number; ∞ with the class that makes it so."""
    return divergence_reading(label, value, unit, reason=clf.infinite_reason(first_vec, second_vec, names, first, second),
                              help=KL_HELP)


def truth_and_prediction(ex: clf.BinaryExample) -> View:
    """Step 1: the truth P and the prediction Q, as numbers and bars."""
    shown = [Reading("Truth P (cat, not cat)", braces(ex.p), help=f"The picture is a {ex.truth_label}."),
             Reading("Prediction Q (cat, not cat)", braces(ex.q), help="The classifier's probabilities.")]
    return View(shown, figures.distributions_figure(ex.p, ex.q, ex.labels),
                f"Bars of the truth P (blue) and the prediction Q (orange) for cat and not cat. {described(shown)}.",
                **_BARS)


def bars(ex: clf.BinaryExample, unit: str) -> View:
    """KL(P‖Q) over the bars of P and Q."""
    return View([kl_reading(ex.kl_pq, unit, ex.p, ex.q, ex.labels)],
                figures.distributions_figure(ex.p, ex.q, ex.labels),
                f"Bars of the truth P (blue) and the prediction Q (orange). {values_text(ex, unit)}.", **_BARS)


def terms(ex: clf.BinaryExample, unit: str) -> View:
    """KL(P‖Q) over its terms p·log(p/q), one bar per class."""
    return View([kl_reading(ex.kl_pq, unit, ex.p, ex.q, ex.labels)], figures.terms_figure(ex.terms, ex.labels, unit),
                f"Each class's term p·log(p/q) of KL(P‖Q), the {ex.wrong_label} term 0 by convention: "
                f"{terms_text(ex.terms, ex.labels, unit)}. {values_text(ex, unit)}.", **_TERMS)


def reverse_terms(ex: clf.BinaryExample, unit: str) -> View:
    """KL(Q‖P) over its terms q·log(q/p): ∞ as soon as Q gives the wrong class any probability."""
    reverse = clf.kl_breakdown(ex.q, ex.p, base=ex.base)
    kl_qp = kl_core.kl_divergence(ex.q, ex.p, base=ex.base)
    return View([kl_reading(kl_qp, unit, ex.q, ex.p, ex.labels, label="KL(Q‖P)", first="Q", second="P")],
                figures.terms_figure(reverse, ex.labels, unit, first="Q", second="P"),
                f"Each class's term q·log(q/p) of KL(Q‖P): {terms_text(reverse, ex.labels, unit)}; "
                f"KL(Q‖P) = {format_value(kl_qp, unit)}.", **_TERMS)


def split(p, ex: clf.BinaryExample, unit: str) -> View:
    """H(P), KL(P‖Q) and the cross-entropy H(P, Q) = H(P) + KL(P‖Q) for the truth `p` (one-hot or
    smoothed) and the example's prediction, as numbers and stacked bars."""
    parts = clf.cross_entropy_split(p, ex.q, base=ex.base)
    shown = [Reading("H(P)", format_value(parts.entropy, unit), help="The truth's own entropy."),
             kl_reading(parts.kl, unit, p, ex.q, ex.labels),
             divergence_reading("H(P, Q)", parts.cross_entropy, unit, reason=clf.infinite_reason(p, ex.q, ex.labels),
                                help="Cross-entropy: the cost of coding the truth with the prediction's code.")]
    return View(shown, figures.cross_entropy_figure(parts, unit),
                f"Stacked bar H(P) plus KL(P‖Q), next to the cross-entropy H(P, Q), as tall. P = {braces(p)}, "
                f"Q = {braces(ex.q)}; {described(shown)}.", **_SPLIT)


def training(ex: clf.BinaryExample, data: clf.CatData, state: clf.TrainState, learning_rate: float, unit: str,
             steps=None) -> View:
    """Step 8: the training loss and the ringed picture's KL(P‖Q) after `state.step` gradient steps, over
    the loss curve so far (drawn at `steps`, figures.loss_history_figure)."""
    ringed = data.first_example(cat=ex.truth == "cat")
    p_i, q_i = data.truth[ringed], state.predict(data.features[ringed])
    loss = state.loss(base=ex.base)
    shown = [divergence_reading("Mean KL(P‖Q), all pictures", loss, unit, help="The training loss."),
             kl_reading(kl_core.kl_divergence(p_i, q_i, base=ex.base), unit, p_i, q_i, ex.labels,
                        label=f"KL(P‖Q), ringed {ex.truth_label}")]
    return View(shown, figures.loss_history_figure(state, unit, clf.MAX_TRAIN_STEPS, steps),
                f"The training loss after each step, falling toward 0; after {state.step} steps at learning rate "
                f"{learning_rate:g}: ringed {ex.truth_label}: P = {braces(p_i)}, Q = {braces(q_i)}; "
                f"{described(shown)}.", curves=1, data={1: ("x", "y")})


def more_classes(p, scores, names, unit: str) -> View:
    """Step 9: KL(P‖Q) over the bars of a truth P and the prediction Q = the scores over their sum, for `names`."""
    if sum(scores) == 0:
        shown = [Reading("KL(P‖Q)", "—", "every score is 0: there is no prediction")]
        return View(shown, figures.distributions_figure(p, [0.0] * len(names), names),
                    f"Bars of the truth P = {braces(p)}; every score is 0, so there is no prediction Q.", **_BARS)
    q = kl_core.normalize(scores)
    kl = kl_core.kl_divergence(p, q, base=base_of(unit))
    return View([kl_reading(kl, unit, p, q, names)], figures.distributions_figure(p, q, names),
                f"Bars of the truth P and the prediction Q (the scores divided by their sum). P = {braces(p)}, "
                f"Q = {braces(q)} over ({', '.join(names)}); KL(P‖Q) = {format_value(kl, unit)}.", **_BARS)


def terms_text(terms_, labels, unit: str) -> str:
    return ", ".join(f"{label} {format_value(t.value, unit)}" for label, t in zip(labels, terms_))
