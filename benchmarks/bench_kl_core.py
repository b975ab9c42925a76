"""kl_core speed against the reference (scipy), one run, printed as a table.

    python benchmarks/bench_kl_core.py

Targets (issue 2): KL of two 1e6-element vectors, validation included, no slower than
scipy.stats.entropy(p, q) (aim: half its time); closed-form pairs at most 20 µs a call;
numerically integrated pairs at most 10 ms a call at 1e-8 relative accuracy.
"""

from __future__ import annotations

import sys
import timeit
from pathlib import Path

import numpy as np
from scipy import stats

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import kl_core  # noqa: E402
from kl_core import (  # noqa: E402
    Beta, Exponential, Gamma, GaussianMixture, Laplace, MultivariateNormal, Normal, Poisson, StudentT, Uniform,
)


def best_time(fn, number: int) -> float:
    """Best of 5 repeats of `number` calls, in seconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def vectors() -> None:
    rng = np.random.default_rng(0)
    p, q = rng.random(1_000_000), rng.random(1_000_000)
    p, q = p / p.sum(), q / q.sum()
    ours = best_time(lambda: kl_core.kl_divergence(p, q), 20)
    ref = best_time(lambda: stats.entropy(p, q), 20)
    print("## KL of two 1e6-element vectors (validation included)\n")
    print("| implementation | time per call | ratio to scipy |")
    print("|---|---|---|")
    print(f"| scipy.stats.entropy(p, q) | {ref * 1e3:.2f} ms | 1.00 |")
    print(f"| kl_core.kl_divergence(p, q) | {ours * 1e3:.2f} ms | {ours / ref:.2f} |")
    print(f"\nvalues: kl_core {kl_core.kl_divergence(p, q):.15g}, scipy {stats.entropy(p, q):.15g}\n")


CLOSED = [
    (Normal(0, 1), Normal(1, 2)), (Laplace(0, 1), Laplace(1, 2)), (Exponential(1), Exponential(2)),
    (Gamma(2, 1), Gamma(3, 2)), (Beta(2, 3), Beta(3, 2)), (Uniform(0, 1), Uniform(-1, 2)),
    (Poisson(3), Poisson(5)),
    (MultivariateNormal([0, 0], [[1, 0.3], [0.3, 2]]), MultivariateNormal([1, 0], [[2, 0], [0, 1]])),
]
INTEGRATED = [
    (GaussianMixture([0.3, 0.7], [-2, 2], [0.5, 1]), Normal(0, 2)),
    (Normal(0, 2), GaussianMixture([0.3, 0.7], [-2, 2], [0.5, 1])),
    (StudentT(4, 0, 1), Normal(0, 1.3)), (Normal(0, 1), Laplace(0.3, 1.2)),
    (Gamma(2, 1), Exponential(0.5)), (Beta(2, 2), Uniform(0, 1)),
]


def pairs() -> None:
    print("## Distribution pairs (µs per call; targets: closed form <= 20 µs, integrated <= 10,000 µs)\n")
    print("| P | Q | divergence | µs per call | target met |")
    print("|---|---|---|---|---|")
    for kind, group, target in (("closed form", CLOSED, 20e-6), ("integrated", INTEGRATED, 10e-3)):
        for p, q in group:
            for fn in ((kl_core.kl_divergence,) if kind == "closed form" else
                       (kl_core.kl_divergence, kl_core.js_divergence, kl_core.hellinger_distance,
                        kl_core.total_variation)):
                t = best_time(lambda: fn(p, q), 200 if kind == "closed form" else 5)
                print(f"| {p!r} | {q!r} | {fn.__name__} ({kind}) | {t * 1e6:,.1f} | {'yes' if t <= target else 'NO'} |")
    hell = best_time(lambda: kl_core.hellinger_distance(Normal(0, 1), Normal(1, 2)), 200)
    tv = best_time(lambda: kl_core.total_variation(Normal(0, 1), Normal(1, 2)), 200)
    print(f"| Normal | Normal | hellinger_distance (closed form) | {hell * 1e6:.1f} | {'yes' if hell <= 20e-6 else 'NO'} |")
    print(f"| Normal | Normal | total_variation (closed form) | {tv * 1e6:.1f} | {'yes' if tv <= 20e-6 else 'NO'} |")


if __name__ == "__main__":
    vectors()
    pairs()
