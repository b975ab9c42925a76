"""The cat classifier's URL parameters: the step, the example, the unit, each step's controls and questions."""

from kl_app import url
from kl_app.units import UNIT
from pages.cat_classifier.model import ANIMAL_SCORES, ANIMALS, CLASSES, MAX_TRAIN_STEPS, make_cat_data, \
    safe_learning_rate

LAST_STEP = 9


def _question(n: int, label: str, *answers: str) -> url.Choice:
    """Question `n` of the steps."""
    return url.question(f"guess{n}", label, *answers)


SCHEMA = url.Schema([
    url.Choice("step", "Step", 1, tuple(range(1, LAST_STEP + 1))),
    url.Number("q_cat", "Classifier's p(cat)", 0.8, 0.0, 1.0, 0.01,
               help="The prediction Q = {p(cat), 1 − p(cat)}. Its ends 0 and 1 are allowed."),
    url.Choice("truth", "The picture really is", "cat", CLASSES, ("a cat", "not a cat")),
    UNIT,
    _question(1, "Which prediction Q would cost nothing?",
              "Q = P: all mass on the true class", "Q = {0.5, 0.5}: undecided",
              "any Q with more than 0.5 on the true class"),
    _question(2, "Move p(cat) by 0.1. KL(P‖Q)…", "goes down", "goes up", "stays the same"),
    _question(3, "Q's probability for the wrong class drops to 0.01. Its term becomes…",
              "larger", "smaller", "still exactly 0"),
    _question(4, "Switch the unit to bits. The number will be…", "larger in bits", "smaller in bits", "the same"),
    _question(5, "With a soft truth P = {0.9, 0.1}, are cross-entropy and KL still equal?",
              "yes, still equal", "no, cross-entropy is larger", "no, KL is larger"),
    _question(6, "Will KL(Q‖P) be larger or smaller than KL(P‖Q)?", "larger", "smaller", "the same"),
    url.Number("smooth", "Label smoothing: probability moved off the true class", 0.1, 0.0, 0.5, 0.01,
               help="0 is a hard label; 0.1 gives P = {0.9, 0.1}; 0.5 is a coin flip."),
    _question(7, "Which p(cat) minimises the cross-entropy for the soft truth P?",
              "p(cat) = 1: be certain", "p(cat) = the truth's p(cat)", "p(cat) = 0.5"),
    url.Number("lr", "Learning rate", 0.5, 0.05, 3.0, 0.05,
               help=f"Up to {safe_learning_rate(make_cat_data()):.2f}, every step lowers the loss."),
    url.Number("trained", "Gradient steps taken", 0, 0, MAX_TRAIN_STEPS, 1),
    _question(8, "Will the loss ever reach exactly 0?",
              "yes, after enough steps", "no, it only gets closer and closer", "no, it stops at a fixed floor"),
    url.Choice("classes", "Number of classes", 4, (3, 4, 5)),
    url.Choice("true_class", "The picture really is (more classes)", "cat", ANIMALS),
    *(url.Number(f"w_{name}", f"Score for {name}", score, 0.0, 1.0, 0.01) for name, score in ANIMAL_SCORES.items()),
    _question(9, "Move probability from one wrong class to another. KL(P‖Q)…",
              "goes up", "goes down", "stays the same"),
])
