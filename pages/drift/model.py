"""Data drift per feature: divergences between the binned reference and current samples.

Each feature is binned on the reference (kl_core.binning) and its two histograms become the
probability vectors r (reference) and c (current). The scores, each from kl_core's divergences:

    KL(ref||cur) = sum r ln(r/c)                      on the smoothed bins
    KL(cur||ref) = sum c ln(c/r)                      on the smoothed bins
    PSI          = sum (c - r) ln(c/r) = KL(ref||cur) + KL(cur||ref)   same smoothed bins
    JS           = 1/2 KL(r||m) + 1/2 KL(c||m), m = (r + c)/2          in [0, ln 2]
    Hellinger    = sqrt(1/2 sum (sqrt r - sqrt c)^2)                   unitless, in [0, 1]
    TV           = 1/2 sum |r - c|                                     unitless, in [0, 1]

The divergences are the app's measures (kl_app.measures, from kl_core's registry) with P = ref
and Q = cur, plus PSI. Every score and threshold here is in nats; `Metric.shown` converts to the
page's unit. Smoothing: a divergence that can be infinite (KL) is infinite when one sample has a
bin the other lacks, so it and PSI use the explicit additive smoothing (v + eps)/(1 + B eps) of
kl_divergence (default eps = 1e-4; eps = 0 switches it off and lets them be inf). The bounded
ones (JS, Hellinger, TV) are finite without it and use the raw proportions.

Noise floor (closed form). With no drift, r and c are two samples (sizes N and M) of one
distribution p over B_eff occupied bins. To second order every score is a function of
S = sum_i (r_i - c_i)^2 / p_i, and S ~ (1/N + 1/M) chi^2 with B_eff - 1 degrees of freedom
(the Pearson statistic). So, with s = 1/N + 1/M and d = B_eff - 1:

    PSI ~ S           E[PSI] = d s                     (the familiar (B-1)(1/N + 1/M))
    each KL ~ S/2     E[KL]  = d s / 2
    JS ~ S/8          E[JS]  = d s / 8
    H^2 ~ S/8         E[H]   = sqrt(s/8) E[chi_d],  E[chi_d] = sqrt(2) G((d+1)/2) / G(d/2)
    TV = 1/2 sum |r_i - c_i|, r_i - c_i ~ Normal(0, p_i(1-p_i) s):
                      E[TV]  = sqrt(s / (2 pi)) sum_i sqrt(p_i (1 - p_i))

p is estimated by the pooled proportions and B_eff counts the bins that either sample occupies.
The same mapping of the chi^2 95th percentile gives the no-drift bound used by the verdicts.
The approximation needs enough values per bin: with at least MIN_EXPECTED_COUNT = 10 expected in
every occupied bin of the smaller sample the floors are within ~6% of simulation (PSI; the
verdict bound is then exceeded ~7% of the time instead of 5%); with fewer, empty current bins
make the smoothed KL heavy-tailed and the floors too low (noise_floor_reliable is False).

Minimum sample size. Below MIN_ROWS = 31 values in either sample no verdict is given: even the
coarsest comparison, two bins (d = 1), has a 95% no-drift PSI bound of chi^2_0.95(1) s =
3.84 (1/N + 1/M), which with N = M = n stays above the PSI drift threshold 0.25 until n = 31
(JS and Hellinger reach theirs sooner, at 14 and 7). With fewer values a score past the threshold
says nothing about drift, so such verdicts read "too few rows" and never count as drifted, and
too_small() gives the sentence that says so.

Verdicts (stated thresholds): PSI < 0.1 stable, < 0.25 moderate, else drifted (nats); JS < 0.1
bit (0.0693 nats) stable, else drifted; Hellinger < 0.15 stable, < 0.4 moderate, else drifted. A score above a
threshold but inside the no-drift 95% bound is reported as "within noise": small samples look
drifted when nothing changed. The dataset has drifted when the share of drifted features is at
least `share` (default 1/2).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np
from scipy import special, stats

from kl_app.formatting import format_value
from kl_app.measures import MEASURES
from kl_app.units import base_of
from kl_core import kl_terms
from kl_core._checks import smoothed
from kl_core.binning import (BinCounts, CategoricalBinning, NumericBinning, category_bins,
                             equal_width_bins, is_numeric, quantile_bins)

DEFAULT_SMOOTHING = 1e-4
DEFAULT_SHARE = 0.5
NOISE_LEVEL = 0.95
MIN_EXPECTED_COUNT = 10
MIN_ROWS = 31
TOO_SMALL = "too few rows"
BIN_METHODS = ("quantile", "equal width")


# The stated verdict thresholds (moderate, drifted) in nats; JS's is stated in bits: 0.1 bit.
THRESHOLDS = {"js": (None, 0.1 * math.log(2)), "hellinger": (0.15, 0.4), "psi": (0.1, 0.25)}


@dataclass(frozen=True)
class Metric:
    """A drift score: its label, whether it is information (nats, or bits on screen) or unitless,
    its verdict thresholds (None where none is stated), and whether it is computed on smoothed bins."""

    key: str
    label: str
    in_units: bool
    moderate: float | None = None
    drifted: float | None = None
    smoothed: bool = False

    def unit(self, unit: str) -> str:
        """The unit its values are shown in: the page's unit, or '' for a unitless score."""
        return unit if self.in_units else ""

    def scale(self, base: float = math.e) -> float:
        """What a stored value (nats) is multiplied by to be in the unit of `base`: 1 when unitless."""
        return 1 / math.log(base) if self.in_units else 1.0

    def shown(self, nats: float | None, base: float = math.e) -> float | None:
        """A value of this score (or a threshold), stored in nats, in the unit of `base`."""
        return None if nats is None else nats * self.scale(base)

    def thresholds_text(self, base: float = math.e) -> str:
        """'< 0.1 stable, 0.1 to 0.25 moderate, ≥ 0.25 drifted', in the unit of `base`."""
        moderate, drifted = self.shown(self.moderate, base), self.shown(self.drifted, base)
        if moderate is None:
            return f"< {drifted:.3g} stable, ≥ {drifted:.3g} drifted"
        return f"< {moderate:.3g} stable, {moderate:.3g} to {drifted:.3g} moderate, ≥ {drifted:.3g} drifted"


METRICS = {
    **{m.key: Metric(m.key, m.divergence.symbol if m.divergence.symmetric else m.label("ref", "cur"),
                     m.divergence.in_units, *THRESHOLDS.get(m.key, (None, None)),
                     smoothed=math.isinf(m.divergence.sup_value)) for m in MEASURES},
    "psi": Metric("psi", "PSI", True, *THRESHOLDS["psi"], smoothed=True),
}
VERDICT_METRICS = tuple(key for key, m in METRICS.items() if m.drifted is not None)

# One value per key of METRICS, in nats for the in-unit scores.
Scores = dict[str, float]


@dataclass(frozen=True, eq=False)
class Contributions:
    """Per-bin terms of the smoothed KL in each direction and of PSI (their sum), in nats."""

    kl_pq: np.ndarray
    kl_qp: np.ndarray

    @property
    def psi(self) -> np.ndarray:
        return self.kl_pq + self.kl_qp


@dataclass(frozen=True)
class Verdict:
    """One feature judged by one metric against its thresholds and its no-drift bound.

    level: "stable", "moderate" or "drifted" from the thresholds alone. beyond_noise: the score
    exceeds the 95th percentile of its no-drift distribution at these sample sizes. too_small:
    a sample has fewer than MIN_ROWS values, so no verdict is given (module docstring).
    """

    metric: str
    score: float
    floor: float
    bound: float
    level: str
    beyond_noise: bool
    too_small: bool = False

    @property
    def status(self) -> str:
        """TOO_SMALL below MIN_ROWS values, else the level, or "within noise" when a threshold is
        crossed but the bound is not."""
        if self.too_small:
            return TOO_SMALL
        if self.level != "stable" and not self.beyond_noise:
            return "within noise"
        return self.level

    @property
    def drifted(self) -> bool:
        return self.status == "drifted"


@dataclass(frozen=True, eq=False)
class FeatureDrift:
    """The binned reference and current samples of one feature and every score between them.

    noise_floor holds the expected value of each score when nothing drifted (module docstring).
    """

    name: str
    binning: NumericBinning | CategoricalBinning
    reference: BinCounts
    current: BinCounts
    smoothing: float
    scores: Scores
    noise_floor: Scores

    @property
    def kind(self) -> str:
        return "numeric" if isinstance(self.binning, NumericBinning) else "categorical"

    @property
    def occupied_bins(self) -> int:
        """B_eff: bins holding a value of either sample."""
        return int(np.count_nonzero(self.reference.counts + self.current.counts))

    @property
    def noise_floor_reliable(self) -> bool:
        """True when every occupied bin expects >= MIN_EXPECTED_COUNT values of the smaller sample."""
        pooled = (self.reference.counts + self.current.counts) / (self.reference.n + self.current.n)
        smallest = pooled[pooled > 0].min() * min(self.reference.n, self.current.n)
        return bool(smallest >= MIN_EXPECTED_COUNT)

    def contributions(self) -> Contributions:
        """Per-bin terms of KL(ref||cur), KL(cur||ref) and PSI on the smoothed bins (nats)."""
        r = smoothed(self.reference.proportions, self.smoothing)
        c = smoothed(self.current.proportions, self.smoothing)
        return Contributions(kl_terms(r, c), kl_terms(c, r))

    def noise_bound(self, metric: str) -> float:
        """95th percentile of `metric` under no drift (chi^2 mapping; not defined for TV)."""
        d = self.occupied_bins - 1
        if d == 0:
            return 0.0
        return _from_pearson(metric, _scale(self) * float(stats.chi2.ppf(NOISE_LEVEL, d)))

    def verdict(self, metric: str = "psi") -> Verdict:
        """Judge this feature by `metric`, one of VERDICT_METRICS."""
        m = _metric(metric)
        if m.drifted is None:
            raise ValueError(f"{m.label} has no stated drift threshold; judge by one of "
                             f"{', '.join(VERDICT_METRICS)}.")
        score = self.scores[m.key]
        if score >= m.drifted:
            level = "drifted"
        elif m.moderate is not None and score >= m.moderate:
            level = "moderate"
        else:
            level = "stable"
        bound = self.noise_bound(metric)
        return Verdict(metric, score, self.noise_floor[metric], bound, level, bool(score > bound),
                       min(self.reference.n, self.current.n) < MIN_ROWS)


@dataclass(frozen=True)
class DatasetVerdict:
    """Share of features judged drifted by `metric`, against the share that flags the dataset.

    n_too_small: features with fewer than MIN_ROWS values in a sample (never counted as drifted).
    """

    metric: str
    n_features: int
    n_drifted: int
    share: float
    n_too_small: int = 0

    @property
    def cannot_judge(self) -> bool:
        """True when no feature has enough values to be judged."""
        return self.n_too_small == self.n_features

    @property
    def share_drifted(self) -> float:
        return self.n_drifted / self.n_features

    @property
    def drifted(self) -> bool:
        return self.share_drifted >= self.share


def feature_drift(name: str, reference, current, *, method: str = "quantile", n_bins: int = 10,
                  smoothing: float = DEFAULT_SMOOTHING) -> FeatureDrift:
    """Bin one feature on its reference sample and score the current sample against it.

    reference, current: 1-D arrays. int/float arrays are numeric (bins by `method`, "quantile"
    or "equal width", `n_bins` of them before deduplication); str/object/bool arrays are
    categorical (one bin per reference category plus "unseen"). Both must be of the same kind.
    """
    numeric = is_numeric(reference)
    if is_numeric(current) != numeric:
        kinds = ("numeric", "text") if numeric else ("text", "numeric")
        raise ValueError(f"Column {name!r} is {kinds[0]} in the reference but {kinds[1]} in the current "
                         "data; make both the same type to compare them.")
    if numeric:
        if method not in BIN_METHODS:
            raise ValueError(f"method must be one of {BIN_METHODS}, got {method!r}.")
        binning = (quantile_bins if method == "quantile" else equal_width_bins)(reference, n_bins)
    else:
        binning = category_bins(reference)
    ref_counts = binning.count(reference)
    cur_counts = binning.count(current)
    if cur_counts.n == 0:
        raise ValueError(f"Column {name!r} has no non-missing values in the current data; "
                         "drop the column or fill in its values.")
    r, c = ref_counts.proportions, cur_counts.proportions
    rs, cs = smoothed(r, smoothing), smoothed(c, smoothing)
    scores = {m.key: m(rs, cs) if METRICS[m.key].smoothed else m(r, c) for m in MEASURES}
    scores["psi"] = scores["kl_pq"] + scores["kl_qp"]
    return FeatureDrift(name, binning, ref_counts, cur_counts, float(smoothing), scores,
                        _noise_floor(ref_counts, cur_counts))


def dataset_verdict(features, *, metric: str = "psi", share: float = DEFAULT_SHARE) -> DatasetVerdict:
    """The dataset has drifted when at least `share` of its features are judged drifted."""
    features = list(features)
    if not features:
        raise ValueError("No features to judge; compare at least one column.")
    if isinstance(share, bool) or not isinstance(share, numbers.Real) or not 0 < share <= 1:
        raise ValueError(f"share must be a fraction in (0, 1], got {share!r}.")
    verdicts = [f.verdict(metric) for f in features]
    return DatasetVerdict(metric, len(features), sum(v.drifted for v in verdicts), float(share),
                          sum(v.too_small for v in verdicts))


def too_small(n_reference: int, n_current: int) -> str | None:
    """The sentence to show instead of a verdict when a sample has fewer than MIN_ROWS rows, else None.

    It states the noise at that size: the 95% no-drift PSI bound on two bins, chi^2_0.95(1) s.
    """
    if min(n_reference, n_current) >= MIN_ROWS:
        return None
    if min(n_reference, n_current) == 0:
        return "Cannot judge drift: a file has no data rows."
    bound = float(stats.chi2.ppf(NOISE_LEVEL, 1)) * (1 / n_reference + 1 / n_current)
    return (f"Too few rows to judge drift: the reference has {_rows(n_reference)} and the current data "
            f"{_rows(n_current)}; at least {MIN_ROWS} in each are needed. At this size two samples of "
            f"unchanged data already differ by a PSI of up to {bound:.3g} nats by chance (95% no-drift bound "
            f"with just two bins), above the drift threshold of {METRICS['psi'].drifted:g}, so no feature is "
            "called drifted. The scores below are for information only.")


def _rows(n: int) -> str:
    return f"{n:,} row" + ("" if n == 1 else "s")


def _metric(key: str) -> Metric:
    if key not in METRICS:
        raise ValueError(f"Unknown drift metric {key!r}; choose one of {', '.join(METRICS)}.")
    return METRICS[key]


def _scale(feature: FeatureDrift) -> float:
    """s = 1/N + 1/M, the variance scale of a difference of two sample proportions."""
    return 1 / feature.reference.n + 1 / feature.current.n


def _from_pearson(metric: str, s: float) -> float:
    """The value of `metric` to second order when the Pearson statistic S = sum (r-c)^2/p is s."""
    by_metric = {"psi": s, "kl_pq": s / 2, "kl_qp": s / 2, "js": s / 8, "hellinger": math.sqrt(s / 8)}
    if metric not in by_metric:
        raise ValueError(f"No no-drift bound for {metric!r}; use one of {', '.join(by_metric)}.")
    return by_metric[metric]


def _noise_floor(reference: BinCounts, current: BinCounts) -> Scores:
    pooled = (reference.counts + current.counts) / (reference.n + current.n)
    d = int(np.count_nonzero(pooled)) - 1
    s = 1 / reference.n + 1 / current.n
    mean_chi = math.sqrt(2) * math.exp(special.gammaln((d + 1) / 2) - special.gammaln(d / 2)) if d else 0.0
    return {"kl_pq": d * s / 2, "kl_qp": d * s / 2, "js": d * s / 8, "hellinger": math.sqrt(s / 8) * mean_chi,
            "tv": math.sqrt(s / (2 * math.pi)) * float(np.sqrt(pooled * (1 - pooled)).sum()), "psi": d * s}



def no_drift_score(feature: FeatureDrift, metric: str, unit: str) -> tuple[str, str]:
    """The answer to the page's question about a feature that never drifts (the synthetic tenure),
    from its score and its no-drift noise bound, in the question's words, and why."""
    m, base = METRICS[metric], base_of(unit)
    v = feature.verdict(metric)
    shown = lambda value: format_value(m.shown(value, base), m.unit(unit))  # noqa: E731
    answer = ("exactly 0" if v.score == 0 else "past the drift threshold" if v.score >= m.drifted
              else "a little above 0")
    return answer, (f"{feature.name}'s {m.label} is {shown(v.score)}: two samples of the same distribution "
                    f"still differ by chance. The pale band shows that noise (95% of no-drift samples of "
                    f"these sizes score below {shown(v.bound)}); try fewer rows to see it grow.")
