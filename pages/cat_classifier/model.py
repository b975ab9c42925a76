"""The cat classifier: KL(truth || prediction) as a classification loss, and a tiny model trained on it.

A classifier shown a picture outputs a distribution Q over the classes; the truth is a
distribution P (one-hot for a hard label). The loss is

    KL(P || Q) = sum_i p_i ln(p_i / q_i)          nats  (base=2 gives bits),

with the convention 0 ln(0 / q) = 0: a class the truth gives no mass costs nothing, whatever
Q says about it. The article's example, a cat predicted at p(cat) = 0.8, costs
KL({1, 0} || {0.8, 0.2}) = ln(1 / 0.8) = 0.2231 nats = 0.3219 bits.

Cross-entropy splits into the truth's own entropy plus the divergence,

    H(P, Q) = -sum_i p_i ln q_i = H(P) + KL(P || Q),

so for a one-hot truth (H(P) = 0) the usual cross-entropy loss *is* KL, and for soft labels
(label smoothing) the two differ by the constant H(P) and have the same gradient. With Q =
softmax(z) that gradient with respect to the logits z is

    d/dz KL(P || softmax(z)) = d/dz H(P, softmax(z)) = softmax(z) - P.

The model is logistic regression on a seeded two-feature "cat / not cat" data set: with
logit z = w . x + b the prediction is Q = (sigmoid(z), sigmoid(-z)) = softmax(z, 0) over
(cat, not cat), and full-batch gradient descent lowers the mean KL(P_i || Q_i) over the
examples. Every KL, entropy and cross-entropy here comes from kl_core's public functions.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import special

from kl_core import cross_entropy, entropy, kl_divergence, kl_terms
from kl_core._checks import base_log, positive, probability_vector, real

CLASSES = ("cat", "not_cat")
FEATURES = ("ear pointiness", "whisker length")
CAT_CENTRE = (1.5, 1.5)
NOT_CAT_CENTRE = (-1.5, -1.5)
CLUSTER_SD = 0.5
ARTICLE_Q_CAT = 0.8
CLASS_LABELS = ("cat", "not cat")
ANIMAL_SCORES = {"cat": 0.6, "dog": 0.2, "fox": 0.1, "rabbit": 0.1, "owl": 0.1}
ANIMALS = tuple(ANIMAL_SCORES)
MAX_TRAIN_STEPS = 200
PLAY_STRIDE = 4


def binary_prediction(q_cat) -> np.ndarray:
    """Q = (q_cat, 1 - q_cat) over (cat, not cat); q_cat may be 0 or 1."""
    q_cat = real(q_cat, "q_cat")
    if not 0.0 <= q_cat <= 1.0:
        raise ValueError(f"q_cat is a probability, so it must lie in [0, 1], got {q_cat:g}.")
    return np.array([q_cat, 1.0 - q_cat])


def soft_label(true_class: int, n_classes: int, label_smoothing=0.0) -> np.ndarray:
    """The truth P for a label: 1 - s on the true class, s / (k - 1) on each of the other k - 1.

    s = 0 is the one-hot label; s = 0.1 with two classes gives P = (0.9, 0.1). s may go up to
    (k - 1) / k, the uniform distribution, beyond which the true class would not be the likeliest.
    """
    if isinstance(n_classes, bool) or not isinstance(n_classes, (int, np.integer)) or n_classes < 2:
        raise ValueError(f"n_classes must be an integer >= 2, got {n_classes!r}.")
    if isinstance(true_class, bool) or not isinstance(true_class, (int, np.integer)) \
            or not 0 <= true_class < n_classes:
        raise ValueError(f"true_class must be an integer index in [0, {n_classes - 1}], got {true_class!r}.")
    s = real(label_smoothing, "label_smoothing")
    top = (n_classes - 1) / n_classes
    if not 0.0 <= s <= top:
        raise ValueError(
            f"label_smoothing must lie in [0, {top:g}] for {n_classes} classes "
            f"(0 is a hard label, {top:g} the uniform one), got {s:g}."
        )
    p = np.full(n_classes, s / (n_classes - 1))
    p[true_class] = 1.0 - s
    return p


@dataclass(frozen=True)
class KLTerm:
    """One class's share p ln(p / q) of KL(P || Q), in the unit of the breakdown's base.

    ``value`` is 0 when p = 0 (the convention 0 ln(0 / q) = 0, whatever q is), +inf when p > 0 = q,
    and negative when 0 < p < q; the terms always add up to KL(P || Q) >= 0.
    """

    p: float
    q: float
    value: float

    @property
    def vanishes_by_convention(self) -> bool:
        """True for p = 0: the term is 0 ln(0 / q) = 0 by convention, not by arithmetic."""
        return self.p == 0.0

    @property
    def infinite(self) -> bool:
        """True for p > 0 = q: the truth has mass where the prediction has none."""
        return math.isinf(self.value)


def kl_breakdown(p, q, *, base: float = math.e) -> tuple[KLTerm, ...]:
    """KL(P || Q) term by term: ``sum(t.value for t in kl_breakdown(p, q))`` is kl_divergence(p, q).

    >>> [round(t.value, 4) for t in kl_breakdown([1.0, 0.0], [0.8, 0.2])]
    [0.2231, 0.0]
    """
    values = kl_terms(p, q, base=base)
    return tuple(KLTerm(float(pi), float(qi), float(v)) for pi, qi, v in zip(p, q, values))


def infinite_reason(first_vec, second_vec, names, first: str = "P", second: str = "Q") -> str | None:
    """Why KL(first || second) is infinite, naming the class; None when it is finite.

    >>> infinite_reason([0.8, 0.2], [1.0, 0.0], ("cat", "not cat"), first="Q", second="P")
    'Q gives not cat probability 0.2 where P gives it 0'
    """
    for name, term in zip(names, kl_breakdown(first_vec, second_vec)):
        if term.infinite:
            return f"{first} gives {name} probability {term.p:.4g} where {second} gives it 0"
    return None


@dataclass(frozen=True, eq=False)
class BinaryExample:
    """One picture and the classifier's prediction over (cat, not cat), as steps 1 to 8 show it.

    ``p`` is the one-hot truth, ``q`` the prediction (q_cat, 1 - q_cat), ``kl_pq`` = KL(P || Q)
    and ``terms`` its breakdown, both in the unit of ``base``.
    """

    q_cat: float
    truth: str
    base: float
    p: np.ndarray
    q: np.ndarray
    kl_pq: float
    terms: tuple[KLTerm, ...]
    labels: tuple[str, ...] = CLASS_LABELS

    @property
    def true_index(self) -> int:
        return CLASSES.index(self.truth)

    @property
    def truth_label(self) -> str:
        """'cat' or 'not cat': what the picture really is, as the student reads it."""
        return self.labels[self.true_index]

    @property
    def wrong_label(self) -> str:
        """The class the picture is not."""
        return self.labels[1 - self.true_index]

    @property
    def reason(self) -> str | None:
        """Why KL(P || Q) is infinite (None when it is finite)."""
        return infinite_reason(self.p, self.q, self.labels)


def binary_example(q_cat, truth: str, base: float = math.e) -> BinaryExample:
    """The example for a prediction p(cat) = ``q_cat`` of a picture that really is ``truth``.

    >>> ex = binary_example(0.8, "cat")
    >>> ex.p.tolist(), ex.q.round(4).tolist(), round(ex.kl_pq, 4), ex.wrong_label
    ([1.0, 0.0], [0.8, 0.2], 0.2231, 'not cat')
    """
    if truth not in CLASSES:
        raise ValueError(f"truth must be one of {', '.join(CLASSES)}, got {truth!r}.")
    p = soft_label(CLASSES.index(truth), 2)
    q = binary_prediction(q_cat)
    return BinaryExample(float(q_cat), truth, base, p, q, kl_divergence(p, q, base=base),
                         kl_breakdown(p, q, base=base))


def nudged(q_cat, by: float = 0.1) -> float:
    """p(cat) moved by ``by`` toward the middle when it would leave [0, 1], rounded to 0.01.

    >>> nudged(0.8), nudged(0.95)
    (0.9, 0.85)
    """
    return round(q_cat + (by if q_cat <= 1.0 - by else -by), 2)


def comparison(before: float, after: float, words=("goes up", "goes down", "stays the same")) -> str:
    """The word for how ``after`` compares with ``before``: larger, smaller or equal.

    >>> comparison(1.0, 2.0, ("larger", "smaller", "the same"))
    'larger'
    """
    up, down, same = words
    return up if after > before else (down if after < before else same)


@dataclass(frozen=True)
class CrossEntropySplit:
    """H(P, Q) = H(P) + KL(P || Q), all three in the unit of ``base``."""

    entropy: float
    kl: float
    cross_entropy: float
    base: float = math.e


def cross_entropy_split(p, q, *, base: float = math.e) -> CrossEntropySplit:
    """The truth's entropy H(P), the divergence KL(P || Q) and their sum, the cross-entropy H(P, Q).

    >>> split = cross_entropy_split([1.0, 0.0], [0.8, 0.2])
    >>> split.entropy, round(split.kl, 4), round(split.cross_entropy, 4)
    (0.0, 0.2231, 0.2231)
    """
    return CrossEntropySplit(
        entropy=entropy(p, base=base),
        kl=kl_divergence(p, q, base=base),
        cross_entropy=cross_entropy(p, q, base=base),
        base=base,
    )


def softmax(logits) -> np.ndarray:
    """softmax(z)_i = e^{z_i} / sum_j e^{z_j} along the last axis: logits to a distribution."""
    z = np.asarray(logits, dtype=float)
    if z.ndim == 0 or z.shape[-1] < 2 or not np.isfinite(z).all():
        raise ValueError("logits must be finite, with at least two classes along the last axis.")
    return special.softmax(z, axis=-1)


def logits_of(q) -> np.ndarray:
    """Logits z with softmax(z) = Q: z_i = ln q_i - mean_j ln q_j (logits are defined up to a constant).

    A prediction with a zero entry has a logit of -inf there, which no finite model reaches.
    """
    q = probability_vector(q, "q")
    if (q == 0).any():
        raise ValueError(
            f"Q gives class {int(np.flatnonzero(q == 0)[0])} probability 0, a logit of -inf; "
            "move the prediction inside (0, 1) to see its gradient."
        )
    log_q = np.log(q)
    return log_q - log_q.mean()


def loss_gradient(p, logits) -> np.ndarray:
    """d/dz KL(P || softmax(z)) = d/dz H(P, softmax(z)) = softmax(z) - P, in nats per unit logit.

    The two losses differ by H(P), which does not depend on z, so one gradient serves both;
    rows of a 2-D ``p`` and ``logits`` are independent examples.
    """
    q = softmax(logits)
    p = np.asarray(p, dtype=float)
    if p.shape != q.shape:
        raise ValueError(f"p and logits must have the same shape, got {p.shape} and {q.shape}.")
    for row in p.reshape(-1, p.shape[-1]):
        probability_vector(row, "p")
    return q - p


@dataclass(frozen=True, eq=False)
class CatData:
    """A labelled set: ``features[i]`` are the two measurements of picture i (standardised units),
    ``truth[i]`` its truth P_i over (cat, not cat)."""

    features: np.ndarray
    truth: np.ndarray

    @property
    def is_cat(self) -> np.ndarray:
        """True where the truth's likeliest class is cat."""
        return self.truth[:, 0] > self.truth[:, 1]

    @property
    def n(self) -> int:
        return self.features.shape[0]

    def first_example(self, cat: bool) -> int:
        """The index of the first cat (or, with ``cat=False``, the first non-cat)."""
        return int(np.flatnonzero(self.is_cat == cat)[0])


def make_cat_data(n_per_class: int = 20, *, seed: int = 0, label_smoothing=0.0) -> CatData:
    """``n_per_class`` cats around (1.5, 1.5) then as many non-cats around (-1.5, -1.5), each
    feature Gaussian with sd 0.5, drawn from ``numpy.random.default_rng(seed)``; the truth is
    ``soft_label`` of the class with the given smoothing. The classes are linearly separable
    with overwhelming probability, so with hard labels the loss can approach 0.
    """
    if isinstance(n_per_class, bool) or not isinstance(n_per_class, (int, np.integer)) or n_per_class < 1:
        raise ValueError(f"n_per_class must be a positive integer, got {n_per_class!r}.")
    rng = np.random.default_rng(seed)
    cats = rng.normal(CAT_CENTRE, CLUSTER_SD, size=(n_per_class, 2))
    not_cats = rng.normal(NOT_CAT_CENTRE, CLUSTER_SD, size=(n_per_class, 2))
    truth = np.vstack([
        np.tile(soft_label(0, 2, label_smoothing), (n_per_class, 1)),
        np.tile(soft_label(1, 2, label_smoothing), (n_per_class, 1)),
    ])
    return CatData(features=np.vstack([cats, not_cats]), truth=truth)


@dataclass(frozen=True)
class TrainState:
    """Logistic regression after ``step`` gradient steps: logit z = w . x + b.

    ``losses[t]`` is the mean KL(P_i || Q_i) in nats after t steps, so ``losses[-1]`` is the
    current loss and ``len(losses) == step + 1``.
    """

    weights: tuple[float, float]
    bias: float
    step: int
    losses: tuple[float, ...]

    def predict(self, features) -> np.ndarray:
        """Q for each row of ``features``: (sigmoid(z), sigmoid(-z)) over (cat, not cat)."""
        return softmax(_binary_logits(self.weights, self.bias, features))

    def loss(self, *, base: float = math.e) -> float:
        """The current mean KL(truth || prediction) in the unit of ``base``."""
        return self.losses[-1] / base_log(base)

    def loss_history(self, *, base: float = math.e) -> np.ndarray:
        """The loss after 0, 1, ..., ``step`` steps, in the unit of ``base``."""
        return np.array(self.losses) / base_log(base)


def mean_kl_loss(data: CatData, weights, bias, *, base: float = math.e) -> float:
    """(1/n) sum_i KL(P_i || Q_i) for logistic regression with these parameters."""
    q = softmax(_binary_logits(weights, bias, data.features))
    return float(np.mean([kl_divergence(p_i, q_i, base=base) for p_i, q_i in zip(data.truth, q)]))


def initial_state(data: CatData, *, q_cat=ARTICLE_Q_CAT) -> TrainState:
    """The untrained model: w = 0 and b = ln(q_cat / (1 - q_cat)), so it predicts p(cat) = q_cat
    for every picture (0.8 by default, the article's prediction)."""
    q_cat = real(q_cat, "q_cat")
    if not 0.0 < q_cat < 1.0:
        raise ValueError(
            f"The starting p(cat) must lie strictly between 0 and 1 (a logit of +-inf cannot be "
            f"trained), got {q_cat:g}."
        )
    bias = float(special.logit(q_cat))
    return TrainState((0.0, 0.0), bias, 0, (mean_kl_loss(data, (0.0, 0.0), bias),))


def train_step(state: TrainState, data: CatData, *, learning_rate) -> TrainState:
    """One full-batch gradient step on the mean KL: theta <- theta - lr * (1/n) sum_i g_i (x_i, 1),
    where g_i = softmax(z_i, 0)_cat - p_i,cat is the loss gradient with respect to logit z_i."""
    lr = positive(learning_rate, "learning_rate")
    logits = _binary_logits(state.weights, state.bias, data.features)
    g = loss_gradient(data.truth, logits)[:, 0]
    weights = np.asarray(state.weights) - lr * (g @ data.features) / data.n
    bias = state.bias - lr * float(np.mean(g))
    weights = (float(weights[0]), float(weights[1]))
    return TrainState(weights, bias, state.step + 1, state.losses + (mean_kl_loss(data, weights, bias),))


def train(data: CatData, n_steps: int, *, learning_rate, q_cat=ARTICLE_Q_CAT) -> TrainState:
    """``n_steps`` gradient steps from ``initial_state(data, q_cat=q_cat)``; deterministic."""
    return training_path(data, n_steps, learning_rate=learning_rate, q_cat=q_cat)[-1]


def training_path(data: CatData, n_steps: int, *, learning_rate, q_cat=ARTICLE_Q_CAT) -> tuple[TrainState, ...]:
    """The states after 0, 1, ..., ``n_steps`` gradient steps from ``initial_state(data, q_cat=q_cat)``."""
    if isinstance(n_steps, bool) or not isinstance(n_steps, (int, np.integer)) or n_steps < 0:
        raise ValueError(f"n_steps must be a non-negative integer, got {n_steps!r}.")
    path = [initial_state(data, q_cat=q_cat)]
    for _ in range(n_steps):
        path.append(train_step(path[-1], data, learning_rate=learning_rate))
    return tuple(path)


def training_start(q_cat) -> float:
    """The p(cat) training starts from: ``q_cat`` itself unless it is 0 or 1 (a logit of +-inf,
    which gradient descent never moves), then the article's 0.8."""
    return q_cat if 0.0 < q_cat < 1.0 else ARTICLE_Q_CAT


def clamped(value: int, low: int, high: int) -> int:
    """``value`` kept within [low, high]: the step number, the count of gradient steps taken."""
    return min(max(value, low), high)


def play_tick(trained: int, playing: bool, *, stride: int = PLAY_STRIDE,
              most: int = MAX_TRAIN_STEPS) -> tuple[int, bool]:
    """One tick of the trainer's Play: the new count of steps taken and whether it still plays.

    Paused, nothing moves; playing, it takes ``stride`` more steps (at most ``most`` in all) and
    stops on the tick after it has reached ``most``.

    >>> play_tick(10, True), play_tick(198, True), play_tick(200, True), play_tick(10, False)
    ((14, True), (200, True), (200, False), (10, False))
    """
    if not playing or trained >= most:
        return trained, False
    return clamped(trained + stride, 0, most), True


def safe_learning_rate(data: CatData) -> float:
    """1 / L, where L = lambda_max(A^T A) / (4n) with rows a_i = (x_i, 1) bounds the curvature of
    the mean KL (sigmoid' <= 1/4). By the descent lemma a gradient step of size <= 2 / L never
    raises the loss, so any learning rate up to this value is safe with a factor 2 to spare."""
    a = np.column_stack([data.features, np.ones(data.n)])
    return float(4 * data.n / np.linalg.eigvalsh(a.T @ a)[-1])


def _binary_logits(weights, bias, features) -> np.ndarray:
    """Rows (z, 0) with z = w . x + b, so that softmax gives (sigmoid(z), sigmoid(-z))."""
    z = np.asarray(features, dtype=float) @ np.asarray(weights, dtype=float) + bias
    return np.stack([z, np.zeros_like(z)], axis=-1)
