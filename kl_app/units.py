"""The two units of information on every page: nats (natural log) and bits (log base 2)."""

import math

UNITS = {"nats": math.e, "bits": 2.0}
LOG_TEX = {"nats": r"\ln", "bits": r"\log_2"}


def base_of(unit: str) -> float:
    """The `base=` argument of kl_core for `unit`."""
    return UNITS[unit]


def tex_number(value: float, fmt: str = ".4f") -> str:
    r"""A number as written in a LaTeX formula: \infty for infinity."""
    return r"\infty" if math.isinf(value) else format(value, fmt)
