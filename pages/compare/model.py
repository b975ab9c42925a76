"""The inequalities between KL, JS, Hellinger and TV that /compare checks for the chosen P and Q.

The page's numbers, sweep and property table come from kl_app.measures (the registry); what is
particular to this lesson is which bounds tie the divergences together, all in nats:

    Pinsker              TV <= sqrt(KL(P||Q) / 2)
    Hellinger and TV     H^2 <= TV <= sqrt(2) H
    JS                   JS(P, Q) <= ln 2
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from kl_app.formatting import format_value
from kl_app.measures import Measure
from kl_app.units import base_of
from kl_core import DIVERGENCES, Normal, hellinger_distance, js_divergence, kl_divergence, total_variation

# Quadrature values carry errors around 1e-10, and the bounds are attained exactly (P = Q, or
# disjoint supports).
CHECK_TOLERANCE = 1e-9


@dataclass(frozen=True)
class InequalityCheck:
    """One bound ``lhs <= rhs`` between divergences of P and Q, with the numbers (nats)."""

    name: str
    statement: str
    lhs: float
    rhs: float

    @property
    def holds(self) -> bool:
        return self.lhs <= self.rhs + CHECK_TOLERANCE


def inequality_checks(p, q) -> tuple[InequalityCheck, ...]:
    """Pinsker, the two Hellinger-TV bounds and the JS bound for P and Q, in nats.

    Each check carries its two sides; they hold for every pair, so a failing check
    signals a numerical error.
    """
    kl = kl_divergence(p, q)
    tv = total_variation(p, q)
    h = hellinger_distance(p, q)
    js = js_divergence(p, q)
    return (
        InequalityCheck("Pinsker", "TV ≤ √(KL(P‖Q)/2)", tv, math.sqrt(kl / 2)),
        InequalityCheck("Hellinger below TV", "H² ≤ TV", h * h, tv),
        InequalityCheck("TV below Hellinger", "TV ≤ √2·H", tv, math.sqrt(2) * h),
        InequalityCheck("JS bound", "JS(P, Q) ≤ ln 2", js, math.log(2)),
    )


# The pair behind the "closed form for two Normals?" row: any two Normals give the same answer.
_TWO_NORMALS = (Normal(0.0, 1.0), Normal(1.0, 2.0))


def property_rows(unit: str) -> list[tuple[str, list[str]]]:
    """The property table: one row per question, one answer per divergence of the registry, in `unit`."""
    base = base_of(unit)
    shown = [Measure(d) for d in DIVERGENCES.values()]

    def yes_no(flag: bool) -> str:
        return "yes" if flag else "no"

    def disjoint(m: Measure) -> str:
        value = m.divergence.disjoint(base)
        return "no: ∞" if math.isinf(value) else f"yes: {format_value(value, m.unit(unit), digits=3)}"

    return [
        ("Symmetric?", [yes_no(m.divergence.symmetric) for m in shown]),
        ("Bounded?", [f"{yes_no(math.isfinite(m.divergence.sup_value))}: {m.range_text(unit)}" for m in shown]),
        ("A metric (triangle inequality)?", [yes_no(m.divergence.metric) for m in shown]),
        ("Finite on disjoint supports?", [disjoint(m) for m in shown]),
        ("Closed form for two Normals?",
         ["yes" if m.divergence.has_closed_form(*_TWO_NORMALS) else "no (numerical)" for m in shown]),
    ]
