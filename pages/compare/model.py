"""Compare's numbers: the five measures as the page shows them (and their frames along each slider),
and the inequalities between KL, JS, Hellinger and TV that the page checks for the chosen P and Q.

The measures, sweep and property table come from kl_app.measures (the registry); what is
particular to this lesson is which bounds tie the divergences together, all in nats:

    Pinsker              TV <= sqrt(KL(P||Q) / 2)
    Hellinger and TV     H^2 <= TV <= sqrt(2) H
    JS                   JS(P, Q) <= ln 2
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from kl_app import measures
from kl_app.formatting import format_value
from kl_app.frames import Frame, LiveSlider, Reading, picker_sliders
from kl_app.measures import MEASURES, Measure
from kl_app.units import base_of
from pages.compare.links import SCHEMA
from kl_core import DIVERGENCES, Normal, hellinger_distance, js_divergence, kl_divergence, total_variation



def readings(p, q, unit: str, shown: tuple[Measure, ...] = MEASURES, suffix: str = "",
             values: dict[str, float] | None = None) -> list[Reading]:
    """Each measure of two kl_core distributions (`values` if already computed), formatted in `unit`,
    under it its range or why it is ∞."""
    values = values or measures.values(p, q, base=base_of(unit), shown=shown)
    out = []
    for m in shown:
        value, reason = values[m.key], m.why_infinite(p, q) if math.isinf(values[m.key]) else None
        out.append(Reading(m.label() + suffix, format_value(value, m.unit(unit)),
                           f"∞ because {reason}" if reason else f"range {m.range_text(unit)}",
                           f"Range {m.range_text(unit)}."))
    return out


def live_sliders(p, q, unit: str) -> list[LiveSlider]:
    """Frames along every parameter of P and of Q: the five measures and both densities."""
    def frame(p_dist, q_dist, x) -> Frame:
        return Frame(readings(p_dist, q_dist, unit), [p_dist.pdf(x), q_dist.pdf(x)])

    def invalid(message: str, x) -> Frame:
        return Frame([Reading(m.label(), "—", message) for m in MEASURES], [np.full_like(x, np.nan)] * 2)

    return picker_sliders(p, q, SCHEMA, unit, frame, invalid)


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


def inequality_checks(p, q, nats: dict[str, float] | None = None) -> tuple[InequalityCheck, ...]:
    """Pinsker, the two Hellinger-TV bounds and the JS bound for P and Q, in nats (from `nats`, the
    measures by key, when the page has them already).

    Each check carries its two sides; they hold for every pair, so a failing check
    signals a numerical error.
    """
    if nats is None:
        nats = {"kl_pq": kl_divergence(p, q), "tv": total_variation(p, q), "hellinger": hellinger_distance(p, q),
                "js": js_divergence(p, q)}
    kl, tv, h, js = (nats[key] for key in ("kl_pq", "tv", "hellinger", "js"))
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


def finite_on(values: dict[str, float], unit: str) -> tuple[str, str]:
    """The answer to the page's question from the disjoint pair's `values` (by measure key): which
    measures are finite, in the question's words, and why."""
    finite = [m.divergence.symbol for m in MEASURES if not m.reverse and math.isfinite(values[m.key])]
    kinds = len({m.divergence.symbol for m in MEASURES})
    answer = ("none of them" if not finite else "all of them" if len(finite) == kinds
              else f"only {finite[0]}" if len(finite) == 1 else f"{', '.join(finite[:-1])} and {finite[-1]}")
    shown = "; ".join(f"{m.divergence.symbol} = {format_value(values[m.key], m.unit(unit))}"
                      for m in MEASURES if not m.reverse)
    return answer, (f"Here: {shown}. Where P has mass, q = 0, so log(p/q) = ∞ and both KLs are infinite; "
                    "the others compare p and q point by point without dividing, so they stop at their ceilings.")
