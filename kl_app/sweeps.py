"""Divergences along one parameter: the data behind Explore's and Compare's sweep charts."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kl_app.families import FAMILIES, Param
from kl_app.measures import BY_KEY
from kl_app.units import base_of


@dataclass(frozen=True, eq=False)
class Sweep:
    """Divergences for each value of one parameter.

    `divergences` maps kl_app.measures keys ('kl_pq', 'js', ...) to one value per swept value, in
    `unit` for the in-unit ones. Invalid combinations (e.g. a Uniform's low above its high) are NaN;
    an infinite KL stays inf.
    """

    side: str
    param: Param
    values: np.ndarray
    divergences: dict[str, np.ndarray]
    unit: str

    def __getitem__(self, key: str) -> np.ndarray:
        return self.divergences[key]

    @property
    def label(self) -> str:
        """The swept parameter as "Q's mean μ", for axis titles and captions."""
        return f"{self.side.upper()}'s {self.param.label}"


def sweep(p_family: str, p_values: dict, q_family: str, q_values: dict, side: str, name: str, unit: str,
          keys: tuple[str, ...] = ("kl_pq", "kl_qp"), n: int = 41) -> Sweep:
    """Vary parameter `name` of side 'p' or 'q' over `n` points of its slider range, the other side fixed,
    and evaluate the measures `keys` at each value.

    Families are given by their keys in FAMILIES, so the arguments are plain data (cacheable); the
    swept side's values need not hold `name` (leave it out and the sweep is the same for any value of
    it, so moving the swept slider itself finds the sweep cached).
    """
    base = base_of(unit)
    measures = [BY_KEY[key] for key in keys]
    moving_family, moving_values = (p_family, p_values) if side == "p" else (q_family, q_values)
    fixed_family, fixed_values = (q_family, q_values) if side == "p" else (p_family, p_values)
    family = FAMILIES[moving_family]
    param = next(prm for prm in family.params if prm.name == name)
    grid = np.linspace(param.low, param.high, n)
    fixed = FAMILIES[fixed_family].build(**fixed_values)
    columns = {m.key: [] for m in measures}
    for v in grid:
        try:
            moving = family.build(**{**moving_values, name: float(v)})
        except ValueError:
            moving = None
        p, q = (moving, fixed) if side == "p" else (fixed, moving)
        for m in measures:
            columns[m.key].append(m(p, q, base=base) if moving else math.nan)
    return Sweep(side, param, grid, {k: np.array(v) for k, v in columns.items()}, unit)


def without(values: dict, name: str) -> dict:
    """`values` without `name`: a sweep's arguments that do not change as the swept slider moves."""
    return {k: v for k, v in values.items() if k != name}
