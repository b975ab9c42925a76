"""Explore's URL parameters: P's and Q's pickers, the unit and the swept parameter."""

from kl_app import sweeps, url
from kl_app.families import FAMILIES, picker_params
from kl_app.units import UNIT

_SWEEPABLE = [(f"{side}_{prm.name}", sweeps.label(side, prm))
              for side in ("q", "p") for family in FAMILIES.values() for prm in family.params]
SWEEPABLE = tuple(dict.fromkeys(key for key, _ in _SWEEPABLE))  # each URL name once: families share some (q_rate)
SWEEPABLE_LABELS = tuple(" / ".join(dict.fromkeys(label for k, label in _SWEEPABLE if k == key)) for key in SWEEPABLE)

SCHEMA = url.Schema([
    *picker_params("p"),
    *picker_params("q"),
    UNIT,
    url.Choice("sweep", "Parameter to sweep", "q_mu", SWEEPABLE, SWEEPABLE_LABELS),
    url.question("guess", "Predict: Q has P's mean but is twice as wide. Which direction of KL is larger?",
                 "KL(P‖Q)", "KL(Q‖P)", "they are equal"),
])
