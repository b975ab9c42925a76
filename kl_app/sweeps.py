"""Divergences along one parameter: the data behind Explore's and Compare's sweep charts."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from kl_app import progressive
from kl_app.families import FAMILIES, Param
from kl_app.measures import BY_KEY
from kl_app.progressive import Progressive
from kl_app.units import base_of


@dataclass(frozen=True, eq=False)
class Sweep:
    """Divergences for each value of one parameter, as far as they are computed.

    `work.columns` maps kl_app.measures keys ('kl_pq', 'js', ...) to one value per swept value,
    in `unit` for the in-unit ones. Invalid combinations (e.g. a Uniform's low above its high)
    are NaN; an infinite KL stays inf. A pair that needs quadrature takes seconds for the whole
    sweep, so a page computes it a budget at a time (kl_app.progressive): the values not computed
    yet are NaN too.
    """

    side: str
    param: Param
    unit: str
    work: Progressive

    def __getitem__(self, key: str) -> np.ndarray:
        return self.work[key]

    @property
    def values(self) -> np.ndarray:
        return self.work.at

    @property
    def complete(self) -> bool:
        return self.work.complete

    @property
    def progress_text(self) -> str:
        return self.work.progress_text

    @property
    def alt_note(self) -> str:
        return self.work.alt_note

    @property
    def label(self) -> str:
        return label(self.side, self.param)


def label(side: str, param: Param) -> str:
    """Parameter `param` of side 'p' or 'q' as "Q's mean μ", for choices, axis titles and captions."""
    return f"{side.upper()}'s {param.label}"


def start(p_family: str, p_values: dict, q_family: str, q_values: dict, side: str, name: str, unit: str,
          keys: tuple[str, ...] = ("kl_pq", "kl_qp"), n: int = 41) -> Sweep:
    """A sweep with nothing computed yet: parameter `name` of side 'p' or 'q' over `n` points of its
    slider range, the other side fixed, the measures `keys` at each value.

    Families are given by their keys in FAMILIES, so the arguments are plain data (a cache key);
    the swept side's values need not hold `name` (leave it out and the sweep is the same for any
    value of it, so moving the swept slider itself finds the sweep made).
    """
    base = base_of(unit)
    measures = [BY_KEY[key] for key in keys]
    moving_family, moving_values = (p_family, p_values) if side == "p" else (q_family, q_values)
    fixed_family, fixed_values = (q_family, q_values) if side == "p" else (p_family, p_values)
    family = FAMILIES[moving_family]
    param = next(prm for prm in family.params if prm.name == name)
    fixed = FAMILIES[fixed_family].build(**fixed_values)

    def point(v: float) -> dict[str, float]:
        try:
            moving = family.build(**{**moving_values, name: v})
        except ValueError:
            return {m.key: math.nan for m in measures}
        p, q = (moving, fixed) if side == "p" else (fixed, moving)
        return {m.key: m(p, q, base=base) for m in measures}

    return Sweep(side, param, unit, progressive.empty(np.linspace(param.low, param.high, n), keys, point))


def extend(s: Sweep, around: float, budget_s: float = math.inf) -> Sweep:
    """`s` with more of its values computed (kl_app.progressive.extend)."""
    return replace(s, work=progressive.extend(s.work, around, budget_s))


def sweep(p_family: str, p_values: dict, q_family: str, q_values: dict, side: str, name: str, unit: str,
          keys: tuple[str, ...] = ("kl_pq", "kl_qp"), n: int = 41) -> Sweep:
    """The whole sweep (see `start`), computed at once."""
    s = start(p_family, p_values, q_family, q_values, side, name, unit, keys, n)
    return extend(s, s.values[0])


def without(values: dict, name: str) -> dict:
    """`values` without `name`: a sweep's arguments that do not change as the swept slider moves."""
    return {k: v for k, v in values.items() if k != name}
