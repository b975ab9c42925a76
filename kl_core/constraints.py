"""Declared parameters: each family lists its parameters once, and validation comes from the list.

A `Param` is a name, a `Constraint` and a default. A constraint validates a value (turning it into
the float, tuple of floats or tuple of rows the family stores) and exposes its bounds, so that a
slider range can be derived and checked: `POSITIVE.low == 0.0` with `POSITIVE.low_open`.
Vector constraints bound every entry. A `Check` is a rule between parameters (Uniform low < high).
Error messages name the family and the parameter, e.g. "Normal sigma must be > 0, got 0."
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from kl_core._checks import SUM_TOLERANCE, finite_vector, real


@dataclass(frozen=True)
class Constraint:
    """A real number between `low` and `high`; each end is excluded when its `*_open` flag is set."""

    low: float = -math.inf
    high: float = math.inf
    low_open: bool = True
    high_open: bool = True

    def admits(self, value) -> bool:
        """Whether `value` (every entry, for an array) lies within the bounds."""
        v = np.asarray(value, dtype=float)
        above = v > self.low if self.low_open else v >= self.low
        below = v < self.high if self.high_open else v <= self.high
        return bool(np.all(above & below))

    def bounds_text(self) -> str:
        """'> 0', '>= 0 and <= 1', ...; empty for the whole real line."""
        parts = []
        if self.low > -math.inf:
            parts.append(f"{'>' if self.low_open else '>='} {self.low:g}")
        if self.high < math.inf:
            parts.append(f"{'<' if self.high_open else '<='} {self.high:g}")
        return " and ".join(parts)

    def validate(self, value, label: str):
        value = real(value, label)
        if not self.admits(value):
            raise ValueError(f"{label} must be {self.bounds_text()}, got {value:g}.")
        return value


@dataclass(frozen=True)
class VectorConstraint(Constraint):
    """A non-empty vector of finite numbers, each within the bounds; entries sum to `total` when it is set."""

    total: float | None = None

    def validate(self, value, label: str) -> tuple[float, ...]:
        arr = finite_vector(value, label)
        if self.total is not None:
            if not (arr >= self.low).all() or abs(arr.sum() - self.total) > SUM_TOLERANCE:
                raise ValueError(f"{label} must be >= {self.low:g} and sum to {self.total:g}, got {arr.tolist()} "
                                 "(use kl_core.normalize on them).")
        elif not self.admits(arr):
            raise ValueError(f"{label} must all be {self.bounds_text()}, got {arr.tolist()}.")
        return tuple(float(v) for v in arr)


@dataclass(frozen=True)
class CovarianceConstraint(Constraint):
    """A symmetric positive definite matrix (entries are unbounded reals)."""

    def validate(self, value, label: str) -> tuple[tuple[float, ...], ...]:
        try:
            cov = np.asarray(value, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"{label} must be a d x d matrix of numbers.") from None
        if cov.ndim != 2 or cov.shape[0] != cov.shape[1]:
            raise ValueError(f"{label} must be a square d x d matrix, got shape {cov.shape}.")
        if not np.isfinite(cov).all():
            raise ValueError(f"{label} contains NaN or infinite entries.")
        if not np.allclose(cov, cov.T, rtol=1e-12, atol=0):
            raise ValueError(f"{label} must be symmetric.")
        try:
            np.linalg.cholesky(cov)
        except np.linalg.LinAlgError:
            raise ValueError(f"{label} must be positive definite (its Cholesky factorisation failed); "
                             "check for zero or negative variances and perfectly correlated dimensions.") from None
        return tuple(tuple(float(v) for v in row) for row in cov)


REAL = Constraint()
POSITIVE = Constraint(low=0.0)
VECTOR = VectorConstraint()
POSITIVE_VECTOR = VectorConstraint(low=0.0)
PROBABILITIES = VectorConstraint(low=0.0, high=1.0, low_open=False, high_open=False, total=1.0)
COVARIANCE = CovarianceConstraint()


@dataclass(frozen=True)
class Param:
    """One parameter of a family: the constructor argument `name`, its constraint and its default."""

    name: str
    constraint: Constraint
    default: object


@dataclass(frozen=True)
class Check:
    """A rule between parameters: `holds(dist)` must be true, else ValueError(`message(dist)`)."""

    holds: Callable[[object], bool]
    message: Callable[[object], str]
