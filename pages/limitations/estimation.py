"""Estimating KL(P||Q) from samples with the plug-in histogram estimator.

Given ``n`` samples from P and ``n`` samples from Q, the plug-in estimator bins both
samples on the same partition B_1..B_k of the real line and returns the KL divergence of
the two histograms,

    KL_hat_n = sum_j p_hat_j * log(p_hat_j / q_hat_j),   p_hat_j = #{x_i in B_j} / n,

computed by ``kl_divergence`` on the two count vectors, with the caller's explicit
``smoothing`` epsilon (each histogram becomes (v + eps) / (1 + k*eps)). With eps = 0 the
estimate is infinite whenever a bin holds samples of P but none of Q, which is likely for
small n.

Two things separate the estimate from the exact KL(P||Q):

* binning and smoothing: as n grows the estimate tends to ``limit``, the KL of the two
  distributions' cell probabilities with the same smoothing. Without smoothing it is at
  most KL(P||Q) (data-processing inequality); smoothing pulls it further down. No amount
  of data removes this gap;
* sampling: for finite n the estimate scatters around, and on average drifts from, its
  limit (empty bins of Q, noise in small counts).

The partition is ``bins`` right-closed cells: ``bins - 2`` equal cells over the union of
P's and Q's plot ranges, plus one open cell on each side, so every sample falls in a cell.
Units: nats by default; ``base=2`` gives bits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kl_app.frames import View, divergence_reading
from kl_app.units import base_of
from kl_core import kl_divergence
from kl_core.binning import NumericBinning

SAMPLE_SIZES: tuple[int, ...] = (10, 30, 100, 300, 1_000, 3_000, 10_000, 30_000, 100_000)


@dataclass(frozen=True, eq=False)
class SampleSizeSummary:
    """The plug-in estimates at one sample size ``n``, one per repetition.

    ``estimates`` may hold ``math.inf`` (a bin with samples of P and none of Q when
    ``smoothing`` is 0). ``mean`` and ``std`` are then ``math.inf``: the estimator has
    infinite expectation. Quantiles are taken without interpolation, so they are finite
    as long as enough estimates are.
    """

    n: int
    estimates: np.ndarray
    exact: float

    @property
    def mean(self) -> float:
        return float(np.mean(self.estimates))

    @property
    def bias(self) -> float:
        """Mean estimate minus the exact KL(P||Q)."""
        return self.mean - self.exact

    @property
    def std(self) -> float:
        """Standard deviation of the estimates over repetitions (inf if any is inf)."""
        if self.fraction_infinite > 0:
            return math.inf
        return float(np.std(self.estimates))

    @property
    def fraction_infinite(self) -> float:
        return float(np.mean(np.isinf(self.estimates)))

    def quantile(self, q: float) -> float:
        """The ``q`` quantile of the estimates (an actual estimate, no interpolation)."""
        return float(np.quantile(self.estimates, q, method="inverted_cdf"))


@dataclass(frozen=True, eq=False)
class PluginStudy:
    """Plug-in estimates of KL(P||Q) for growing n against the exact value.

    ``exact`` is KL(P||Q) of the distributions; ``limit`` is the KL of the two
    distributions' cell probabilities with the same ``smoothing``, the value the estimates
    converge to as n grows; ``binning`` holds the cells.
    """

    exact: float
    limit: float
    binning: NumericBinning
    smoothing: float
    base: float
    by_n: tuple[SampleSizeSummary, ...]

    @property
    def sizes(self) -> np.ndarray:
        return np.array([s.n for s in self.by_n])


def study_binning(p, q, bins: int) -> NumericBinning:
    """``bins`` cells: open cells at both ends and equal cells over both plot ranges."""
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 3:
        raise ValueError(f"bins must be an integer >= 3 (got {bins!r}); try 30.")
    (p_low, p_high), (q_low, q_high) = p.plot_range(), q.plot_range()
    interior = np.linspace(min(p_low, q_low), max(p_high, q_high), bins - 1)
    return NumericBinning(np.concatenate(([-math.inf], interior, [math.inf])))


def binned_probabilities(dist, binning: NumericBinning) -> np.ndarray:
    """P(e_(j-1) < X <= e_j) for each cell, as differences of the distribution's CDF."""
    return np.diff(np.concatenate(([0.0], dist.cdf(binning.edges[1:-1]), [1.0])))


def binned_limit(p, q, binning: NumericBinning, *, smoothing: float, base: float = math.e) -> float:
    """The estimate's large-n limit: KL between P's and Q's exact cell probabilities, smoothed as the histograms are."""
    return kl_divergence(binned_probabilities(p, binning), binned_probabilities(q, binning), base=base,
                         smoothing=smoothing)


def estimate_view(p, q, *, smoothing: float, bins: int, unit: str) -> View:
    """The sampling tab's numbers: the exact KL(P‖Q) and the large-n limit of its plug-in estimate on `bins` cells."""
    base = base_of(unit)
    limit = binned_limit(p, q, study_binning(p, q, bins), smoothing=smoothing, base=base)
    return View([divergence_reading("exact KL(P‖Q)", kl_divergence(p, q, base=base), unit),
                 divergence_reading("large-n limit of the estimate", limit, unit)], None, "")


def plugin_estimate(
    p_samples, q_samples, binning: NumericBinning, *, smoothing: float, base: float = math.e
) -> float:
    """KL between the histograms (relative frequencies) of two samples on ``binning``."""
    return kl_divergence(
        binning.count(p_samples).proportions,
        binning.count(q_samples).proportions,
        base=base,
        smoothing=smoothing,
    )


def plugin_study(
    p,
    q,
    *,
    smoothing: float,
    sizes=SAMPLE_SIZES,
    repetitions: int = 20,
    bins: int = 30,
    seed: int = 0,
    base: float = math.e,
) -> PluginStudy:
    """Plug-in estimates of KL(P||Q) at each sample size, ``repetitions`` times each.

    Each repetition draws one stream of ``max(sizes)`` samples from P and one from Q
    (seeds derived from ``seed``) and estimates from the first n values of each stream,
    as if the samples arrived one by one. The same ``seed`` gives the same study.
    """
    sizes = tuple(sizes)
    if not sizes or any(not isinstance(n, (int, np.integer)) or n < 1 for n in sizes):
        raise ValueError(f"sizes must be positive integers (got {sizes!r}); try {SAMPLE_SIZES}.")
    if not isinstance(repetitions, (int, np.integer)) or repetitions < 1:
        raise ValueError(f"repetitions must be an integer >= 1 (got {repetitions!r}); try 20.")
    binning = study_binning(p, q, bins)
    exact = kl_divergence(p, q, base=base)
    limit = binned_limit(p, q, binning, smoothing=smoothing, base=base)
    n_max = max(sizes)
    seeds = np.random.SeedSequence(seed).generate_state(2 * repetitions)
    estimates = np.empty((len(sizes), repetitions))
    for r in range(repetitions):
        p_stream = p.sample(n_max, int(seeds[2 * r]))
        q_stream = q.sample(n_max, int(seeds[2 * r + 1]))
        for i, n in enumerate(sizes):
            estimates[i, r] = plugin_estimate(
                p_stream[:n], q_stream[:n], binning, smoothing=smoothing, base=base
            )
    return PluginStudy(
        exact=exact,
        limit=limit,
        binning=binning,
        smoothing=smoothing,
        base=base,
        by_n=tuple(
            SampleSizeSummary(n=int(n), estimates=estimates[i], exact=exact)
            for i, n in enumerate(sizes)
        ),
    )
