"""The two units of information on every page: nats (natural log) and bits (log base 2)."""

import math

from kl_app.url import Choice

UNITS = {"nats": math.e, "bits": 2.0}
LOG_TEX = {"nats": r"\ln", "bits": r"\log_2"}
UNIT = Choice("unit", "Unit", "nats", tuple(UNITS),
              help="nats use the natural logarithm, bits use log base 2; 1 nat = 1.4427 bits.")


def base_of(unit: str) -> float:
    """The `base=` argument of kl_core for `unit`."""
    return UNITS[unit]
