"""Explore's URL parameters: P's and Q's pickers, the unit and the swept parameter."""

from kl_app import url
from kl_app.families import picker_params
from kl_app.units import UNIT

SWEEPABLE = tuple(dict.fromkeys(  # each URL name once: families share some (q_rate, q_b)
    p.key for side in ("q", "p") for p in picker_params(side) if isinstance(p, url.Number)))

SCHEMA = url.Schema([
    *picker_params("p"),
    *picker_params("q"),
    UNIT,
    url.Choice("sweep", "Parameter to sweep (its URL name)", "q_mu", SWEEPABLE),
    url.question("guess", "Predict: Q has P's mean but is twice as wide. Which direction of KL is larger?",
                 "KL(P‖Q)", "KL(Q‖P)", "they are equal"),
])
