"""Values along a grid that take seconds to compute in all, computed a time budget at a time.

A sweep of five quadratures at 41 points, or JS and its gradient at 49 generator means, takes
seconds; a page shows what is computed so far (NaN elsewhere: plotly draws a gap) and asks for
another run until it has it all (kl_app.live). Pure data and numpy.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import numpy as np

# Time for one run's share of the work: a page's first run also computes its headline numbers and
# figures, and every run stays under a second.
BUDGET_S = 0.2


@dataclass(frozen=True, eq=False)
class Progressive:
    """`columns[key][i]`: the value `point(at[i])[key]`, NaN where `done[i]` is still False."""

    at: np.ndarray
    columns: dict[str, np.ndarray]
    done: np.ndarray
    point: Callable[[float], dict[str, float]] = field(repr=False)

    def __getitem__(self, key: str) -> np.ndarray:
        return self.columns[key]

    @property
    def complete(self) -> bool:
        return bool(self.done.all())

    @property
    def computed(self) -> int:
        return int(self.done.sum())

    @property
    def progress_text(self) -> str:
        """'17 of 41 values computed', or '' once all are."""
        return "" if self.complete else f"{self.computed} of {self.done.size} values computed"

    @property
    def alt_note(self) -> str:
        """' Still computing: 17 of 41 values computed so far.', to end a chart's alt text, or ''."""
        return f" Still computing: {self.progress_text} so far." if self.progress_text else ""


def empty(at, keys: Sequence[str], point: Callable[[float], dict[str, float]]) -> Progressive:
    """Nothing computed yet of `point` (which gives a value for each of `keys`) at the grid `at`."""
    at = np.asarray(at, dtype=float)
    return Progressive(at, {key: np.full(at.size, math.nan) for key in keys}, np.zeros(at.size, bool), point)


def extend(work: Progressive, around: float, budget_s: float = math.inf) -> Progressive:
    """`work` with more of its points computed, those nearest `around` first, as many as fit in
    `budget_s` seconds (at least one point; all of them with no budget)."""
    columns = {k: v.copy() for k, v in work.columns.items()}
    done = work.done.copy()
    deadline = time.perf_counter() + budget_s
    for i in sorted(np.flatnonzero(~done), key=lambda i: abs(work.at[i] - around)):
        began = time.perf_counter()
        for key, value in work.point(float(work.at[i])).items():
            columns[key][i] = value
        done[i] = True
        if 2 * time.perf_counter() - began > deadline:  # the next point, if it takes as long, would overrun
            break
    return replace(work, columns=columns, done=done)
