"""What a live panel shows at each position of a slider: readings and curves, encoded for the browser.

Pure data and numpy; kl_app/live.py puts it on the page.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from kl_app import url
from kl_app.plotting import plot_grid

GRID_POINTS = 160  # x values of a frame's curves: a drag shows a slider's whole range, drawn coarser
# Time for one request's frames, the positions nearest the slider's value first: a pair that
# needs quadrature takes seconds for every position, so the panel asks again until it has them all.
BUDGET_S = 0.3
_GAP = 65535  # uint16 code of a gap (∞ or undefined) in a quantised curve


@dataclass(frozen=True)
class Reading:
    """One headline number as the page shows it: '0.4431 nats', and why it is ∞ when it is."""

    label: str
    value: str
    note: str = ""
    help: str = ""


def described(readings: Sequence[Reading]) -> str:
    """'KL(P‖Q) = 0.4431 nats; KL(Q‖P) = 1.3069 nats', for alt texts."""
    return "; ".join(f"{r.label} = {r.value}" for r in readings)


@dataclass(frozen=True)
class Frame:
    """What the panel shows at one slider position: the readings, and the y of the chart's first traces."""

    readings: Sequence[Reading]
    curves: Sequence[np.ndarray]


@dataclass(frozen=True)
class LiveSlider:
    """A slider of the page (its URL parameter) that the panel follows.

    `context` names everything else the frames depend on (the other controls' values); `grid`
    gives the x values the frame curves are drawn at, common to every position; `frame(value, x)`
    gives the frame at one slider value.
    """

    param: url.Number
    context: str
    grid: Callable[[], np.ndarray]
    frame: Callable[[float, np.ndarray], Frame]

    @property
    def positions(self) -> np.ndarray:
        """Every value the slider can take: its range in steps."""
        p = self.param
        return np.round(p.low + p.step * np.arange(round((p.high - p.low) / p.step) + 1), 10)


@dataclass
class Progress:
    """The frames of one slider in one context, computed so far (None where not yet), on one x grid."""

    x: np.ndarray
    frames: list[Frame | None]

    @property
    def complete(self) -> bool:
        return all(f is not None for f in self.frames)

    @property
    def computed(self) -> int:
        return sum(f is not None for f in self.frames)


def extend(s: LiveSlider, progress: Progress | None, current: float, budget: float = BUDGET_S) -> Progress:
    """Compute more of `s`'s frames, nearest `current` first, until `budget` seconds are spent."""
    if progress is None:
        progress = Progress(s.grid(), [None] * len(s.positions))
    values = s.positions
    deadline = time.perf_counter() + budget
    for i in np.argsort(np.abs(values - current), kind="stable"):
        if progress.frames[i] is None:
            progress.frames[i] = s.frame(float(values[i]), progress.x)
            if time.perf_counter() > deadline:
                break
    return progress


def encode(s: LiveSlider, progress: Progress) -> dict:
    """The frames computed so far, for static/live.js.

    Curves are quantised to 16 bits between each trace's smallest and largest value (a step of
    1/65534 of its range, far below a pixel).
    """
    frames = list(progress.frames)  # a snapshot: another session may be adding frames to it
    done = [f for f in frames if f is not None]
    curves = np.array([[np.asarray(c, dtype=float) for c in f.curves] for f in done])  # (done, traces, points)
    finite = np.where(np.isfinite(curves), curves, np.nan)
    low, high = np.nanmin(finite, axis=(0, 2), initial=0.0), np.nanmax(finite, axis=(0, 2), initial=0.0)
    span = np.where(high > low, high - low, 1.0)[None, :, None]
    codes = np.where(np.isfinite(curves), np.round((finite - low[None, :, None]) / span * (_GAP - 1)), _GAP)
    return {
        "values": s.positions.tolist(),
        "step": s.param.step,
        "complete": len(done) == len(frames),
        "x": base64.b64encode(np.asarray(progress.x, dtype=np.float32).tobytes()).decode(),
        "low": low.tolist(),
        "high": high.tolist(),
        "done": [f is not None for f in frames],
        "curves": base64.b64encode(codes.astype("<u2").tobytes()).decode(),
        "readings": [[[r.value, r.note] for r in f.readings] if f else None for f in frames],
    }


def picker_sliders(p, q, schema: url.Schema, unit: str, frame: Callable[[object, object, np.ndarray], Frame],
                   invalid: Callable[[str, np.ndarray], Frame]) -> list[LiveSlider]:
    """A LiveSlider for each parameter slider of P's and Q's distribution pickers (kl_app.ui.Picked).

    `frame(p_dist, q_dist, x)` is the frame for one pair of kl_core distributions; a position at
    which the moving side is no valid distribution (a Uniform's low above its high) shows
    `invalid(message, x)`. The other side, the other parameters and `unit` make the context.
    """
    return [_along(moving, fixed, prm.name, schema, unit, frame, invalid)
            for moving, fixed in ((p, q), (q, p)) for prm in moving.family.params]


def _along(moving, fixed, name, schema, unit, frame, invalid) -> LiveSlider:
    param = schema[f"{moving.side}_{name}"]

    def build(value: float):
        try:
            return moving.family.build(**{**moving.values, name: value})
        except ValueError:
            return None

    def grid() -> np.ndarray:
        ends = [d for d in (build(param.low), build(param.high), moving.dist) if d is not None]
        return plot_grid([*ends, fixed.dist], GRID_POINTS)

    def at(value: float, x: np.ndarray) -> Frame:
        dist = build(value)
        if dist is None:
            return invalid(f"{moving.side.upper()} is not a valid distribution at {param.label} = {value:g}", x)
        return frame(*((dist, fixed.dist) if moving.side == "p" else (fixed.dist, dist)), x)

    others = {side.side: {"family": side.family.key, "values": dict(side.values)} for side in (moving, fixed)}
    del others[moving.side]["values"][name]
    return LiveSlider(param, json.dumps({**others, "unit": unit}, sort_keys=True), grid, at)
