"""Validation shared by every public function: one message per mistake, each saying how to fix it.

Also `normalize`, the fix those messages point to for counts and unnormalised weights.
"""

import math
import numbers

import numpy as np

SUM_TOLERANCE = 1e-9
BEYOND = "beyond what kl_core computes accurately"


def beyond_range(subject: str, why: str) -> ValueError:
    """The error for valid input whose value kl_core cannot give to 1e-8 relative: it says so, and why."""
    return ValueError(f"{subject} is {BEYOND}: {why}.")


def base_log(base) -> float:
    """ln(base), the divisor that turns nats into the requested unit; base=2 gives bits."""
    if isinstance(base, bool) or not isinstance(base, numbers.Real):
        raise ValueError(f"base must be a real number such as math.e (nats) or 2 (bits), got {base!r}.")
    base = float(base)
    if not math.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(
            f"base must be positive, finite and not 1 (use math.e for nats, 2 for bits), got {base!r}."
        )
    return math.log(base)


def probability_vector(values, name: str) -> np.ndarray:
    """Return `values` as a 1-D float array of probabilities, or raise ValueError saying why not."""
    try:
        arr = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            f"{name} must be a sequence of numbers; it contains something that is not a number."
        ) from None
    if arr.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional (a vector of probabilities), got shape {arr.shape}.")
    if arr.size == 0:
        raise ValueError(f"{name} is empty; give at least one probability.")
    low = arr.min()
    total = arr.sum()
    if not (low >= 0 and math.isfinite(total)):
        _raise_bad_entries(arr, name)
    if total == 0:
        raise ValueError(f"{name} is all zeros; a probability vector needs positive mass.")
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"{name} sums to {total:.12g}, not 1. Divergences never rescale silently; "
            f"pass kl_core.normalize({name}) if the entries are counts or weights."
        )
    return arr


def _raise_bad_entries(arr: np.ndarray, name: str):
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN at index {int(np.flatnonzero(np.isnan(arr))[0])}; "
                         "remove or impute missing values first.")
    if np.isinf(arr).any():
        raise ValueError(f"{name} contains an infinite entry at index {int(np.flatnonzero(np.isinf(arr))[0])}.")
    if (arr < 0).any():
        i = int(np.flatnonzero(arr < 0)[0])
        raise ValueError(f"{name} has a negative entry ({arr[i]:g} at index {i}); probabilities are >= 0.")
    raise ValueError(f"{name} sums to infinity; entries are too large to be probabilities.")


def vector_pair(p, q) -> tuple[np.ndarray, np.ndarray]:
    p = probability_vector(p, "p")
    q = probability_vector(q, "q")
    if p.shape != q.shape:
        raise ValueError(f"p and q must have the same length (one entry per outcome), got {p.size} and {q.size}.")
    return p, q


def smoothed(v: np.ndarray, smoothing) -> np.ndarray:
    """(v + eps) / (1 + k eps): the explicit additive smoothing of a k-bin histogram."""
    eps = real(smoothing, "smoothing")
    if eps < 0:
        raise ValueError(f"smoothing must be >= 0 (0 means none), got {smoothing!r}.")
    if eps == 0:
        return v
    return (v + eps) / (1 + v.size * eps)


def real(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise ValueError(f"{name} must be a real number, got {value!r}.")
    value = float(value)
    if not math.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value!r}.")
    return value


def positive(value, name: str) -> float:
    value = real(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be > 0, got {value:g}.")
    return value


def finite_vector(values, name: str) -> np.ndarray:
    try:
        arr = np.atleast_1d(np.asarray(values, dtype=float))
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be numbers.") from None
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty list of numbers.")
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} must be finite, got {arr.tolist()}.")
    return arr


def normalize(weights) -> np.ndarray:
    """weights / sum(weights): turn counts or unnormalised weights into a probability vector.

    >>> normalize([2, 1, 1]).tolist()
    [0.5, 0.25, 0.25]
    """
    arr = np.asarray(weights, dtype=float) if _numeric(weights) else None
    if arr is None or arr.ndim != 1 or arr.size == 0:
        raise ValueError("normalize needs a non-empty one-dimensional sequence of numbers.")
    if not np.isfinite(arr).all() or (arr < 0).any():
        raise ValueError("normalize needs finite, non-negative weights.")
    if arr.max() == 0:
        raise ValueError("normalize needs at least one positive weight; all are zero.")
    scaled = arr / arr.max()  # the sum of weights near 1e308 would overflow
    return scaled / scaled.sum()


def _numeric(values) -> bool:
    try:
        np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        return False
    return True
