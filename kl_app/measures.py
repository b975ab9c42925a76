"""The divergence numbers the app shows for a pair P, Q, built from kl_core's registry.

A symmetric divergence gives one measure, d(P, Q); an asymmetric one gives two, d(P‖Q) and
d(Q‖P). Metrics, tables, chart lines and their colours loop over MEASURES, so a divergence added
to `kl_core.DIVERGENCES` (and given a colour in kl_app.theme) appears on every page that compares.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kl_core import DIVERGENCES, Divergence, kl_divergence
from kl_app.formatting import format_value
from kl_app.theme import DIVERGENCE_LINES
from kl_app.units import base_of

# Constants that read better by name than as decimals, in range captions.
_NAMED = {math.log(2): "ln 2"}


@dataclass(frozen=True)
class Measure:
    """One divergence in one direction: d(P‖Q), or d(Q‖P) when `reverse`; d(P, Q) when symmetric."""

    divergence: Divergence
    reverse: bool = False

    @property
    def key(self) -> str:
        """'js' for a symmetric divergence, 'kl_pq' and 'kl_qp' for the directions of KL."""
        if self.divergence.symmetric:
            return self.divergence.key
        return f"{self.divergence.key}_{'qp' if self.reverse else 'pq'}"

    def label(self, p: str = "P", q: str = "Q") -> str:
        """'KL(P‖Q)', 'KL(Q‖P)', 'JS(P, Q)'; `p` and `q` rename the two sides (e.g. 'ref', 'cur')."""
        symbol = self.divergence.symbol
        if self.divergence.symmetric:
            return f"{symbol}({p}, {q})"
        first, second = (q, p) if self.reverse else (p, q)
        return f"{symbol}({first}‖{second})"

    @property
    def color(self) -> str:
        return DIVERGENCE_LINES[self.key][0]

    @property
    def dash(self) -> str:
        return DIVERGENCE_LINES[self.key][1]

    def __call__(self, p, q, *, base: float = math.e) -> float:
        first, second = (q, p) if self.reverse else (p, q)
        return self.divergence(first, second, base=base)

    def why_infinite(self, p, q) -> str | None:
        """The one-line reason the value is ∞ (naming P and Q as they appear in the label), or None."""
        infinite = self.divergence.infinite
        if infinite is None:
            return None
        return infinite(q, p, ("Q", "P")) if self.reverse else infinite(p, q)

    def unit(self, unit: str) -> str:
        """The unit its values are shown in: the page's unit, or '' for a unitless distance."""
        return unit if self.divergence.in_units else ""

    def upper_text(self, unit: str) -> str:
        """The top of its range: '∞ nats', 'ln 2 = 0.693 nats', '1'."""
        upper = self.divergence.upper(base_of(unit))
        if math.isinf(upper):
            return f"∞ {self.unit(unit)}".strip()
        if not self.divergence.in_units:
            return f"{upper:g}"
        name = _NAMED.get(self.divergence.sup_value)
        shown = f"{upper:.3f} {unit}"
        return f"{name} = {shown}" if name else shown

    def range_text(self, unit: str) -> str:
        """'0 … ∞ nats', '0 … ln 2 = 0.693 nats', '0 … 1, no unit'."""
        text = f"0 … {self.upper_text(unit)}"
        return text if self.divergence.in_units else f"{text}, no unit"


MEASURES: tuple[Measure, ...] = tuple(
    Measure(d, reverse) for d in DIVERGENCES.values() for reverse in ((False,) if d.symmetric else (False, True))
)
BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}


def values(p, q, *, base: float = math.e, shown: tuple[Measure, ...] = MEASURES) -> dict[str, float]:
    """The measures `shown` (all by default) of P and Q (probability vectors or kl_core distributions), by key."""
    return {m.key: m(p, q, base=base) for m in shown}


def in_nats(shown: dict[str, float], unit: str) -> dict[str, float]:
    """Values by key as `values` gives them in `unit`, with those that have a unit converted to nats."""
    scale = math.log(base_of(unit))
    return {key: value * scale if BY_KEY[key].divergence.in_units else value for key, value in shown.items()}


def larger_direction(p, q, unit: str) -> tuple[str, str, str]:
    """Which of KL(P‖Q) and KL(Q‖P) is larger as shown ('KL(P‖Q)', 'KL(Q‖P)' or 'they are equal'
    when their shown digits agree), and both as shown in `unit`: a 'predict, then reveal' answer."""
    kl_pq, kl_qp = (kl_divergence(a, b, base=base_of(unit)) for a, b in ((p, q), (q, p)))
    pq, qp = format_value(kl_pq, unit), format_value(kl_qp, unit)
    return ("they are equal" if pq == qp else "KL(P‖Q)" if kl_pq > kl_qp else "KL(Q‖P)"), pq, qp
