"""The families a student can pick on Explore and Compare, with their URL names and slider ranges.

A family's parameters carry the names of the kl_core constructor's arguments, so the URL of a
set-up reads like the code: /explore?p=normal&p_mu=0&p_sigma=1&q=gamma&q_shape=2&q_rate=1.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

import kl_core
from kl_app import url


@dataclass(frozen=True)
class Param:
    name: str
    label: str
    low: float
    high: float
    default: float
    step: float
    default_q: float | None = None

    def default_for(self, side: str) -> float:
        return self.default_q if side == "q" and self.default_q is not None else self.default


@dataclass(frozen=True)
class Family:
    key: str
    label: str
    params: tuple[Param, ...]
    build: Callable[..., object]
    probabilities: bool = False  # the family is set by typed probabilities (`<side>_probs`), not sliders

    @property
    def discrete(self) -> bool:
        """A pmf over the integers (bars), not a density (curves)."""
        return self.probabilities or self.build is kl_core.Poisson


def _mixture(w1, mu1, sigma1, mu2, sigma2):
    return kl_core.GaussianMixture([w1, 1 - w1], [mu1, mu2], [sigma1, sigma2])


def parse_probabilities(text: str) -> np.ndarray:
    """'3, 1, 0' -> [0.75, 0.25, 0]: comma-separated non-negative weights, normalised for the user."""
    parts = [t for t in text.replace(";", ",").split(",") if t.strip()]
    try:
        weights = [float(t) for t in parts]
    except ValueError:
        raise ValueError(f"'{text}' is not a list of numbers; write weights like 0.5, 0.3, 0.2.") from None
    if not 2 <= len(weights) <= 12:
        raise ValueError(f"Give between 2 and 12 weights, got {len(weights)}.")
    return kl_core.normalize(weights)


_MU = Param("mu", "mean μ", -5.0, 5.0, 0.0, 0.1, default_q=1.0)
_SIGMA = Param("sigma", "std. dev. σ", 0.1, 5.0, 1.0, 0.1, default_q=2.0)

FAMILIES: dict[str, Family] = {f.key: f for f in (
    Family("normal", "Normal", (_MU, _SIGMA), kl_core.Normal),
    Family("laplace", "Laplace", (_MU, Param("b", "scale b", 0.1, 5.0, 1.0, 0.1, default_q=2.0)), kl_core.Laplace),
    Family("student_t", "Student-t",
           (Param("df", "degrees of freedom ν", 0.5, 30.0, 3.0, 0.5), _MU, _SIGMA), kl_core.StudentT),
    Family("exponential", "Exponential", (Param("rate", "rate λ", 0.1, 5.0, 1.0, 0.1, default_q=0.5),),
           kl_core.Exponential),
    Family("gamma", "Gamma", (Param("shape", "shape k", 0.2, 10.0, 2.0, 0.1, default_q=3.0),
                              Param("rate", "rate β", 0.1, 5.0, 1.0, 0.1)), kl_core.Gamma),
    Family("beta", "Beta", (Param("a", "a", 0.2, 10.0, 2.0, 0.1),
                            Param("b", "b", 0.2, 10.0, 2.0, 0.1, default_q=5.0)), kl_core.Beta),
    Family("uniform", "Uniform", (Param("low", "low", -5.0, 5.0, -1.0, 0.1, default_q=-2.0),
                                  Param("high", "high", -5.0, 5.0, 1.0, 0.1, default_q=2.0)), kl_core.Uniform),
    Family("mixture", "Two-Normal mixture",
           (Param("w1", "weight of component 1", 0.05, 0.95, 0.5, 0.05),
            Param("mu1", "mean μ₁", -5.0, 5.0, -2.0, 0.1), Param("sigma1", "std. dev. σ₁", 0.1, 5.0, 0.7, 0.1),
            Param("mu2", "mean μ₂", -5.0, 5.0, 2.0, 0.1), Param("sigma2", "std. dev. σ₂", 0.1, 5.0, 0.7, 0.1)),
           _mixture),
    Family("poisson", "Poisson (discrete)", (Param("rate", "rate λ", 0.1, 20.0, 3.0, 0.1, default_q=5.0),),
           kl_core.Poisson),
    Family("categorical", "Categorical (discrete)", (), lambda probs: kl_core.Categorical(parse_probabilities(probs)),
           probabilities=True),
)}

CATEGORICAL_DEFAULTS = {"p": "0.5, 0.3, 0.2", "q": "0.2, 0.3, 0.5"}
DEFAULT_FAMILY = "normal"


def picker_params(side: str) -> list[url.Param]:
    """The URL parameters of one distribution picker: `p`, then `p_<param>` for each family's parameters.

    A parameter name that several families share with the same range and default (μ, σ) is one
    URL parameter; otherwise each family has its own variant of it.
    """
    variants: dict[tuple, list[str]] = {}
    for family in FAMILIES.values():
        for prm in family.params:
            spec = (prm.name, prm.label, prm.default_for(side), prm.low, prm.high, prm.step)
            variants.setdefault(spec, []).append(family.key)
    name = side.upper()
    out: list[url.Param] = [url.Choice(side, f"Family of {name}", DEFAULT_FAMILY, tuple(FAMILIES))]
    for (prm_name, label, default, low, high, step), families in variants.items():
        out.append(url.Number(f"{side}_{prm_name}", f"{name}: {label}", default, low, high, step,
                              when=url.When(side, tuple(families))))
    out.append(url.Text(f"{side}_probs", f"Probabilities of {name} (comma-separated; normalised for you; zeros allowed)",
                        CATEGORICAL_DEFAULTS[side], max_length=200, validate=parse_probabilities,
                        when=url.When(side, tuple(k for k, f in FAMILIES.items() if f.probabilities))))
    return out
