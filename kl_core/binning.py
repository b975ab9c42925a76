"""Bins that turn a data column into a probability vector, fixed by the reference sample.

Numeric columns: B bins from the reference, either at its quantiles or of equal width between
its minimum and maximum. The bins are right-closed intervals (e_{i-1}, e_i] whose outer ends are
-inf and +inf, so every current value falls in some bin. Quantile edges are reference values
(the smallest value x with F_ref(x) >= k/B, k = 1..B-1); values that tie make some quantiles
equal and the duplicate edges are dropped, so a column with heavy ties gets fewer than B bins.
With quantile edges every bin but the last holds at least one reference value (its upper edge).

Categorical columns: one bin per category seen in the reference, plus an "unseen" bin for
current categories the reference never had. Categories are compared by their text (str) form.

Missing values are counted apart and never binned: NaN and +-inf for numeric columns (values
with no place on the axis), None and NaN for categorical ones.
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

import numpy as np

UNSEEN = "(unseen)"
NUMERIC_KINDS = "iuf"
CATEGORICAL_KINDS = "OUSb"


@dataclass(frozen=True, eq=False)
class BinCounts:
    """How many values of one sample fall in each bin, and how many were missing.

    counts[i] is the number of non-missing values in bin labels[i]; missing is the number of
    values left out (see the module docstring). proportions = counts / n, the probability
    vector the divergences compare.
    """

    labels: tuple[str, ...]
    counts: np.ndarray
    missing: int

    def __post_init__(self):
        counts = np.array(self.counts, dtype=np.int64)
        counts.setflags(write=False)
        object.__setattr__(self, "counts", counts)

    @property
    def n(self) -> int:
        """Number of values counted in the bins (missing ones excluded)."""
        return int(self.counts.sum())

    @property
    def proportions(self) -> np.ndarray:
        if self.n == 0:
            raise ValueError("The sample has no non-missing values, so it has no bin proportions; "
                             "drop the column or fill in its values.")
        return self.counts / self.n


@dataclass(frozen=True, eq=False)
class NumericBinning:
    """Right-closed bins (edges[i], edges[i+1]] with edges[0] = -inf and edges[-1] = +inf."""

    edges: np.ndarray

    def __post_init__(self):
        edges = np.array(self.edges, dtype=float)
        if edges.ndim != 1 or edges.size < 2 or edges[0] != -math.inf or edges[-1] != math.inf:
            raise ValueError("Bin edges must be a 1-D array starting at -inf and ending at +inf.")
        if not np.all(np.diff(edges) > 0):
            raise ValueError("Bin edges must be strictly increasing (deduplicate tied edges first).")
        edges.setflags(write=False)
        object.__setattr__(self, "edges", edges)

    @property
    def n_bins(self) -> int:
        return self.edges.size - 1

    @property
    def labels(self) -> tuple[str, ...]:
        """'(-∞, 1.5]', ..., '(7.25, +∞)': edges with the fewest significant digits (>= 3) that keep them apart."""
        inner = self.edges[1:-1]
        for digits in range(3, 18):
            text = [f"{e:.{digits}g}" for e in inner]
            if len(set(text)) == len(text):
                break
        text = ["-∞", *text, "+∞"]
        closing = [")" if hi == math.inf else "]" for hi in self.edges[1:]]
        return tuple(f"({lo}, {hi}{c}" for lo, hi, c in zip(text[:-1], text[1:], closing))

    def count(self, values) -> BinCounts:
        """Counts per bin of `values` (a 1-D numeric array); NaN and +-inf are counted as missing."""
        x = _numeric(values, "values")
        finite = np.isfinite(x)
        n_finite = int(np.count_nonzero(finite))
        if n_finite < x.size:
            x = x[finite]
        # The number of values <= each edge, from the sorted values (a sort costs about as much as
        # one binary search per value and leaves one search per edge): a value equal to an edge
        # falls in the bin that edge closes, (e_{i-1}, e_i].
        at_most = np.searchsorted(np.sort(x), self.edges[1:-1], side="right")
        counts = np.diff(at_most, prepend=0, append=x.size)
        return BinCounts(self.labels, counts, finite.size - n_finite)


@dataclass(frozen=True, eq=False)
class CategoricalBinning:
    """One bin per reference category (sorted by text), then the UNSEEN bin."""

    categories: tuple[str, ...]

    @property
    def n_bins(self) -> int:
        return len(self.categories) + 1

    @property
    def labels(self) -> tuple[str, ...]:
        return (*self.categories, UNSEEN)

    def count(self, values) -> BinCounts:
        """Counts per category of `values`; categories absent from the reference go to UNSEEN."""
        text, missing = _categorical(values, "values")
        text = text[~missing]
        known = np.array(self.categories, dtype=str)
        index = np.searchsorted(known, text)
        found = index < known.size
        found[found] = known[index[found]] == text[found]
        index[~found] = known.size
        counts = np.bincount(index, minlength=self.n_bins)
        return BinCounts(self.labels, counts, int(np.count_nonzero(missing)))


def quantile_bins(reference, n_bins: int = 10) -> NumericBinning:
    """Bins at the reference's k/B quantiles (k = 1..B-1), deduplicated where values tie."""
    ref = _finite_reference(reference)
    levels = np.arange(1, _bin_count(n_bins)) / n_bins
    interior = np.unique(np.quantile(ref, levels, method="inverted_cdf"))
    return NumericBinning(np.concatenate(([-math.inf], interior, [math.inf])))


def equal_width_bins(reference, n_bins: int = 10) -> NumericBinning:
    """B bins of equal width between the reference's minimum and maximum, outer ones open-ended.

    A constant reference gives the two bins (-inf, c] and (c, +inf).
    """
    ref = _finite_reference(reference)
    interior = np.unique(np.linspace(ref.min(), ref.max(), _bin_count(n_bins) + 1)[1:-1])
    return NumericBinning(np.concatenate(([-math.inf], interior, [math.inf])))


def category_bins(reference) -> CategoricalBinning:
    """One bin per distinct non-missing reference category, plus UNSEEN."""
    text, missing = _categorical(reference, "reference")
    categories = np.unique(text[~missing])
    if categories.size == 0:
        raise ValueError("The reference column has only missing values, so it defines no categories; "
                         "drop the column or fill in its values.")
    return CategoricalBinning(tuple(str(c) for c in categories))


def is_numeric(values) -> bool:
    """True for int/float arrays (binned on the axis), False for str/object/bool (categories)."""
    kind = np.asarray(values).dtype.kind
    if kind in NUMERIC_KINDS:
        return True
    if kind in CATEGORICAL_KINDS:
        return False
    raise ValueError(f"A column must hold numbers or text (categories), got numpy dtype "
                     f"{np.asarray(values).dtype}; convert dates or other types first.")


def _bin_count(n_bins) -> int:
    if isinstance(n_bins, bool) or not isinstance(n_bins, numbers.Integral) or n_bins < 2:
        raise ValueError(f"n_bins must be an integer >= 2 (one bin cannot show a change), got {n_bins!r}.")
    return int(n_bins)


def _numeric(values, name: str) -> np.ndarray:
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array (one column), got shape {arr.shape}.")
    if arr.dtype.kind not in NUMERIC_KINDS:
        raise ValueError(f"{name} must be numeric (int or float), got dtype {arr.dtype}; "
                         "use category_bins for text columns.")
    return arr.astype(float, copy=False)


def _finite_reference(reference) -> np.ndarray:
    ref = _numeric(reference, "reference")
    finite_mask = np.isfinite(ref)
    finite = ref if finite_mask.all() else ref[finite_mask]
    if finite.size == 0:
        raise ValueError("The reference column has no finite values (all missing), so no bins can be "
                         "placed; drop the column or fill in its values.")
    return finite


def _categorical(values, name: str) -> tuple[np.ndarray, np.ndarray]:
    """(text of each value, mask of missing values: None or a float NaN)."""
    arr = np.asarray(values)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array (one column), got shape {arr.shape}.")
    if arr.dtype.kind == "O":
        missing = np.fromiter(
            (v is None or (isinstance(v, float) and math.isnan(v)) for v in arr), dtype=bool, count=arr.size)
    elif arr.dtype.kind in "USb":
        missing = np.zeros(arr.size, dtype=bool)
    else:
        raise ValueError(f"{name} must hold categories (str, object or bool), got dtype {arr.dtype}; "
                         "cast integer codes to str to treat them as categories.")
    return arr.astype(str), missing
