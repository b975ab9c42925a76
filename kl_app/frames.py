"""What a live panel shows at each position of a slider: readings, curves and small changes to the
chart, encoded for the browser.

Pure data, numpy and plotly's JSON; kl_app/live.py puts it on the page.
"""

from __future__ import annotations

import base64
import json
import math
import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from kl_app import url
from kl_app.formatting import format_value
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


def divergence_reading(label: str, value: float, unit: str, *, reason: str | None = None, help: str = "") -> Reading:
    """A divergence as a headline number in `unit` (kl_app.ui.divergence_metric's, for a live panel); ∞ with its reason."""
    return Reading(label, format_value(value, unit), f"∞ because {reason}" if math.isinf(value) and reason else "", help)


def described(readings: Sequence[Reading]) -> str:
    """'KL(P‖Q) = 0.4431 nats; KL(Q‖P) = 1.3069 nats', for alt texts."""
    return "; ".join(f"{r.label} = {r.value}" for r in readings)


@dataclass(frozen=True)
class Frame:
    """What the panel shows at one slider position: the readings, the y of the chart's first traces
    (`curves`, on the slider's x grid) and `patch`, exact values of a few other attributes as
    plotly.js's update takes them: {"data": {trace index: {path: value}}, "layout": {path: value}}
    (a bar's labels, an axis range, a subplot's title)."""

    readings: Sequence[Reading]
    curves: Sequence[np.ndarray] = ()
    patch: Mapping = field(default_factory=dict)


@dataclass(frozen=True)
class View:
    """What a live panel shows: readings, a figure and its alt text; and which parts of the figure
    change with the sliders (figure_frame's `curves`, `data` and `layout`)."""

    readings: Sequence[Reading]
    figure: go.Figure | dict | None
    alt: str
    curves: int = 0
    data: Mapping[int, Sequence[str]] = field(default_factory=dict)
    layout: Sequence[str] = ()

    def frame(self) -> Frame:
        """This view as a frame of a slider."""
        return figure_frame(self.readings, self.figure, curves=self.curves, data=self.data, layout=self.layout)


def figure_frame(readings: Sequence[Reading], figure: go.Figure | dict | None, *, curves: int = 0,
                 data: Mapping[int, Sequence[str]] | None = None, layout: Sequence[str] = ()) -> Frame:
    """The frame that shows `figure` as its builder drew it: the y of its first `curves` traces as
    curves, and as a patch the attributes `data[i]` of trace i and the values `layout` of its layout
    (paths such as "marker.color" or "annotations[1].text"). Without a figure, the readings alone."""
    if figure is None:
        return Frame(readings)
    spec = figure.to_plotly_json() if isinstance(figure, go.Figure) else figure
    traces = spec["data"]
    return Frame(readings, [np.asarray(_plain(traces[i]["y"]), dtype=float) for i in range(curves)],
                 {"data": {i: {path: _plain(_at(traces[i], path)) for path in paths} for i, paths in (data or {}).items()},
                  "layout": {path: _plain(_at(spec["layout"], path)) for path in layout}})


def _at(spec: dict, path: str):
    """The value at a plotly path ("yaxis.range", "annotations[0].text") of a figure's JSON; None where unset."""
    value = spec
    for part in re.findall(r"[^.\[\]]+", path):
        try:
            value = value[int(part)] if part.isdigit() else value[part]
        except (KeyError, IndexError, TypeError):
            return None
    return value


def _plain(value):
    """A figure's value as JSON: numpy arrays, plotly's typed arrays ({dtype, bdata}) and tuples as lists,
    numpy scalars as numbers."""
    if isinstance(value, dict) and "bdata" in value:
        value = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]).newbyteorder("<"))
    if isinstance(value, (np.ndarray, tuple, list)):
        return [_plain(v) for v in value]
    return value.item() if isinstance(value, np.generic) else value


def context_of(**values) -> str:
    """A LiveSlider's context from the values everything else the frames depend on takes."""
    return json.dumps(values, sort_keys=True)


@dataclass(frozen=True)
class LiveSlider:
    """A slider of the page (its URL parameter) that the panel follows.

    `context` names everything else the frames depend on (the other controls' values, `context_of`);
    `frame(value, x)` gives the frame at one slider value; `grid` gives the x values its curves are
    drawn at, common to every position (None: frames without curves, which patch the figure's traces).
    """

    param: url.Number
    context: str
    frame: Callable[[float, np.ndarray], Frame]
    grid: Callable[[], np.ndarray] | None = None

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
        progress = Progress(s.grid() if s.grid else np.empty(0), [None] * len(s.positions))
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
    traces = len(done[0].curves) if done else 0
    curves = np.empty((len(done), traces, len(progress.x)))
    for i, f in enumerate(done):
        curves[i] = [np.asarray(c, dtype=float) for c in f.curves]
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
        "patches": [f.patch or None if f else None for f in frames],
    }


def along(schema: url.Schema, show: Callable[..., View], values: Mapping[str, float], *,
          grid: Callable[[dict, dict], np.ndarray] | None = None, **fixed) -> list[LiveSlider]:
    """A LiveSlider for each slider in `values` ({URL key: its value}) of a panel that shows
    `show(**values)`; `fixed`: everything else that view depends on.

    A view with curves is drawn at an x grid common to every position, `show(x, **values)`:
    `grid(at_low, at_high)` gives it from the values with the moving slider at either end.
    """
    def slider(name: str) -> LiveSlider:
        param = schema[name]
        at = lambda value: {**values, name: param.typed(value)}  # noqa: E731
        others = {key: value for key, value in values.items() if key != name}
        if grid is None:
            return LiveSlider(param, context_of(**fixed, **others), lambda value, x: show(**at(value)).frame())
        return LiveSlider(param, context_of(**fixed, **others), lambda value, x: show(x, **at(value)).frame(),
                          lambda: grid(at(param.low), at(param.high)))
    return [slider(name) for name in values]


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
    return LiveSlider(param, context_of(**others, unit=unit), at, grid)
