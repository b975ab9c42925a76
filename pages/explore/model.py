"""Explore's numbers: both directions of KL as the page shows them, and their frames along each slider.

Pure: kl_core and the kit's data types; no Streamlit. A side ('p' or 'q') is given as the picker
read it (kl_app.ui.Picked: side, family, values and the kl_core distribution).
"""

from __future__ import annotations

import math

import numpy as np

import kl_core
from kl_app.frames import Frame, LiveSlider, Reading, divergence_reading, picker_sliders
from kl_app.measures import larger_direction
from kl_app.units import base_of
from pages.explore.figures import density_curves
from pages.explore.links import SCHEMA

DIRECTIONS = (
    ("KL(P‖Q)", "Expected extra cost of coding samples of P with a code built for Q."),
    ("KL(Q‖P)", "The same question the other way round: samples of Q, code built for P."),
)


def both_ways(p, q, unit: str) -> tuple[float, float]:
    """KL(P‖Q) and KL(Q‖P) in `unit`."""
    base = base_of(unit)
    return kl_core.kl_divergence(p, q, base=base), kl_core.kl_divergence(q, p, base=base)


def readings(p, q, unit: str, values: tuple[float, float] | None = None) -> list[Reading]:
    """KL(P‖Q) and KL(Q‖P) of two kl_core distributions (`values` if already computed), formatted in
    `unit`; ∞ with its reason."""
    shown = []
    pairs = ((p, q, ("P", "Q")), (q, p, ("Q", "P")))
    for (label, help), (a, b, names), value in zip(DIRECTIONS, pairs, values or both_ways(p, q, unit)):
        reason = kl_core.why_kl_is_infinite(a, b, names) if math.isinf(value) else None
        shown.append(divergence_reading(label, value, unit, reason=reason, help=help))
    return shown


def live_sliders(p, q, unit: str) -> list[LiveSlider]:
    """Frames along every parameter of P and of Q: both KL values, the densities and the integrands."""
    def frame(p_dist, q_dist, x) -> Frame:
        return Frame(readings(p_dist, q_dist, unit), density_curves(p_dist, q_dist, x, unit))

    def invalid(message: str, x) -> Frame:
        return Frame([Reading(label, "—", message) for label, _ in DIRECTIONS], [np.full_like(x, np.nan)] * 4)

    return picker_sliders(p, q, SCHEMA, unit, frame, invalid)


def wider_q(unit: str) -> tuple[str, str]:
    """The answer to the page's question (P = N(0, 1), Q = N(0, 2²)): which direction is larger, and why."""
    larger, pq, qp = larger_direction(kl_core.Normal(0.0, 1.0), kl_core.Normal(0.0, 2.0), unit)
    return larger, (f"For P = N(0, 1) and Q = N(0, 2²): KL(P‖Q) = {pq}, KL(Q‖P) = {qp}. KL(Q‖P) averages "
                    "log(q/p) over Q, whose wide tails reach where P is nearly zero; KL(P‖Q) only pays for "
                    "Q being a little too flat where P is. Try the *Q wider* preset.")
